import CFileSupport
import Foundation
import Transcript

/// Splits the journals of `coach serve` processes that died (`kill -9`, a crash, a power failure) back into their
/// conversations' files, then deletes them. A journal whose lock can be taken belongs to no living process.
public enum JournalRecovery {
    /// One frame of a journal: the conversation's file name, the hash it continues from, where its lines lie, and
    /// the name in `ended/` its seal moves the file to.
    public struct Frame: Equatable, Sendable {
        public let name: String
        public let previous: String
        public let lines: Range<Int>
        public let ended: String?
    }

    /// The whole frames of a journal, in order, and how many bytes after them belong to none (a frame torn by a
    /// crash: dropped).
    public static func frames(_ bytes: [UInt8]) -> (frames: [Frame], torn: Int) {
        var frames: [Frame] = []
        var at = 0
        while at < bytes.count {
            guard let newline = bytes[at...].firstIndex(of: 0x0A),
                  let text = String(validating: bytes[at..<newline], as: UTF8.self),
                  let frame = try? JSONParser.parse(text),
                  let name = frame["frame"]?.string, !name.isEmpty, !name.contains("/"),
                  let previous = frame["previous"]?.string,
                  let count = frame["bytes"]?.int, count > 0 else { break }
            let end = newline + 1 + count
            guard end <= bytes.count, bytes[end - 1] == 0x0A else { break }
            frames.append(Frame(name: name, previous: previous, lines: (newline + 1)..<end, ended: frame["ended"]?.string))
            at = end
        }
        return (frames, bytes.count - at)
    }

    /// Recovers every journal in `<directory>/journal/` that no living process holds: writes its conversations'
    /// files (idempotently: see `Materialiser`), makes them durable, deletes the journal. Returns what it did, one
    /// line each; throws when a journal could not be recovered (it is kept).
    public static func recover(directory: String) throws -> [String] {
        let dir = directory + "/journal"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var done: [String] = []
        for name in names {
            let path = dir + "/" + name
            let fd = open(path, O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // a living process's
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = Array(data)
            let (frames, torn) = Self.frames(bytes)
            let conversations = try replay(frames, of: bytes, into: directory)
            let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let synced = root >= 0 && coach_syncfs(root) == 0
            if root >= 0 { close(root) }
            guard synced else { throw Journal.Failure(description: "cannot sync the transcripts recovered from '\(path)'; it is kept") }
            unlink(path)
            done.append("recovered \(conversations) conversations from the journal '\(path)'"
                        + (torn > 0 ? " (a torn last frame of \(torn) bytes was dropped)" : ""))
        }
        return done
    }

    /// Writes the frames into their conversations' files, in order. A file's frames form runs (one conversation
    /// each: a run ends at a seal; a frame continuing from nothing starts a new one); a sealed run whose file is
    /// already in `ended/` is done. Returns how many runs it wrote.
    static func replay(_ frames: [Frame], of bytes: [UInt8], into directory: String) throws -> Int {
        var order: [String] = []
        var byName: [String: [Frame]] = [:]
        for f in frames {
            if byName[f.name] == nil { order.append(f.name) }
            byName[f.name, default: []].append(f)
        }
        var runs = 0
        for name in order {
            var run: [Frame] = []
            func finish() throws {
                guard let first = run.first else { return }
                defer { run = [] }
                runs += 1
                let ended = run.last!.ended
                if let ended, FileManager.default.fileExists(atPath: directory + "/ended/" + ended) { return }
                var lines: [UInt8] = []
                for f in run { lines.append(contentsOf: bytes[f.lines]) }
                try Materialiser.write(directory: directory, name, base: Array(first.previous.utf8), lines: lines[...], ended: ended)
            }
            for f in byName[name]! {
                if f.previous.isEmpty { try finish() }
                run.append(f)
                if f.ended != nil { try finish() }
            }
            try finish()
        }
        return runs
    }
}
