import DialogEngine
import DialogModel
import Foundation

/// Renders a coaching plan as plain text or Markdown, laid out as the brief's section 4 (GROW + lesson plans).
public struct PlanRenderer {
    /// The output format.
    public enum Style: Sendable {
        /// Plain text for a terminal.
        case text
        /// CommonMark.
        case markdown
        /// Slack's mrkdwn: `*bold*`, no headings.
        case slack
    }

    public let style: Style

    public init(style: Style) { self.style = style }

    public func render(_ plan: Plan) -> String {
        var out: [String] = []
        let h = plan.header
        out.append(heading(1, "Coaching plan: \(h.title)"))
        var meta = ["Subject: \(h.subject ?? "(not named)")\(h.subjectKind.map { $0 == .rep ? " (one rep)" : " (team)" } ?? "")",
                    "Date: \(h.date)"]
        if let p = h.problem { meta.append("Problem: \(p)") }
        out.append(meta.map { bold($0) }.joined(separator: style == .text ? "\n" : " · "))
        if let s = h.statement { out.append(quote(s)) }

        out.append(heading(2, "Goal"))
        out.append(plan.goal ?? "Agree one measurable target with a date.")

        out.append(heading(2, "Reality"))
        if let root = plan.rootCause {
            out.append(bold("Root cause:") + " " + root.sentence)
        } else {
            out.append(bold("Root cause:") + " none showed in this diagnosis. Gather the evidence below and run it again.")
        }
        if !plan.findings.isEmpty {
            out.append(heading(3, "Findings, in plan order"))
            out.append(plan.findings.enumerated().map { i, f in
                "\(i + 1). \(code(f.id)) \(f.text) (\(f.component.name); \(f.category.rawValue); \(f.cell); \(fixName(f.fix)))"
            }.joined(separator: "\n"))
        }
        if !plan.flags.isEmpty {
            out.append(bold("Flags:") + " " + plan.flags.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
        }
        if !plan.notes.isEmpty {
            out.append(heading(3, "Notes"))
            out.append(plan.notes.map { bullet("\(code($0.id)) \($0.text)") }.joined(separator: "\n"))
        }
        if !plan.answers.isEmpty {
            out.append(heading(3, "Key answers"))
            out.append(plan.answers.map { a in
                bullet("\(a.label)\(a.item.map { " (\($0))" } ?? ""): \(a.answer)")
            }.joined(separator: "\n"))
        }

        out.append(heading(2, "Options"))
        if plan.recommendations.isEmpty {
            out.append("No recommendation: no finding was recorded.")
        } else {
            out.append(plan.recommendations.enumerated().map { i, r in
                "\(i + 1). \(code(r.id)) \(r.text) (\(fixName(r.fix)))\(i == 0 ? " " + bold("Lead recommendation.") : "")"
            }.joined(separator: "\n"))
        }

        out.append(heading(2, "Will"))
        if !plan.recommendations.isEmpty {
            out.append(plan.recommendations.map { r in
                bullet("\(code(r.id)): owner \(r.owner); first step: \(r.firstStep) Due \(r.due).")
            }.joined(separator: "\n"))
        }
        if let style = plan.style { out.append(bold("Coaching style:") + " " + styleText(style)) }
        out.append(bold("Commitment:") + " " + (plan.commitment.map { "\"\($0)\"" } ?? "(none given)"))

        if !plan.recommendations.isEmpty {
            out.append(heading(2, "Lesson plans"))
            for r in plan.recommendations {
                out.append(heading(3, "\(r.id): \(r.family)"))
                var lines = [bullet(bold("Objective:") + " " + r.lesson.objective),
                             bullet(bold("Materials:") + " " + r.lesson.materials.joined(separator: "; ")),
                             bullet(bold("Accountability measure:") + " " + r.lesson.accountability),
                             bullet(bold("Evaluation method:") + " " + r.lesson.evaluation)]
                if !r.lesson.examples.isEmpty {
                    lines.append(bullet(bold("Examples:") + " " + r.lesson.examples.joined(separator: "; ")))
                }
                out.append(lines.joined(separator: "\n"))
            }
        }

        if !plan.verifications.isEmpty {
            out.append(heading(2, "Evidence to gather"))
            out.append(plan.verifications.map { bullet("\(code($0.id)) \($0.text)") }.joined(separator: "\n"))
        }
        out.append(heading(2, "Follow-up"))
        out.append(plan.followUps.map { bullet("\($0.date): \($0.what)") }.joined(separator: "\n"))
        return out.joined(separator: "\n\n") + "\n"
    }

    func heading(_ level: Int, _ text: String) -> String {
        switch style {
        case .markdown: return String(repeating: "#", count: level) + " " + text
        case .slack: return "*" + text + "*"
        case .text: return level <= 2 ? text.uppercased() : text
        }
    }

    func bold(_ text: String) -> String {
        switch style {
        case .markdown: "**\(text)**"
        case .slack: "*\(text)*"
        case .text: text
        }
    }

    func code(_ text: String) -> String { style == .text ? text : "`\(text)`" }
    func bullet(_ text: String) -> String { (style == .text ? "  - " : (style == .slack ? "• " : "- ")) + text }
    func quote(_ text: String) -> String { style == .text ? "\"\(text)\"" : "> \(text)" }
    func fixName(_ fix: Finding.Fix) -> String { fix == .quick ? "quick fix" : "on-going project" }

    func styleText(_ s: Plan.Style) -> String {
        switch s {
        case .direct: "direct (low skill, low will): give clear instructions and check often."
        case .guide: "guide (low skill, high will): teach and support while they learn."
        case .excite: "excite (high skill, low will): find what motivates them and reconnect it to the goal."
        case .delegate: "delegate (high skill, high will): agree the outcome and step back."
        }
    }
}
