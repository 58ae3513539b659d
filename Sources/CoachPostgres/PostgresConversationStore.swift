import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import Logging
import PostgresNIO
import Transcript

/// The conversation store in PostgreSQL, shared by any number of `coach serve` processes on any hosts: each turn is
/// a row of `coach_turns` holding the transcript's own lines (so the hash chain and the seal are the file store's,
/// byte for byte), inserted under the primary key `(conversation, instance, seq)`, which is the only concurrency
/// guard (see `Migrations`). What a process holds in memory is a cache, checked before each request (`isCurrent`).
public final class PostgresConversationStore: ConversationStore {
    let client: PostgresClient
    public var key: TranscriptKey?
    public var isShared: Bool { true }
    /// True under `coach serve`: a request's rows are held and committed with its reply (`commit`); false at the
    /// terminal, where each turn is inserted as it is written (the recorder's write-ahead).
    public var holdsTurnsUntilCommit = false
    let dialogsDirectory: String
    private var sources: [SourceFile]?
    /// Content hashes of the dialog versions stored, by dialog id.
    private var hashes: [String: String] = [:]
    /// Sinks with rows held for the next commit, in the order they were written.
    private var held: [PostgresSink] = []

    /// Connects and checks the schema is this coach's (`coach db migrate` makes it so).
    public init(url: PostgresURL, dialogsDirectory: String, logger: Logger? = nil) throws {
        client = logger.map { PostgresClient(url: url, logger: $0) } ?? PostgresClient(url: url)
        self.dialogsDirectory = dialogsDirectory
        let version = try Migrations.version(client)
        if version < Migrations.latest {
            throw PostgresStoreFailure(description: "the database \(url) is at schema version \(version), this coach needs \(Migrations.latest); run `coach db migrate --store URL` first")
        }
        if version > Migrations.latest {
            throw PostgresStoreFailure(description: "the database \(url) is at schema version \(version), newer than this coach knows (\(Migrations.latest)); upgrade coach")
        }
    }

    public func use(sources: [SourceFile]) { self.sources = sources }

    public func exists(_ conversation: String) throws -> Bool {
        try !client.query("SELECT 1 FROM coach_conversations WHERE conversation = \(conversation) AND state = 'open'").isEmpty
    }

    public func start(_ conversation: String, engine: Engine, day: Day, leader: String? = nil, subject: String? = nil) throws -> Recorder {
        let hash = try contentHash(engine.dialog)
        let header = TranscriptDirectory.header(conversation, dialog: engine.dialog, contentHash: hash, leader: leader, subject: subject)
        let sink = PostgresSink(store: self, conversation: conversation, header: header, committed: 0, size: 0, isNew: true)
        let writer = try TranscriptWriter(header: header, sink: sink)
        writer.durability = .deferred
        do {
            return try Recorder(engine: engine, writer: writer, day: day)
        } catch let failure as PostgresClient.Failure {
            throw map(failure, conversation)
        }
    }

    public func resume(_ conversation: String, engine: (String) -> Engine?) throws -> (Recorder, TranscriptFile)? {
        let rows = try client.query("""
            SELECT c.content_hash, t.lines, t.message_id, t.reply FROM coach_conversations c
            JOIN coach_turns t ON t.conversation = c.conversation AND t.instance = c.instance
            WHERE c.conversation = \(conversation) AND c.state = 'open' ORDER BY t.seq
            """)
        guard !rows.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var stored: (messageID: String, reply: [UInt8])?
        var contentHash = ""
        for row in rows {
            let (hash, lines, messageID, reply) = try row.decode((String, ByteBuffer, String?, ByteBuffer?).self)
            contentHash = hash
            bytes += lines.readableBytesView
            if let messageID, let reply { stored = (messageID, Array(reply.readableBytesView)) }
        }
        let place = "postgres:" + conversation
        let file: TranscriptFile
        do { file = try TranscriptReader.read(bytes, path: place) } catch { throw ResumeFailure.unreadable("\(error)") }
        guard file.header.conversation == conversation, file.header.contentHash == contentHash else {
            throw ResumeFailure.otherConversation(path: place, recorded: file.header.conversation, asked: conversation)
        }
        let resolved = try self.engine(for: file.header, today: engine)
        let (recorder, read) = try Recorder.resume(path: place, bytes: bytes, file: file, engine: resolved) { keep, _ in
            // Rows are whole turns: a transcript in the database is never torn.
            guard keep == bytes.count else { throw ResumeFailure.unreadable("\(place): its last turn is not whole") }
            let sink = PostgresSink(store: self, conversation: conversation, header: file.header, committed: rows.count,
                                    size: bytes.count, isNew: false)
            sink.storedReply = stored
            return sink
        }
        recorder.writer.durability = .deferred
        return (recorder, read)
    }

