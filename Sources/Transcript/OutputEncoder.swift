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
    public func messages(_ outputs: [Output], before: Session?, after: Session) -> [JSON] {
        var out: [JSON] = []
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

    func answered(_ line: Summary.Line) -> JSON {
        var m: [JSON.Member] = [.init("type", .string("answered")), .init("node", .string(line.nodeID)), .init("label", .string(line.label))]
        if let item = line.item { m.append(.init("item", .string(item))) }
        m.append(.init("answer", .string(line.answer)))
        return .object(m)
    }

    /// One output as a message.
    public func message(_ output: Output, _ session: Session) -> JSON {
        func typed(_ type: String, _ rest: [JSON.Member] = []) -> JSON { .object([.init("type", .string(type))] + rest) }
        switch output {
        case .say(let text):
            return typed("text", [.init("text", .string(text))])
        case .ask(let p):
            let node = dialog.nodes[p.node]
            var m: [JSON.Member] = [.init("node", .string(node.id))]
            if let item = p.item, let src = node.question?.forEach, let choice = dialog.nodes[src].question?.answer.choices[item] {
                m.append(.init("item", .object([.init("id", .string(choice.id)), .init("label", .string(choice.label))])))
            }
            m.append(.init("attempt", .int(p.attempt)))
            m.append(.init("progress", progress(p.progress)))
            m.append(.init("text", .string(engine.text(of: p, in: session))))
            return typed("question", m)
        case .rejected(let r):
            return typed("rejected", [.init("node", .string(r.node)), .init("reason", .string(Self.reasonName(r.reason))),
                                      .init("typed", .string(r.typed)), .init("attemptsLeft", .int(r.attemptsLeft))])
        case .fellBack(let node, _):
            return typed("fellBack", [.init("node", .string(node))])
        case .recorded(let record):
            return typed("recorded", recorded(record))
        case .explained(let e):
            var m: [JSON.Member] = [.init("node", .string(e.node))]
            if let t = e.text { m.append(.init("text", .string(t))) }
            if let s = e.source { m.append(.init("source", .string(s))) }
            return typed("explained", m)
        case .helped(let h):
            var m: [JSON.Member] = [.init("node", .string(dialog.nodes[h.node].id))]
            if let t = h.text { m.append(.init("text", .string(t))) }
            return typed("helped", m)
        case .located(let p):
            return typed("located", [.init("progress", progress(p)), .init("finished", .bool(p.finished))])
        case .summarized(let s):
            return typed("summarized", [
                .init("answers", .array(s.answers.map { answered($0).removing(["type"]) })),
                .init("findings", .array(s.findings.map { .string(dialog.taxonomy.findings[$0].id) })),
                .init("flags", .object(s.flags.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
                .init("notes", .array(s.notes.map { .string(dialog.taxonomy.notes[$0].id) })),
            ])
        case .undone(let node):
            return typed("undone", [.init("node", .string(node))])
        case .changed(let node, let dropped):
            return typed("changed", [.init("node", .string(node)), .init("dropped", .array(dropped.map(JSON.string)))])
        case .restarted:
            return typed("restarted")
        case .refused(let r):
            var m: [JSON.Member] = [.init("reason", .string(Self.refusalName(r)))]
            switch r {
            case .notAnswered(let n), .unknownNode(let n), .perItem(let n): m.append(.init("node", .string(n)))
            default: break
            }
            return typed("refused", m)
        case .finished(let diagnosis):
            return typed("plan", [.init("plan", Self.planJSON(diagnosis.plan))])
        case .ended:
            return typed("ended")
        }
    }

    func progress(_ p: DialogEngine.Progress) -> JSON {
        var m: [JSON.Member] = [.init("question", .int(p.question)), .init("about", .int(p.about))]
        if let step = p.step { m += [.init("step", .int(step.number)), .init("stepName", .string(step.name))] }
        return .object(m)
    }

    func recorded(_ r: Record) -> [JSON.Member] {
        let taxonomy = dialog.taxonomy
        switch r {
        case .finding(let f):
            return [.init("finding", .string(taxonomy.findings[f].id)), .init("text", .string(taxonomy.findings[f].text))]
        case .flag(let name, let value):
            return [.init("flag", .string(name)), .init("value", .string(value))]
        case .variable(let name, let value):
            return [.init("variable", .string(name)), .init("value", .string(value))]
        case .note(let n):
            return [.init("note", .string(taxonomy.notes[n].id)), .init("text", .string(taxonomy.notes[n].text))]
        case .verification(let v):
            return [.init("verification", .string(v.id)), .init("text", .string(v.text))]
        case .example(let text):
            return [.init("example", .string(text))]
        }
    }

    /// The plan as data, with sorted keys, as the protocol's `plan` message carries it.
    public static func planJSON(_ plan: Plan) -> JSON {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(plan), let json = try? JSON.parse(String(decoding: data, as: UTF8.self)) else { return .null }
        return json
    }

    /// A plan read back from its message's `plan` member.
    public static func plan(_ json: JSON) -> Plan? {
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
