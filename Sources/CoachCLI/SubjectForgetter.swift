import DialogEngine
import DialogModel
import Foundation
public import Transcript

/// `coach forget`: erases what identifies a person from the transcripts directory while every chain stays
/// verifiable.
///
/// Each transcript about the person is recorded again, turn by turn, through the same `Recorder` that recorded it:
/// the same events on the same days with the same message ids, except that every free-text answer is replaced
/// (the person's name by `Forgotten person`, any other text by `[forgotten]`) and every other typed answer by the
/// canonical form of what it was understood as (a choice by its id, a number by its digits), so the conversation
/// takes exactly the path it took. The engine writes every prompt and the plan again from those answers, so the
/// name is gone from the questions that quoted it too. The new file has a fresh chain and seal (with the
/// installation's key), replays as verified, and replaces the old one; its header names a pseudonymous subject.
/// Transcripts about other people whose free-text answers name the person (a team diagnosis listing the reps) have
/// those answers replaced the same way. Every rewrite is logged in `forgotten.jsonl` (dates, pseudonym, conversation,
/// old and new chain heads: no name), and the index is rebuilt.
public struct SubjectForgetter {
    public let directory: String
    public let key: TranscriptKey?

    public init(directory: String, key: TranscriptKey?) {
        self.directory = directory
        self.key = key
    }

    /// What replaces the person's name, and any other free text.
    public static let forgottenName = "Forgotten person"
    public static let forgottenText = "[forgotten]"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a forget did.
    public struct Outcome: Sendable {
        /// The pseudonymous id the person's diagnoses are now under.
        public let pseudonym: String
        /// The transcripts rewritten (relative paths): the person's, then others that named them.
        public let rewritten: [String]
        /// The person's names, and every text that was replaced (for scrubbing other stores of typed lines, such as
        /// the chat's line history); kept in memory only.
        public let names: Set<String>
        public let replaced: Set<String>
        /// Other people's transcripts that could not be read to look for the name (they do not verify), each with
        /// why: they were left as they are.
        public let unread: [String]
    }

    /// Forgets the subject (an id or a name) on `day`. Refused while a `coach serve` journal is in the directory (a
    /// server using it, or one that stopped without recovering it): its frames hold what was typed.
    public func forget(_ who: String, on day: Day) throws -> Outcome {
        try refuseLiveJournal()
        let store = TranscriptCoachingStore(directory: directory, key: key)
        let read = try store.rebuild()
        let sessions: [CoachingSession]
        do { sessions = try read.sessions(of: who) } catch { throw Failure(description: error.description) }
        let target = Target(ids: Set(sessions.map(\.subject)), names: Set(sessions.map(\.name)),
                            pseudonym: "forgotten-" + String(HashChain.sha256(Array((sessions[0].subject + UUID().uuidString).utf8)).prefix(8)))
        var unread: [String] = []
        let mine = Set(sessions.map(\.file))
        // Every file is recorded again beside itself first; only when all of the person's own are ready do the new
        // files replace the old ones, so a failure changes nothing.
        var ready: [Prepared] = []
        defer { for p in ready { unlink(p.temporary) } }
        for file in store.transcriptFiles() {
            do {
                if let p = try prepare(file, target) { ready.append(p) }
            } catch let failure as Failure {
                // One of the person's finished diagnoses must be rewritten; another file that cannot be read is named.
                if mine.contains(file) { throw failure }
                unread.append(failure.description)
            }
        }
        var rewritten: [String] = []
        for p in ready {
            guard rename(p.temporary, directory + "/" + p.file) == 0 else {
                throw Failure(description: "cannot replace '\(p.file)': \(String(cString: strerror(errno))); the files before it were replaced (see forgotten.jsonl)")
            }
            rewritten.append(p.file)
            try appendLog(Self.logLine(day: day, pseudonym: target.pseudonym, file: p.file, old: p.oldHead, new: p.newHead))
        }
        ready = []
        _ = try store.rebuild()
        return Outcome(pseudonym: target.pseudonym, rewritten: rewritten, names: target.names, replaced: target.replaced, unread: unread)
    }

    /// Who is forgotten, and what was replaced so far.
    final class Target {
        let ids: Set<String>
        let names: Set<String>
        let pseudonym: String
        var replaced: Set<String> = []

        init(ids: Set<String>, names: Set<String>, pseudonym: String) {
            self.ids = ids
            self.names = names
            self.pseudonym = pseudonym
            replaced = names
        }
    }

    /// What a transcript is to the forgotten person.
    enum Role {
        /// About them: every answer that identifies goes.
        case theirs
        /// About someone else: only answers that name them go.
        case other
        /// About another person of the same name (another subject id): left alone.
        case namesake
    }