    /// The engine a transcript continues on: today's when its dialog version is the recorded one, else the
    /// recorded snapshot, compiled.
    func engine(for header: TranscriptHeader, today: (String) -> Engine?) throws -> Engine {
        if let current = today(header.dialog), (try? contentHash(current.dialog)) == header.contentHash { return current }
        let snapshot = try self.snapshot(header.contentHash)
        switch snapshot.compile(header.dialog) {
        case .success(let dialog): return Engine(dialog: dialog)
        case .failure(let error): throw ResumeFailure.unreadable(error.description)
        }
    }

    /// A stored dialog version, checked against its hash.
    func snapshot(_ hash: String) throws -> DialogSnapshot {
        let rows = try client.query("SELECT snapshot FROM coach_dialogs WHERE content_hash = \(hash)")
        guard let row = rows.first, let snapshot = DialogSnapshot(canonical: Array(try row.decode(ByteBuffer.self).readableBytesView)),
              snapshot.hash == hash else {
            throw ResumeFailure.unreadable("the recorded dialog version \(hash) is not in the store")
        }
        return snapshot
    }

    public func end(_ conversation: String, recorder: Recorder) throws {
        guard let sink = recorder.writer.sink as? PostgresSink else { return try recorder.close() }
        sink.endedAs = TranscriptDirectory.endedName(conversation)
        do { try recorder.seal(key: key) } catch {
            sink.endedAs = nil
            if let failure = error as? PostgresClient.Failure { throw map(failure, conversation) }
            throw error
        }
        try recorder.close()
    }

    public func isCurrent(_ conversation: String, _ recorder: Recorder) throws -> Bool {
        guard let sink = recorder.writer.sink as? PostgresSink else { return true }
        let rows = try client.query("""
            SELECT c.instance, (SELECT max(t.seq) FROM coach_turns t WHERE t.conversation = c.conversation AND t.instance = c.instance)
            FROM coach_conversations c WHERE c.conversation = \(conversation) AND c.state = 'open'
            """)
        guard let row = rows.first else { return false }
        let (instance, last) = try row.decode((String, Int?).self)
        return instance == sink.header.instance && last == sink.committed - 1 && sink.staged.isEmpty
    }

    func hold(_ sink: PostgresSink) {
        if !held.contains(where: { $0 === sink }) { held.append(sink) }
    }

    public func commit(reply: [UInt8]?, messageID: String?) throws {
        defer { held.removeAll { $0.staged.isEmpty } }
        for (i, sink) in held.enumerated() where !sink.staged.isEmpty {
            let last = i == held.count - 1
            do {
                try write(sink, reply: last ? reply : nil, messageID: last ? messageID : nil)
            } catch let failure as PostgresClient.Failure {
                throw map(failure, sink.conversation)
            }
        }
    }

    public func discardPending() -> [String] {
        let ids = held.map(\.conversation)
        for sink in held { sink.discard() }
        held = []
        return ids
    }

    public func storedReply(_ recorder: Recorder) -> (messageID: String, reply: [UInt8])? {
        (recorder.writer.sink as? PostgresSink)?.storedReply
    }

    public func writePending() {}

    public func link(_ recorder: Recorder, follows diagnosis: CoachingSession) throws {
        guard let sink = recorder.writer.sink as? PostgresSink else { return }
        sink.follows = (diagnosis.conversation, diagnosis.file)
        // Written with the conversation's row when that is still to be inserted, else now.
        guard !sink.isNew else { return }
        try client.query("""
            UPDATE coach_conversations SET follows_conversation = \(diagnosis.conversation), follows_file = \(diagnosis.file)
            WHERE conversation = \(sink.conversation) AND instance = \(sink.header.instance)
            """)
    }

