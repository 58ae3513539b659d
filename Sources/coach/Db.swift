import ArgumentParser
import CoachCLI
import CoachPostgres
import Foundation
import Transcript

/// `coach db`: the PostgreSQL store's schema.
struct Db: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the PostgreSQL store: create or upgrade its schema, show its version.",
        discussion: """
            Several `coach serve` processes, on any hosts, can serve the same conversations from one PostgreSQL \
            database (`coach serve --store postgres://...`). `coach db migrate` creates its tables, or upgrades them \
            to this coach's schema; run it once before the servers start, and again after upgrading coach. \
            docs/deployment.md says how to run several servers and what the database must provide.
            """,
        subcommands: [Migrate.self, Status.self]
    )

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the store's tables, or apply the migrations the database lacks (running it again changes nothing).")

        @OptionGroup var store: StoreOption

        func run() throws {
            let url = try store.requiredURL()
            let done = try PostgresStoreAdmin.migrate(url)
            print(done.isEmpty ? "\(url): up to date at schema version \(PostgresStoreAdmin.latest)" : done.joined(separator: "\n"))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the database's schema version and what it holds.")

        @OptionGroup var store: StoreOption

        func run() throws {
            let url = try store.requiredURL()
            print(try PostgresStoreAdmin.status(url))
        }
    }
}

/// Where conversations are kept: `--store postgres://...`, else `$COACH_STORE`; nil: the transcripts directory.
struct StoreOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A PostgreSQL store shared by several coach processes: postgres://USER:PASSWORD@HOST:PORT/DATABASE, or postgres://USER@/DATABASE?host=/socket/dir (default: $COACH_STORE).",
        valueName: "url"))
    var store: String?

    /// The store's URL, when one is given.
    func url() throws -> PostgresURL? {
        guard let text = store ?? ProcessInfo.processInfo.environment["COACH_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        do { return try PostgresURL(text) } catch { throw ValidationError("\(error)") }
    }

    /// Where a front end that records turn by turn (the chat, `coach mcp`) records: the PostgreSQL store (`--store`,
    /// else `$COACH_STORE` unless a transcripts directory is named), each turn inserted as it is written; else the
    /// transcripts directory.
    func conversations(_ recording: TranscriptOptions, dialogs: String) throws -> (any ConversationStore)? {
        if store != nil, recording.transcripts != nil || recording.noTranscripts {
            throw ValidationError("--store records to PostgreSQL: give it without --transcripts and --no-transcripts.")
        }
        guard recording.transcripts == nil, !recording.noTranscripts, let url = try url() else {
            return try TranscriptOptions.directory(transcripts: recording.transcripts, noTranscripts: recording.noTranscripts,
                                                   keyPath: recording.key.path, dialogs: dialogs)
        }
        let shared = try PostgresConversationStore(url: url, dialogsDirectory: dialogs)
        shared.key = try TranscriptKeyFile.loadOrCreate(recording.key.path)
        return shared
    }

    /// Where finished diagnoses are read beside `conversations`: the PostgreSQL store through its local mirror, or
    /// the transcripts directory; nil without transcripts.
    func coaching(_ conversations: (any ConversationStore)?) -> (any CoachingStore)? {
        if let shared = conversations as? PostgresConversationStore, let url = try? url() {
            return PostgresCoachingStore(store: shared, mirror: PostgresCoachingStore.defaultMirror(for: url), key: shared.key)
        }
        guard let directory = conversations as? TranscriptDirectory else { return nil }
        return TranscriptCoachingStore(directory: directory.path, key: directory.key)
    }

    func requiredURL() throws -> PostgresURL {
        guard let url = try url() else { throw ValidationError("give the store: --store postgres://... (or set COACH_STORE)") }
        return url
    }
}
