/// An authored file's path and text; reading it from disk is the caller's job.
public struct SourceFile: Hashable, Sendable {
    public let path: String
    public let text: String
    /// The 1-based line of the first byte sequence that is not UTF-8, when the file was read from bytes that were
    /// not all UTF-8 (the text then holds U+FFFD there); the compiler reports it (DC0033).
    public let invalidUTF8Line: Int?

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        invalidUTF8Line = nil
    }

    /// A file from the bytes read from disk, decoded as UTF-8; an invalid sequence is noted by its line.
    public init(path: String, bytes: some Collection<UInt8>) {
        self.path = path
        // Validating is the fast path; the line of a bad sequence is looked for only when there is one.
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
            invalidUTF8Line = nil
        } else {
            text = String(decoding: bytes, as: UTF8.self)
            invalidUTF8Line = Self.firstInvalidLine(bytes)
        }
    }

    /// The line of the first byte sequence in `bytes` that is not UTF-8, or nil when they all are.
    public static func firstInvalidLine(_ bytes: some Collection<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): if scalar.count == 1 && scalar.first == UInt8(ascii: "\n") { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }
}
