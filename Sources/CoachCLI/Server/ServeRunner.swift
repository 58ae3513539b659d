import DialogCompiler
import Foundation
import Logging
import Transcript

/// `coach serve`: compiles the dialogs, then serves stdin/stdout until end of input.
public enum ServeRunner {
    public static func run(directory: String, logLevel: String, transcripts: TranscriptDirectory?) throws -> Int32 {
        var logger = Logger(label: "coach.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        let library = try DialogLibrary.load(directory: directory)
        if library.result.hasErrors { throw DialogLibrary.LoadError.invalid(library.result.errors) }
        transcripts?.durability = .deferred
        transcripts?.use(sources: library.sources)
        let server = ProtocolServer(dialogs: library.result.dialogs, today: Clock.today, logger: logger, transcripts: transcripts)
        logger.info("serving \(library.result.dialogs.count) dialogs from \(directory); transcripts: \(transcripts?.path ?? "off")")
        let status = ServerLoop(server: server, logger: logger).run()
        // Everything is answered and flushed; the process ending frees the conversations faster than tearing them down.
        exit(status)
    }
}
