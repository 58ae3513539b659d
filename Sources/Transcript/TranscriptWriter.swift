public import DialogEngine
import DialogModel
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
/// Durability: a turn's lines are gathered and go to the file in one `write(2)` at `endTurn()`, before the front end
/// shows the turn, so a process that is killed (`kill -9`) loses nothing it has answered, and a crash mid-write
/// leaves at most the last line torn. With `.everyTurn` (the chat) `endTurn()` also calls `fsync(2)`, so the turn is
/// on disk; with `.deferred` (the server, which serves many turns a second) the front end calls `sync()` in batches
/// (`coach serve`: at most a second after a turn), so a power failure or kernel crash can lose that last second.
/// `close()` syncs and closes. Lines are never rewritten.
public final class TranscriptWriter {
    /// When turns are made durable.
    public enum Durability: Sendable {
        /// `fsync(2)` at the end of every turn.
        case everyTurn
        /// Written at the end of every turn, synced when the front end calls `sync()`.
        case deferred
    }

    public let header: TranscriptHeader
    let sink: any TranscriptSink
    public var durability: Durability = .everyTurn
    /// Lines of the current turn not yet handed to the sink.
    private var pending: [UInt8] = []
    /// True when a turn was written but not yet synced.
    public private(set) var unsynced = false
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
    public func write(_ object: JSONValue) throws {
        let (line, hash) = HashChain.seal(object.encoded, previous: lastHash)
        pending.append(contentsOf: line.utf8)
        pending.append(0x0A)
        lastHash = hash
        lines += 1
    }

    /// Writes an input line of a turn; `messageID` is the chat platform's id of the message, when a bridge gave one.
    public func write(_ input: Event.Kind, turn: Int, day: String, messageID: String? = nil) {
        let w = JSONWriter(capacity: 256)
        MessageEncoder.open(w, turn: turn)
        input.writeMembers(into: w)
        w.raw(",\"day\":"); w.string(day)
        if let messageID { w.raw(",\"messageId\":"); w.string(messageID) }
        w.byte(0x7D)
        write(sealing: w)
    }

    /// Seals a line already written as one JSON object in `body` (by `MessageEncoder`) into the chain.
    public func write(sealing body: JSONWriter) {
        let previous = Array(lastHash.utf8)
        body.withBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let open = bytes[..<(bytes.count - 1)]
            let hash = HashChain.link(previous: previous, body: ArraySlice(open))
            pending.append(contentsOf: open)
            pending.append(contentsOf: ",\"hash\":\"".utf8)
            pending.append(contentsOf: hash)
            pending.append(contentsOf: "\"}\n".utf8)
            lastHash = String(decoding: hash, as: UTF8.self)
        }
        lines += 1
    }

    /// The end of a turn: its lines go to the file in one write, and are synced now or later (see `Durability`).
    public func endTurn() throws {
        if !pending.isEmpty {
            try sink.append(pending)
            pending.removeAll(keepingCapacity: true)
        }
        if durability == .everyTurn { try sink.sync() } else { unsynced = true }
    }

    /// Notes that the turns written so far were made durable by the caller (a `syncfs(2)` of the whole file system).
    public func markSynced() { unsynced = false }

    /// Makes the turns written so far durable.
    public func sync() throws {
        try sink.sync()
        unsynced = false
    }

    public func close() throws {
        if !pending.isEmpty {
            try sink.append(pending)
            pending.removeAll()
        }
        try sink.close()
    }
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
        try FileSink.makeDirectories(Path.parent(path))
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw Failure(path: path, operation: "create", code: errno) }
        // Held until close: a second process cannot append to (and break the chain of) an open transcript.
        _ = flock(fd, LOCK_EX | LOCK_NB)
    }

    /// Creates a directory and its missing parents with mode 0700; existing ones are left as they are.
    public static func makeDirectories(_ dir: String) throws {
        guard !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) else { return }
        try makeDirectories(Path.parent(dir))
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
