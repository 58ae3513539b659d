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
    /// Returns the recorder and what the file held (to learn, say, which line was torn).
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
        if let torn = file.torn { keep -= torn.bytes }
        let complete = bytes[..<keep]
        let lastLine = complete.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).last ?? []
        let lastHash = HashChain.unseal(Substring(String(decoding: lastLine, as: UTF8.self)))?.hash ?? ""

        let (start, opening) = engine.start(on: file.header.day ?? .reference)
        var session = start
        var turn = 0
        for line in file.lines {
            turn = max(turn, line.turn)
            if case .input(let input, let day) = line.entry { _ = engine.step(&session, input.event(on: day)) }
        }
        let sink = try FileSink(appendingTo: path, keeping: keep)
        let writer = TranscriptWriter(resuming: file.header, sink: sink, lastHash: lastHash, lines: 1 + file.lines.count)
        return (Recorder(engine: engine, writer: writer, session: session, opening: opening, turn: turn), file)
    }
}

extension FileSink {
    /// Opens an existing transcript for appending, first cutting it to its first `keeping` bytes (a torn line).
    public convenience init(appendingTo path: String, keeping: Int) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if fd < 0 { throw Failure(path: path, operation: "open", code: errno) }
        if ftruncate(fd, off_t(keeping)) != 0 {
            let code = errno
            _ = Foundation.close(fd)
            throw Failure(path: path, operation: "cut the torn line of", code: code)
        }
        self.init(path: path, descriptor: fd)
    }
}
