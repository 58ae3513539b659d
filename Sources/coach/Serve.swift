import ArgumentParser
import CoachCLI
import CoachServer
import Foundation

/// `coach serve`: the JSON-lines protocol for chat bridges.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve many conversations over stdin/stdout: JSON-RPC 2.0, one message per line.",
        discussion: """
            A chat bridge (Slack, Teams, Telegram, Matrix) runs `coach serve` as a child process and writes one \
            request per line; each reply is one line on stdout. Logs go to stderr. End of input or SIGTERM stops \
            the server after answering what it has read. The protocol is specified in docs/protocol.md.

            Every conversation is recorded to a transcript; a conversation the process does not hold (after a \
            crash or a restart) is resumed from its transcript on its next message. Turns are written to a journal \
            of the process (DIR/journal/) before each reply; each conversation's own file is written from it when \
            the conversation finishes, ends, is closed past --max-open, or the server stops, and a killed server's \
            journal is recovered at the next start. --durability says when turns reach the disk (default \
            delayed=1000; docs/transcript-format.md).
            """
    )

    @OptionGroup var options: DialogsOption
    @OptionGroup var recording: TranscriptOptions

    @Option(help: ArgumentHelp("Log level on stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"),
            completion: .list(["trace", "debug", "info", "notice", "warning", "error", "critical"]))
    var logLevel: String = "notice"

    @Option(help: ArgumentHelp(
        "With transcripts on, the most conversations held open (default: half the open-file limit, at most 4096); past it the least recently used is closed and resumed from its transcript on its next request.",
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
        if let maxOpen, maxOpen < 1 { throw ValidationError("--max-open must be at least 1.") }
        guard ServeRunner.logLevels.contains(logLevel) else {
            throw ValidationError("unknown log level '\(logLevel)'; the levels are " + ServeRunner.logLevels.joined(separator: ", ") + ".")
        }
    }

    func run() throws {
        let status = try ServeRunner.run(directory: options.directory, logLevel: logLevel, transcripts: try recording.directory(options),
                                         maxOpen: maxOpen, durability: Journal.Durability(argument: durability)!)
        // Everything is answered and flushed; the process ending frees the conversations faster than tearing them down.
        Foundation.exit(status)
    }
}
