import ArgumentParser
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
            crash or a restart) is resumed from its transcript on its next message.

            Compiled dialogs are cached in $COACH_CACHE, else $XDG_CACHE_HOME/coach, else ~/.cache/coach, and \
            recompiled when a dialog file changes; COACH_CACHE=off turns the cache off.
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

    func validate() throws {
        if let maxOpen, maxOpen < 1 { throw ValidationError("--max-open must be at least 1.") }
        guard ServeRunner.logLevels.contains(logLevel) else {
            throw ValidationError("unknown log level '\(logLevel)'; the levels are " + ServeRunner.logLevels.joined(separator: ", ") + ".")
        }
    }

    func run() throws {
        let status = try ServeRunner.run(directory: options.directory, logLevel: logLevel, transcripts: try recording.directory(options),
                                         maxOpen: maxOpen, cache: options.cache)
        // Everything is answered and flushed; the process ending frees the conversations faster than tearing them down.
        Foundation.exit(status)
    }
}
