import DialogEngine
import DialogModel
import Foundation

extension PlanRenderer {
    /// The plan on one screen, for the terminal at the end of a diagnosis: where to start, the root cause in one
    /// sentence, this week's actions and the next follow-up. Plain text, whatever the style; the whole plan is
    /// `render(_:)`.
    public func summary(_ plan: Plan) -> String {
        let h = plan.header
        var lines = ["YOUR COACHING PLAN: " + h.title + (h.subject.map { " (\($0))" } ?? "")]
        if let root = plan.rootCause {
            lines.append("Root cause: " + Self.firstSentence(root.sentence))
        } else {
            lines.append(plan.findings.isEmpty ? "Root cause: none showed in this diagnosis."
                         : "Root cause: none among the findings this plan still acts on.")
        }
        if let start = plan.start { lines.append("Where to start: " + start) }
        if !plan.thisWeek.isEmpty {
            lines.append("This week:")
            lines += plan.thisWeek.map { "  - " + step($0) }
        }
        let open = plan.decisions.filter { $0.chosen == nil }
        if !open.isEmpty {
            lines.append("To decide: " + open.map { $0.title }.joined(separator: "; "))
        }
        if let next = plan.followUps.min(by: { $0.date < $1.date }) {
            lines.append("Next follow-up: \(next.date): \(next.what)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The text up to and including its first full stop followed by a blank (or all of it).
    static func firstSentence(_ text: String) -> String {
        guard let stop = text.range(of: ". ") else { return text }
        return String(text[..<stop.lowerBound]) + "."
    }
}
