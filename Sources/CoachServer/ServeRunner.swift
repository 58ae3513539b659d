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
    /// With transcripts on, turns go to a journal of this process, made durable as `durability` says (see
    /// `Journal.Durability`); journals left by processes that died are recovered first.
    public static func run(directory: String, logLevel: String, transcripts: TranscriptDirectory?, maxOpen: Int? = nil,
                           cache: DialogCache? = nil, durability: Journal.Durability = .standard) throws -> Int32 {
        var logger = Logger(label: "coach.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        let library = try DialogLibrary.load(directory: directory, cache: cache)
        if library.result.hasErrors { throw DialogLibrary.LoadError.invalid(library.result.errors) }
        transcripts?.durability = .deferred
        transcripts?.use(sources: library.sources)
        if let transcripts {
            let log = logger
            let segment = ProcessInfo.processInfo.environment["COACH_JOURNAL_SEGMENT_BYTES"].flatMap(Int.init).map { max(1, $0) }
            for line in try transcripts.openJournal(durability: durability, segmentBytes: segment ?? Journal.defaultRotationBytes,
                                                    report: { log.error("\($0)") }) { logger.notice("\(line)") }
        }
        // Coaching continuity reads the finished diagnoses of the same directory, authenticated with the same key.
        let coaching = transcripts.map { TranscriptCoachingStore(directory: $0.path, key: $0.key) }
        let server = ProtocolServer(dialogs: library.result.dialogs, today: Clock.today, logger: logger, transcripts: transcripts,
                                      maxOpen: maxOpen ?? (transcripts == nil ? defaultLive : defaultMaxOpen), coaching: coaching)
        logger.info("serving \(library.result.dialogs.count) dialogs from \(directory) (\(library.cacheUse)); transcripts: \(transcripts?.path ?? "off"), durability \(durability)")
        let status = ServerLoop(server: server, logger: logger).run()
        // A failed group commit stopped the server: the journal is left as it is, for the next start to recover.
        guard status == 0 else { return status }
        return server.closeTranscripts() ? 0 : 1
    }
}
