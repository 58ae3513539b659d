import ArgumentParser
import CoachCLI
import CoachPostgres
import Foundation
import Transcript

/// The options `coach history`, `coach team`, `coach export` and `coach index` share: where the transcripts are,
/// the key that authenticates them, and the output format.
struct CoachingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The transcripts directory (default: $XDG_DATA_HOME/coach/transcripts).", valueName: "dir"), completion: .directory)
    var transcripts: String?

    @ArgumentParser.Flag(help: "Read transcripts that do not authenticate with the key (their hash chains must still hold).")
    var unverified = false

    @OptionGroup var key: KeyOption
    @OptionGroup var store: StoreOption

    /// The store over the transcripts directory, or over the PostgreSQL store (through its local mirror); a
    /// transcript left out is reported on stderr.
    func coachingStore() throws -> any CoachingStore {
        let key = try key.load(required: !unverified)
        if transcripts == nil, let url = try store.url() {
            let conversations = try PostgresConversationStore(url: url, dialogsDirectory: DialogLibrary.defaultDirectory(nil))
            return PostgresCoachingStore(store: conversations, mirror: PostgresCoachingStore.defaultMirror(for: url), key: key, unverified: unverified)
        }
        return TranscriptCoachingStore(directory: transcripts ?? TranscriptDirectory.defaultPath(), key: key, unverified: unverified)
    }

    /// The sessions of one subject (an id or a name); an unknown or ambiguous one is said on stderr (exit 1).
    func sessions(of who: String) throws -> [CoachingSession] {
        do { return try read().sessions(of: who) } catch let error as CoachingLookupError {
            FileHandle.standardError.write(Data(Terminal.sanitize("coach: \(error)\n").utf8))
            throw ExitCode.failure
        }
    }

    /// Reads the store, telling stderr about each transcript left out.
    func read(rebuild: Bool = false) throws -> CoachingRead {
        let store = try coachingStore()
        let read = rebuild ? try store.rebuild() : try store.read()
        for why in read.skipped { FileHandle.standardError.write(Data(Terminal.sanitize("coach: left out: " + why + "\n").utf8)) }
        return read
    }
}

/// How `coach history` and `coach team` print.
enum CoachingFormat: String, CaseIterable, ExpressibleByArgument {
    case text, markdown, json
}

/// Prints a report: text and Markdown sanitized (what leaders typed is in them), JSON as it is.
func printReport(_ text: String, json: Bool) {
    print(json ? text : Terminal.sanitize(text), terminator: text.hasSuffix("\n") ? "" : "\n")
}
