import DialogModel

/// Graphviz dot, drawn for a leader to read: the five steps side by side, each a column of its questions; edges
/// carry the answers that take them ("No / Never could"), and the ids, conditions and findings are in tooltips.
extension GraphRenderer {
    /// The answers a condition stands for, in the leader's words (choice labels, "under 50%"); nil when it reads
    /// no answer (flags, variables, findings). An answer to another question is named with that question's label.
    func answers(_ condition: Condition, _ node: Int) -> String? {
        func question(_ subject: Condition.Subject) -> (Question, String)? {
            switch subject {
            case .answer: dialog.nodes[node].question.map { ($0, "") }
            case .node(let n) where n == node: dialog.nodes[n].question.map { ($0, "") }
            case .node(let n): dialog.nodes[n].question.map { ($0, $0.label + ": ") }
            case .variable: nil
            }
        }
        switch condition {
        case .choice(let subject, let set):
            guard let (q, about) = question(subject) else { return nil }
            let labels = set.compactMap { $0 < q.answer.choices.count ? q.answer.choices[$0].label : nil }
            return labels.isEmpty ? nil : about + labels.joined(separator: " / ")
        case .compare(let subject, let op, let value):
            guard let (q, about) = question(subject) else { return nil }
            let unit = q.answer.number?.unit.map { $0 == "%" ? $0 : " " + $0 } ?? ""
            let words: [Comparison: String] = [.lt: "under", .le: "at most", .gt: "over", .ge: "at least", .eq: "", .ne: "not"]
            let number = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
            return about + [words[op] ?? op.rawValue, number + unit].filter { !$0.isEmpty }.joined(separator: " ")
        case .compareNodes(let subject, let op, let other):
            guard let (_, about) = question(subject), case .node(let n) = other, let q = dialog.nodes[n].question else { return nil }
            let words: [Comparison: String] = [.lt: "under", .le: "at most", .gt: "over", .ge: "at least", .eq: "", .ne: "not"]
            return about + [words[op] ?? op.rawValue, q.label].filter { !$0.isEmpty }.joined(separator: " ")
        case .all(let parts):
            let said = parts.compactMap { answers($0, node) }
            return said.isEmpty ? nil : said.joined(separator: ", ")
        case .any(let parts):
            let said = parts.compactMap { answers($0, node) }
            return said.count == parts.count && !said.isEmpty ? said.joined(separator: " / ") : nil
        case .not(let inner):
            return answers(inner, node).map { "not " + $0 }
        case .always, .flag, .isSet, .found:
            return nil
        }
    }

    /// A node as the leader knows it: the question's short name; what the coach does for the others.
    func words(_ node: Node) -> String {
        switch node.kind {
        case .question(let q): return q.label
        case .say: return "The coach explains"
        case .decide: return "The coach weighs the answers"
        case .end: return "The coaching plan"
        }
    }

    /// Text broken into lines of about `width` characters, on spaces.
    func wrapped(_ text: String, width: Int = 24) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    func dot() -> String {
        func q(_ s: String) -> String { "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" }
        // Edges into a step do not rank its nodes and each step's first node is on the top row: the steps stand
        // side by side as columns instead of one tall column; what comes after the steps is ranked below them.
        var lines = ["digraph \(q(dialog.id)) {", "  rankdir=TB;", "  newrank=true;", "  nodesep=0.25;", "  ranksep=0.35;",
                     "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];",
                     "  edge [fontname=\"Helvetica\", fontsize=9];"]
        for step in Step.allCases {
            let members = dialog.nodes.filter { $0.step == step }
            guard !members.isEmpty else { continue }
            lines.append("  subgraph cluster_\(step.key) {")
            lines.append("    label=\(q("Step \(step.number). \(step.seedTitle)"));")
            lines.append("    tooltip=\(q(step.key));")
            for n in members { lines.append("    \(q(n.id)) [label=\(q(wrapped(words(n)))), tooltip=\(q(label(n)))];") }
            lines.append("  }")
        }
        for n in dialog.nodes where n.step == nil {
            let shape = if case .end = n.kind { ", shape=doubleoctagon" } else { "" }
            lines.append("  \(q(n.id)) [label=\(q(wrapped(words(n)))), tooltip=\(q(label(n)))\(shape)];")
        }
        let tops = Step.allCases.compactMap { step in dialog.nodes.first { $0.step == step } }
        if tops.count > 1 { lines.append("  { rank=same; " + tops.map { q($0.id) + ";" }.joined(separator: " ") + " }") }
        for e in edges() {
            let from = dialog.nodes[e.from], to = dialog.nodes[e.to]
            var attrs: [String] = []
            if !e.words.isEmpty { attrs.append("label=" + q(e.words.map { wrapped($0, width: 20) }.joined(separator: "\n"))) }
            let tooltip = "\(from.id) → \(to.id)" + (e.labels.isEmpty ? "" : ": " + e.labels.joined(separator: "; "))
            attrs.append("tooltip=" + q(tooltip))
            if to.step != nil && from.step != to.step { attrs.append("constraint=false") }
            lines.append("  \(q(from.id)) -> \(q(to.id)) [\(attrs.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
