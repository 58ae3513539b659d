import ArgumentParser
import CoachCLI
import Foundation

/// `coach index`: the cache of finished diagnoses that history, team and export read.
struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Bring the index of finished diagnoses up to date, or rebuild it from the transcripts.",
        discussion: """
            The index (index.json in the transcripts directory) is only a cache: every entry is read again from \
            the transcript it came from when that file changes, and --rebuild throws it away and replays every \
            transcript. Transcripts that do not verify are left out, each with a line on stderr.
            """
    )

    @ArgumentParser.Flag(help: "Throw the index away and read every transcript again.")
    var rebuild = false

    @OptionGroup var coaching: CoachingOptions

    func run() throws {
        let read = try coaching.read(rebuild: rebuild)
        let subjects = Set(read.sessions.map(\.subject)).count
        print("\(read.sessions.count) finished diagnoses of \(subjects) subjects indexed; \(read.skipped.count) transcripts left out")
        if !read.skipped.isEmpty { throw ExitCode.failure }
    }
}
