import CoachCLI
import DialogEngine
import Transcript

/// One conversation the server holds: its engine and session, and what it needs to answer retries and stale buttons.
final class Conversation {
    let id: String
    let engine: Engine
    /// The session, when the conversation is not recorded.
    private var bare: Session
    /// The recorder, when transcripts are on: it holds the session and writes every turn.
    let recorder: Recorder?
    /// True until the first message after a resume: the bridge's buttons then carry prompt ids from before the crash.
    var resumed = false
    /// Turns taken (answers, back): the `turn` number of replies.
    var turn = 0
    /// The prompt id of the question now waiting, if any, and which question (node, item) it is.
    var activePrompt = 0
    var activeQuestion: (node: Int, item: Int?)?
    /// The last message id and what it produced, so a retry gets the same reply.
    var lastMessageID: String?
    var lastOutputs: [Output] = []
    var lastFirstPrompt = 0
    var lastTurn = 0
    /// Earlier message ids (the last eight), to refuse older retries instead of applying them twice.
    var earlierMessageIDs: [String] = []
    /// When a request last used it (the server's request count), to close the least recently used.
    var lastUsed = 0

    init(id: String, engine: Engine, session: Session, recorder: Recorder? = nil) {
        self.id = id
        self.engine = engine
        self.bare = session
        self.recorder = recorder
    }

    var session: Session { recorder?.session ?? bare }

    /// Applies an event, recording it (with its message id) first when transcripts are on.
    func step(_ event: Event, messageID: String?) throws -> [Output] {
        guard let recorder else { return engine.step(&bare, event) }
        do {
            return try recorder.send(event, messageID: messageID)
        } catch {
            throw ProtocolError.internalError("could not write the transcript: \(error)")
        }
    }

    func remember(messageID: String?, outputs: [Output], firstPrompt: Int) {
        if let previous = lastMessageID {
            earlierMessageIDs.append(previous)
            if earlierMessageIDs.count > 8 { earlierMessageIDs.removeFirst() }
        }
        lastMessageID = messageID
        lastOutputs = outputs
        lastFirstPrompt = firstPrompt
        lastTurn = turn
    }
}
