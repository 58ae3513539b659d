public import DialogEngine

/// What a served conversation knows of its exchange with the bridge, as a state machine in the style of swift-nio's
/// protocol state machines: a phase, and one method per thing that happens, each returning what the server must do.
/// It decides retries (message ids), stale buttons (prompt ids), resume and turn numbers (docs/protocol.md section 6);
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

    /// Where the exchange stands.
    public enum Phase: Hashable, Sendable {
        /// A question waits, shown with this prompt id serial (`p7` is 7).
        case awaiting(prompt: Int, Question)
        /// Brought back from a transcript and nothing applied since: the bridge's buttons carry prompt ids from before
        /// the restart, so the next choice is taken whatever its prompt id. The question now waiting (if any) has a
        /// fresh prompt id.
        case resumed(prompt: Int, Question?)
        /// No question waits with a prompt id (the diagnosis finished, the conversation ended, or none was shown).
        case idle
    }

    /// The reply a retry of the latest message gets again: what that turn produced, and how it was numbered.
    public struct Reply: Sendable {
        /// The message id it answered (nil when the request had none).
        public let messageID: String?
        /// The engine's outputs for that turn.
        public let outputs: [Output]
        /// The prompt id serial its first question got.
        public let firstPrompt: Int
        /// Its turn number.
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
        /// The prompt id is the waiting question's (or the conversation was just resumed): take the choice.
        case accept
        /// The prompt id is not the waiting question's: refuse it, naming the active prompt id if there is one.
        case refuseStale(active: String?)
    }

    /// How many earlier message ids are kept to refuse their redelivery.
    public static let rememberedMessageIDs = 8

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

    public init() {}

    /// The prompt id serial of the question now waiting, if any.
    public var activePrompt: Int? {
        switch phase {
        case .awaiting(let prompt, _): prompt
        case .resumed(let prompt, let q): q == nil ? nil : prompt
        case .idle: nil
        }
    }

    /// A message arrived with this id (nil: none): new, the latest again, or an earlier one.
    public func received(messageID: String?) -> MessageAction {
        guard let messageID else { return .apply }
        if messageID == lastMessageID { return .resendLastReply }
        if earlier.contains(messageID) { return .refuseDuplicate(messageID) }
        return .apply
    }

    /// A button arrived with this prompt id.
    public func received(promptID: String) -> PromptAction {
        switch phase {
        case .resumed: return .accept
        case .awaiting(let prompt, _) where promptID == "p\(prompt)": return .accept
        default: return .refuseStale(active: activePrompt.map { "p\($0)" })
        }
    }

    /// The prompt id a question keeps when it is asked again (a rejected answer, a fallback): the waiting prompt's,
    /// if this is the same question; nil when it gets a new one.
    public func promptKept(by question: Question, attempt: Int) -> Int? {
        guard attempt > 1, case .awaiting(let prompt, let waiting) = phase, waiting == question else { return nil }
        return prompt
    }

    /// An answer or a back was applied: the turn number advances and a resumed conversation is live again.
    public mutating func applied() {
        turn += 1
        if case .resumed(let prompt, let q) = phase {
            phase = q.map { .awaiting(prompt: prompt, $0) } ?? .idle
        }
    }

    /// A turn's reply was sent: `reply` is kept for retries; the prompt ids it used run from `reply.firstPrompt` to
    /// `lastPrompt` (below `firstPrompt` when it asked nothing new); `waiting` is the question the session now waits on.
    public mutating func replied(_ reply: Reply, lastPrompt: Int, waiting: Question?) {
        if let previous = lastMessageID {
            earlier.append(previous)
            if earlier.count > Self.rememberedMessageIDs { earlier.removeFirst() }
        }
        last = reply
        lastMessageID = reply.messageID
        let prompt = lastPrompt >= reply.firstPrompt ? lastPrompt : activePrompt
        if let waiting, let prompt {
            phase = .awaiting(prompt: prompt, waiting)
        } else {
            phase = .idle
        }
    }

    /// The conversation was brought back from its transcript after `turns` turns (answers and backs), whose message
    /// ids were `messageIDs` (in order); the question now waiting (if any) gets prompt id `prompt`, and a retry of
    /// the latest message gets `waitingOutputs` (the question, as the rest of that turn's reply was not kept).
    public mutating func resumed(turns: Int, messageIDs: [String?], prompt: Int, waiting: Question?, waitingOutputs: [Output]) {
        turn = turns
        phase = .resumed(prompt: prompt, waiting)
        guard let latest = messageIDs.last else { return }
        earlier = Array(messageIDs.dropLast().compactMap { $0 }.suffix(Self.rememberedMessageIDs))
        last = Reply(messageID: latest, outputs: waiting == nil ? [] : waitingOutputs, firstPrompt: prompt, turn: turns)
        lastMessageID = latest
    }
}
