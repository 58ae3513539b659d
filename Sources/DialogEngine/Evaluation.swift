public import DialogModel

/// Renders templates against a session (pure; conditions are evaluated by `Program`).
struct Evaluation {
    let dialog: Dialog
    /// The answer being applied, for `answer` in conditions.
    let answer: Value
    /// The current `forEach` item's choice index, for `{item}`.
    let item: Int?
    /// The question whose items `{item}` names.
    let itemSource: Int?

    func render(_ t: Template, _ session: borrowing Session) -> String {
        if let literal = t.literal { return literal }
        var out = ""
        for part in t.parts {
            switch part {
            case .text(let s): out += s
            case .variable(let v): out += session.variables[v] ?? ""
            case .answer(let n): out += Describe.answers(at: n, in: session, dialog: dialog)
            case .item:
                if let item, let src = itemSource { out += dialog.nodes[src].question?.answer.choices[item].label ?? "" }
            case .itemDetail:
                if let item, let src = itemSource { out += dialog.nodes[src].question?.answer.choices[item].detail ?? "" }
            }
        }
        return out
    }
}

/// Plain-text forms of answers, shared by templates, summaries and plans.
public enum Describe {
    /// The answer as understood, in words (`Territory or region`, `25%`, `14 months`).
    public static func value(_ v: Value, _ type: AnswerType) -> String {
        switch v {
        case .choice(let i): return type.choices[i].label
        case .choices(let set): return set.map { type.choices[$0].label }.joined(separator: ", ")
        case .number(let x):
            let n = number(x)
            guard let unit = type.number?.unit else { return n }
            return unit == "%" ? n + "%" : n + " " + unit
        case .text(let s): return s
        case .none: return "(no answer)"
        }
    }

    /// A number without a needless `.0`.
    public static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    /// Every answer given at a node (one per item for `forEach` questions), joined; numbers without their unit,
    /// so a template can write `{OTT.G0}%`.
    static func answers(at n: Int, in session: Session, dialog: Dialog) -> String {
        guard let q = dialog.nodes[n].question else { return "" }
        var parts: [String] = []
        for a in session.answers where a.node == n {
            var text = value(a.value, q.answer)
            if case .number(let x) = a.value { text = number(x) }
            if let i = a.item, let src = q.forEach, let items = dialog.nodes[src].question?.answer.choices {
                parts.append("\(items[i].label): \(text)")
            } else {
                parts.append(text)
            }
        }
        return parts.joined(separator: "; ")
    }
}
