import ArgumentParser
import CoachCLI
import Foundation
import Transcript

/// `coach replay`: re-run transcripts through the engine and check that they say what was recorded.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay transcripts and verify them: hash chain, outputs, completion; optionally coverage.",
        discussion: """
            Each transcript is verified, diverged (turn, question, recorded vs replayed), tampered (first bad line), \
            incomplete (no plan and not ended) or cannot be replayed. Exit status 0 only when every one verifies.

            --against recorded uses the dialog version stored beside the transcripts (dialogs/<sha256>.json); \
            --against current uses today's dialogs and shows what would change.

            A transcript whose seal does not authenticate with this installation's key (unsealed, forged, or sealed \
            with another key) is refused with a line on stderr, unless --unverified, which replays it with a warning.
            """
    )

    @Argument(help: ArgumentHelp("Transcript files, or directories searched for *.jsonl; with --store, conversation ids (default: all).", valueName: "path"),
              completion: .file(extensions: ["jsonl"]))
    var paths: [String] = []

    @Option(help: "The dialog version to replay against: recorded or current.")
    var against: ReplayRunner.Against = .recorded

    @Option(help: "The report format: text or json.")
    var format: ReplayRunner.Format = .text

    @ArgumentParser.Flag(help: "Report the nodes, choices and findings the transcripts reached, and list each one never reached.")
    var coverage = false

    @ArgumentParser.Flag(help: "Replay transcripts that do not authenticate with the key (or with no key), with a warning.")
    var unverified = false

    @OptionGroup var options: DialogsOption
    @OptionGroup var key: KeyOption
    @OptionGroup var store: StoreOption

    func validate() throws {
        if paths.isEmpty, try store.url() == nil { throw ValidationError("give transcript files or directories, or --store URL (or set COACH_STORE)") }
    }

    func run() throws {
        var runner = ReplayRunner(against: against)
        if against == .current {
            let library = try DialogLibrary.load(directory: options.directory)
            runner = ReplayRunner(against: against, compiled: library.result, directory: options.directory)
        }
        runner.unverified = unverified
        runner.key = try key.load(required: !unverified)
        var (output, errors, status): (String, [String], Int32)
        if store.store != nil || (paths.isEmpty && (try? store.url()) != nil) {
            // The store's transcripts, written as the file store would (byte for byte), are what is replayed.
            let url = try store.requiredURL()
            let exported = try StoreExport.write(url, conversations: paths.isEmpty ? nil : paths, dialogs: options.directory)
            defer { exported.remove() }
            (output, errors, status) = runner.run(exported.files, format: format, coverage: coverage)
            output = exported.relabel(output)
            errors = errors.map(exported.relabel)
            if exported.files.isEmpty { errors.append("the store holds no transcripts" + (paths.isEmpty ? "" : " of " + paths.joined(separator: ", "))); status = 1 }
        } else {
            (output, errors, status) = runner.run(paths, format: format, coverage: coverage)
        }
        print(format == .json ? output : Terminal.sanitize(output), terminator: "")
        for e in errors { FileHandle.standardError.write(Data(Terminal.sanitize("coach: " + e + "\n").utf8)) }
        throw ExitCode(status)
    }
}

extension ReplayRunner.Against: ExpressibleByArgument {}
extension ReplayRunner.Format: ExpressibleByArgument {}
