import DialogModel

/// Draws a dialog's flow: steps as clusters, nodes as boxes, edges labelled with conditions and findings.
public struct GraphRenderer {
    /// The picture language.
    public enum Format: String, CaseIterable, Sendable {
        case mermaid, dot
    }

    public let dialog: Dialog

    public init(dialog: Dialog) { self.dialog = dialog }

    /// One edge: from, to, its label lines (conditions and findings, as authored) and the answers that take it
    /// (the leader's wording; empty when no answer decides it).
    struct Edge {
        let from: Int
        let to: Int
        var labels: [String]
        var words: [String] = []
    }

    func edges() -> [Edge] {
        var out: [Edge] = []
        func add(_ from: Int, _ to: Int, _ label: String, _ words: String? = nil) {
            if let i = out.firstIndex(where: { $0.from == from && $0.to == to }) {
                if !label.isEmpty && !out[i].labels.contains(label) { out[i].labels.append(label) }
                if let words, !out[i].words.contains(words) { out[i].words.append(words) }
            } else {
                out.append(Edge(from: from, to: to, labels: label.isEmpty ? [] : [label], words: words.map { [$0] } ?? []))
            }
        }
        func marks(_ effects: [Effect]) -> String {
            effects.compactMap { e -> String? in
                switch e {
                case .finding(let f): return "+" + dialog.taxonomy.findings[f].id
                case .findingOfItem: return "+item"
                case .note(let n): return dialog.taxonomy.notes[n].id
                case .setFlag(let f, let v): return "\(dialog.flags[f].name)=\(dialog.flags[f].describe(v) ?? "false")"
                default: return nil
                }
            }.joined(separator: " ")
        }
        func join(_ parts: String...) -> String { parts.filter { !$0.isEmpty }.joined(separator: " ⇒ ") }
        for (i, node) in dialog.nodes.enumerated() {
            switch node.kind {
            case .question(let q):
                for b in q.branches {
                    if let t = b.target { add(i, t, join(b.when ?? "else", marks(b.effects)), answers(b.condition, i) ?? "other answers") }
                }
                let open = q.branches.filter { $0.target == nil }
                for r in q.next?.rules ?? [] {
                    let route = r.when ?? ""
                    let withMarks = open.filter { !marks($0.effects).isEmpty }
                    if withMarks.isEmpty {
                        add(i, r.target, route, answers(r.condition, i))
                    } else {
                        for b in withMarks {
                            add(i, r.target, join(route, b.when ?? "else", marks(b.effects)), answers(r.condition, i) ?? answers(b.condition, i))
                        }
                    }
                }
            case .say(_, let route):
                for r in route.rules { add(i, r.target, r.when ?? "", answers(r.condition, i)) }
            case .decide(let rules):
                for r in rules { if let t = r.target { add(i, t, join(r.when ?? "else", marks(r.effects)), answers(r.condition, i)) } }
            case .end: break
            }
        }
        return out
    }

    func label(_ node: Node) -> String {
        switch node.kind {
        case .question(let q): return "\(node.id): \(q.label)"
        case .say: return "\(node.id) (say)"
        case .decide: return "\(node.id) (decide)"
        case .end: return "\(node.id) (end: plan)"
        }
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .mermaid: return mermaid()
        case .dot: return dot()
        }
    }

    func safeID(_ id: String) -> String {
        "n_" + id.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    func escape(_ s: String) -> String {
        s.replacingAll("\"", with: "#quot;")
    }

    func mermaid() -> String {
        var lines = ["flowchart TD"]
        for step in Step.allCases {
            let members = dialog.nodes.filter { $0.step == step }
            guard !members.isEmpty else { continue }
            lines.append("  subgraph \(step.key)[\"Step \(step.number). \(step.seedTitle)\"]")
            for n in members { lines.append("    \(safeID(n.id))[\"\(escape(label(n)))\"]") }
            lines.append("  end")
        }
        for n in dialog.nodes where n.step == nil {
            let shape = if case .end = n.kind { ("([\"", "\"])") } else { ("[\"", "\"]") }
            lines.append("  \(safeID(n.id))\(shape.0)\(escape(label(n)))\(shape.1)")
        }
        for e in edges() {
            let from = safeID(dialog.nodes[e.from].id), to = safeID(dialog.nodes[e.to].id)
            if e.labels.isEmpty { lines.append("  \(from) --> \(to)") }
            else { lines.append("  \(from) -->|\"\(escape(e.labels.joined(separator: "<br/>")))\"| \(to)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
