import DialogEngine
import DialogModel
import Transcript

/// Renders engine outputs as plain text for a terminal or a text-only chat; the one place their wording lives.
/// Every text is for a sales leader: questions by their labels, findings and notes in words (the taxonomy's text for
/// the conversation's problem), no node ids, finding or note codes, flags or source tags. The ids stay in the
/// structured members of the protocol's messages and in the transcript, for machines.
public struct TextRenderer {
    /// Where the texts are read, which decides how they name the user's actions.
    public enum Channel: Sendable {
        /// The readline chat: actions are typed commands (`:back`, `:restart`).
        case terminal
        /// A chat bridge of `coach serve`: actions are the bridge's (Back, a new answer, a new conversation),
        /// never a typed command.
        case chat
    }

    public let engine: Engine
    public let channel: Channel
    public var dialog: Dialog { engine.dialog }

    public init(engine: Engine, channel: Channel = .terminal) {
        self.engine = engine
        self.channel = channel
    }

    /// The text for one output of a step, with the session as the step left it; the plan is rendered in full.
    public func render(_ output: Output, in session: Session) -> String {
        switch output {
        case .say(let text): return text + "\n"
        case .ask(let prompt): return question(prompt, engine.text(of: prompt, in: session))
        case .rejected(let r): return rejection(r) + "\n"
        case .fellBack:
            // The question is named in the message's structured members (`node`, `label`), not in the text.
            return "That was the last try for this question; I'll note that we could not settle it and move on.\n"
        case .recorded: return ""
        case .explained(let e):
            // The source is a tag for the dialog's authors (`MP describe discrepancy`), not for the leader; a bridge
            // has it in its own member (`source`).
            return "Why I ask: " + (e.text ?? "this question has no stated rationale.") + "\n"
        case .helped(let h):
            let type = dialog.nodes[h.node].question!.answer
            return (h.text.map { $0 + "\n" } ?? "") + "Valid answers: " + validAnswers(type) + "\n"
        case .located(let p): return location(p) + "\n"
        case .summarized(let s): return summary(s, problem: engine.problem(of: session))
        case .undone(let node):
            // On a chat the question asked again follows as its own message: the text names what was undone.
            guard channel == .terminal else { return undone(node) + "\n" }
            return "Back to: " + backTo(node, in: session) + "\n"
        case .changed(let node, let dropped): return changed(node, dropped: dropped, in: session) + "\n"
        case .restarted: return "Starting over.\n"
        case .refused(let r): return refusal(r) + "\n"
        case .finished(let diagnosis): return "\n" + PlanRenderer(style: .text).render(diagnosis.plan)
        case .ended: return "Goodbye. Your answers so far are kept.\n"
        }
    }

    /// What an output says as one chat message: a rejection's reason, else its rendering, without the blank lines
    /// around it (the server's `text` members, `coach mcp`'s `said`).
    public func said(_ output: Output, in session: Session) -> String {
        if case .rejected(let r) = output { return rejection(r) }
        return render(output, in: session).trimmed(where: { $0 == "\n" })
    }

    /// A question with its progress line and how to answer it.
    public func question(_ p: Prompt, _ prompt: String) -> String {
        let q = dialog.nodes[p.node].question!
        var text = "\n[" + location(p.progress) + "]\n" + prompt + "\n"
        text += answerHint(q.answer)
        return text
    }

    /// `Step 1 of 5, Goals · question 3 of about 38`.
    public func location(_ p: Progress) -> String {
        if p.finished { return "Diagnosis complete after \(p.question) answers" }
        let step = p.step.map { "Step \($0.number) of 5, \($0.name) · " } ?? ""
        return step + "question \(p.question) of about \(p.about)"
    }

