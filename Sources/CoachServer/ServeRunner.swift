import CoachCLI
import DialogCompiler
import Foundation
import Logging
import Transcript

/// `coach serve`: compiles the dialogs, then serves stdin/stdout until end of input; returns the exit status.
public enum ServeRunner {
    /// The default `--max-open`: half the soft limit on open files (a transcript holds one each), at most 4,096.
    public static var defaultMaxOpen: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int32.max) else { return 4096 }
        return max(16, min(4096, Int(limit.rlim_cur / 2)))
    }

    /// The default `--max-open` without transcripts: the conversations held live; the rest are kept compact.
    public static let defaultLive = 10_000

    /// The log levels `--log-level` takes, least severe first.
    public static let logLevels = Logger.Level.allCases.map(\.rawValue)

    /// Serves the dialogs in `directory`, taken from `cache` when it holds an image of them (see `DialogCache`).
    /// `transcripts`: where conversations are recorded. A transcripts directory records turns to a journal of this
    /// process, made durable as `durability` says (see `Journal.Durability`), after recovering the journals of
    /// processes that died; a shared store (PostgreSQL) commits each request's turns with its reply. `coaching`:
    /// where the finished diagnoses are read (default: the transcripts directory's).
    public static func run(directory: String, logLevel: String, transcripts: (any ConversationStore)?, coaching: (any CoachingStore)? = nil,
                           maxOpen: Int? = nil, cache: DialogCache? = nil, durability: Journal.Durability = .standard) throws -> Int32 {
        var logger = Logger(label: "coach.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        let library = try DialogLibrary.load(directory: directory, cache: cache)
        if library.result.hasErrors { throw DialogLibrary.LoadError.invalid(library.result.errors) }
        transcripts?.use(sources: library.sources)
        let files = transcripts as? TranscriptDirectory
        if let files {
            files.durability = .deferred
            let log = logger
            let segment = ProcessInfo.processInfo.environment["COACH_JOURNAL_SEGMENT_BYTES"].flatMap(Int.init).map { max(1, $0) }
            for line in try files.openJournal(durability: durability, segmentBytes: segment ?? Journal.defaultRotationBytes,
                                              report: { log.error("\($0)") }) { logger.notice("\(line)") }
        }
        // Coaching continuity reads the finished diagnoses of the same store, authenticated with the same key.
        let coaching = coaching ?? files.map { TranscriptCoachingStore(directory: $0.path, key: $0.key) }
        let server = ProtocolServer(dialogs: library.result.dialogs, today: Clock.today, logger: logger, transcripts: transcripts,
                                      maxOpen: maxOpen ?? (transcripts == nil ? defaultLive : defaultMaxOpen), coaching: coaching)
        let recording = files.map { "transcripts: \($0.path), durability \(durability)" } ?? (transcripts == nil ? "transcripts: off" : "transcripts: a shared store")
        logger.info("serving \(library.result.dialogs.count) dialogs from \(directory) (\(library.cacheUse)); \(recording)")
        let status = ServerLoop(server: server, logger: logger).run()
        // A failed group commit stopped the server: the journal is left as it is, for the next start to recover.
        guard status == 0 else { return status }
        return server.closeTranscripts() ? 0 : 1
    }
}
