import CoachCLI
import DialogEngine
import Logging
import Transcript
import DialogModel

extension ProtocolServer {
    func start(_ params: JSONObject, into w: JSONWriter) throws {
        let id = try conversationID(params)
        let messageID = try messageID(params)
        if let held = conversations[id], try isStale(held) { release(held) }
        guard !holds(id) else { throw ProtocolError.conversationExists(id) }
        var dialogID: String
        switch params["dialog"] {
        case nil: dialogID = "coach"
        case .string(let s)?: dialogID = s
        default: throw ProtocolError.invalidParams("dialog", "a dialog id such as \"off-track\"")
        }
        // A follow-up: the follow-up dialog of the subject's latest diagnosis, its given questions answered from it.
        var followUp: FollowUpPlan?
        switch params["followUp"] {
        case nil, .null?: break
        case .string(let who)? where !who.isEmpty:
            guard params["dialog"] == nil, params["subject"] == nil else {
                throw ProtocolError.invalidParams("followUp", "a follow-up takes its dialog and subject from the last diagnosis: give neither 'dialog' nor 'subject'")
            }
            let plan = try followUpPlan(of: who)
            do { dialogID = try plan.dialog(in: Set(dialogs.keys)) } catch { throw ProtocolError.invalidParams("followUp", error.description) }
            followUp = plan
        default: throw ProtocolError.invalidParams("followUp", "the subject to follow up: an id such as \"dana\" or the name given in the diagnoses")
        }
        var leader: String?
        switch params["leader"] {
        case nil, .null?: break
        case .string(let s)? where s.unicodeScalars.count <= 80 && !s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }):
            let name = s.trimmed(where: { $0 == " " })
            leader = name.isEmpty ? nil : name
        default: throw ProtocolError.invalidParams("leader", "the leader's name: a string of at most 80 characters, no control characters")
        }
        var subject: String? = followUp?.last.subject
        if followUp != nil, leader == nil { leader = followUp?.last.leader }
        switch params["subject"] {
        case nil, .null?: break
        case .string(let s)? where SubjectID.problem(s) == nil: subject = s
        case .string(let s)?: throw ProtocolError.invalidParams("subject", SubjectID.problem(s)!)
        default: throw ProtocolError.invalidParams("subject", "the stable id of the person or team the diagnosis is about, such as \"dana\" or \"dana-m\"")
        }
        let engine = try engine(dialogID)
        if followUp == nil, engine.dialog.takesGivens {
            throw ProtocolError.invalidParams("dialog", "'\(dialogID)' is a follow-up: start it with followUp and the subject, not by its id")
        }
        let c: Conversation
        var outputs: [Output]
        if let store {
            // A shared store refuses a live id when the start is committed (`StoreConflict.conversationExists`).
            if !store.isShared {
                let exists: Bool
                do { exists = try store.exists(id) } catch { throw ProtocolError.storageUnavailable("could not read the store: \(error)") }
                guard !exists else { throw ProtocolError.conversationExists(id) }
            }
            let recorder: Recorder
            do { recorder = try store.start(id, engine: engine, day: today(), leader: leader, subject: subject) } catch {
                throw ProtocolError.storageUnavailable("could not start the transcript: \(error)")
            }
            if let last = followUp?.last {
                do { try store.link(recorder, follows: last) } catch { throw ProtocolError.storageUnavailable("could not link the follow-up: \(error)") }
            }
            c = Conversation(id: id, engine: engine, session: recorder.session, recorder: recorder, tag: recorder.writer.header.tag)
            outputs = recorder.opening
        } else {
            let (session, opening) = engine.start(on: today(), leader: leader)
            c = Conversation(id: id, engine: engine, session: session, tag: Conversation.randomTag())
            outputs = opening
        }
        hold(c)
        if let followUp {
            let dialog = engine.dialog
            var used: [String: Int] = [:]
            c.autoAnswer = { session, node in followUp.answer(for: node, in: session, dialog: dialog, used: &used) }
            outputs = try autoAnswer(c, outputs)
        }
        turn(c, outputs, messageID: messageID, into: w)
    }

    /// Gives the answers a follow-up gives for the leader (its `given` questions, and the earlier answers it keeps),
    /// each a turn of the record; the reply shows what came before and after them, never them. One the engine
    /// rejects is not given again: the leader is asked.
    func autoAnswer(_ c: Conversation, _ opening: [Output]) throws -> [Output] {
        guard let autoAnswer = c.autoAnswer else { return opening }
        var outputs = opening
        while let node = c.currentNode, !outputs.contains(where: { if case .rejected = $0 { true } else { false } }),
              let kind = c.withSession({ autoAnswer($0, node) }) {
            outputs.removeAll { if case .ask(let p) = $0 { p.node == node } else { false } }
            outputs += try c.step(Event(kind, on: today()), messageID: nil).filter {
                switch $0 {
                case .ask, .say, .finished: true
                default: false
                }
            }
            c.state.applied()
        }
        return outputs
    }

    func message(_ params: JSONObject, into w: JSONWriter) throws {
        let c = try conversation(params, writes: true)
        let messageID = try messageID(params)
        if try isRetry(messageID, c) { return resendLastReply(c, into: w) }
        let given = (params["text"] == nil ? 0 : 1) + (params["choice"] == nil ? 0 : 1) + (params["choices"] == nil ? 0 : 1)
        guard given == 1 else {
            throw ProtocolError.invalidParams("text", "give exactly one of 'text', 'choice' or 'choices'")
        }
        let kind: Event.Kind
        if let text = params["text"] {
            guard let t = text.string else { throw ProtocolError.invalidParams("text", "a string") }
            kind = shortenedLabel(t, c).map { .chose([$0]) } ?? .answered(t)
        } else if let choice = params["choice"] {
            guard let o = choice.object, let prompt = o["promptId"]?.string, let id = o["id"]?.string else {
                throw ProtocolError.invalidParams("choice", "{\"promptId\": \"p0-9f2c1a\", \"id\": \"yes\"}")
            }
            try checkPrompt(prompt, c)
            try checkChoices([id], c, field: "choice.id")
            kind = .chose([id])
        } else {
            guard let o = params["choices"]?.object, let prompt = o["promptId"]?.string, let list = o["ids"]?.array,
                  !list.isEmpty, list.allSatisfy({ $0.string != nil }) else {
                throw ProtocolError.invalidParams("choices", "{\"promptId\": \"p0-9f2c1a\", \"ids\": [\"a\", \"b\"]}")
            }
            let ids = list.compactMap(\.string)
            try checkPrompt(prompt, c)
            try checkChoices(ids, c, field: "choices.ids")
            kind = .chose(ids)
        }
        var outputs = try c.step(Event(kind, on: today()), messageID: messageID)
        c.state.applied()
        outputs = try autoAnswer(c, outputs)
        turn(c, outputs, messageID: messageID, into: w)
    }

    /// The id of the waiting question's choice whose label this channel shortened to `text` (a button that sends
    /// its label as text, such as Teams' `imBack`); nil when the text is no shortened label, or the label of more
    /// than one choice. Full labels need no help: the answer parser reads them like any typed name.
    func shortenedLabel(_ text: String, _ c: Conversation) -> String? {
        // Most texts are typed answers: only one ending in "…" (UTF-8 E2 80 A6), or in white space, is looked at.
        guard let last = text.utf8.last, last == 0xA6 || last == 0x20 || last == 0x0A || last == 0x09 else { return nil }
        let t = text.trimmed(where: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard t.hasSuffix("…"), let node = c.currentNode,
              let choices = c.engine.dialog.nodes[node].question?.answer.choices else { return nil }
        let hits = choices.filter { TurnWriter.label($0.label, maxLabel: capabilities.maxLabel) == t }
        return hits.count == 1 ? hits[0].id : nil
    }

    /// A button can only carry the ids the question offered; anything else is a bridge bug, not a wrong answer. A
    /// question without choice ids (scale, number, text) reads a choice's id like typed text, so a scale's point
    /// can be a button.
    func checkChoices(_ ids: [String], _ c: Conversation, field: String) throws {
        guard let node = c.currentNode, let type = c.engine.dialog.nodes[node].question?.answer else { return }
        for id in ids where !type.choices.isEmpty && !type.choices.contains(where: { $0.id == id }) {
            throw ProtocolError.invalidParams(field, "'\(id)' is not a choice of this question: " + type.choices.map(\.id).joined(separator: ", "))
        }
        if type.kind != .multi && ids.count > 1 {
            throw ProtocolError.invalidParams(field, "this question takes one choice")
        }
    }

    /// True when the message id is the conversation's latest (answer it with the first reply again); an older
    /// remembered id is refused, so a late redelivery is never applied twice.
    func isRetry(_ messageID: String?, _ c: Conversation) throws -> Bool {
        switch c.state.received(messageID: messageID) {
        case .apply: return false
        case .resendLastReply:
            // Another process may have taken turns since: the first reply is resent only from a current copy.
            try verify(c)
            return true
        case .refuseDuplicate(let id): throw ProtocolError.duplicateMessage(id)
        }
    }

    func checkPrompt(_ prompt: String, _ c: Conversation) throws {
        switch c.state.received(promptID: prompt) {
        case .accept: return
        case .refuseStale(let active): throw ProtocolError.stalePrompt(prompt, active: active)
        }
    }

    func back(_ params: JSONObject, into w: JSONWriter) throws {
        let c = try conversation(params, writes: true)
        let messageID = try messageID(params)
        if try isRetry(messageID, c) { return resendLastReply(c, into: w) }
        let outputs = try c.step(Event(.wentBack, on: today()), messageID: messageID)
        c.state.applied()
        turn(c, outputs, messageID: messageID, into: w)
    }

    /// Writes a turn's reply and tells the state machine, which keeps it for retries.
    func turn(_ c: Conversation, _ outputs: [Output], messageID: String?, into w: JSONWriter) {
        let reply = ConversationStateMachine.Reply(messageID: messageID, outputs: outputs, turn: c.state.turn)
        writeTurn(c, reply, resent: false, into: w)
        c.storedReply = nil
        let waiting = c.currentNode.map { _ in c.withSession { c.engine.prompt($0) } }.map {
            (question: ConversationStateMachine.Question(node: $0.node, item: $0.item), attempt: $0.attempt)
        }
        c.state.replied(reply, waiting: waiting)
        // A finished diagnosis leaves memory once its plan is sent: with transcripts on its transcript is written to
        // its own file now (off the serving thread, for audit) and has it; without, it is kept compact (its plan is
        // rebuilt from its answers if asked for again).
        if case .finished = c.phase, conversations[c.id] === c {
            release(c)
            if let recorder = c.recorder {
                // With the journal this hands its frames to the file writer, as closing past --max-open does.
                do { try recorder.close() } catch { logger.error("could not close the transcript of \(c.id): \(error)") }
            } else {
                idle[c.id] = CompactConversation(c)
            }
        }
    }

    /// The reply to a retried message: the first reply again, rebuilt from what that turn produced.
    func resendLastReply(_ c: Conversation, into w: JSONWriter) {
        // A shared store keeps the first reply itself: the turn may have been answered by another process.
        if let stored = c.storedReply, stored.messageID == c.state.latestMessageID { return w.raw(bytes: stored.reply) }
        guard let last = c.state.last else { return }
        writeTurn(c, last, resent: true, into: w)
    }

    /// Writes a turn result (`resent`: the latest reply again, for a retry).
    func writeTurn(_ c: Conversation, _ reply: ConversationStateMachine.Reply, resent: Bool, into w: JSONWriter) {
        w.raw("{\"conversation\":"); w.string(c.id)
        w.raw(",\"turn\":"); w.int(reply.turn)
        w.raw(",\"phase\":"); w.string(phaseName(c.phase))
        w.raw(",\"messages\":")
        writer.write(reply.outputs, c, turn: reply.turn, resent: resent, into: w)
        w.raw("}")
    }

    func phaseName(_ phase: Session.Phase) -> String {
        switch phase {
        case .asking: "asking"
        case .finished: "finished"
        case .left: "ended"
        }
    }

    func explain(_ params: JSONObject, help: Bool, into w: JSONWriter) throws {
        let c = try conversation(params, writes: true)
        let outputs = try c.step(Event(help ? .askedHelp : .askedWhy, on: today()), messageID: nil)
        let renderer = TextRenderer(engine: c.engine, channel: .chat)
        w.raw("{\"conversation\":"); w.string(c.id)
        switch outputs.first {
        case .explained(let e)?:
            w.raw(",\"node\":"); w.string(e.node)
            w.raw(",\"text\":"); w.string(e.text ?? "This question has no stated rationale.")
            if let s = e.source { w.raw(",\"source\":"); w.string(s) }
        case .helped(let h)?:
            let q = c.engine.dialog.nodes[h.node]
            w.raw(",\"node\":"); w.string(q.id)
            w.raw(",\"text\":"); w.string(h.text ?? "")
            w.raw(",\"validAnswers\":"); w.string(renderer.validAnswers(q.question!.answer))
        default:
            w.raw(",\"node\":null,\"text\":"); w.string(outputs.map { renderer.render($0, in: c.session) }.joined().trimmed(where: { $0 == "\n" }))
        }
        w.raw("}")
    }

    func state(_ params: JSONObject, into w: JSONWriter) throws {
        let c = try conversation(params)
        let summary = c.engine.summary(c.session)
        let taxonomy = c.engine.dialog.taxonomy
        w.raw("{\"conversation\":"); w.string(c.id)
        w.raw(",\"dialog\":"); w.string(c.engine.dialog.id)
        w.raw(",\"turn\":"); w.int(c.state.turn)
        w.raw(",\"phase\":"); w.string(phaseName(c.phase))
        w.raw(",\"question\":")
        if case .asking = c.phase {
            let p = c.engine.prompt(c.session)
            let id = c.state.activePrompt ?? c.state.promptID(for: .init(node: p.node, item: p.item), attempt: p.attempt, turn: c.state.turn)
            writer.question(p, id: id, c, into: w)
        } else {
            w.raw("null")
        }
        w.raw(",\"answers\":[")
        for (i, line) in summary.answers.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"node\":"); w.string(line.nodeID); w.raw(",\"label\":"); w.string(line.label)
            if let item = line.item { w.raw(",\"item\":"); w.string(item) }
            w.raw(",\"answer\":"); w.string(line.answer); w.raw("}")
        }
        w.raw("],\"findings\":[")
        for (i, f) in summary.findings.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(taxonomy.findings[f].id)
        }
        w.raw("],\"flags\":{")
        for (i, (k, v)) in summary.flags.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.raw(",") }
            w.string(k); w.raw(":"); w.string(v)
        }
        w.raw("}")
        // A finished conversation's plan, as its `plan` message, after any restart.
        if let finished = c.engine.finished(c.session) {
            w.raw(",\"plan\":")
            writer.message(finished, c, into: w)
        }
        w.raw("}")
    }

    /// A finished conversation's plan message, in the markup the request names (else the bridge's): the renderings
    /// a turn's reply leaves out, on demand.
    func plan(_ params: JSONObject, into w: JSONWriter) throws {
        let c = try conversation(params)
        var markup: String?
        if let m = params["markup"] {
            guard let name = m.string, ServerCapabilities.markups.contains(name) else {
                throw ProtocolError.invalidParams("markup", "one of markdown, slack, plain, none")
            }
            markup = name
        }
        guard let finished = c.engine.finished(c.session) else { throw ProtocolError.noPlan(c.id) }
        w.raw("{\"conversation\":"); w.string(c.id)
        w.raw(",\"plan\":")
        writer.message(finished, c, markup: markup, into: w)
        w.raw("}")
    }

    func end(_ params: JSONObject, into w: JSONWriter) throws {
        let c = try conversation(params, writes: true)
        release(c)
        if let store, let recorder = c.recorder {
            do { try store.end(c.id, recorder: recorder) } catch {
                // A shared store must record the end, or another process would go on with the conversation.
                if store.isShared { throw ProtocolError.storageUnavailable("could not end the transcript: \(error)") }
                logger.error("could not close the transcript of \(c.id): \(error)")
            }
        }
        w.raw("{\"conversation\":"); w.string(c.id)
        w.raw(",\"ended\":true,\"answers\":"); w.int(c.session.answers.count)
        w.raw(",\"phase\":"); w.string(phaseName(c.phase)); w.raw("}")
    }
}
