public import DialogEngine
import DialogModel
import Foundation

/// Turns the engine's outputs into transcript messages, in the protocol's vocabulary (`question`, `text`,
/// `rejected`, `recorded`, `fellBack`, `undone`, `refused`, `plan`, `ended`, docs/protocol.md section 5) without
/// the parts that belong to one channel (prompt ids, buttons, fallback texts, rendered explanations). Outputs the
/// protocol has no message for keep the engine's names (`explained`, `helped`, `located`, `summarized`,
/// `changed`, `restarted`), and `answered` records an answer as understood.
public struct OutputEncoder: Sendable {
    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    var dialog: Dialog { engine.dialog }

    /// The messages of one turn: `answered` for each answer the event added or changed (`before` → `after`),
    /// then the outputs in order. Variables are recorded too (`"variable"`), unlike on the wire.
    public func messages(_ outputs: [Output], before: Session?, after: Session) -> [JSONValue] {
        var out: [JSONValue] = []
        if let before {
            let common = zip(before.answers, after.answers).prefix { $0 == $1 }.count
            if common < after.answers.count {
                let lines = engine.summary(after).answers
                for i in common..<after.answers.count { out.append(answered(lines[i])) }
            }
        }
        for o in outputs { out.append(message(o, after)) }
        return out
    }

    func answered(_ line: Summary.Line) -> JSONValue {
        var m: [(key: String, value: JSONValue)] = [("type", .string("answered")), ("node", .string(line.nodeID)), ("label", .string(line.label))]
        if let item = line.item { m.append(("item", .string(item))) }
        m.append(("answer", .string(line.answer)))
        return .object(JSONObject(m))
    }

    /// One output as a message.
    public func message(_ output: Output, _ session: Session) -> JSONValue {
        func typed(_ type: String, _ rest: [(key: String, value: JSONValue)] = []) -> JSONValue { .object(JSONObject([("type", .string(type))] + rest)) }
        switch output {
        case .say(let text):
            return typed("text", [("text", .string(text))])
        case .ask(let p):
            let node = dialog.nodes[p.node]
            var m: [(key: String, value: JSONValue)] = [("node", .string(node.id))]
            if let item = p.item, let src = node.question?.forEach, let choice = dialog.nodes[src].question?.answer.choices[item] {
                m.append(("item", .object([("id", .string(choice.id)), ("label", .string(choice.label))])))
            }
            m.append(("attempt", .int(p.attempt)))
            m.append(("progress", progress(p.progress)))
            m.append(("text", .string(engine.text(of: p, in: session))))
            return typed("question", m)
        case .rejected(let r):
            return typed("rejected", [("node", .string(r.node)), ("reason", .string(Self.reasonName(r.reason))),
                                      ("typed", .string(r.typed)), ("attemptsLeft", .int(r.attemptsLeft))])
        case .fellBack(let node, _):
            return typed("fellBack", [("node", .string(node))])
        case .recorded(let record):
            return typed("recorded", recorded(record))
        case .explained(let e):
            var m: [(key: String, value: JSONValue)] = [("node", .string(e.node))]
            if let t = e.text { m.append(("text", .string(t))) }
            if let s = e.source { m.append(("source", .string(s))) }
            return typed("explained", m)
        case .helped(let h):
            var m: [(key: String, value: JSONValue)] = [("node", .string(dialog.nodes[h.node].id))]
            if let t = h.text { m.append(("text", .string(t))) }
            return typed("helped", m)
        case .located(let p):
            return typed("located", [("progress", progress(p)), ("finished", .bool(p.finished))])
        case .summarized(let s):
            return typed("summarized", [
                ("answers", .array(s.answers.map { answered($0).removing(["type"]) })),
                ("findings", .array(s.findings.map { .string(dialog.taxonomy.findings[$0].id) })),
                ("flags", .object(JSONObject(s.flags.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))),
                ("notes", .array(s.notes.map { .string(dialog.taxonomy.notes[$0].id) })),
            ])
        case .undone(let node):
            return typed("undone", [("node", .string(node))])
        case .changed(let node, let dropped):
            return typed("changed", [("node", .string(node)), ("dropped", .array(dropped.map(JSONValue.string)))])
        case .restarted:
            return typed("restarted")
        case .refused(let r):
            var m: [(key: String, value: JSONValue)] = [("reason", .string(Self.refusalName(r)))]
            switch r {
            case .notAnswered(let n), .unknownNode(let n), .perItem(let n): m.append(("node", .string(n)))
            default: break
            }
            return typed("refused", m)
        case .finished(let diagnosis):
            return typed("plan", [("plan", Self.planJSON(diagnosis.plan))])
        case .ended:
            return typed("ended")
        }
    }

    func progress(_ p: DialogEngine.Progress) -> JSONValue {
        var m: [(key: String, value: JSONValue)] = [("question", .int(p.question)), ("about", .int(p.about))]
        if let step = p.step { m += [("step", .int(step.number)), ("stepName", .string(step.name))] }
        return .object(JSONObject(m))
    }

