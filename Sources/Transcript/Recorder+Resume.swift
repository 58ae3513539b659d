public import DialogEngine
import DialogModel
import Foundation

/// Why a transcript cannot be continued.
public enum ResumeFailure: Error, CustomStringConvertible {
    /// The file is not a readable transcript.
    case unreadable(String)
    /// The hash chain breaks at this line: the record was changed, so it is not continued.
    case tampered(path: String, line: Int, reason: String)
    /// The transcript was recorded with another dialog than the one given.
    case otherDialog(path: String, recorded: String, given: String)
    /// The transcript records another conversation id than the one asked for (a file renamed or copied).
    case otherConversation(path: String, recorded: String, asked: String)
    /// The transcript holds no whole opening (a crash or a full disk while it was being started): the conversation
    /// never started.
    case notStarted(path: String)
    /// The transcript is sealed: its conversation ended, and nothing is added to it.
    case sealed(path: String)

    public var description: String {
        switch self {
        case .unreadable(let why): why
        case .tampered(let path, let line, let reason): "'\(path)' was changed at line \(line) (\(reason)); it is not continued"
        case .otherDialog(let path, let recorded, let given): "'\(path)' records dialog '\(recorded)', not '\(given)'"
        case .otherConversation(let path, let recorded, let asked):
            "'\(path)' records conversation '\(recorded)', not '\(asked)'; it is not continued under another id"
        case .notStarted(let path): "'\(path)' holds no whole opening turn: the conversation never started"
        case .sealed(let path): "'\(path)' is sealed: its conversation ended, and it is not continued"
        }
    }
}

extension Recorder {
    /// Continues a transcript after a crash (`kill -9`, a reboot): a torn last line is cut off, the session is
    /// rebuilt by folding the recorded inputs through the engine, and new lines are appended to the same chain.
    /// Returns the recorder and what the file held, less the lines cut off (`torn` still says which line was torn).
    public static func resume(path: String, engine: Engine, io: FileIO = .system) throws -> (Recorder, TranscriptFile) {
        let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        let file: TranscriptFile
        do { file = try TranscriptReader.read(bytes, path: path) } catch { throw ResumeFailure.unreadable(error.description) }
        return try resume(path: path, bytes: bytes, file: file, engine: engine, io: io)
    }

    /// Continues a transcript already read (`bytes`) and parsed (`file`), so a caller that looked at it first does
    /// not read it again. `sink` makes where the new lines go, given the bytes of whole turns the file keeps and the
    /// hash of its last kept line (default: the file itself, cut to those bytes and locked).
    public static func resume(path: String, bytes: [UInt8], file: TranscriptFile, engine: Engine, io: FileIO = .system,
                              sink makeSink: ((_ keeping: Int, _ lastHash: String) throws -> any TranscriptSink)? = nil)
        throws -> (Recorder, TranscriptFile) {
        if case .tampered(let line, let reason) = file.integrity {
            throw ResumeFailure.tampered(path: path, line: line, reason: reason)
        }
        guard file.seal == nil else { throw ResumeFailure.sealed(path: path) }
        guard file.header.dialog == engine.dialog.id else {
            throw ResumeFailure.otherDialog(path: path, recorded: file.header.dialog, given: engine.dialog.id)
        }
        // A torn last line is cut off; the reader never parses a prefix of it.
        var keep = bytes.count - (file.torn?.bytes ?? 0)
        var lines = file.lines
        let (start, opening) = engine.start(on: file.header.day ?? .reference, leader: file.header.leader)
        var session = start
        var turn = 0
        // Every turn but the last was followed by another write, so it is whole; the inputs fold into the session.
        let lastTurn = lines.last?.turn
        let firstOfLast = lines.firstIndex { $0.turn == lastTurn } ?? lines.endIndex
        for line in lines[..<firstOfLast] {
            turn = max(turn, line.turn)
            if case .input(let input, let day) = line.entry { _ = engine.step(&session, Event(input, on: day)) }
        }
        // The last turn was one write, shown to the leader only after it landed whole. It is whole when it holds
        // every line the engine says it has (counted by replaying its input); a write torn short of that, even at a
        // line boundary, never reached the leader: the turn is dropped, by the record's own turn boundaries.
        if firstOfLast < lines.endIndex {
            let group = lines[firstOfLast...]
            var next = session
            let before: Session?
            let outputs: [Output]
            if case .input(let input, let day) = group.first!.entry {
                before = session
                outputs = engine.step(&next, Event(input, on: day))
            } else {
                before = nil
                outputs = opening
            }
            var expected = 0
            let scratch = JSONWriter(capacity: 4096)
            MessageEncoder(engine: engine, mode: .record, format: file.header.version).messages(outputs, before: before, after: next, into: scratch) { w in
                expected += 1
                w.truncate(to: 0)
            }
            let recorded = group.count { if case .output = $0.entry { true } else { false } }
            if recorded < expected {
                keep = Self.offset(ofLine: group.first!.number, in: bytes)
                lines.removeSubrange(firstOfLast...)
            } else {
                session = next
                turn = max(turn, lastTurn ?? 0)
            }
        }
        guard !lines.isEmpty else { throw ResumeFailure.notStarted(path: path) }
        let complete = bytes[..<keep]
        let lastLine = complete.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).last ?? []
        let lastHash = HashChain.unseal(Substring(String(decoding: lastLine, as: UTF8.self)))?.hash ?? ""

        let sink: any TranscriptSink
        if let makeSink {
            sink = try makeSink(keep, lastHash)
        } else {
            let file = try FileSink(appendingTo: path, keeping: keep)
            file.io = io
            sink = file
        }
        let writer = TranscriptWriter(resuming: file.header, sink: sink, lastHash: lastHash, lines: 1 + lines.count)
        let kept = TranscriptFile(header: file.header, lines: lines, integrity: file.integrity, torn: file.torn)
        return (Recorder(engine: engine, writer: writer, session: session, opening: opening, turn: turn), kept)
    }
}

extension Recorder {
    /// The byte offset at which a (1-based) line starts.
    static func offset(ofLine number: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for (i, b) in bytes.enumerated() where b == 0x0A {
            line += 1
            if line == number { return i + 1 }
        }
        return bytes.count
    }
}

extension FileSink {
    /// Opens an existing transcript for appending, first cutting it to its first `keeping` bytes (a torn line).
    public convenience init(appendingTo path: String, keeping: Int) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if fd < 0 { throw Failure(path: path, operation: "open", code: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            _ = Foundation.close(fd)
            throw Failure(path: path, operation: "lock (another coach process has it open)", code: code)
        }
        if ftruncate(fd, off_t(keeping)) != 0 {
            let code = errno
            _ = Foundation.close(fd)
            throw Failure(path: path, operation: "cut the torn line of", code: code)
        }
        self.init(path: path, descriptor: fd, size: keeping)
    }
}
