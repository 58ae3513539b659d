import ArgumentParser
import CoachCLI
import Foundation

/// `coach export`: a subject's open actions and follow-up meetings, for a calendar, a CRM or a document.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a person's open actions and follow-up meetings: iCalendar, CSV or Markdown.",
        discussion: """
            The open actions are those of the subject's latest plan. ics: each action a to-do with its due date, \
            each follow-up meeting an all-day event (RFC 5545); import it into a calendar, and import it again after \
            the next diagnosis: the same actions keep their ids, so they are updated rather than added twice. csv: \
            one row per action with a header (RFC 4180), for a CRM import. md: a table.
            """
    )

    @Argument(help: ArgumentHelp("The subject id, or the name given in the diagnoses.", valueName: "subject"))
    var subject: String

    @Option(help: "ics (iCalendar), csv or md (Markdown).")
    var format: ActionExport.Format = .ics

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @OptionGroup var coaching: CoachingOptions

    func run() throws {
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
}

extension ActionExport.Format: ExpressibleByArgument {}