    public func place(of conversation: String) -> String { "conversation '\(conversation)' in \(client.url)" }

    public var livePlace: String { "\(client.url)" }

    public var endedPlace: String { "\(client.url)" }

    /// Inserts a sink's staged rows in one statement (one transaction): with the conversation's row when it is new,
    /// marking it ended when the rows end in its seal; the last row carries the reply when the request had a
    /// message id.
    func write(_ sink: PostgresSink, reply: [UInt8]?, messageID: String?) throws {
        guard !sink.staged.isEmpty else { return }
        var binds = PostgresBindings()
        func bind<T: PostgresDynamicTypeEncodable>(_ value: T?) -> String {
            if let value { binds.append(value) } else { binds.appendNull() }
            return "$\(binds.count)"
        }
        let c = bind(sink.conversation), i = bind(sink.header.instance)
        var with: [String] = []
        if sink.isNew {
            let h = sink.header
            if let subject = h.subject {
                with.append("subject AS (INSERT INTO coach_subjects (subject) VALUES (\(bind(subject))) ON CONFLICT DO NOTHING)")
            }
            with.append("""
                conversation AS (INSERT INTO coach_conversations (conversation, instance, dialog, dialog_version, content_hash, subject, \
                leader, started, follows_conversation, follows_file) VALUES (\(c), \(i), \(bind(h.dialog)), \(bind(h.dialogVersion)), \
                \(bind(h.contentHash)), \(bind(h.subject)), \(bind(h.leader)), \(bind(h.started))::timestamptz, \
                \(bind(sink.follows?.conversation)), \(bind(sink.follows?.file))))
                """)
        }
        if let endedAs = sink.endedAs {
            with.append("ended AS (UPDATE coach_conversations SET state = 'ended', ended = now(), ended_as = \(bind(endedAs)) WHERE conversation = \(c) AND instance = \(i) AND state = 'open')")
        }
        var values: [String] = []
        for (k, lines) in sink.staged.enumerated() {
            let isLast = k == sink.staged.count - 1
            let keepsReply = isLast && messageID != nil && reply != nil
            values.append("(\(c), \(i), \(bind(sink.committed + k)), \(bind(ByteBuffer(bytes: lines))), \(bind(keepsReply ? messageID : nil)), \(bind(keepsReply ? reply.map { ByteBuffer(bytes: $0) } : nil)))")
        }
        let sql = (with.isEmpty ? "" : "WITH " + with.joined(separator: ", ") + " ")
            + "INSERT INTO coach_turns (conversation, instance, seq, lines, message_id, reply) VALUES " + values.joined(separator: ", ")
        try client.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        if let messageID, let reply { sink.storedReply = (messageID, reply) }
        sink.committedStaged()
    }

    /// A refused insert as what it means: another process took the turn, or the id.
    func map(_ failure: PostgresClient.Failure, _ conversation: String) -> any Error {
        guard failure.isUniqueViolation else { return failure }
        if failure.constraint == "coach_turns_pkey" { return StoreConflict.turnTaken(conversation) }
        return StoreConflict.conversationExists(conversation)
    }

    /// Stores a dialog version's snapshot (once per process) and returns its content hash.
    func contentHash(_ dialog: Dialog) throws -> String {
        if let h = hashes[dialog.id] { return h }
        let snapshot = try TranscriptDirectory.snapshot(of: dialog, sources: sources, directory: dialogsDirectory)
        let hash = snapshot.hash
        try client.query("""
            INSERT INTO coach_dialogs (content_hash, dialog, snapshot) VALUES (\(hash), \(dialog.id), \(ByteBuffer(bytes: Array(snapshot.canonical.utf8))))
            ON CONFLICT (content_hash) DO NOTHING
            """)
        hashes[dialog.id] = hash
        return hash
    }

    /// Closes the connection.
    public func close() { client.close() }
}
