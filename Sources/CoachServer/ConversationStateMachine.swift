public import DialogEngine
import Transcript

/// What a served conversation knows of its exchange with the bridge, as a state machine in the style of swift-nio's
/// protocol state machines: a phase, and one method per thing that happens, each returning what the server must do.
/// It decides retries (message ids), prompt ids and stale buttons, resume and turn numbers (docs/protocol.md section 6);
/// it does no I/O and knows nothing of JSON.
public struct ConversationStateMachine: Sendable {
    /// The question a prompt id was shown for: its node and, for a per-item question, the item.
    public struct Question: Hashable, Sendable {
        /// The node index.
        public let node: Int
        /// The item's choice index, for a per-item question.
        public let item: Int?

        public init(node: Int, item: Int?) {
            self.node = node
            self.item = item
        }
    }

    /// A prompt id: one asking of a question in one conversation instance, written `p<turn>-<tag>` (`p4-9f2c1a`).
    /// It is derived from the conversation's own history, so it is the same in memory, after an eviction and after
    /// a restart (docs/protocol.md section 6.2); bridges treat it as an opaque string.
    public struct PromptID: Hashable, Sendable, CustomStringConvertible {
        /// The turn whose reply first asked the question (0: the opening). A rejected answer asks it again under the
        /// same id; a back or a new question is a new turn, so a new id. A turn asks at most one question.
        public let turn: Int
        /// The conversation instance's tag: different for a new conversation started under the same id.
        public let tag: String

        public init(turn: Int, tag: String) {
            self.turn = turn
            self.tag = tag
        }

        /// The id as bridges see it.
        public var description: String { "p\(turn)-\(tag)" }

        /// Writes the id as JSON string content (`p4-9f2c1a`, no quotes: a tag is hex), building no string.
        func write(into w: JSONWriter) {
            w.byte(0x70)
            w.int(turn)
            w.byte(0x2D)
            w.stringContent(tag)
        }
    }

    /// Where the exchange stands.
    public enum Phase: Hashable, Sendable {
        /// A question waits, shown with this prompt id.
        case awaiting(prompt: PromptID, Question)
        /// No question waits with a prompt id (the diagnosis finished, the conversation ended, or none was shown).
        case idle
    }

    /// The reply a retry of the latest message gets again: what that turn produced, and how it was numbered.
    public struct Reply: Sendable {
        /// The message id it answered (nil when the request had none).
        public let messageID: String?
        /// The engine's outputs for that turn.
        public let outputs: [Output]
        /// Its turn number (a question it asks first is named for it).
        public let turn: Int
    }

    /// What to do with a message (an answer or a back) and its message id.
    public enum MessageAction: Hashable, Sendable {
        /// A new message: apply it.
        case apply
        /// The latest message again (a bridge retry): send the first reply again, apply nothing.
        case resendLastReply
        /// An earlier message redelivered late: refuse it, apply nothing.
        case refuseDuplicate(String)
    }

    /// What to do with a button's prompt id.
    public enum PromptAction: Hashable, Sendable {
        /// The prompt id is the waiting question's: take the choice.
        case accept
        /// The prompt id is not the waiting question's: refuse it, naming the active prompt id if there is one.
        case refuseStale(active: String?)
    }

    /// How many earlier message ids are kept to refuse their redelivery.
    public static let rememberedMessageIDs = 8

    /// The conversation instance's tag, the end of its prompt ids: from its transcript header when transcripts are
    /// on, else fixed when it started.
    public let tag: String
    /// Where the exchange stands.
    public private(set) var phase: Phase = .idle
    /// Turns taken (answers and backs): the `turn` number of replies.
    public private(set) var turn = 0
    /// The latest reply, for retries.
    public private(set) var last: Reply?
    /// The latest reply's message id (kept apart, so checking a message id copies no reply).
    private var lastMessageID: String?
    /// The message ids before the latest one (the last `rememberedMessageIDs`).
    public private(set) var earlier: [String] = []

    public init(tag: String) { self.tag = tag }

    /// The latest reply's message id (nil: none, or the request had none).
    public var latestMessageID: String? { lastMessageID }

    /// The prompt id of the question now waiting, if any.
    public var activePrompt: PromptID? {
        if case .awaiting(let prompt, _) = phase { prompt } else { nil }
    }

    /// A message arrived with this id (nil: none): new, the latest again, or an earlier one.
    public func received(messageID: String?) -> MessageAction {
        guard let messageID else { return .apply }
        if messageID == lastMessageID { return .resendLastReply }
        if earlier.contains(messageID) { return .refuseDuplicate(messageID) }
        return .apply
    }

    /// A button arrived with this prompt id: taken only with the waiting question's id (after a resume too).
    public func received(promptID: String) -> PromptAction {
        if case .awaiting(let prompt, _) = phase, promptID == prompt.description { return .accept }
        return .refuseStale(active: activePrompt?.description)
    }

    /// The prompt id a question gets in the reply of turn `turn`: the waiting question's when it is asked again (a
    /// later attempt after a rejected answer, or the latest reply sent again for a retry, `resent`), else a new one
    /// named for the turn.
    public func promptID(for question: Question, attempt: Int, turn: Int, resent: Bool = false) -> PromptID {
        if attempt > 1 || resent, case .awaiting(let prompt, let waiting) = phase, waiting == question { return prompt }
        return PromptID(turn: turn, tag: tag)
    }

    /// An answer or a back was applied: the turn number advances.
    public mutating func applied() {
        turn += 1
    }

    /// A turn's reply was sent: `reply` is kept for retries; `waiting` is the question the session now waits on and
    /// its attempt (it is the reply's last question, and gets the id the reply showed).
    public mutating func replied(_ reply: Reply, waiting: (question: Question, attempt: Int)?) {
        if let previous = lastMessageID {
            earlier.append(previous)
            if earlier.count > Self.rememberedMessageIDs { earlier.removeFirst() }
        }
        last = reply
        lastMessageID = reply.messageID
        if let waiting {
            phase = .awaiting(prompt: promptID(for: waiting.question, attempt: waiting.attempt, turn: reply.turn), waiting.question)
        } else {
            phase = .idle
        }
    }

    /// The conversation was brought back from its transcript after `turns` turns (answers and backs), whose message
    /// ids were `messageIDs` (in order); the question now waiting (if any) keeps the prompt id it was shown with
    /// (`prompt`, read from the transcript), and a retry of the latest message gets `waitingOutputs` (the question,
    /// or the plan of a finished conversation, as the rest of that turn's reply was not kept).
    public mutating func resumed(turns: Int, messageIDs: [String?], waiting: (question: Question, prompt: PromptID)?,
                                 waitingOutputs: [Output]) {
        turn = turns
        phase = waiting.map { .awaiting(prompt: $0.prompt, $0.question) } ?? .idle
        guard let latest = messageIDs.last else { return }
        earlier = Array(messageIDs.dropLast().compactMap { $0 }.suffix(Self.rememberedMessageIDs))
        last = Reply(messageID: latest, outputs: waitingOutputs, turn: turns)
        lastMessageID = latest
    }
}
