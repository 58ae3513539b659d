import CoachCLI
import DialogEngine
import Transcript

/// One conversation the server holds: its engine and session, and what it needs to answer retries and stale buttons.
final class Conversation: RecencyLinked {
    let id: String
    let engine: Engine
    /// The session, when the conversation is not recorded.
    private var bare: Session
    /// The recorder, when transcripts are on: it holds the session and writes every turn.
    let recorder: Recorder?
    /// Retries, prompt ids, resume and turn numbers: the exchange with the bridge as a state machine.
    var state: ConversationStateMachine
    /// Its neighbours in the server's order of use, to close the least recently used (`RecencyList`).
    var newer: Conversation?
    var older: Conversation?
    var isLinked = false
    /// A follow-up's answers for the leader (`FollowUpPlan`): given as soon as their question is asked; made again
    /// from the subject's last diagnosis when the conversation is resumed (`resume`).
    var autoAnswer: ((Session, Int) -> Event.Kind?)?
    /// The reply a shared store committed with the latest turn, and the message id it answered (a retry gets it
    /// again, whichever process took the turn); nil once this process has replied to a turn of its own.
    var storedReply: (messageID: String, reply: [UInt8])?

    /// `tag` names this conversation instance in its prompt ids (`ConversationStateMachine.tag`).
    init(id: String, engine: Engine, session: Session, recorder: Recorder? = nil, tag: String) {
        self.id = id
        state = ConversationStateMachine(tag: tag)
        self.engine = engine
        self.bare = session
        self.recorder = recorder
    }

    /// The session. A copy: a `Session` is a struct of arrays and strings, and each access retains and releases every
    /// one of them, so the hot path reads the parts it needs below.
    var session: Session { recorder?.session ?? bare }

    /// Calls `body` with the session, lent rather than copied.
    func withSession<R>(_ body: (Session) throws -> R) rethrows -> R {
        if let recorder { return try recorder.withSession(body) }
        return try body(bare)
    }

    /// The session's phase, read without copying the session.
    var phase: Session.Phase { recorder?.phase ?? bare.phase }

    /// The question waiting, if any (the session's `currentNode`), read as `phase` is.
    var currentNode: Int? {
        if case .asking(let node, _) = phase { node } else { nil }
    }

    /// A tag for a conversation without a transcript: six random hex digits, fixed when it starts, so an ended
    /// conversation's buttons do not match a new one under the same id (in this process or the next).
    static func randomTag() -> String {
        let digits = String(UInt32.random(in: 0..<(1 << 24)), radix: 16)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Applies an event, recording it (with its message id) first when transcripts are on.
    func step(_ event: Event, messageID: String?) throws -> [Output] {
        guard let recorder else { return engine.step(&bare, event) }
        do {
            return try recorder.send(event, messageID: messageID)
        } catch {
            throw ProtocolError.storageUnavailable("could not write the transcript: \(error)")
        }
    }
}