    /// The answer options under a question.
    public func answerHint(_ type: AnswerType) -> String {
        switch type.kind {
        case .yesNo: return "  1) Yes   2) No   3) Unsure\n"
        case .choice, .multi:
            var text = type.choices.enumerated().map { "  \($0 + 1)) \($1.label)" }.joined(separator: "\n") + "\n"
            if type.kind == .multi {
                text += "  (one or more: numbers or names, separated by commas\(type.optional ? "; an empty answer skips it" : ""))\n"
            }
            return text
        case .scale:
            let s = type.scale!
            return s.anchors.enumerated().map { "  \(s.min + $0) = \($1)" }.joined(separator: "\n") + "\n"
        case .number:
            return "  (" + numberHint(type.number!) + (type.optional ? "; an empty answer skips it" : "") + ")\n"
        case .text:
            let t = type.text!
            return "  (free text, up to \(t.maxLength) characters\(t.optional ? "; an empty answer skips it" : ""))\n"
        }
    }

    func numberHint(_ n: NumberSpec) -> String {
        var text = n.integer ? "a whole number" : "a number"
        switch (n.min, n.max) {
        case (let lo?, let hi?): text += " from \(Describe.number(lo)) to \(Describe.number(hi))"
        case (let lo?, nil): text += " of at least \(Describe.number(lo))"
        case (nil, let hi?): text += " of at most \(Describe.number(hi))"
        default: break
        }
        if let unit = n.unit { text += unit == "%" ? ", in %" : ", in \(unit)" }
        return text
    }

    public func validAnswers(_ type: AnswerType) -> String {
        switch type.kind {
        case .yesNo: return "yes, no or unsure (or 1, 2, 3)"
        case .choice: return "a number from 1 to \(type.choices.count), or a choice's name"
        case .multi: return "one or more numbers from 1 to \(type.choices.count) or names, separated by commas"
        case .scale: return "a whole number from \(type.scale!.min) to \(type.scale!.max)"
        case .number: return numberHint(type.number!)
        case .text: return "any text up to \(type.text!.maxLength) characters"
        }
    }

