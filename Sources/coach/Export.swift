import ArgumentParser
import CoachCLI
import CoachPostgres
import Foundation

/// `coach export`: a subject's open actions and follow-up meetings, for a calendar, a CRM or a document.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a person's open actions and follow-up meetings (iCalendar, CSV or Markdown), or the store's transcripts (jsonl).",
        discussion: """
            The open actions are those of the subject's latest plan. ics: each action a to-do with its due date, \
            each follow-up meeting an all-day event (RFC 5545); import it into a calendar, and import it again after \
            the next diagnosis: the same actions keep their ids, so they are updated rather than added twice. csv: \
            one row per action with a header (RFC 4180), for a CRM import. md: a table.

            jsonl, with --store: the PostgreSQL store's transcripts (of the conversations given with --conversation, \
            else all) written to the directory -o names (default: the current one) as a transcripts directory holds \
            them: ended/, conversations/ and the dialog versions in dialogs/, each file byte for byte what the file \
            store would have written, so `coach replay DIR` verifies them.
            """
    )

    @Argument(help: ArgumentHelp("The subject id, or the name given in the diagnoses.", valueName: "subject"))
    var subject: String?

    @Option(help: "ics (iCalendar), csv or md (Markdown); jsonl: the store's transcripts.")
    var format: ExportFormat = .ics

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output (jsonl: to this directory).", valueName: "file"), completion: .file())
    var output: String?

    @Option(name: .customLong("conversation"), help: ArgumentHelp("With --format jsonl: a conversation to export (repeat it; default: all).", valueName: "id"))
    var conversations: [String] = []

    @OptionGroup var coaching: CoachingOptions

    func validate() throws {
        if format == .jsonl {
            guard coaching.store.store != nil || ProcessInfo.processInfo.environment["COACH_STORE"] != nil else {
                throw ValidationError("--format jsonl exports a PostgreSQL store's transcripts: give --store URL (a transcripts directory is already files)")
            }
            if subject != nil { throw ValidationError("--format jsonl exports conversations: give --conversation ID, not a subject") }
        } else {
            if subject == nil { throw ValidationError("give the subject whose actions to export") }
            if !conversations.isEmpty { throw ValidationError("--conversation goes with --format jsonl") }
        }
    }

    func run() throws {
        if format == .jsonl { return try exportTranscripts() }
        let subject = subject!
        let format = ActionExport.Format(rawValue: format.rawValue)!
        let text = ActionExport(history: SubjectHistory(sessions: try coaching.sessions(of: subject))).render(format)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            FileHandle.standardError.write(Data("coach: cannot write '\(output)': \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Writes the store's transcripts as files; prints one line per file.
    func exportTranscripts() throws {
        let store = try PostgresConversationStore(url: try coaching.store.requiredURL(), dialogsDirectory: DialogLibrary.defaultDirectory(nil))
        defer { store.close() }
        let directory = output ?? FileManager.default.currentDirectoryPath
        let written = try PostgresExport(store: store).write(to: directory, conversations: conversations.isEmpty ? nil : conversations)
        if written.isEmpty {
            FileHandle.standardError.write(Data("coach: the store holds no transcripts\(conversations.isEmpty ? "" : " of " + conversations.joined(separator: ", "))\n".utf8))
            throw ExitCode.failure
        }
        for file in written { print(Terminal.sanitize((directory.hasSuffix("/") ? directory : directory + "/") + file)) }
    }
}

/// What `coach export` writes: a person's actions (ics, csv, md) or the store's transcripts (jsonl).
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    case ics, csv, md, jsonl
}
