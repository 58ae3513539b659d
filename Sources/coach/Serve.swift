import ArgumentParser
import CoachCLI
import CoachPostgres
import CoachServer
import Foundation

/// `coach serve`: the JSON-lines protocol for chat bridges.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve many conversations over stdin/stdout: JSON-RPC 2.0, one message per line.",
        discussion: """
            A chat bridge (Slack, Teams, Telegram, Matrix) runs `coach serve` as a child process and writes one \
            request per line; each reply is one line on stdout. Logs go to stderr. End of input or SIGTERM stops \
            the server after answering what it has read. The protocol is specified in docs/protocol.md.

            Every conversation is recorded to a transcript; a conversation the process does not hold (after a \
            crash or a restart) is resumed from its transcript on its next message. Turns are written to a journal \
            of the process (DIR/journal/) before each reply; each conversation's own file is written from it when \
            the conversation finishes, ends, is closed past --max-open, the journal moves to a new segment (every \
            64 MiB; COACH_JOURNAL_SEGMENT_BYTES) or the server stops, and a killed server's journal is recovered at \
            the next start. --durability says when turns reach the disk (default \
            delayed=1000; docs/transcript-format.md).

            With --store postgres://... (or COACH_STORE), conversations are recorded in PostgreSQL instead, and any \
            number of `coach serve` processes, on any hosts, serve the same conversations: each request's turns are \
            committed with its reply before the reply is sent, a retried message gets its first reply from the \
            database, and a stale button is refused whichever process showed it. Run `coach db migrate` first \
            (docs/deployment.md).

            Compiled dialogs are cached in $COACH_CACHE, else $XDG_CACHE_HOME/coach, else ~/.cache/coach, and \
            recompiled when a dialog file changes; COACH_CACHE=off turns the cache off.
            """
    )

    @OptionGroup var options: DialogsOption
    @OptionGroup var recording: TranscriptOptions
    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("Log level on stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"),
            completion: .list(["trace", "debug", "info", "notice", "warning", "error", "critical"]))
    var logLevel: String = "notice"

    @Option(help: ArgumentHelp(
        "The most conversations held live; past it the least recently used is closed and comes back on its next request: from its transcript (default with transcripts: half the open-file limit, at most 4096), or, with --no-transcripts, from a compact copy of its answers kept in memory (default 10000).",
        valueName: "n"))
    var maxOpen: Int?

    @Option(help: ArgumentHelp(
        "When turns reach the disk: sync (each reply waits for one fdatasync of the journal per input chunk), delayed[=ms] (written before the reply, synced by a background thread within ms; the default, delayed=1000), process (written before the reply, synced at shutdown: survives a killed process, not a power failure).",
        valueName: "level"), completion: .list(["sync", "delayed", "process"]))
    var durability: String = "delayed=1000"

    func validate() throws {
        guard Journal.Durability(argument: durability) != nil else {
            throw ValidationError("unknown durability '\(durability)'; the levels are sync, delayed, delayed=MS (1 or more) and process.")
        }
        try Self.validate(logLevel: logLevel, maxOpen: maxOpen)
    }

    static func validate(logLevel: String, maxOpen: Int?) throws {
        if let maxOpen, maxOpen < 1 { throw ValidationError("--max-open must be at least 1.") }
        guard ServeRunner.logLevels.contains(logLevel) else {
            throw ValidationError("unknown log level '\(logLevel)'; the levels are " + ServeRunner.logLevels.joined(separator: ", ") + ".")
        }
    }

    func run() throws {
        if store.store != nil, recording.transcripts != nil || recording.noTranscripts {
            throw ValidationError("--store records to PostgreSQL: give it without --transcripts and --no-transcripts.")
        }
        let (transcripts, coaching) = try Self.stores(url: recording.transcripts == nil && !recording.noTranscripts ? store.url() : nil,
                                                      files: { try recording.directory(options) }, keyPath: recording.key.path,
                                                      dialogs: options.directory)
        try Self.run(directory: options.directory, logLevel: logLevel, transcripts: transcripts, coaching: coaching, maxOpen: maxOpen,
                     cache: options.cache, durability: Journal.Durability(argument: durability)!)
    }

    /// Where the server records: the PostgreSQL store at `url` (its coaching continuity read through a local
    /// mirror), else the transcripts directory `files` gives.
    static func stores(url: PostgresURL?, files: () throws -> TranscriptDirectory?, keyPath: String,
                       dialogs: String) throws -> ((any ConversationStore)?, (any CoachingStore)?) {
        guard let url else { return (try files(), nil) }
        let store = try PostgresConversationStore(url: url, dialogsDirectory: dialogs)
        store.key = try TranscriptKeyFile.loadOrCreate(keyPath)
        store.holdsTurnsUntilCommit = true
        return (store, PostgresCoachingStore(store: store, mirror: PostgresCoachingStore.defaultMirror(for: url), key: store.key))
    }

    static func run(directory: String, logLevel: String, transcripts: (any ConversationStore)?, coaching: (any CoachingStore)?,
                    maxOpen: Int?, cache: DialogCache?, durability: Journal.Durability = .standard) throws -> Never {
        let status = try ServeRunner.run(directory: directory, logLevel: logLevel, transcripts: transcripts, coaching: coaching,
                                         maxOpen: maxOpen, cache: cache, durability: durability)
        // Everything is answered and flushed; the process ending frees the conversations faster than tearing them down.
        Foundation.exit(status)
    }
}