    public func rejection(_ r: Rejection) -> String {
        let node = dialog.nodeIndex[r.node].map { dialog.nodes[$0] }
        let type = node?.question?.answer
        let typed = "\"" + r.typed + "\""
        var text: String
        switch r.reason {
        case .empty: text = "I need an answer here."
        case .notAChoice: text = "\(typed) is not one of the choices."
        case .ambiguous(let options):
            let labels = type?.kind == .scale ? options.compactMap { type?.scale?.anchors[$0] }
                : options.compactMap { type?.choices[$0].label }
            text = "\(typed) could mean " + labels.map { "\"\($0)\"" }.joined(separator: " or ") + "."
        case .unknownChoiceID(let id): text = "There is no choice \"\(id)\" here."
        case .notANumber: text = "\(typed) is not a number."
        case .notWhole: text = "Please give a whole number."
        case .outOfRange(let lo, let hi):
            text = "\(typed) is out of range"
            if let lo, let hi { text += " (\(Describe.number(lo)) to \(Describe.number(hi)))" }
            text += "."
        case .wrongUnit(let unit): text = "I expected \(type?.number?.unit.map { "\"\($0)\"" } ?? "no unit"), not \"\(unit)\"."
        case .oneOnly: text = "Please give just one answer."
        case .exclusive(let i): text = "\"\(type?.choices[i].label ?? "")\" cannot be combined with other choices."
        case .tooLong(let limit, let length): text = "That is \(length) characters; the limit is \(limit)."
        case .didYouMean(let answer): text = "\(typed) is not an answer I know. Did you mean \"\(answer)\"?"
        }
        if let type { text += " Valid answers: " + validAnswers(type) + "." }
        if r.attemptsLeft == 1 { text += " (Last try: after one more, I will note it as unsettled and move on.)" }
        return text
    }

    public func refusal(_ r: Refusal) -> String {
        switch (r, channel) {
        case (.nothingToUndo, _): "There is no answer to undo yet."
        case (.notAnswered(let id), .terminal): "\(quotedLabel(id)) has not been answered on this path; :summary lists the answers."
        case (.notAnswered(let id), .chat): "\(quotedLabel(id)) has not been answered on this path."
        case (.unknownNode, .terminal): "There is no such question in this conversation; :summary lists the answers."
        case (.unknownNode, .chat): "There is no such question in this conversation."
        case (.perItem(let id), .terminal): "\(quotedLabel(id)) is asked once per item; use :back to change it."
        case (.perItem(let id), .chat): "\(quotedLabel(id)) is asked once per item; use Back to change it."
        case (.notAsking, .terminal): "No question is waiting: the diagnosis is complete. Go back to reopen it, or start again."
        case (.notAsking, .chat): "No question is waiting: the diagnosis is complete. Use Back to reopen the last question, or start a new conversation."
        case (.ended, .terminal): "This conversation has ended. Use :restart to begin again."
        case (.ended, .chat): "This conversation has ended. Start a new conversation to begin again."
        }
    }

    /// The answers so far, numbered from 1 (the numbers the terminal's `:change` takes), each with its question's
    /// label, then the findings (in the words written for `problem`, the conversation's) and notes in words; no node
    /// ids, finding or note codes, or flags. At the terminal it ends with how to change an answer.
    public func summary(_ s: Summary, problem: String?) -> String {
        var text = "Answers so far:\n"
        if s.answers.isEmpty { text += "  (none yet)\n" }
        let width = String(s.answers.count).count
        for (i, line) in s.answers.enumerated() {
            let number = String(i + 1)
            text += String(repeating: " ", count: 2 + width - number.count) + number + ". "
            text += "\(line.label)\(line.item.map { " [\($0)]" } ?? ""): \(line.answer)\n"
        }
        if !s.findings.isEmpty {
            text += "Findings so far, in plan order:\n"
            text += s.findings.map { "  - " + dialog.taxonomy.findings[$0].texts.text(for: problem) + "\n" }.joined()
        }
        if !s.notes.isEmpty {
            text += "Notes:\n" + s.notes.map { "  - " + dialog.taxonomy.notes[$0].text + "\n" }.joined()
        }
        if channel == .terminal && !s.answers.isEmpty {
            text += "To change one, type :change, its number (or name) and the new answer.\n"
        }
        return text
    }

    /// `Undone: your answer to "Gap to YTD target".`
    func undone(_ node: String) -> String {
        label(node).map { "Undone: your answer to \"\($0)\"." } ?? "Undone: your last answer."
    }

    /// The question gone back to, in the leader's words: the question as it is asked again, else its label.
    func backTo(_ node: String, in session: Session) -> String {
        if case .asking = session.phase, let current = session.currentNode, dialog.nodes[current].id == node {
            return engine.text(of: engine.prompt(session), in: session)
        }
        return label(node).map { $0 + "." } ?? "the question before."
    }

    /// `Changed your answer to "Ever hit goal": Yes.`, then the answers the change dropped, by label.
    func changed(_ node: String, dropped: [String], in session: Session) -> String {
        var text = "Changed your answer to \(quotedLabel(node))"
        if let index = dialog.nodeIndex[node], let q = dialog.nodes[index].question,
           let answer = session.answers.first(where: { $0.node == index }) {
            text += ": " + Describe.value(answer.value, q.answer)
        }
        text += "."
        var seen = Set<String>()
        let labels = dropped.compactMap(label).filter { seen.insert($0).inserted }
        if !labels.isEmpty {
            text += " Answers no longer on the path were dropped: " + labels.joined(separator: ", ") + "."
        }
        return text
    }

    /// The short label of a question, by node id.
    func label(_ node: String) -> String? {
        dialog.nodeIndex[node].flatMap { dialog.nodes[$0].question?.label }
    }

    /// `"Ever hit goal"`, or `That question` when the id is no question's.
    func quotedLabel(_ node: String) -> String {
        label(node).map { "\"" + $0 + "\"" } ?? "That question"
    }
}
