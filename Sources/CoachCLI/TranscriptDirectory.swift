import DialogCompiler
import DialogEngine
import DialogModel
import Foundation
import Transcript

/// Where conversations are recorded: `<dir>/conversations/<id>.jsonl` while a conversation is open (and after a
/// crash), moved to `<dir>/ended/` when it ends; the dialog versions they were recorded with in `<dir>/dialogs/`.
/// The default directory is `$XDG_DATA_HOME/coach/transcripts` (`~/.local/share/coach/transcripts`).
public final class TranscriptDirectory {
    public let path: String
    /// When turns are made durable: every turn (the chat), or as the front end says (the server: its journal is synced
    /// as `--durability` says; see `Journal`).
    public var durability: TranscriptWriter.Durability = .everyTurn
    /// The system calls its transcript files (and journal) make (a seam for fault injection).
    public var io: FileIO = .system {
        didSet { journal?.io = io }
    }
    /// `coach serve`'s journal (see `openJournal`): when open, turns go to it, and the conversations' files are
    /// written from it off the serving thread. Nil: each conversation writes its own file (the chat).
    public private(set) var journal: Journal?
    /// The key that signs the seal of every transcript that ends (see `TranscriptKeyFile`); nil seals without a MAC.
    public var key: TranscriptKey?
    let dialogsDirectory: String
    let store: DialogStore
    /// Content hashes of the dialog versions already stored, by dialog id.
    private var hashes: [String: String] = [:]
    /// The source files the running dialogs were compiled from (so a transcript records exactly that version).
    private var sources: [SourceFile]?

    /// Records the texts the dialogs were compiled from; call it with what `DialogLibrary` read.
    public func use(sources: [SourceFile]) { self.sources = sources }

    public init(path: String, dialogsDirectory: String) {
        self.path = path
        self.dialogsDirectory = dialogsDirectory
        store = DialogStore(directory: path)
    }

