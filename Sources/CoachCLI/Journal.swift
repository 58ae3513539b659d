import CFileSupport
import DialogModel
import Foundation
import Transcript

/// The append-only journal of one `coach serve` process: segments `<dir>/journal/<start time>-<pid>.jsonl`, the
/// first created at start, the next each time one passes `rotationBytes` (`rotate`), each locked (`flock`) while it
/// is written. Every turn of every conversation is appended to it in one
/// `write(2)` before the reply, as a frame:
///
///     {"frame":"<file name>","previous":"<hash the frame continues from>","bytes":N}
///     <N bytes: the turn's transcript lines, exactly as the conversation's own file gets them>
///
/// (the seal's frame also names the file the ended transcript is moved to: `"ended":"<name>"`). Per-conversation
/// files are written from it off the serving thread (`Materialiser`); a journal left by a process that died is
/// split back into them at the next start (`JournalRecovery`), then deleted. No file is created on the request path
/// (a rotation creates the next segment between input chunks).
public final class Journal: @unchecked Sendable {
    /// When the journal is made durable (`coach serve --durability`).
    public enum Durability: Sendable, Equatable, CustomStringConvertible {
        /// The replies to an input chunk are sent only after one `fdatasync(2)` of the journal covering all its
        /// turns (group commit); a failed sync stops the server.
        case sync
        /// Turns are written before the reply; a background thread syncs the journal so each is on disk within
        /// about this many milliseconds. The serving thread never waits for it.
        case delayed(milliseconds: Int)
        /// Turns are written before the reply (a killed process loses nothing); the journal is synced only when the
        /// server stops.
        case process

        /// The default: `delayed=1000`.
        public static let standard = Durability.delayed(milliseconds: 1000)

        /// Reads `sync`, `delayed`, `delayed=MS` or `process`; nil for anything else.
        public init?(argument: String) {
            switch argument {
            case "sync": self = .sync
            case "process": self = .process
            case "delayed": self = .standard
            default:
                guard argument.hasPrefix("delayed="), let ms = Int(argument.dropFirst(8)), ms >= 1 else { return nil }
                self = .delayed(milliseconds: ms)
            }
        }

        public var description: String {
            switch self {
            case .sync: "sync"
            case .delayed(let ms): "delayed=\(ms)"
            case .process: "process"
            }
        }
    }

    /// Why the journal could not be written or synced.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The transcripts directory the journal serves.
    public let directory: String
    /// The segment turns are appended to now (`<directory>/journal/<start time>-<pid>.jsonl`; a new one after each
    /// rotation).
    public private(set) var path: String
    public let durability: Durability
    /// The segment's write end (replaced at a rotation, under `condition`: the syncer reads it).
    private(set) var sink: FileSink
    /// The segment open for reading, for the materialiser.
    private(set) var source: Int32
    /// The size past which the journal moves to a new segment (`rotate`).
    public let rotationBytes: Int
    /// Rotations so far (under `condition`: the syncer tells a sync of an earlier segment from the current one's).
    private var generation = 0
    /// Earlier segments' write ends still to be synced once by the syncer (`delayed`; under `condition`).
    private var retiring: [FileSink] = []
    /// Writes the conversations' files from the journal, on its own thread.
    let materialiser: Materialiser
    /// The frame line and lines of the turn being appended (kept between turns).
    private var buffer: [UInt8] = []
    /// Bytes written and bytes synced, shared with the syncer thread (under `condition`).
    private let condition = NSCondition()
    private var written = 0
    private var synced = 0
    private var stopping = false
    /// True while the syncer waits for a first unsynced turn (only then is it woken).
    private var syncerIdle = false
    private var syncer: Thread?
    /// Where problems found off the serving thread are told (the server's log).
    let report: @Sendable (String) -> Void

    /// Creates this process's journal in `<directory>/journal/` and, for `delayed`, starts its syncer.
    init(directory: String, durability: Durability, io: FileIO, rotationBytes: Int = Journal.defaultRotationBytes,
         report: @escaping @Sendable (String) -> Void) throws {
        self.directory = directory
        self.durability = durability
        self.rotationBytes = rotationBytes
        self.report = report
        (path, sink, source) = try Self.createSegment(directory, io: io)
        materialiser = Materialiser(directory: directory, report: report)
        if case .delayed(let ms) = durability {
            let thread = Thread { [self] in syncLoop(every: ms) }
            thread.name = "coach-journal-sync"
            syncer = thread
            thread.start()
        }
    }

