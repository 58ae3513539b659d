import CoachCLI
import DialogEngine
import Foundation
import NIOCore
import PostgresNIO
import Transcript

/// Writes the store's transcripts as files, laid out as a transcripts directory is: `ended/<name>.jsonl` for ended
/// conversations (the name given when they ended), `conversations/<id>.jsonl` for live ones, and the dialog
/// versions they name in `dialogs/<hash>.json`. Each file holds the rows' bytes in order, so it is the file the
/// file store would have written, byte for byte: `coach replay`, `coach report` and the coaching store read it as
/// they read any transcripts directory.
public struct PostgresExport {
    let store: PostgresConversationStore

    public init(store: PostgresConversationStore) { self.store = store }

    /// One transcript the store holds.
    public struct Entry: Sendable {
        public let conversation: String
        public let instance: String
        public let ended: Bool
        /// Its path relative to the directory.
        public let file: String
        public let contentHash: String
        /// Its length in bytes.
        public let size: Int
    }

    /// The transcripts the store holds (of the conversations named, or all), oldest first.
    public func entries(of conversations: [String]? = nil) throws -> [Entry] {
        let columns = """
            SELECT conversation, instance, state, ended_as, content_hash,
            (SELECT coalesce(sum(octet_length(t.lines)), 0) FROM coach_turns t WHERE t.conversation = c.conversation AND t.instance = c.instance)
            FROM coach_conversations c
            """
        var query = PostgresQuery(unsafeSQL: columns + " ORDER BY started, conversation, instance")
        if let conversations {
            var binds = PostgresBindings()
            binds.append(conversations)
            query = PostgresQuery(unsafeSQL: columns + " WHERE conversation = ANY($1) ORDER BY started, conversation, instance", binds: binds)
        }
        return try store.client.query(query).map { row in
            let (conversation, instance, state, endedAs, hash, size) = try row.decode((String, String, String, String?, String, Int).self)
            let ended = state == "ended"
            let file = ended ? "ended/" + (endedAs ?? TranscriptDirectory.liveName(conversation)) : "conversations/" + TranscriptDirectory.liveName(conversation)
            return Entry(conversation: conversation, instance: instance, ended: ended, file: file, contentHash: hash, size: size)
        }
    }

    /// A transcript's bytes: its rows in order.
    public func bytes(of entry: Entry) throws -> [UInt8] {
        var out: [UInt8] = []
        for row in try store.client.query("SELECT lines FROM coach_turns WHERE conversation = \(entry.conversation) AND instance = \(entry.instance) ORDER BY seq") {
            out += try row.decode(ByteBuffer.self).readableBytesView
        }
        return out
    }

    /// Writes the transcripts (of the conversations named, or all) and their dialog versions under `directory`;
    /// returns the files written, relative to it. `refresh` (a mirror kept between reads): a transcript already
    /// there is kept when it cannot have changed (ended, or live with the same length: rows are only added), and
    /// live files of conversations no longer live are removed.
    @discardableResult
    public func write(to directory: String, conversations: [String]? = nil, refresh: Bool = false) throws -> [String] {
        let entries = try entries(of: conversations)
        var written: [String] = []
        for sub in ["ended", "conversations", "dialogs"] { try FileSink.makeDirectories(directory + "/" + sub) }
        if refresh {
            let live = Set(entries.filter { !$0.ended }.map(\.file))
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory + "/conversations")) ?? []
            where name.hasSuffix(".jsonl") && !live.contains("conversations/" + name) {
                unlink(directory + "/conversations/" + name)
            }
        }
        var hashes: Set<String> = []
        for entry in entries {
            hashes.insert(entry.contentHash)
            let path = directory + "/" + entry.file
            if refresh, let info = try? FileManager.default.attributesOfItem(atPath: path),
               entry.ended || ((info[.size] as? Int) == entry.size && Self.header(of: path, names: entry.instance)) { continue }
            try Self.replace(path, with: try bytes(of: entry))
            written.append(entry.file)
        }
        for hash in hashes.sorted() {
            let path = directory + "/dialogs/" + hash + ".json"
            if FileManager.default.fileExists(atPath: path) { continue }
            try Self.replace(path, with: Array(try store.snapshot(hash).canonical.utf8))
        }
        return written
    }

    /// Whether a transcript file's header names this conversation instance (a live file is named by the
    /// conversation id, which a later instance reuses).
    static func header(of path: String, names instance: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? nil
        guard let head, let line = head.split(separator: 0x0A, maxSplits: 1).first else { return false }
        return String(decoding: line, as: UTF8.self).contains("\"instance\":\"\(instance)\"")
    }

    /// Writes a file whole: to a temporary name beside it, then renamed over it (a reader never sees half of one).
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".\(getpid()).tmp"
        unlink(temporary)
        let sink = try FileSink(creating: temporary)
        do {
            try sink.append(bytes)
            try sink.close()
        } catch {
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            throw FileSink.Failure(path: path, operation: "rename into", code: errno)
        }
    }
}

/// Coaching continuity over the PostgreSQL store: its transcripts are mirrored into a local directory (only what
/// changed since the last read), which the file store's reader folds and caches as it does any transcripts
/// directory. The mirror is a cache: the database stays the truth.
public struct PostgresCoachingStore: CoachingStore {
    let export: PostgresExport
    let files: TranscriptCoachingStore

    /// `mirror`: the local directory the transcripts are mirrored into.
    public init(store: PostgresConversationStore, mirror: String, key: TranscriptKey?, unverified: Bool = false) {
        export = PostgresExport(store: store)
        files = TranscriptCoachingStore(directory: mirror, key: key, unverified: unverified)
    }

    public func read() throws -> CoachingRead {
        try export.write(to: files.directory, refresh: true)
        return try files.read()
    }

    public func rebuild() throws -> CoachingRead {
        try export.write(to: files.directory, refresh: true)
        return try files.rebuild()
    }

    public func answers(of session: CoachingSession) throws -> [String: [DialogEngine.Event.Kind]] { try files.answers(of: session) }

    public func path(of session: CoachingSession) -> String { files.path(of: session) }

    /// The default mirror of a store: `$XDG_CACHE_HOME/coach/store-<hash of its URL>`, else under `~/.cache`.
    public static func defaultMirror(for url: PostgresURL, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache")
        return base + "/coach/store-" + String(HashChain.sha256(url.description.utf8).prefix(16))
    }
}
