import ArgumentParser
import CoachCLI
import Foundation
import Transcript

/// `coach history`: one person's (or team's) diagnoses over time, with the headline measure's trend.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show one person's diagnoses over time, with the trend of the problem's headline measure.",
        discussion: """
            SUBJECT is a subject id (dana, dana-m; see coach chat --subject) or the name given in the diagnoses. \
            Every finished diagnosis in the transcripts directory whose transcript verifies is read; the results \
            are cached in index.json there (coach index --rebuild throws the cache away).

            --format text prints a sparkline of the measure, markdown a table and a Mermaid chart, json the series \
            and every session as data.
            """
    )

    @Argument(help: ArgumentHelp("The subject id, or the name given in the diagnoses.", valueName: "subject"))
    var subject: String

    @Option(help: "How to print: text, markdown or json.")
    var format: CoachingFormat = .text

    @OptionGroup var coaching: CoachingOptions

    func run() throws {
        let history = SubjectHistory(sessions: try coaching.sessions(of: subject))
        switch format {
        case .text: printReport(history.text(), json: false)
        case .markdown: printReport(history.markdown(), json: false)
        case .json: printReport(history.json().encoded, json: true)
        }
    }
}
