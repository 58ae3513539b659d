public import DialogEngine
import Foundation

/// A transcript as read back: its header, its lines after the header, and what verification found.
public struct TranscriptFile: Sendable {
    /// One line after the header: an input with its day, or an output message.
    public enum Entry: Hashable, Sendable {
        case input(Event.Kind, day: Day)
        case output(Message)
    }

    /// An output message as recorded: its compact JSON bytes (the line without `turn` and `hash`), parsed on demand.
    public struct Message: Hashable, Sendable {
        public let bytes: [UInt8]

        public init(bytes: [UInt8]) { self.bytes = bytes }

        public init(_ json: JSONValue) {
            let w = JSONWriter()
            w.value(json)
            bytes = w.bytes
        }

        /// The message parsed (null if the bytes are not JSON).
        public var json: JSONValue { (try? JSONParser.parse(String(decoding: bytes, as: UTF8.self))) ?? .null }

        public subscript(key: String) -> JSONValue? { json[key] }
    }

    /// A line after the header, with its 1-based line number and turn.
    public struct Line: Hashable, Sendable {
        public let number: Int
        public let turn: Int
        public let entry: Entry
        /// For an input from `coach serve`: the bridge's message id, when it gave one.
        public var messageID: String? = nil
    }

    /// What checking the hash chain found.
    public enum Integrity: Hashable, Sendable {
        /// Every line is sealed into the chain.
        case intact
        /// This line (1-based) is the first that does not fit the chain or cannot be read; the lines before it are kept.
        case tampered(line: Int, reason: String)
    }

    /// A last line cut short by a crash: no newline at the end, or not JSONValue. It is left out, not fatal.
    public struct Torn: Hashable, Sendable {
        public let line: Int
        public let bytes: Int
    }

    /// The last line of a conversation that ended or finished: how many lines came before it, the chain's head
    /// then, and (when written with a key) the key's id and an HMAC-SHA256 of the head.
    public struct Seal: Hashable, Sendable {
        /// The seal's own line number (1-based): `lines + 1`.
        public let line: Int
        /// The last turn's number.
        public let turn: Int
        public let lines: Int
        /// The hash of the line before the seal.
        public let head: String
        /// The id of the key that made `mac` (`TranscriptKey.id`), when there is one.
        public let key: String?
        public let mac: String?
    }

    public let header: TranscriptHeader
    public let lines: [Line]
    public let integrity: Integrity
    public let torn: Torn?
    /// The seal, when the file ends in one that matches the lines before it; nil for an unsealed transcript.
    public var seal: Seal? = nil
}

/// Reads and verifies transcripts.
public enum TranscriptReader {
    /// Why a file is not a transcript at all (nothing to verify).
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// The file cannot be read.
        case unreadable(String)
        /// The file is empty, or its first line is not a transcript header.
        case notATranscript(String)
        /// The header's format version is one this build does not read.
        case unsupportedVersion(path: String, found: Int, supported: ClosedRange<Int>)