/// `coach serve` as bridges start it, read without ArgumentParser: `serve` and any of `--dialogs DIR`,
/// `--transcripts DIR`, `--no-transcripts`, `--key-file PATH`, `--log-level LEVEL`, `--max-open N`, `--durability LEVEL`,
/// each at most once,
/// with values that do not begin with `-` and that pass `Serve.validate`. Anything else (help, `--name=value`, an
/// unknown or repeated option, a value that is refused) is left to ArgumentParser, which reports it.
///
/// Why: ArgumentParser reflects over every command's properties and casts them dynamically; in the statically linked
/// binary each first cast searches all of Foundation's protocol conformances, about two thirds of a cached start.
struct ServeArguments {
    var dialogs: String?
    var transcripts: String?
    var noTranscripts = false
    var keyFile: String?
    var store: String?
    var logLevel = "notice"
    var maxOpen: Int?
    var durability = Journal.Durability.standard

    /// The options of `arguments` (without the program's name), or nil when ArgumentParser must read them.
    init?(_ arguments: some Collection<String>) {
        guard arguments.first == "serve" else { return nil }
        var seen: Set<String> = []
        var rest = arguments.dropFirst()[...]
        while let name = rest.popFirst() {
            guard seen.insert(name).inserted else { return nil }
            if name == "--no-transcripts" {
                noTranscripts = true
                continue
            }
            guard let value = rest.popFirst(), !value.isEmpty, !value.hasPrefix("-") else { return nil }
            switch name {
            case "--dialogs": dialogs = value
            case "--transcripts": transcripts = value
            case "--key-file": keyFile = value
            case "--store": store = value
            case "--log-level": logLevel = value
            case "--max-open":
                guard let n = Int(value) else { return nil }
                maxOpen = n
            case "--durability":
                guard let level = Journal.Durability(argument: value) else { return nil }
                durability = level
            default: return nil
            }
        }
        guard (try? Serve.validate(logLevel: logLevel, maxOpen: maxOpen)) != nil else { return nil }
        if store != nil, transcripts != nil || noTranscripts { return nil }
        if let store, (try? PostgresURL(store)) == nil { return nil }
    }

    /// Serves as `Serve.run` does; an error is reported as ArgumentParser reports one thrown by `run`.
    func run() -> Never {
        do {
            let directory = DialogLibrary.defaultDirectory(dialogs)
            let keyPath = TranscriptKeyFile.path(option: keyFile)
            let text = transcripts == nil && !noTranscripts ? store ?? ProcessInfo.processInfo.environment["COACH_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) : nil
            let (recording, coaching) = try Serve.stores(url: try text.map { try PostgresURL($0) }, files: {
                try TranscriptOptions.directory(transcripts: transcripts, noTranscripts: noTranscripts, keyPath: keyPath, dialogs: directory)
            }, keyPath: keyPath, dialogs: directory)
            try Serve.run(directory: directory, logLevel: logLevel, transcripts: recording, coaching: coaching,
                          maxOpen: maxOpen, cache: DialogCache.fromEnvironment(), durability: durability)
        } catch {
            Coach.exit(withError: error)
        }
    }
}
