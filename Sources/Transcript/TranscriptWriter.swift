public import DialogEngine
import DialogModel
import Foundation

/// Where a transcript's lines go: a file, or memory in tests.
public protocol TranscriptSink: AnyObject {
    /// Appends whole lines, newlines included, all or nothing: when it throws, nothing of `lines` stays (a short
    /// write is cut back before the error is thrown, or before anything else is written).
    func append(_ lines: [UInt8]) throws
    /// Makes what was appended durable.
    func sync() throws
    /// The bytes the sink holds.
    var size: Int { get }
    /// Cuts the sink back to its first `size` bytes (a turn that could not be made durable).
    func cut(to size: Int) throws
    /// Syncs and closes; appending after it is a bug.
    func close() throws
}

/// Writes a transcript: the header, then input and output lines, each sealed into the hash chain.
///
/// Durability: a turn's lines are gathered and go to the file in one `write(2)` at `endTurn()`, before the front end
/// shows the turn, so a process that is killed (`kill -9`) loses nothing it has answered, and a crash mid-write
/// leaves at most the last line torn. With `.everyTurn` (the chat) `endTurn()` also calls `fsync(2)`, so the turn is
/// on disk; with `.deferred` (the server, which serves many turns a second) the front end makes turns durable in
/// batches (`coach serve`: its sink is the process's journal, synced as `--durability` says).
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
    /// Where the lines go.
    public let sink: any TranscriptSink
    public var durability: Durability = .everyTurn
    /// Lines of the current turn not yet handed to the sink.
    private var pending: [UInt8] = []
    /// The hash of the last line written: 64 hex digits as bytes, empty before the header (kept as bytes, so a
    /// line is sealed without building a `String`).
    public private(set) var head: [UInt8] = []
    /// The hash of the last line written, as text ("" before the header).
    public var lastHash: String { String(decoding: head, as: UTF8.self) }
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
        self.head = Array(lastHash.utf8)
        self.lines = lines
    }

    /// Creates the file (it must not exist; mode 0600, missing directories 0700) and writes the header.
    public convenience init(path: String, header: TranscriptHeader) throws {
        try self.init(header: header, sink: try FileSink(creating: path))
    }

    /// Writes one object as a sealed line.
    public func write(_ object: JSONValue) throws {
        let w = JSONWriter(capacity: 256)
        w.raw(bytes: Array(object.encoded.utf8))
        write(sealing: w)
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
        body.withBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            precondition(bytes.count > 2 && bytes.first == 0x7B && bytes.last == 0x7D, "a transcript line is a non-empty object")
            let open = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
            HashChain.link(previous: &head, body: open)
            pending.append(contentsOf: open)
            pending.append(contentsOf: Self.hashMember)
            pending.append(contentsOf: head)
            pending.append(contentsOf: Self.lineEnd)
        }
        lines += 1
    }

    static let hashMember: [UInt8] = Array(",\"hash\":\"".utf8)
    static let lineEnd: [UInt8] = Array("\"}\n".utf8)

    /// Writes the seal, the last line of a conversation that ended or finished, and hands it to the sink:
    /// `{"turn":N,"seal":{"lines":L,"head":"<hash of line L>","key":"<key id>","mac":"<HMAC of turn, lines and head>"}}`, sealed
    /// into the chain like every line. Without a key the seal has no `key` and `mac` (it still shows truncation).
    /// Nothing may be written after it.
    public func seal(turn: Int, key: TranscriptKey?) throws {
        var seal: JSONObject = [("lines", .int(lines)), ("head", .string(lastHash))]
        if let key {
            seal.members.append((key: "key", value: .string(key.id)))
            seal.members.append((key: "mac", value: .string(key.mac(turn: turn, lines: lines, head: lastHash))))
        }
        let mark = mark()
        try write(.object([("turn", .int(turn)), ("seal", .object(seal))]))
        do { try endTurn() } catch {
            rollBack(to: mark)
            throw error
        }
    }

    /// Where a turn begins: what `rollBack(to:)` returns to when the turn cannot be written.
    public struct Mark: Sendable {
        let head: [UInt8]
        let lines: Int
        let pending: Int
    }

    /// The writer's state before a turn's lines.
    public func mark() -> Mark { Mark(head: head, lines: lines, pending: pending.count) }

    /// Forgets the lines written since `mark`, as if they had never been: the chain continues from the mark.
    public func rollBack(to mark: Mark) {
        head = mark.head
        lines = mark.lines
        pending.removeSubrange(min(mark.pending, pending.count)...)
    }

    /// The end of a turn: its lines go to the file in one write, and are synced now or later (see `Durability`).
    /// All or nothing: when it throws (a full disk, an I/O error, a failed sync), the file holds none of the turn's
    /// lines and they are still pending, for the caller to roll back.
    public func endTurn() throws {
        let before = sink.size
        if !pending.isEmpty { try sink.append(pending) }
        if durability == .everyTurn {
            do { try sink.sync() } catch {
                try? sink.cut(to: before)
                throw error
            }
        }
        // Each open conversation holds a writer, and a server holds thousands: the turn's buffer is given back, not
        // kept for the next turn (one allocation per turn costs less than kilobytes per idle conversation).
        pending = []
    }

    /// Makes the turns written so far durable.
    public func sync() throws {
        try sink.sync()
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
    /// The open file descriptor (-1 after `close`).
    public var descriptor: Int32 { fd }
    /// The system calls it makes (a seam for fault injection).
    public var io: FileIO = .system
    /// The bytes of whole turns in the file.
    public private(set) var size = 0
    /// Set when a failed write could not be cut back: the file is cut to `size` before anything else is written.
    private var needsCut = false

    /// Why a transcript file could not be written.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let operation: String
        public let code: Int32
        public var description: String { "cannot \(operation) '\(path)': \(String(cString: strerror(code)))" }

        public init(path: String, operation: String, code: Int32) {
            self.path = path
            self.operation = operation
            self.code = code
        }
    }

    init(path: String, descriptor: Int32, size: Int) {
        self.path = path
        self.fd = descriptor
        self.size = size
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

    public func append(_ lines: [UInt8]) throws {
        precondition(fd >= 0, "append after close")
        if needsCut { try cut(to: size) }
        var offset = 0
        while offset < lines.count {
            let n = lines[offset...].withUnsafeBytes { io.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let code = n == 0 ? ENOSPC : errno
                // Nothing of a failed turn stays: a short write is cut back now, or before the next write.
                if offset > 0 { needsCut = io.truncate(fd, size) != 0 }
                throw Failure(path: path, operation: "write", code: code)
            }
            offset += n
        }
        size += lines.count
    }

    public func cut(to size: Int) throws {
        guard fd >= 0 else { return }
        if io.truncate(fd, size) != 0 {
            needsCut = true
            throw Failure(path: path, operation: "cut back", code: errno)
        }
        self.size = size
        needsCut = false
    }

    public func sync() throws {
        if fd >= 0, io.sync(fd) != 0 { throw Failure(path: path, operation: "sync", code: errno) }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        defer { _ = Foundation.close(fd); fd = -1 }
        if needsCut { try cut(to: size) }
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

    public func append(_ lines: [UInt8]) throws {
        precondition(!closed, "append after close")
        bytes += lines
    }

    public var size: Int { bytes.count }

    public func cut(to size: Int) throws { bytes.removeSubrange(min(size, bytes.count)...) }

    public func sync() throws { syncs += 1 }

    public func close() throws { try sync(); closed = true }
}

/// The system calls a `FileSink` makes: the real ones, or faulty ones in tests (a full disk at the Nth write, a
/// write torn at byte k, a failing sync).
public struct FileIO: Sendable {
    /// `write(2)`: bytes written, or -1 with `errno` set.
    public var write: @Sendable (Int32, UnsafeRawPointer?, Int) -> Int
    /// `ftruncate(2)`: 0, or -1 with `errno` set.
    public var truncate: @Sendable (Int32, Int) -> Int32
    /// `fsync(2)`: 0, or -1 with `errno` set.
    public var sync: @Sendable (Int32) -> Int32
    /// `fdatasync(2)` (the journal of `coach serve`): 0, or -1 with `errno` set.
    public var dataSync: @Sendable (Int32) -> Int32

    /// `dataSync` defaults to `sync`, so a faulty `sync` fails both.
    public init(write: @escaping @Sendable (Int32, UnsafeRawPointer?, Int) -> Int,
                truncate: @escaping @Sendable (Int32, Int) -> Int32,
                sync: @escaping @Sendable (Int32) -> Int32,
                dataSync: (@Sendable (Int32) -> Int32)? = nil) {
        self.write = write
        self.truncate = truncate
        self.sync = sync
        self.dataSync = dataSync ?? sync
    }

    /// The system's own calls.
    public static let system = FileIO(write: { Foundation.write($0, $1, $2) }, truncate: { ftruncate($0, off_t($1)) },
                                      sync: { fsync($0) }, dataSync: { fdatasync($0) })
}