        public var description: String {
            switch self {
            case .unreadable(let p): "cannot read '\(p)': \(FileReason.reading(p))"
            case .notATranscript(let p): "'\(p)' is not a coach transcript (line 1 is not a transcript header)"
            case .unsupportedVersion(let p, let found, let supported):
                "'\(p)' is transcript format version \(found); this coach reads versions \(supported.lowerBound) to \(supported.upperBound)"
            }
        }
    }

    public static func read(path: String) throws(Failure) -> TranscriptFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try read(Array(data), path: path)
    }

    /// Splits, unseals and checks every line. Tampering stops the reading at the first bad line; a torn last line
    /// is reported and left out (in a sealed transcript, anything after the seal is tampering). A seal must be the
    /// last line and match the line count and head before it. Works on the bytes: each line is hashed where it lies, and an output line is kept
    /// as its bytes (replay compares bytes), parsed only when its prefix is not the writer's `{"turn":N,"type":`.
    public static func read(_ bytes: [UInt8], path: String = "<memory>") throws(Failure) -> TranscriptFile {
        var raw: [Range<Int>] = []
        raw.reserveCapacity(bytes.count / 128)
        var start = 0
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            while start < b.count, let nl = memchr(base + start, 0x0A, b.count - start) {
                let i = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                raw.append(start..<i)
                start = i + 1
            }
        }
        var torn: TranscriptFile.Torn?
        if start < bytes.count {
            torn = .init(line: raw.count + 1, bytes: bytes.count - start)
        } else if let last = raw.last, raw.count > 1, (try? JSONParser.parse(String(decoding: bytes[last], as: UTF8.self))) == nil {
            torn = .init(line: raw.count, bytes: last.count + 1)
            raw.removeLast()
        }
        guard let first = raw.first, let (body, _) = HashChain.unseal(Substring(String(decoding: bytes[first], as: UTF8.self))),
              let json = try? JSONParser.parse(body), let header = TranscriptHeader(json: json) else {
            throw .notATranscript(path)
        }
        let supported = TranscriptHeader.minimumVersion...TranscriptHeader.currentVersion
        guard supported.contains(header.version) else {
            throw .unsupportedVersion(path: path, found: header.version, supported: supported)
        }
        // The previous line's hash: its 64 hex digits where they lie in `bytes` (none before line 1).
        var previous = bytes[0..<0]
        var scratch: [UInt8] = []
        scratch.reserveCapacity(4096)
        var lines: [TranscriptFile.Line] = []
        lines.reserveCapacity(raw.count)
        var integrity = TranscriptFile.Integrity.intact
        var seal: TranscriptFile.Seal?
        for (i, range) in raw.enumerated() {
            let number = i + 1
            let line = bytes[range]
            guard let cut = HashChain.cut(line) else {
                integrity = .tampered(line: number, reason: "no hash member at the end of the line"); break
            }
            let claimed = line[(cut + 9)..<(line.endIndex - 2)]
            guard HashChain.matches(previous: previous, body: line[..<cut], claimed: claimed, scratch: &scratch) else {
                // A digest's hex digits never match anything else: a member that holds no hash is named as such.
                integrity = .tampered(line: number, reason: HashChain.isHex(claimed) ? "the hash does not match the line and the one before it"
                                                                                      : "no hash member at the end of the line"); break
            }
            let head = previous
            previous = claimed
            if i == 0 { continue }
            if let (turn, rest) = outputPrefix(line[..<cut]) {
                // `{`, the members from `"type"` on, `}`: written into one allocation of the exact size.
                let members = line[rest..<cut]
                let message = [UInt8](unsafeUninitializedCapacity: members.count + 2) { out, initialized in
                    out[0] = 0x7B
                    _ = members.withUnsafeBufferPointer { UnsafeMutableBufferPointer(rebasing: out[1...]).initialize(fromContentsOf: $0) }
                    out[members.count + 1] = 0x7D
                    initialized = members.count + 2
                }
                lines.append(.init(number: number, turn: turn, entry: .output(.init(bytes: message))))
                continue
            }
            if let (turn, text, day) = textInput(line[..<cut]) {
                lines.append(.init(number: number, turn: turn, entry: .input(.answered(text), day: day)))
                continue
            }
            guard let json = try? JSONParser.parse(String(decoding: line[..<cut], as: UTF8.self) + "}"), let turn = json["turn"]?.int else {
                integrity = .tampered(line: number, reason: "not a transcript line"); break
            }
            if let s = json["seal"] {
                guard i == raw.count - 1 else {
                    integrity = .tampered(line: number + 1, reason: "a line after the seal"); break
                }
                guard let count = s["lines"]?.int, let claimed = s["head"]?.string else {
                    integrity = .tampered(line: number, reason: "not a seal"); break
                }
                guard count == number - 1, claimed == String(decoding: head, as: UTF8.self) else {
                    integrity = .tampered(line: number, reason: "the seal does not match the lines before it (lines were cut or added)"); break
                }
                seal = .init(line: number, turn: turn, lines: count, head: claimed, key: s["key"]?.string, mac: s["mac"]?.string)
            } else if json["input"] != nil {
                guard let input = Event.Kind(record: json), let day = json["day"]?.string.flatMap(Day.init(iso:)) else {
                    integrity = .tampered(line: number, reason: "not a known input"); break
                }
                lines.append(.init(number: number, turn: turn, entry: .input(input, day: day),
                                   messageID: json["messageId"]?.string))
            } else if json["type"]?.string != nil {
                lines.append(.init(number: number, turn: turn, entry: .output(.init(json.removing(["turn", "hash"])))))
            } else {
                integrity = .tampered(line: number, reason: "neither an input nor an output"); break
            }
        }
        // A sealed transcript was closed: nothing may follow its seal, not even a torn line.
        if let torn, seal != nil, integrity == .intact {
            integrity = .tampered(line: torn.line, reason: "bytes after the seal")
        }
        return TranscriptFile(header: header, lines: lines, integrity: integrity, torn: torn,
                              seal: integrity == .intact ? seal : nil)
    }

    /// For a line body as the writer writes a typed answer with no message id and nothing to escape in its text
    /// (`{"turn":N,"input":"text","text":"…","day":"YYYY-MM-DD"`): the turn, the text and the day, read without
    /// building a JSON tree. Anything else (escapes, a message id, another input) is nil and parsed as JSON.
    static func textInput(_ body: ArraySlice<UInt8>) -> (turn: Int, text: String, day: Day)? {
        var i = body.startIndex
        func literal(_ s: StaticString) -> Bool {
            for k in 0..<s.utf8CodeUnitCount {
                guard i < body.endIndex, body[i] == s.utf8Start[k] else { return false }
                i += 1
            }
            return true
        }
        guard literal("{\"turn\":") else { return nil }
        var turn = 0
        let digits = i
        while i < body.endIndex, body[i] >= 0x30, body[i] <= 0x39, i - digits < 9 {
            turn = turn * 10 + Int(body[i] - 0x30)
            i += 1
        }
        guard i > digits, body[digits] != 0x30 || i == digits + 1, literal(",\"input\":\"text\",\"text\":\"") else { return nil }
        let start = i
        while i < body.endIndex, body[i] != 0x22 {
            guard body[i] >= 0x20, body[i] != 0x5C else { return nil }
            i += 1
        }
        let end = i
        guard literal("\",\"day\":\""), body.endIndex - i == 11, body[body.endIndex - 1] == 0x22,
              let day = Day(iso: String(decoding: body[i..<(body.endIndex - 1)], as: UTF8.self)) else { return nil }
        return (turn, String(decoding: body[start..<end], as: UTF8.self), day)
    }

    /// For a line body as the writer writes an output (`{"turn":N,"type":"…`): the turn and where `"type"` starts.
    static func outputPrefix(_ body: ArraySlice<UInt8>) -> (turn: Int, rest: Int)? {
        let head: StaticString = "{\"turn\":"
        let type: StaticString = "\"type\":\""
        var i = body.startIndex
        for k in 0..<head.utf8CodeUnitCount {
            guard i < body.endIndex, body[i] == head.utf8Start[k] else { return nil }
            i += 1
        }
        var turn = 0
        let digits = i
        while i < body.endIndex, body[i] >= 0x30, body[i] <= 0x39, i - digits < 9 {
            turn = turn * 10 + Int(body[i] - 0x30)
            i += 1
        }
        guard i > digits, i < body.endIndex, body[i] == 0x2C, body[digits] != 0x30 || i == digits + 1 else { return nil }
        i += 1
        let rest = i
        for k in 0..<type.utf8CodeUnitCount {
            guard i < body.endIndex, body[i] == type.utf8Start[k] else { return nil }
            i += 1
        }
        return (turn, rest)
    }
}
