import CoachCLI
import DialogEngine
import DialogModel
import Logging
import Transcript

/// Conversations brought back from their transcripts, after a crash, a restart or a close past `--max-open`.
extension ProtocolServer {
    /// Brings back a conversation the process does not hold from its live transcript (after a crash or restart).
    func resume(_ id: String, _ store: any ConversationStore) throws -> Conversation? {
        let resumed: (Recorder, TranscriptFile)?
        do {
            resumed = try store.resume(id) { dialogID in try? self.engine(dialogID) }
        } catch let failure as ResumeFailure {
            throw ProtocolError.internalError("could not resume '\(id)' from its transcript: \(failure)")
        } catch let error where store.isShared {
            // The database could not be read (a lost connection, a timeout): the request may be sent again.
            throw ProtocolError.storageUnavailable("could not load '\(id)' from the store: \(error)")
        } catch {
            throw ProtocolError.internalError("could not resume '\(id)' from its transcript: \(error)")
        }
        guard let (recorder, file) = resumed else { return nil }
        let c = Conversation(id: id, engine: recorder.engine, session: recorder.session, recorder: recorder,
                             tag: file.header.tag)
        // Turns count the answers and backs, as the live server does (not why, help or state); those carry its
        // message ids.
        let taken = file.lines.filter { line in
            if case .input(let input, _) = line.entry { input.takesTurn } else { false }
        }
        var waiting: (question: ConversationStateMachine.Question, prompt: ConversationStateMachine.PromptID)?
        var outputs: [Output] = []
        if case .asking = c.session.phase {
            let p = c.engine.prompt(c.session)
            let question = ConversationStateMachine.Question(node: p.node, item: p.item)
            let turn = Self.turnFirstAsking(question, in: file, dialog: c.engine.dialog) ?? taken.count
            waiting = (question, ConversationStateMachine.PromptID(turn: turn, tag: c.state.tag))
            outputs = [.ask(p)]
        } else if let finished = c.engine.finished(c.session) {
            // A finished conversation's plan is always retrievable: a retry of the latest message gets it again.
            outputs = [finished]
        }
        // The latest message id gets the question now waiting (the rest of that turn's reply was not kept); the
        // ones before it are refused with -32014, so a bridge's redelivery after a restart is not applied twice.
        c.state.resumed(turns: taken.count, messageIDs: taken.map(\.messageID), waiting: waiting, waitingOutputs: outputs)
        c.storedReply = store.storedReply(recorder)
        // A follow-up goes on answering its given questions and kept answers for the leader, whichever process (or
        // the process after a restart) takes its next turn.
        if c.engine.dialog.takesGivens, case .asking = c.session.phase, let subject = file.header.subject,
           let plan = try? followUpPlan(of: subject) {
            let dialog = c.engine.dialog
            var used: [String: Int] = [:]
            for a in c.session.answers where !a.fellBack { used[dialog.nodes[a.node].id, default: 0] += 1 }
            c.autoAnswer = { session, node in plan.answer(for: node, in: session, dialog: dialog, used: &used) }
        }
        hold(c)
        logger.info("resumed \(id) from its transcript at turn \(c.state.turn)")
        return c
    }

    /// The turn whose reply asked `question` under the prompt id it waits with: the turn (answers and backs before
    /// it) of the latest recorded `question` message for its node and item with attempt 1 (later attempts keep that
    /// id). Nil when the transcript holds none.
    static func turnFirstAsking(_ question: ConversationStateMachine.Question, in file: TranscriptFile, dialog: Dialog) -> Int? {
        let node = dialog.nodes[question.node]
        let item = question.item.flatMap { i in node.question?.forEach.flatMap { dialog.nodes[$0].question?.answer.choices[i].id } }
        let prefix = Array(#"{"type":"question""#.utf8)
        guard let at = file.lines.lastIndex(where: { line in
            guard case .output(let message) = line.entry, message.bytes.starts(with: prefix) else { return false }
            let json = message.json
            return json["type"]?.string == "question" && json["node"]?.string == node.id && json["attempt"]?.int == 1
                && json["item"]?["id"]?.string == item
        }) else { return nil }
        return file.lines[..<at].count { line in
            if case .input(let input, _) = line.entry { input.takesTurn } else { false }
        }
    }
}