    var io: FileIO {
        get { sink.io }
        set { sink.io = newValue }
    }

    /// 64 MiB: a segment's frames are in their files and the segment deleted soon after it fills.
    public static let defaultRotationBytes = 64 << 20

    /// Creates a new segment, named for the time and this process, locked while its write end is open; returns its
    /// path, write end and read end.
    static func createSegment(_ directory: String, io: FileIO) throws -> (String, FileSink, Int32) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let stamp = String(UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec))
        let path = directory + "/journal/" + String(repeating: "0", count: max(0, 20 - stamp.count)) + stamp + "-\(getpid()).jsonl"
        let sink = try FileSink(creating: path)
        sink.io = io
        let source = open(path, O_RDONLY | O_CLOEXEC)
        if source < 0 {
            let code = errno
            try? sink.close()
            unlink(path)
            throw Failure(description: "cannot open the journal '\(path)': \(String(cString: strerror(code)))")
        }
        return (path, sink, source)
    }

    /// Whether the segment is past `rotationBytes` (`rotate` then keeps the journal's size bounded).
    public var isFull: Bool { sink.size >= rotationBytes }

    /// Moves the journal to a new segment, between input chunks (after their group commit): every live
    /// conversation (`sinks`) hands its frames to the materialiser, later turns go to the new segment, and the old
    /// one is deleted by the materialiser once every frame in it is in its file and the files are durable
    /// (`syncfs`); with `delayed` the syncer syncs the old segment's last turns first. A process that dies before
    /// that leaves the old segment for the next start to recover, as any journal.
    public func rotate(sinks: [JournalSink]) throws {
        let (newPath, newSink, newSource) = try Self.createSegment(directory, io: sink.io)
        for s in sinks { s.handOff() }
        let (oldPath, oldSource) = (path, source)
        condition.lock()
        if case .delayed = durability, synced < written { retiring.append(sink) }
        (path, sink, source) = (newPath, newSink, newSource)
        (written, synced) = (0, 0)
        generation += 1
        if syncerIdle { condition.signal() }
        condition.unlock()
        materialiser.enqueue(.init(name: "", base: [], ranges: [], ended: nil, source: oldSource, retires: oldPath))
    }

    /// Appends one turn of a conversation as a frame, in one write; returns where its lines lie in the journal.
    /// All or nothing: when it throws, the journal holds nothing of the frame.
    func append(name: String, previous: [UInt8], lines: [UInt8], ended: String?) throws -> Range<Int> {
        buffer.removeAll(keepingCapacity: buffer.capacity <= Self.keptBuffer)
        buffer.append(contentsOf: Self.frameOpen)
        buffer.append(contentsOf: name.utf8)
        buffer.append(contentsOf: Self.framePrevious)
        buffer.append(contentsOf: previous)
        buffer.append(contentsOf: Self.frameBytes)
        buffer.append(contentsOf: String(lines.count).utf8)
        if let ended {
            buffer.append(contentsOf: Self.frameEnded)
            buffer.append(contentsOf: ended.utf8)
            buffer.append(0x22)
        }
        buffer.append(contentsOf: Self.frameClose)
        let start = sink.size + buffer.count
        buffer.append(contentsOf: lines)
        try sink.append(buffer)
        if case .delayed = durability {
            condition.lock()
            written = sink.size
            if syncerIdle { condition.signal() }
            condition.unlock()
        }
        return start..<(start + lines.count)
    }

    static let frameOpen = Array(#"{"frame":""#.utf8)
    static let framePrevious = Array(#"","previous":""#.utf8)
    static let frameBytes = Array(#"","bytes":"#.utf8)
    static let frameEnded = Array(#","ended":""#.utf8)
    static let frameClose = Array("}\n".utf8)
    static let keptBuffer = 1 << 16

    /// The group commit of `sync`: one `fdatasync(2)` covering every turn appended so far (nothing when none is
    /// new). Throws when the sync fails: what was written may not be on disk, and its replies must not be sent.
    public func commit() throws {
        guard sink.size > synced else { return }
        if sink.io.dataSync(sink.descriptor) != 0 {
            throw Failure(description: "cannot sync the journal '\(path)': \(String(cString: strerror(errno)))")
        }
        synced = sink.size
    }

    /// The syncer of `delayed`: once a turn is written it waits half the interval (gathering the turns that follow;
    /// appends do not wake it), then syncs them all with one `fdatasync(2)`.
    private func syncLoop(every ms: Int) {
        _ = coach_lower_thread_priority(Materialiser.backgroundNice)
        condition.lock()
        while true {
            syncerIdle = true
            while written == synced && retiring.isEmpty && !stopping { condition.wait() }
            syncerIdle = false
            if written == synced && retiring.isEmpty { break }
            let deadline = Date(timeIntervalSinceNow: Double(ms) / 2000)
            while !stopping && Date() < deadline { _ = condition.wait(until: deadline) }
            // Earlier segments' last turns (a rotation), then the current segment's; each sink is held while it
            // is synced, so its descriptor stays open even if a rotation drops it meanwhile.
            let (earlier, current, target, at) = (retiring, sink, written, generation)
            let due = earlier + (written > synced ? [current] : [])
            retiring = []
            condition.unlock()
            for s in due {
                if s.io.dataSync(s.descriptor) != 0 {
                    report("cannot sync the journal '\(s.path)': \(String(cString: strerror(errno))); turns since the last sync may be lost in a power failure")
                }
            }
            condition.lock()
            if generation == at { synced = max(synced, target) }
        }
        condition.unlock()
    }

    /// Stops the syncer (after its last sync).
    private func stopSyncer() {
        guard let syncer else { return }
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        while !syncer.isFinished { usleep(1000) }
        self.syncer = nil
    }

    /// Stops: writes every conversation's file still to be written (`sinks`: those of the conversations still
    /// held), makes them durable with one `syncfs(2)`, and deletes the journal. When a file could not be written the
    /// journal is kept, for the next start to recover from. Returns the problems met.
    func shutDown(sinks: [JournalSink]) -> [String] {
        for s in sinks { s.handOff() }
        materialiser.stop()
        stopSyncer()
        var problems = materialiser.failures
        let dir = open(Path.parent(Path.parent(path)), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir < 0 || coach_syncfs(dir) != 0 {
            problems.append("cannot sync the transcripts: \(String(cString: strerror(errno)))")
        }
        if dir >= 0 { close(dir) }
        if problems.isEmpty {
            unlink(path)
        } else {
            problems.append("the journal '\(path)' is kept; the next start recovers from it")
        }
        try? sink.close()
        close(source)
        return problems
    }
}

/// Where a conversation's transcript lines go under `coach serve`: frames in the process's journal. It keeps only
/// where its frames lie (not their bytes) until they are handed to the `Materialiser`, which writes them to the
/// conversation's own file.
public final class JournalSink: TranscriptSink {
    let journal: Journal
    /// The conversation's file name, without `.jsonl` (the percent-encoded id).
    public let name: String
    /// The hash of the last line appended (64 hex digits; empty before the header).
    private var head: [UInt8]
    /// The hash the first frame not yet handed off continues from.
    private var base: [UInt8] = []
    /// Where the lines of the frames not yet handed off lie in the journal.
    private var ranges: [Range<Int>] = []
    /// The file the ended transcript goes to in `ended/` (set before the seal is written).
    public var ended: String?
    public private(set) var size = 0

    init(journal: Journal, name: String, head: [UInt8]) {
        self.journal = journal
        self.name = name
        self.head = head
    }

    public func append(_ lines: [UInt8]) throws {
        precondition(lines.count > 67, "a frame holds whole sealed lines")
        let range = try journal.append(name: name, previous: head, lines: lines, ended: ended)
        if ranges.isEmpty { base = head }
        ranges.append(range)
        // The hash of the last line: `…,"hash":"<64 hex>"}\n`.
        head = Array(lines[(lines.count - 67)..<(lines.count - 3)])
        size += lines.count
    }

    /// Hands the frames written so far to the materialiser, which writes them to the conversation's file (and, after
    /// the seal, moves it to `ended/`).
    public func handOff() {
        guard !ranges.isEmpty else { return }
        journal.materialiser.enqueue(.init(name: name, base: base, ranges: ranges, ended: ended, source: journal.source))
        ranges = []
    }

    public func sync() throws { try journal.commit() }

    public func cut(to size: Int) throws {
        guard size == self.size else { throw Journal.Failure(description: "a journal frame cannot be cut back") }
    }

    public func close() throws { handOff() }
}
