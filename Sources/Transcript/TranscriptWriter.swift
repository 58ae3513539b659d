import Foundation

/// Where a transcript's lines go: a file, or memory in tests.
public protocol TranscriptSink: AnyObject {
    /// Appends one whole line, newline included.
    func append(_ line: [UInt8]) throws
    /// Makes what was appended durable.
    func sync() throws
    /// Syncs and closes; appending after it is a bug.
    func close() throws
}

/// Writes a transcript: the header, then input and output lines, each sealed into the hash chain.
///
/// Durability: each line goes to the file in one `write(2)` (continued only if the kernel takes part of it), so a
/// crash leaves at most the last line torn; `endTurn()` calls `fsync(2)`, so a turn whose reply was shown is on
/// disk; `close()` syncs again and closes. Lines are never rewritten.
public final class TranscriptWriter {
    public let header: TranscriptHeader
    let sink: any TranscriptSink
    /// The hash of the last line written.
    public private(set) var lastHash = ""
    /// The number of lines written, the header included.
    public private(set) var lines = 0

    /// Starts a transcript in a sink by writing its header.
    public init(header: TranscriptHeader, sink: any TranscriptSink) throws {
        self.header = header
        self.sink = sink
        try write(header.json)
    }

    /// Continues a transcript whose lines up to `lastHash` are already in the sink.
    public init(resuming header: TranscriptHeader, sink: any TranscriptSink, lastHash: String, lines: Int) {
        self.header = header
        self.sink = sink
        self.lastHash = lastHash
        self.lines = lines
    }

    /// Creates the file (it must not exist; mode 0600, missing directories 0700) and writes the header.
    public convenience init(path: String, header: TranscriptHeader) throws {
        try self.init(header: header, sink: try FileSink(creating: path))
    }

    /// Writes one object as a sealed line.
    public func write(_ object: JSON) throws {
        let (line, hash) = HashChain.seal(object.encoded, previous: lastHash)
        try sink.append(Array((line + "\n").utf8))
        lastHash = hash
        lines += 1
    }

    /// Writes an input line of a turn.
    public func write(_ input: Input, turn: Int, day: String) throws {
        try write(.object([.init("turn", .int(turn))] + input.members + [.init("day", .string(day))]))
    }

    /// Writes an output message of a turn (the message's members after `turn`).
    public func write(message: JSON, turn: Int) throws {
        try write(.object([.init("turn", .int(turn))] + message.members))
    }

    /// The end of a turn: everything written so far is made durable.
    public func endTurn() throws { try sink.sync() }

    public func close() throws { try sink.close() }
}

/// A transcript file opened for appending.
public final class FileSink: TranscriptSink {
    public let path: String
    private var fd: Int32

    /// Why a transcript file could not be written.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let operation: String
        public let code: Int32
        public var description: String { "cannot \(operation) '\(path)': \(String(cString: strerror(code)))" }
    }

    init(path: String, descriptor: Int32) {
        self.path = path
        self.fd = descriptor
    }

    /// Creates a new file, mode 0600, creating missing directories with mode 0700.
    public init(creating path: String) throws {
        self.path = path
        try FileSink.makeDirectories((path as NSString).deletingLastPathComponent)
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw Failure(path: path, operation: "create", code: errno) }
    }

    /// Creates a directory and its missing parents with mode 0700; existing ones are left as they are.
    public static func makeDirectories(_ dir: String) throws {
        guard !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) else { return }
        try makeDirectories((dir as NSString).deletingLastPathComponent)
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw Failure(path: dir, operation: "create directory", code: errno) }
    }

    public func append(_ line: [UInt8]) throws {
        precondition(fd >= 0, "append after close")
        var offset = 0
        while offset < line.count {
            let n = line[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, operation: "write", code: errno)
            }
            offset += n
        }
    }

    public func sync() throws {
        if fd >= 0, fsync(fd) != 0 { throw Failure(path: path, operation: "sync", code: errno) }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        defer { _ = Foundation.close(fd); fd = -1 }
        try sync()
    }

    deinit { if fd >= 0 { _ = Foundation.close(fd) } }
}

/// A transcript kept in memory: the in-memory twin of `FileSink`.
public final class MemorySink: TranscriptSink {
    public private(set) var bytes: [UInt8] = []
    /// How many times `sync` was called (turn ends and close).
    public private(set) var syncs = 0
    public private(set) var closed = false

    public init() {}

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func append(_ line: [UInt8]) throws {
        precondition(!closed, "append after close")
        bytes += line
    }

    public func sync() throws { syncs += 1 }

    public func close() throws { try sync(); closed = true }
}
