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
        blocks(plan).texts.joined(separator: "\n\n") + "\n"
    }

    /// The rendered plan cut into parts of at most `maxLength` UTF-16 code units (the largest of the usual ways to
    /// count characters) whose concatenation is `render(plan)`: whole sections, each from a heading to the next,
    /// packed together; a section too long on its own starts a part and is cut at its paragraphs, a paragraph too
    /// long at its lines, a line too long between two characters. Each part keeps the blank line that followed it.
    public func parts(_ plan: Plan, maxLength: Int) -> [String] {
        let (texts, headings) = blocks(plan)
        var sections: [String] = []
        for (i, text) in texts.enumerated() {
            let piece = text + (i == texts.count - 1 ? "\n" : "\n\n")
            if headings.contains(i) || sections.isEmpty { sections.append(piece) } else { sections[sections.count - 1] += piece }
        }
        var parts: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { parts.append(current) }
            current = ""
        }
        func add(_ unit: String, level: Int) {
            if current.utf16.count + unit.utf16.count <= maxLength { current += unit; return }
            if unit.utf16.count <= maxLength || level == 0 { flush() }
            if unit.utf16.count <= maxLength { current = unit; return }
            switch level {
            case 0: for paragraph in Self.pieces(unit, endingWith: "\n\n") { add(paragraph, level: 1) }
            case 1: for line in Self.pieces(unit, endingWith: "\n") { add(line, level: 2) }
            default:
                for character in unit {
                    if current.utf16.count + character.utf16.count > maxLength { flush() }
                    current.append(character)
                }
            }
        }
        for section in sections { add(section, level: 0) }
        flush()
        return parts
    }

    /// `text` cut after each `separator`; the pieces concatenate to `text`.
    static func pieces(_ text: String, endingWith separator: String) -> [String] {
        var pieces: [String] = []
        var rest = text[...]
        while let r = rest.range(of: separator) {
            pieces.append(String(rest[..<r.upperBound]))
            rest = rest[r.upperBound...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }

    /// The plan's blocks (paragraphs, lists and headings) in order, and which of them are headings.
    func blocks(_ plan: Plan) -> (texts: [String], headings: Set<Int>) {
        var out: [String] = []
        var headings: Set<Int> = []
        func head(_ level: Int, _ text: String) {
            headings.insert(out.count)
            out.append(heading(level, text))
        }
        let h = plan.header
        head(1, "Coaching plan: \(h.title)")
        var meta = ["Subject: \(h.subject ?? "(not named)")\(h.subjectKind.map { $0 == .rep ? " (one rep)" : " (team)" } ?? "")",
                    "Date: \(h.date)"]
        if let p = h.problem { meta.append("Problem: \(p)") }
        out.append(meta.map { bold($0) }.joined(separator: style == .text ? "\n" : " · "))
        if let s = h.statement { out.append(quote(s)) }

        head(2, "Goal")
        out.append(plan.goal ?? "Agree one measurable target with a date.")

        head(2, "Reality")
        if let root = plan.rootCause {
            out.append(bold("Root cause:") + " " + root.sentence)
        } else {
            out.append(bold("Root cause:") + " none showed in this diagnosis. Gather the evidence below and run it again.")
        }
        if !plan.findings.isEmpty {
            head(3, "Findings, in plan order")
            out.append(plan.findings.enumerated().map { i, f in
                "\(i + 1). \(code(f.id)) \(f.text) (\(f.component.name); \(f.category.rawValue); \(f.cell); \(fixName(f.fix)))"
            }.joined(separator: "\n"))
        }
        if !plan.flags.isEmpty {
            out.append(bold("Flags:") + " " + plan.flags.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
        }
        if !plan.notes.isEmpty {
            head(3, "Notes")
            out.append(plan.notes.map { bullet("\(code($0.id)) \($0.text)") }.joined(separator: "\n"))
        }
        if !plan.answers.isEmpty {
            head(3, "Key answers")
            out.append(plan.answers.map { a in
                bullet("\(a.label)\(a.item.map { " (\($0))" } ?? ""): \(a.answer)")
            }.joined(separator: "\n"))
        }

        head(2, "Options")
        if plan.recommendations.isEmpty {
            out.append("No recommendation: no finding was recorded.")
        } else {
            out.append(plan.recommendations.enumerated().map { i, r in
                "\(i + 1). \(code(r.id)) \(r.text) (\(fixName(r.fix)))\(i == 0 ? " " + bold("Lead recommendation.") : "")"
            }.joined(separator: "\n"))
        }

        head(2, "Will")
        if !plan.recommendations.isEmpty {
            out.append(plan.recommendations.map { r in
                bullet("\(code(r.id)): owner \(r.owner); first step: \(r.firstStep) Due \(r.due).")
            }.joined(separator: "\n"))
        }
        if let style = plan.style { out.append(bold("Coaching style:") + " " + styleText(style)) }
        out.append(bold("Commitment:") + " " + (plan.commitment.map { "\"\($0)\"" } ?? "(none given)"))

        if !plan.recommendations.isEmpty {
            head(2, "Lesson plans")
            for r in plan.recommendations {
                head(3, "\(r.id): \(r.family)")
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
            head(2, "Evidence to gather")
            out.append(plan.verifications.map { bullet("\(code($0.id)) \($0.text)") }.joined(separator: "\n"))
        }
        head(2, "Follow-up")
        out.append(plan.followUps.map { bullet("\($0.date): \($0.what)") }.joined(separator: "\n"))
        return (out, headings)
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
