@testable import CoachTerminal
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing

/// The plan at a terminal: a summary when the diagnosis ends, the whole plan on `:plan`; from a pipe, the whole plan.
@Suite struct PlanAtTheTerminalTests {
    let engine = Engine(dialog: Repository.dialog("off-track"))

    @Test func aTerminalGetsTheSummaryThenThePlanOnRequest() {
        let reader = ScriptedTerminalReader(ReferenceAnswers.ott1 + [":plan", nil, "y"])
        let writer = CapturingWriter()
        var paged: [String] = []
        let loop = ChatLoop(dialog: engine.dialog, reader: reader, writer: writer, today: { Day(year: 2026, month: 11, day: 27) })
        loop.page = { paged.append($0); return false }
        #expect(loop.run() == 0)
        let summary = writer.text.components(separatedBy: "YOUR COACHING PLAN: ")
        #expect(summary.count == 2)
        let shown = summary[1].components(separatedBy: "\nLESSON PLANS").first!
        #expect(shown.contains("Where to start: Join or listen to the rep's customer calls"))
        #expect(shown.contains("Root cause: The rep has never been able to do the key tasks: a genuine skill gap.\n"))
        #expect(shown.contains("This week:\n  - 2026-12-03: Book one joint customer call"))
        #expect(shown.contains("Next follow-up: "))
        #expect(shown.contains("\n:plan for the whole plan, :save to keep it.\n"))
        #expect(paged.count == 1 && paged[0].contains("LESSON PLANS"), "the whole plan goes to the pager first")
        #expect(writer.text.contains("LESSON PLANS"), "printed when the pager did not take it")
    }

    @Test func aPipeGetsTheWholePlanAndPlanBeforeTheEndSaysSo() {
        let writer = CapturingWriter()
        #expect(ChatLoop(dialog: engine.dialog, reader: ScriptedReader([":plan"] + ReferenceAnswers.ott1), writer: writer).run() == 0)
        #expect(writer.text.contains("There is no plan yet: finish the diagnosis first.\n"))
        #expect(writer.text.contains("LESSON PLANS"))
        #expect(!writer.text.contains("YOUR COACHING PLAN"))
    }
}
