import ArgumentParser
import CoachCLI
import Foundation
import Transcript

/// `coach report`: a transcript's plan as Markdown, each finding linked to the answers that produced it.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a transcript's coaching plan as Markdown, with the answers behind each finding."
    )

    @Argument(help: ArgumentHelp("The transcript file.", valueName: "transcript"), completion: .file(extensions: ["jsonl"]))
    var transcript: String

    @ArgumentParser.Flag(help: "Print the plan of a transcript that does not authenticate with the key, under a warning.")
    var unverified = false

    @OptionGroup var key: KeyOption

    func run() throws {
        let (text, error, status) = ReportRunner.run(path: transcript, key: try key.load(required: !unverified), unverified: unverified)
        // What leaders typed is in it: it must not reach a terminal as escape sequences.
        print(Terminal.sanitize(text), terminator: "")
        if let error { FileHandle.standardError.write(Data(Terminal.sanitize("coach: " + error + "\n").utf8)) }
        throw ExitCode(status)
    }
}
