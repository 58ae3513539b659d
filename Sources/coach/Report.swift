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

    @Argument(help: ArgumentHelp("The transcript file; with --store, the conversation id (its latest instance).", valueName: "transcript"),
              completion: .file(extensions: ["jsonl"]))
    var transcript: String

    @ArgumentParser.Flag(help: "Print the plan of a transcript that does not authenticate with the key, under a warning.")
    var unverified = false

    @OptionGroup var key: KeyOption
    @OptionGroup var store: StoreOption

    func run() throws {
        var path = transcript
        var exported: StoreExport?
        if store.store != nil {
            let written = try StoreExport.write(try store.requiredURL(), conversations: [transcript], dialogs: DialogLibrary.defaultDirectory(nil))
            exported = written
            guard let last = written.files.last else {
                written.remove()
                FileHandle.standardError.write(Data(Terminal.sanitize("coach: the store holds no conversation '\(transcript)'\n").utf8))
                throw ExitCode.failure
            }
            path = last
        }
        defer { exported?.remove() }
        var (text, error, status) = ReportRunner.run(path: path, key: try key.load(required: !unverified), unverified: unverified)
        if let exported { error = error.map(exported.relabel) }
        // What leaders typed is in it: it must not reach a terminal as escape sequences.
        print(Terminal.sanitize(text), terminator: "")
        if let error { FileHandle.standardError.write(Data(Terminal.sanitize("coach: " + error + "\n").utf8)) }
        throw ExitCode(status)
    }
}
