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

    public var description: String {
        switch self {
        case .unreadable(let why): why
        case .tampered(let path, let line, let reason): "'\(path)' was changed at line \(line) (\(reason)); it is not continued"
        case .otherDialog(let path, let recorded, let given): "'\(path)' records dialog '\(recorded)', not '\(given)'"
        }
    }
}

extension Recorder {
    /// Continues a transcript after a crash (`kill -9`, a reboot): a torn last line is cut off, the session is
    /// rebuilt by folding the recorded inputs through the engine, and new lines are appended to the same chain.
    /// Returns the recorder and what the file held, less the lines cut off (`torn` still says which line was torn).
    public static func resume(path: String, engine: Engine) throws -> (Recorder, TranscriptFile) {
        let file: TranscriptFile
        do { file = try TranscriptReader.read(path: path) } catch { throw ResumeFailure.unreadable(error.description) }
        if case .tampered(let line, let reason) = file.integrity {
            throw ResumeFailure.tampered(path: path, line: line, reason: reason)
        }
        guard file.header.dialog == engine.dialog.id else {
            throw ResumeFailure.otherDialog(path: path, recorded: file.header.dialog, given: engine.dialog.id)
        }
        let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        var keep = bytes.count
        var lines = file.lines
        if let torn = file.torn {
            keep -= torn.bytes
            // A turn is written in one write(2) and shown only after it lands, so a torn write means its whole turn
            // never reached the leader: drop that turn's complete lines too.
            if let tornTurn = Self.turnNumber(bytes[keep...]), let first = lines.firstIndex(where: { $0.turn >= tornTurn }) {
                keep = Self.offset(ofLine: lines[first].number, in: bytes)
                lines.removeSubrange(first...)
            }
        }
        let complete = bytes[..<keep]
        let lastLine = complete.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).last ?? []
        let lastHash = HashChain.unseal(Substring(String(decoding: lastLine, as: UTF8.self)))?.hash ?? ""

        let (start, opening) = engine.start(on: file.header.day ?? .reference)
        var session = start
        var turn = 0
        for line in lines {
            turn = max(turn, line.turn)
            if case .input(let input, let day) = line.entry { _ = engine.step(&session, Event(input, on: day)) }
        }
        let sink = try FileSink(appendingTo: path, keeping: keep)
        let writer = TranscriptWriter(resuming: file.header, sink: sink, lastHash: lastHash, lines: 1 + lines.count)
        let kept = TranscriptFile(header: file.header, lines: lines, integrity: file.integrity, torn: file.torn)
        return (Recorder(engine: engine, writer: writer, session: session, opening: opening, turn: turn), kept)
    }
}

extension Recorder {
    /// The turn number a (torn) line begins with: `{"turn":N,…`.
    static func turnNumber(_ bytes: ArraySlice<UInt8>) -> Int? {
        let prefix = Array("{\"turn\":".utf8)
        guard bytes.starts(with: prefix) else { return nil }
        var n = 0, digits = 0
        for b in bytes.dropFirst(prefix.count) {
            guard b >= 0x30 && b <= 0x39 else { break }
            n = n * 10 + Int(b - 0x30)
            digits += 1
        }
        return digits > 0 ? n : nil
    }

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
        self.init(path: path, descriptor: fd)
    }
}