    func recorded(_ r: Record) -> [(key: String, value: JSONValue)] {
        let taxonomy = dialog.taxonomy
        switch r {
        case .finding(let f):
            return [("finding", .string(taxonomy.findings[f].id)), ("text", .string(taxonomy.findings[f].text))]
        case .flag(let name, let value):
            return [("flag", .string(name)), ("value", .string(value))]
        case .variable(let name, let value):
            return [("variable", .string(name)), ("value", .string(value))]
        case .note(let n):
            return [("note", .string(taxonomy.notes[n].id)), ("text", .string(taxonomy.notes[n].text))]
        case .verification(let v):
            return [("verification", .string(v.id)), ("text", .string(v.text))]
        case .example(let text):
            return [("example", .string(text))]
        }
    }

    /// The plan as data, with sorted keys, as the protocol's `plan` message carries it: the members and order of
    /// its `Codable` form (`JSONEncoder` with sorted keys; nil members left out), built without an encoder.
    public static func planJSON(_ plan: Plan) -> JSONValue {
        func s(_ t: String) -> JSONValue { .string(t) }
        func strings(_ a: [String]) -> JSONValue { .array(a.map(JSONValue.string)) }
        func object(_ members: [(String, JSONValue?)]) -> JSONValue {
            .object(JSONObject(members.compactMap { m in m.1.map { (key: m.0, value: $0) } }))
        }
        let h = plan.header
        return object([
            ("answers", .array(plan.answers.map { a in
                object([("answer", s(a.answer)), ("item", a.item.map(s)), ("label", s(a.label)), ("nodeID", s(a.nodeID))])
            })),
            ("commitment", plan.commitment.map(s)),
            ("findings", .array(plan.findings.map { f in
                object([("category", s(f.category.rawValue)), ("cell", s(f.cell)), ("component", s(f.component.key)),
                        ("fix", s(f.fix.rawValue)), ("id", s(f.id)), ("source", s(f.source)), ("text", s(f.text))])
            })),
            ("flags", .object(JSONObject(plan.flags.sorted { $0.key < $1.key }.map { (key: $0.key, value: s($0.value)) }))),
            ("followUps", .array(plan.followUps.map { object([("date", s($0.date.description)), ("what", s($0.what))]) })),
            ("goal", plan.goal.map(s)),
            ("header", object([("date", s(h.date.description)), ("dialogID", s(h.dialogID)), ("problem", h.problem.map(s)),
                               ("statement", h.statement.map(s)), ("subject", h.subject.map(s)),
                               ("subjectKind", h.subjectKind.map { s($0.rawValue) }), ("title", s(h.title))])),
            ("notes", .array(plan.notes.map { object([("id", s($0.id)), ("text", s($0.text))]) })),
            ("recommendations", .array(plan.recommendations.map { r in
                let l = r.lesson
                return object([
                    ("due", s(r.due.description)), ("family", s(r.family)), ("findingID", s(r.findingID)), ("firstStep", s(r.firstStep)),
                    ("fix", s(r.fix.rawValue)), ("id", s(r.id)),
                    ("lesson", object([("accountability", s(l.accountability)), ("evaluation", s(l.evaluation)), ("examples", strings(l.examples)),
                                       ("materials", strings(l.materials)), ("objective", s(l.objective))])),
                    ("owner", s(r.owner)), ("text", s(r.text)),
                ])
            })),
            ("rootCause", plan.rootCause.map { c in
                object([("category", s(c.category.rawValue)), ("component", s(c.component.key)), ("findingID", s(c.findingID)),
                        ("fix", s(c.fix.rawValue)), ("sentence", s(c.sentence))])
            }),
            ("style", plan.style.map { s($0.rawValue) }),
            ("verifications", .array(plan.verifications.map { object([("id", s($0.id)), ("text", s($0.text))]) })),
        ])
    }

    /// A plan read back from its message's `plan` member.
    public static func plan(_ json: JSONValue) -> Plan? {
        try? JSONDecoder().decode(Plan.self, from: Data(json.encoded.utf8))
    }

    /// The protocol's reason codes (docs/protocol.md 5.5).
    public static func reasonName(_ r: Rejection.Reason) -> String {
        switch r {
        case .empty: "empty"
        case .notAChoice: "notAChoice"
        case .ambiguous: "ambiguous"
        case .unknownChoiceID: "unknownChoiceId"
        case .notANumber: "notANumber"
        case .notWhole: "notWhole"
        case .outOfRange: "outOfRange"
        case .wrongUnit: "wrongUnit"
        case .oneOnly: "oneOnly"
        case .exclusive: "exclusive"
        case .tooLong: "tooLong"
        }
    }

    /// The protocol's refusal codes (docs/protocol.md 5.9).
    public static func refusalName(_ r: Refusal) -> String {
        switch r {
        case .nothingToUndo: "nothingToUndo"
        case .notAnswered: "notAnswered"
        case .unknownNode: "unknownNode"
        case .perItem: "perItem"
        case .notAsking: "notAsking"
        case .ended: "ended"
        }
    }
}