    /// The default place: `$XDG_DATA_HOME/coach/transcripts`, else `~/.local/share/coach/transcripts`. A relative
    /// `XDG_DATA_HOME` is ignored, as the XDG Base Directory specification says ("the path must be absolute").
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], Path.isAbsolute(xdg) { return xdg + "/coach/transcripts" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/coach/transcripts"
    }

    /// The live transcript of a conversation id (ids may hold any characters; they are percent-encoded).
    public func file(for conversation: String) -> String {
        path + "/conversations/" + Self.encode(conversation) + ".jsonl"
    }

    static func encode(_ id: String) -> String {
        let encoded = percentEncode(id)
        // A file name has at most 255 bytes: long ids are named by their hash instead, under a prefix no encoded id
        // can have ("~" is always percent-encoded), so no id names another id's file.
        return encoded.utf8.count <= 200 ? encoded : "~sha256-" + HashChain.sha256(id.utf8)
    }

    static func percentEncode(_ id: String) -> String {
        var out = ""
        for b in id.utf8 {
            let c = Character(Unicode.Scalar(b))
            if c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") && !(out.isEmpty && c == ".") {
                out.append(c)
            } else {
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// Whether a live transcript of a started conversation exists for the id. A file that holds no whole header
    /// and opening (a crash or a full disk while the conversation was being started) is removed: that conversation
    /// never started, and its id is free.
    public func exists(_ conversation: String) -> Bool {
        journal?.materialiser.flush(Self.encode(conversation))
        let path = file(for: conversation)
        guard FileManager.default.fileExists(atPath: path) else { return false }
        if Self.neverStarted(path) {
            unlink(path)
            return false
        }
        return true
    }

    /// Writes the conversations' files still queued from the journal, on the calling thread, so that a reader of the
    /// directory (the coaching store) sees every conversation that finished or ended. Nothing to do without a journal.
    public func writePending() { journal?.materialiser.flushAll() }

    /// The ids of the conversations with a live transcript (those `--resume` can continue), sorted; an id too long
    /// for a file name is named by its hash and cannot be listed.
    public func conversationIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/conversations")) ?? []
        return names.filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix("~") }
            .compactMap { String($0.dropLast(6)).removingPercentEncoding }.sorted()
    }

    /// True for a transcript file with no whole header and opening: empty, cut inside its first lines, or a header
    /// with nothing after it.
    static func neverStarted(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        guard data.contains(0x0A) else { return true }
        guard let file = try? TranscriptReader.read(Array(data), path: path) else { return false }
        return file.lines.isEmpty && file.integrity == .intact
    }

    /// Starts recording a new conversation: stores the dialog's version (once), writes the header and the opening.
    /// `subject` is the stable id of the person or team it is about, when the front end knows it (`SubjectID`).
    public func start(_ conversation: String, engine: Engine, day: Day, leader: String? = nil, subject: String? = nil) throws -> Recorder {
        let hash = try contentHash(engine.dialog)
        let header = Self.header(conversation, dialog: engine.dialog, contentHash: hash, leader: leader, subject: subject)
        if let journal {
            // Nothing is created: the header and opening are the conversation's first frame in the journal.
            let writer = try TranscriptWriter(header: header, sink: JournalSink(journal: journal, name: Self.encode(conversation), head: []))
            writer.durability = .deferred
            return try Recorder(engine: engine, writer: writer, day: day)
        }
        let path = file(for: conversation)
        let sink = try FileSink(creating: path)
        sink.io = io
        do {
            let writer = try TranscriptWriter(header: header, sink: sink)
            writer.durability = durability
            return try Recorder(engine: engine, writer: writer, day: day)
        } catch {
            // Nothing of a conversation that could not start stays behind to block its id.
            try? sink.close()
            unlink(path)
            throw error
        }
    }

    /// Continues a conversation from its live transcript; nil when there is none. It continues on the dialog
    /// version it was recorded with: today's when that is the same, else the stored version.
    public func resume(_ conversation: String, engine: (String) -> Engine?) throws -> (Recorder, TranscriptFile)? {
        journal?.materialiser.flush(Self.encode(conversation))
        let file = file(for: conversation)
        // Read and parsed once: to tell a conversation that never started, to find its dialog, and to continue it.
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let bytes = Array(data)
        let transcript: TranscriptFile
        do {
            guard bytes.contains(0x0A) else { throw ResumeFailure.notStarted(path: file) }
            transcript = try TranscriptReader.read(bytes, path: file)
            if transcript.lines.isEmpty && transcript.integrity == .intact { throw ResumeFailure.notStarted(path: file) }
        } catch ResumeFailure.notStarted {
            unlink(file)
            return nil
        } catch {
            throw ResumeFailure.unreadable("\(error)")
        }
        let header = transcript.header
        guard header.conversation == conversation else {
            throw ResumeFailure.otherConversation(path: file, recorded: header.conversation, asked: conversation)
        }
        let resolved: Engine
        if let current = engine(header.dialog), (try? contentHash(current.dialog)) == header.contentHash {
            resolved = current
        } else {
            let snapshot: DialogSnapshot
            do { snapshot = try store.load(header.contentHash) } catch { throw ResumeFailure.unreadable(error.description) }
            switch snapshot.compile(header.dialog) {
            case .success(let dialog): resolved = Engine(dialog: dialog)
            case .failure(let error): throw ResumeFailure.unreadable(error.description)
            }
        }
        let recorder: Recorder, read: TranscriptFile
        do {
            if let journal {
                // New turns go to the journal; the file only loses its torn end, as it would for appending.
                (recorder, read) = try Recorder.resume(path: file, bytes: bytes, file: transcript, engine: resolved) { keep, head in
                    if keep < bytes.count, truncate(file, off_t(keep)) != 0 {
                        throw FileSink.Failure(path: file, operation: "cut the torn line of", code: errno)
                    }
                    return JournalSink(journal: journal, name: Self.encode(conversation), head: Array(head.utf8))
                }
            } else {
                (recorder, read) = try Recorder.resume(path: file, bytes: bytes, file: transcript, engine: resolved, io: io)
            }
        } catch ResumeFailure.notStarted {
            unlink(file)
            return nil
        }
        recorder.writer.durability = durability
        return (recorder, read)
    }

    /// The file name an ended conversation's transcript gets in `ended/`: its id, when it ended, and a random suffix
    /// (unique even for an id ended twice in one second with the same content).
    public static func endedName(_ conversation: String) -> String {
        let stamp = TranscriptHeader.timestamp(Date()).replacingOccurrences(of: ":", with: "")
        return encode(conversation) + "--" + stamp + "-" + UUID().uuidString.prefix(8).lowercased() + ".jsonl"
    }

    /// The file name of a live conversation's transcript in `conversations/`.
    public static func liveName(_ conversation: String) -> String { encode(conversation) + ".jsonl" }

    /// Seals and closes a conversation's transcript (it ended or finished) and moves it out of the live ones, so its
    /// id can start afresh.
    public func end(_ conversation: String, recorder: Recorder) throws {
        let name = Self.endedName(conversation)
        if let sink = recorder.writer.sink as? JournalSink {
            // The seal's frame names the file in ended/; the materialiser writes it there, off the serving thread.
            sink.ended = name
            do { try recorder.seal(key: key) } catch {
                sink.ended = nil
                sink.handOff()
                throw error
            }
            try recorder.close()
            return
        }
        try recorder.seal(key: key)
        try recorder.close()
        let from = file(for: conversation)
        let to = path + "/ended/" + name
        guard !FileManager.default.fileExists(atPath: to) else { throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: to]) }
        try FileSink.makeDirectories(path + "/ended")
        if rename(from, to) != 0 { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: from]) }
    }

    /// Opens `coach serve`'s journal (after recovering the journals of processes that died); from now on turns go
    /// to it. Returns what recovery did, one line each.
    /// One `coach serve` per directory: a second one is refused (two would serve, and write, the same conversations).
    /// The journal moves to a new segment past `segmentBytes` (`Journal.rotate`).
    public func openJournal(durability: Journal.Durability, segmentBytes: Int = Journal.defaultRotationBytes,
                            report: @escaping @Sendable (String) -> Void) throws -> [String] {
        try lockForServing()
        let recovered = try JournalRecovery.recover(directory: path)
        journal = try Journal(directory: path, durability: durability, io: io, rotationBytes: segmentBytes, report: report)
        return recovered
    }

    /// Takes `journal/serve.lock` (`flock`) for as long as the process lives; throws when another process holds it.
    func lockForServing() throws {
        let lock = path + "/journal/serve.lock"
        try FileSink.makeDirectories(path + "/journal")
        let fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw FileSink.Failure(path: lock, operation: "create", code: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw Journal.Failure(description: "another coach serve is recording to '\(path)' (it holds '\(lock)'); run one per transcripts directory, or give this one --transcripts DIR")
        }
        // Kept open (and locked) until the process exits.
    }

    /// Stops recording to the journal: the conversations' files still to be written (`open`: the recorders still
    /// held) are written and made durable, and the journal is deleted. Returns the problems met (then the journal is
    /// kept, for the next start to recover from).
    public func closeJournal(open recorders: [Recorder]) -> [String] {
        guard let journal else { return [] }
        self.journal = nil
        return journal.shutDown(sinks: recorders.compactMap { $0.writer.sink as? JournalSink })
    }

    /// The header's start time, formatted once per second (a server starts thousands of conversations a second).
    static let clock = HeaderClock()

    /// A new conversation's header, as every store writes it: this coach, now, a random instance name.
    public static func header(_ conversation: String, dialog: Dialog, contentHash: String, leader: String?, subject: String?) -> TranscriptHeader {
        TranscriptHeader(dialog: dialog.id, dialogVersion: dialog.version, contentHash: contentHash,
                         coach: CoachVersion.current, conversation: conversation, subject: subject,
                         started: clock.now(), instance: instanceName(), leader: leader)
    }

    /// The snapshot of a dialog's version: the source files it was compiled from (`sources`, what `DialogLibrary`
    /// read; nil: read again from `directory`).
    public static func snapshot(of dialog: Dialog, sources: [SourceFile]?, directory: String) throws -> DialogSnapshot {
        try sources.map { DialogSnapshot.of(dialog, among: $0, directory: directory) } ?? DialogSnapshot.of(dialog, directory: directory)
    }

    /// A conversation instance's random name: 8 hex digits.
    static func instanceName() -> String {
        let n = UInt32.random(in: 0...UInt32.max)
        let digits: StaticString = "0123456789abcdef"
        var out = [UInt8](repeating: 0, count: 8)
        for k in 0..<8 { out[k] = digits.utf8Start[Int(n >> (28 - 4 * UInt32(k)) & 15)] }
        return String(decoding: out, as: UTF8.self)
    }

    func contentHash(_ dialog: Dialog) throws -> String {
        if let h = hashes[dialog.id] { return h }
        let h = try store.save(try Self.snapshot(of: dialog, sources: sources, directory: dialogsDirectory))
        hashes[dialog.id] = h
        return h
    }
}