    /// Its subject id in the header, else the one made from the name it gives: theirs when it is one of their ids;
    /// a namesake's when the name is theirs but the id is not.
    static func role(subject: String?, name: String?, _ target: Target) -> Role {
        let resolved = subject ?? name.map { SubjectID.from(name: $0) }
        if let resolved, target.ids.contains(resolved) { return .theirs }
        if let name, target.names.contains(where: { $0.lowercased() == name.trimmed(where: { $0 == " " }).lowercased() }) { return .namesake }
        return .other
    }

    /// Refuses while `journal/` holds a segment, or its lock is held by a running `coach serve`.
    func refuseLiveJournal() throws {
        let journal = directory + "/journal"
        let segments = ((try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []).filter { $0.hasSuffix(".jsonl") }
        var locked = false
        let fd = open(journal + "/serve.lock", O_RDWR | O_CLOEXEC)
        if fd >= 0 {
            locked = flock(fd, LOCK_EX | LOCK_NB) != 0
            close(fd)
        }
        if locked || !segments.isEmpty {
            throw Failure(description: "a coach serve journal is in the transcripts directory (\(locked ? "a server is running" : "left by a server that stopped without recovering it")): stop the server (or start and stop it once to recover the journal) and forget again")
        }
    }

    /// Appends a line to `forgotten.jsonl` and makes it durable.
    func appendLog(_ line: String) throws {
        let path = directory + "/forgotten.jsonl"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(line.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw Failure(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    static func logLine(day: Day, pseudonym: String, file: String, old: String, new: String) -> String {
        JSONValue.object(["date": .string(day.description), "subject": .string(pseudonym), "file": .string(file),
                          "previousHead": .string(old), "head": .string(new)]).encoded + "\n"
    }

    /// True when `text` holds `name` as a whole word (case-insensitively).
    public static func mentions(_ text: String, _ name: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" })
        let parts = name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "-" })
        guard !parts.isEmpty, parts.count <= words.count else { return false }
        for i in 0...(words.count - parts.count) where Array(words[i..<(i + parts.count)]) == parts { return true }
        return false
    }

    /// A transcript recorded again beside the one it replaces.
    struct Prepared {
        let file: String
        let temporary: String
        let oldHead: String
        let newHead: String
    }

    /// Records `file` again, into a file beside it, with its free-text answers for which `redact` holds replaced
    /// (and, when `subject` is given, that subject in the header); nil when nothing needed replacing. A finished
    /// transcript must verify and authenticate; one still open (in `conversations/`, unsealed) must verify as far as
    /// it goes, and must not be in use by another process (it holds the file's lock).
    func prepare(_ file: String, _ target: Target) throws -> Prepared? {
        let path = directory + "/" + file
        let live = file.hasPrefix("conversations/")
        if live {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Failure(description: "\(file): cannot be read: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                throw Failure(description: "\(file) is open in another coach (a conversation in progress): end it, then forget again")
            }
        }
        var runner = ReplayRunner(against: .recorded)
        runner.key = key
        runner.unverified = key == nil || live
        let outcome = runner.replay(path: path)
        let readable: Bool = switch outcome.replay.verdict {
        case .verified: true
        case .incomplete: live
        default: false
        }
        guard readable, outcome.refused == nil, let dialog = outcome.dialog else {
            throw Failure(description: "\(file) does not verify (coach replay says why); nothing was changed in it")
        }
        let original: TranscriptFile
        do { original = try TranscriptReader.read(path: path) } catch { throw Failure(description: "\(file): \(error)") }
        let engine = Engine(dialog: dialog)
        guard let startDay = original.header.day else { throw Failure(description: "\(file): its header has no start date") }

        // Whom it is about: the name is the answer kept in the `subject` variable.
        var (session, _) = engine.start(on: startDay, leader: original.header.leader)
        for line in original.lines {
            if case .input(let kind, let day) = line.entry { _ = engine.step(&session, Event(kind, on: day)) }
        }
        let name = dialog.variables.firstIndex { $0.name == "subject" }.flatMap { session.variables[$0] }
        let role = Self.role(subject: original.header.subject, name: name, target)
        if role == .namesake { return nil }
        let subject: String? = role == .theirs ? target.pseudonym : nil
        let redact: (String) -> Bool = role == .theirs
            ? { target.replaced.insert($0); return true }
            : { text in
                guard target.names.contains(where: { Self.mentions(text, $0) }) else { return false }
                target.replaced.insert(text)
                return true
            }

        // The events, each with what replaces it.
        (session, _) = engine.start(on: startDay, leader: original.header.leader)
        var events: [(Event, String?)] = []
        var changed = subject != nil
        for line in original.lines {
            guard case .input(let kind, let day) = line.entry else { continue }
            let before = session
            _ = engine.step(&session, Event(kind, on: day))
            // Another person's transcript keeps every answer but those that name the forgotten person (free text
            // replaced; a typed choice or number by what it was understood as).
            let keep = subject == nil && !Self.isFreeText(kind, before: before, dialog: dialog) && !(Self.typed(kind).map(redact) ?? false)
            let replaced = keep ? kind : Self.replacement(kind, before: before, after: session, dialog: dialog, redact: redact)
            if replaced != kind { changed = true }
            events.append((Event(replaced, on: day), line.messageID))
        }
        guard changed else { return nil }

        let h = original.header
        let header = TranscriptHeader(dialog: h.dialog, dialogVersion: h.dialogVersion, contentHash: h.contentHash, coach: h.coach,
                                      conversation: h.conversation, subject: subject ?? h.subject, started: h.started,
                                      instance: h.instance, leader: h.leader)
        let temporary = path + ".forget-\(getpid())"
        let sink = try FileSink(creating: temporary)
        do {
            let writer = try TranscriptWriter(header: header, sink: sink)
            let recorder = try Recorder(engine: engine, writer: writer, day: startDay)
            for (event, messageID) in events { try recorder.send(event, messageID: messageID) }
            guard Self.sameValues(recorder.withSession { $0.answers }, session.answers) else {
                throw Failure(description: "\(file): recorded again, the conversation took another path; nothing was changed in it")
            }
            if original.seal != nil { try recorder.seal(key: key) }
            try writer.sync()
            try recorder.close()
            let check = runner.replay(path: temporary)
            guard check.replay.verdict == outcome.replay.verdict else {
                throw Failure(description: "\(file): recorded again, it does not verify; nothing was changed in it")
            }
            return Prepared(file: file, temporary: temporary, oldHead: Self.head(original, path: path), newHead: writer.lastHash)
        } catch {
            try? sink.close()
            unlink(temporary)
            throw error
        }
    }

    /// True for an answer typed at a free-text question (or after the end, when no question waited).
    static func isFreeText(_ kind: Event.Kind, before: Session, dialog: Dialog) -> Bool {
        switch kind {
        case .answered:
            guard let node = before.currentNode, let q = dialog.nodes[node].question else { return true }
            return q.answer.kind == .text
        case .changed(let id, _):
            return dialog.nodes.first(where: { $0.id == id })?.question?.answer.kind == .text
        default:
            return false
        }
    }

    /// What the leader typed, for an event that carries typed text.
    static func typed(_ kind: Event.Kind) -> String? {
        switch kind {
        case .answered(let t), .changed(_, let t): t
        default: nil
        }
    }

    /// The last hash of a transcript's chain (its seal's head, or its last line's hash while it is open).
    static func head(_ file: TranscriptFile, path: String) -> String {
        if let head = file.seal?.head { return head }
        // An open conversation: the hash of its last line.
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard let r = text.range(of: "\"hash\":\"", options: .backwards) else { return "" }
        return String(text[r.upperBound...].prefix(64))
    }

    /// Two sessions' answers agree on every value but free text.
    static func sameValues(_ a: [Answer], _ b: [Answer]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.node == y.node && x.item == y.item && {
                if case .text = x.value, case .text = y.value { return true }
                return x.value == y.value
            }()
        }
    }

    /// The event that gives the same answer without what was typed: free text (when `redact` holds) replaced; a
    /// choice by its id; a number by its digits; an answer that was not understood by `[forgotten]`.
    static func replacement(_ kind: Event.Kind, before: Session, after: Session, dialog: Dialog, redact: (String) -> Bool) -> Event.Kind {
        func understood(_ text: String, node: Int?) -> Event.Kind? {
            guard let node, let q = dialog.nodes[node].question else { return nil }
            let given = after.answers.count > before.answers.count ? after.answers.last : after.answers.last(where: { $0.node == node })
            switch q.answer.kind {
            case .text:
                if text.isEmpty || !redact(text) { return .answered(text) }
                return .answered(q.store.map { dialog.variables[$0].name == "subject" } == true ? forgottenName : forgottenText)
            default:
                guard after.answers.count > before.answers.count, let a = given, !a.fellBack else { return .answered(forgottenText) }
                return a.event(for: q)
            }
        }
        switch kind {
        case .answered(let text):
            // Typed when no question was waiting (after the end): refused, and refused again as `[forgotten]`.
            return understood(text, node: before.currentNode) ?? (redact(text) ? .answered(forgottenText) : kind)
        case .changed(let id, let text):
            guard let node = dialog.nodes.firstIndex(where: { $0.id == id }), let q = dialog.nodes[node].question else { return kind }
            if q.answer.kind == .text { return redact(text) ? .changed(node: id, to: forgottenText) : kind }
            guard let a = after.answers.last(where: { $0.node == node }) else { return .changed(node: id, to: forgottenText) }
            switch a.event(for: q) {
            case .chose(let ids) where ids.count == 1: return .changed(node: id, to: ids[0])
            case .answered(let digits): return .changed(node: id, to: digits)
            default: return kind
            }
        default:
            return kind
        }
    }
}
