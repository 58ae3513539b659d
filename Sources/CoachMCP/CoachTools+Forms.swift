import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import MCP

/// Elicitation: when the client can show forms, each question is asked through `elicitation/create` with a schema
/// that fits its answer (one titled choice, several, a whole number or a number in its range, text of a limited
/// length), so the leader answers coach's own words in a native form and the model never paraphrases them. A yes/no
/// question is a titled choice of Yes, No and Unsure, not a boolean: "unsure" is an answer the method reads.
extension CoachTools {
    /// The form of a question: its words (and where the diagnosis stands) as the message, its answer's shape as the
    /// one property `answer`.
    func form(_ p: DialogEngine.Prompt, _ h: Held, before said: [String]) -> (message: String, schema: Elicitation.RequestSchema) {
        let renderer = TextRenderer(engine: h.engine, channel: .chat)
        let type = h.engine.dialog.nodes[p.node].question!.answer
        let question = h.engine.text(of: p, in: h.session)
        var answer: [String: MCP.Value] = ["title": .string("Your answer")]
        let titled: [MCP.Value] = type.choices.map { .object(["const": .string($0.id), "title": .string($0.label)]) }
        switch type.kind {
        case .yesNo, .choice:
            answer["type"] = .string("string")
            answer["oneOf"] = .array(titled)
        case .multi:
            answer["type"] = .string("array")
            answer["items"] = .object(["anyOf": .array(titled)])
            if !type.optional { answer["minItems"] = .int(1) }
        case .scale:
            let s = type.scale!
            answer["type"] = .string("integer")
            answer["minimum"] = .int(s.min)
            answer["maximum"] = .int(s.max)
            if !s.anchors.isEmpty { answer["description"] = .string(s.anchors.joined(separator: " … ")) }
        case .number:
            let n = type.number!
            answer["type"] = .string(n.integer ? "integer" : "number")
            if let lo = n.min { answer["minimum"] = n.integer ? .int(Int(lo)) : .double(lo) }
            if let hi = n.max { answer["maximum"] = n.integer ? .int(Int(hi)) : .double(hi) }
            if let u = n.unit { answer["description"] = .string("in \(u)") }
        case .text:
            answer["type"] = .string("string")
            answer["maxLength"] = .int(type.text!.maxLength)
        }
        let message = (said + ["[" + renderer.location(p.progress) + "]", question]).joined(separator: "\n")
        return (message, .init(properties: ["answer": .object(answer)], required: type.optional ? [] : ["answer"]))
    }

    /// What a submitted form answers, as the event that gives it; nil when it does not fit the question.
    func event(from content: [String: MCP.Value]?, _ p: DialogEngine.Prompt, _ h: Held) -> Event.Kind? {
        let type = h.engine.dialog.nodes[p.node].question!.answer
        guard let value = content?["answer"] else { return type.optional ? .answered("") : nil }
        switch type.kind {
        case .yesNo, .choice:
            guard let id = value.stringValue, type.choices.contains(where: { $0.id == id }) else { return nil }
            return .chose([id])
        case .multi:
            guard let ids = value.arrayValue?.compactMap(\.stringValue) else { return nil }
            return ids.isEmpty ? .answered("") : .chose(ids)
        case .scale, .number:
            if let i = value.intValue { return .answered(String(i)) }
            guard let d = value.doubleValue else { return nil }
            return .answered(d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d))
        case .text:
            return value.stringValue.map { .answered($0) }
        }
    }

    /// Asks the questions through forms while the client can show them and the leader answers them; returns the
    /// outputs of the last turn and what the forms leave to say (a form declined or cancelled).
    func askThroughForms(_ h: Held, _ outputs: [Output]) async throws -> (outputs: [Output], said: [String]) {
        guard let forms else { return (outputs, []) }
        var outputs = outputs
        while case .asking = h.session.phase {
            let p = h.engine.prompt(h.session)
            let renderer = TextRenderer(engine: h.engine, channel: .chat)
            let before = outputs.compactMap { o -> String? in
                if case .ask = o { return nil }
                let t = renderer.said(o, in: h.session)
                return t.isEmpty ? nil : t
            }
            let (message, schema) = form(p, h, before: before)
            let revision = h.revision
            let reply: CreateElicitation.Result
            do { reply = try await forms(message, schema) } catch {
                // The client could not show it (or failed): the turn so far stands; the conversation asks instead.
                return (outputs, ["The question could not be shown as a form (\(error)): ask it in the conversation, as worded, and pass the answer with `answer`."])
            }
            // The call was cancelled, or another call moved the conversation while the form was open: the form's
            // answer is not applied (it answered a question that is no longer the one waiting).
            if Task.isCancelled { return (outputs, ["The call was cancelled; the form's answer was not applied."]) }
            guard h.revision == revision else {
                guard case .asking = h.session.phase else {
                    return (h.engine.finished(h.session).map { [$0] } ?? [], ["The conversation moved on while the form was open; its answer was not applied."])
                }
                return ([.ask(h.engine.prompt(h.session))], ["The conversation moved on while the form was open; its answer was not applied. The question now waiting is below."])
            }
            switch reply.action {
            case .accept:
                guard let kind = event(from: reply.content, p, h) else {
                    return (outputs, ["The form's answer did not fit the question; ask it in the conversation and pass the answer with `answer`."])
                }
                outputs = try h.step(kind, on: today())
                try transcripts?.commit(reply: nil, messageID: nil)
                try finishIfDone(h)
            case .decline:
                return (outputs, ["The leader declined to answer in the form: ask the question below in the conversation, as worded, and pass their answer with `answer`."])
            case .cancel:
                return (outputs, ["The leader closed the form without answering: the diagnosis waits at the question below; call `answer` when they are ready."])
            }
        }
        return (outputs, [])
    }
}
