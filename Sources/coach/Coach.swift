import ArgumentParser

/// The coach command: a coaching assistant for sales leaders.
@main
struct Coach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract: "A coaching assistant for sales leaders: diagnose a sales problem step by step and get a plan.",
        discussion: """
            coach works through the Sales Strategy Execution System in reverse: goals, work products, processes, \
            tasks, people, one question at a time, until the root cause shows; then it writes a coaching plan. \
            Dialogs are YAML files in a directory (default ./Dialogs, or $COACH_DIALOGS, or --dialogs).
            """,
        version: CoachVersion.current,
        subcommands: [Chat.self, Serve.self, Check.self, Graph.self, Replay.self, Report.self, History.self, Team.self, Export.self, Index.self, Forget.self, Db.self, Mcp.self],
        defaultSubcommand: Chat.self
    )

    /// `coach serve` as bridges start it goes straight to the server (see `ServeArguments`); everything else is
    /// parsed by ArgumentParser.
    static func main() {
        if let serve = ServeArguments(CommandLine.arguments.dropFirst()) { serve.run() }
        main(nil)
    }
}

/// Options shared by the commands that load dialogs.
struct DialogsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory of dialog files.", valueName: "dir"), completion: .directory)
    var dialogs: String?

    var directory: String { DialogLibrary.defaultDirectory(dialogs) }

    /// Where compiled dialogs are kept between runs (`COACH_CACHE`, `XDG_CACHE_HOME`, `HOME`); nil when off.
    var cache: DialogCache? { DialogCache.fromEnvironment() }
}

extension CompletionKind {
    /// The dialog ids in the command line's dialogs directory, and dialog files where a path is typed.
    static var dialogs: CompletionKind { .custom { words, _, prefix in Completions.dialogs(words, prefix: prefix) } }
}

import CoachCLI
