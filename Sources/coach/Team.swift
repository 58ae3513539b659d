import ArgumentParser
import CoachCLI
import Foundation
import Transcript

/// `coach team`: the picture across the people a leader has diagnosed.
struct Team: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Show the picture across your people: open and overdue actions, who improved, and findings that recur.",
        discussion: """
            Each person's latest diagnosis gives their open actions (overdue when past due) and lead finding; \
            their headline measure's first and latest values say whether they improved. A finding found for \
            several people (three, or a third of a team larger than nine) is called out: it usually has its cause in how \
            the team works. Today is the system date (or $COACH_TODAY).
            """
    )

    @Option(help: ArgumentHelp("Only the diagnoses this leader ran (the name given with --leader or $COACH_LEADER).", valueName: "name"))
    var leader: String?

    @Option(help: "How to print: text, markdown or json.")
    var format: CoachingFormat = .text

    @OptionGroup var coaching: CoachingOptions

    func run() throws {
        let team = TeamPicture(try coaching.read().sessions, leader: leader, today: Clock.today())
        switch format {
        case .text: printReport(team.text(), json: false)
        case .markdown: printReport(team.markdown(), json: false)
        case .json: printReport(team.json().encoded, json: true)
        }
    }
}
