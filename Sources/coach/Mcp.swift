import ArgumentParser
import CoachCLI
import CoachMCP
import Foundation

/// `coach mcp`: the diagnosis for AI assistants over the Model Context Protocol.
struct Mcp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the diagnosis to an AI assistant over the Model Context Protocol (stdio).",
        discussion: """
            An MCP client (Claude, an IDE agent, ...) starts `coach mcp` and speaks MCP on its stdin and stdout; \
            logs go to stderr. The diagnosis is offered as tools (list_problems, start_diagnosis, answer, back, why, \
            current_question, get_plan, subject_history) with input and output schemas, each question as a native \
            form when the client declares elicitation, a prompt per problem, and the questions and finished plans as \
            resources. Each conversation is recorded as `coach serve` records its own (in a transcripts directory, or \
            with --store in PostgreSQL), so `coach replay` audits it. \
            docs/mcp.md shows how to register it with a client.
            """
    )

    @OptionGroup var options: DialogsOption
    @OptionGroup var recording: TranscriptOptions
    @OptionGroup var store: StoreOption

    @Option(help: ArgumentHelp("Log level on stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: String = "notice"

    func run() throws {
        let conversations = try store.conversations(recording, dialogs: options.directory)
        let status = try MCPRunner.run(directory: options.directory,
                                       recording: Recording(conversations: conversations, coaching: store.coaching(conversations)),
                                       cache: options.cache, logLevel: logLevel)
        throw ExitCode(status)
    }
}
