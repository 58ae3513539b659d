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

    /// The plan's blocks (paragraphs, lists and headings) in order, and which of them are headings. Leader text
    /// only: no finding ids, codes, flags or source tags (they stay in the JSON form).
    func blocks(_ plan: Plan) -> (texts: [String], headings: Set<Int>) {
        var out: [String] = []
        var headings: Set<Int> = []
        func head(_ level: Int, _ text: String) {
            headings.insert(out.count)
            out.append(heading(level, text))
        }
        func list(_ items: [String]) { if !items.isEmpty { out.append(items.map(bullet).joined(separator: "\n")) } }
        let h = plan.header
        head(1, "Coaching plan: \(h.title)")
        var meta: [String] = []
        if let l = h.leader { meta.append("For: \(l)") }
        meta.append("About: \(h.subject ?? "(not named)")\(h.subjectKind.map { $0 == .rep ? " (one rep)" : " (team)" } ?? "")")
        meta.append("Date: \(h.date)")
        meta.append("Results by: \(h.resultsDate)")
        out.append(meta.map { bold($0) }.joined(separator: style == .text ? "\n" : " · "))
        if let s = h.statement { out.append(quote(s)) }

        head(2, "Goal")
        out.append(plan.goal ?? "Agree one measurable target with a date.")

        head(2, "Reality")
        if let root = plan.rootCause {
            var text = bold("Root cause:") + " " + root.sentence
            if !root.evidence.isEmpty { text += " You said: " + root.evidence.map(said).joined(separator: "; ") + "." }
            out.append(text)
        } else {
            out.append(bold("Root cause:") + (plan.findings.isEmpty
                ? " none showed in this diagnosis. Gather the evidence below and run it again."
                : " none among the findings this plan still acts on: your decisions dropped the others' actions."))
        }
        if let start = plan.start { out.append(bold("Where to start:") + " " + start) }
        if !plan.findings.isEmpty {
            head(3, "What the diagnosis found")
            out.append(plan.findings.enumerated().map { i, f in
                var line = "\(i + 1). \(f.text) (\(fixName(f.fix)))"
                if !f.evidence.isEmpty {
                    line += (style == .markdown ? "\n    - " : " ") + "You said: " + f.evidence.map(said).joined(separator: "; ")
                }
                return line
            }.joined(separator: "\n"))
        }
        var context: [String] = []
        if let p = h.people { context.append(bold("Reps involved:") + " " + p) }
        if !plan.focus.isEmpty { context.append(bold("Tasks to work on first:") + " " + plan.focus.joined(separator: ", ")) }
        if !context.isEmpty { out.append(context.joined(separator: "\n")) }
        list(plan.notes.map(\.text))
        if !plan.verifications.isEmpty {
            out.append(bold("Unconfirmed:") + " you answered \"unsure\" \(plan.verifications.count == 1 ? "once" : "\(plan.verifications.count) times"); "
                       + "these are not treated as facts. See Evidence to gather.")
        }

        head(2, "Options")
        if plan.recommendations.isEmpty {
            out.append(plan.findings.isEmpty ? "No recommendation: no finding was recorded."
                       : "No action is left: your decisions dropped every option (below). Gather the evidence and run it again.")
        } else {
            out.append(plan.recommendations.enumerated().map { i, r in
                "\(i + 1). \(bold(r.name)) (\(fixName(r.fix))): " + r.actions.map { $0.text }.joined(separator: "; ")
                    + (r.actions.contains { $0.pending != nil } ? " (waits for your decision)" : "")
            }.joined(separator: "\n"))
        }
        for d in plan.decisions where d.chosen == nil {
            out.append(bold("Decide by \(d.due.map(\.description) ?? "the next review"): \(d.title).") + "\n"
                       + d.options.map { bullet("\($0.label): \($0.consequence)") }.joined(separator: "\n"))
        }
        for d in plan.decisions {
            guard let c = d.chosen, let option = d.options.first(where: { $0.id == c }) else { continue }
            out.append(bold("You decided: \(option.label).") + " " + option.consequence)
        }
        if !plan.dropped.isEmpty {
            out.append(bold("Dropped:") + "\n" + plan.dropped.map { bullet("\($0.text). \($0.reason)") }.joined(separator: "\n"))
        }

        head(2, "Will")
        let actions = plan.actions
        if !actions.isEmpty {
            head(3, "This week")
            let decide = plan.decisions.filter { $0.chosen == nil }.map { "\($0.due.map(\.description) ?? "This week"): decide: \($0.title.lowercasedFirstWord)." }
            list(plan.thisWeek.map(step) + decide)
            let later = actions.filter { !$0.thisWeek }.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
            if !later.isEmpty {
                head(3, "After this week")
                list(later.map(step))
            }
        }
        if let w = plan.workload { out.append(bold("Your time:") + " " + w) }
        if let c = plan.coaching { out.append(bold("Coaching style: \(styleName(c.style)).") + " " + c.reason) }
        out.append(bold("Your commitment:") + " " + (plan.commitment.map { "\"\($0)\"" } ?? "(none given)"))

        if !plan.recommendations.isEmpty {
            head(2, "Lesson plans")
            for r in plan.recommendations {
                head(3, r.name)
                var lines = [bullet(bold("Objective:") + " " + r.lesson.objective)]
                if !r.lesson.materials.isEmpty { lines.append(bullet(bold("Materials:") + " " + r.lesson.materials.joined(separator: "; "))) }
                lines.append(bullet(bold("Accountability:") + " " + r.lesson.accountability))
                lines.append(bullet(bold("Evaluation:") + " " + r.lesson.evaluation))
                if !r.lesson.examples.isEmpty {
                    lines.append(bullet(bold("Examples:") + " " + r.lesson.examples.joined(separator: "; ")))
                }
                if let o = r.obstacle { lines.append(bullet(bold("Expect:") + " " + o)) }
                if let s = r.support { lines.append(bullet(bold("Support:") + " " + s)) }
                out.append(lines.joined(separator: "\n"))
            }
        }

        if !plan.verifications.isEmpty {
            head(2, "Evidence to gather")
            list(plan.verifications.map(\.text))
        }
        head(2, "Follow-up")
        list(plan.followUps.map { "\($0.date): \($0.what)" })
        if style == .markdown, !plan.answers.isEmpty {
            head(2, "Appendix: every answer")
            list(plan.answers.map(said))
        }
        return (out, headings)
    }

    func said(_ a: Summary.Line) -> String { "\(a.label)\(a.item.map { " (\($0))" } ?? ""): \(a.answer)" }

    func step(_ a: Plan.Action) -> String {
        "\(a.due): \(a.firstStep) (\(a.owner == "You" ? "you" : a.owner))"
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

    func styleName(_ s: Plan.Style) -> String {
        switch s {
        case .direct: "direct"
        case .guide: "guide"
        case .excite: "excite"
        case .delegate: "delegate"
        case .verifyFirst: "verify first"
        }
    }
}

extension String {
    /// The text with its first letter in lower case, unless its first word is an acronym.
    var lowercasedFirstWord: String {
        guard let first, first.isUppercase else { return self }
        let word = prefix { $0 != " " }
        if word.count > 1 && word.dropFirst().contains(where: \.isUppercase) { return self }
        return first.lowercased() + dropFirst()
    }
}
