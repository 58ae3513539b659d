import ArgumentParser
import CoachCLI
import Foundation

/// `coach chat`: run a diagnosis at the terminal.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a diagnosis, one question at a time, to a coaching plan.",
        discussion: """
            Answer each question by number, by name, or in words (yes, no, unsure, 25%, ...).
            Commands: :back, :why, :help, :where, :summary, :change NODE ANSWER, :restart, :save [FILE], :quit.
            """
    )

    @Argument(help: ArgumentHelp("The dialog to run: an id (off-track, icp-reluctance, forecast-accuracy) or a file.", valueName: "dialog"))
    var dialog: String = "coach"

    @OptionGroup var options: DialogsOption

    func run() throws {
        let library = try DialogLibrary.load(directory: options.directory)
        throw ExitCode(ChatLoop.standardIO(dialog: try library.dialog(dialog)).run())
    }
}
