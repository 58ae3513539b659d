import CoachCLI
import DialogEngine
import Foundation

/// The plan at the terminal: a summary that fits one screen when the diagnosis ends, the whole plan on `:plan`.
/// From a pipe the whole plan is printed when the diagnosis ends, as scripts and tests read it.
extension ChatLoop {
    /// What follows the summary.
    static let planHint = ":plan for the whole plan, :save to keep it."

    /// The text for a finished diagnosis at a terminal.
    func finished(_ plan: Plan) -> String {
        "\n" + PlanRenderer(style: .text).summary(plan) + "\n" + Self.planHint + "\n"
    }

    /// `:plan`: the whole plan, through the pager when it is longer than the screen.
    func showPlan() {
        guard let plan = engine.plan(session) else {
            write("There is no plan yet: finish the diagnosis first.\n")
            return
        }
        let text = PlanRenderer(style: .text).render(plan)
        if !page(Terminal.sanitize(text)) { write(text) }
    }
}
