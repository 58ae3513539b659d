public import DialogEngine
public import DialogModel
public import Transcript

/// Where conversations are recorded, continued and ended: the seam every front end records through. Two stores
/// implement it: `TranscriptDirectory` (files, one process per directory) and the PostgreSQL store of
/// `CoachPostgres` (shared by any number of processes on any hosts).
///
/// A shared store is written by other processes too, so a conversation a process holds in memory is only a cache:
/// the front end asks `isCurrent` before it decides anything on it, and a request's turns are held back and
/// committed with its reply in one transaction (`commit`) before the reply is sent. A turn another process took
/// first fails the commit with `StoreConflict`; the front end then drops what it holds (`discardPending`), loads the
/// conversation again and decides the request again.
public protocol ConversationStore: AnyObject {
    /// The key that signs the seal of every transcript that ends; nil seals without a MAC.
    var key: TranscriptKey? { get set }
    /// True when other processes write the same conversations.
    var isShared: Bool { get }
    /// Records the texts the dialogs were compiled from, so a transcript names exactly that version.
    func use(sources: [SourceFile])
    /// Whether a live (started, not ended) conversation has this id.
    func exists(_ conversation: String) throws -> Bool
    /// Starts recording a new conversation: stores its dialog version (once), writes the header and the opening.
    func start(_ conversation: String, engine: Engine, day: Day, leader: String?, subject: String?) throws -> Recorder
    /// Continues a live conversation from its record; nil when there is none. `engine` gives today's engine of a
    /// dialog id; a conversation recorded with another version continues on the stored one.
    func resume(_ conversation: String, engine: (String) -> Engine?) throws -> (Recorder, TranscriptFile)?
    /// Seals and closes a conversation's transcript (it ended); its id can start afresh.
    func end(_ conversation: String, recorder: Recorder) throws
    /// Whether `recorder` still holds the latest of its conversation: no other process took a turn or ended it.
    func isCurrent(_ conversation: String, _ recorder: Recorder) throws -> Bool
    /// Commits the turns recorded since the last commit, each conversation's with the reply that answers them (the
    /// JSON of a protocol result) and the message id it answers: a retry of that message, at any process, gets it
    /// again. Throws `StoreConflict` when another process took a turn or the id first; then nothing was committed.
    func commit(reply: [UInt8]?, messageID: String?) throws
    /// Forgets the turns recorded since the last commit (the request failed, or its commit did); returns the ids of
    /// their conversations, which the front end must drop from memory.
    func discardPending() -> [String]
    /// The reply committed with a conversation's latest turn, and the message id it answered, when the store keeps
    /// replies (a retry of that message, at any process, gets it again).
    func storedReply(_ recorder: Recorder) -> (messageID: String, reply: [UInt8])?
    /// Makes everything recorded so far readable by the coaching store (files: writes queued transcripts).
    func writePending()
    /// Links a follow-up to the diagnosis it follows (a database keeps the link; a file's header does not).
    func link(_ recorder: Recorder, follows diagnosis: CoachingSession) throws
    /// Where a conversation's record is, for a person: its file, or the store and the id.
    func place(of conversation: String) -> String
    /// Where live conversations' records are, for a person.
    var livePlace: String { get }
    /// Where ended conversations' records go, for a person.
    var endedPlace: String { get }
}

/// A turn or a conversation id taken by another process first.
public enum StoreConflict: Error, CustomStringConvertible, Equatable {
    /// Another process recorded the next turn of this conversation first (or ended it).
    case turnTaken(String)
    /// A live conversation with this id was started by another process.
    case conversationExists(String)

    public var description: String {
        switch self {
        case .turnTaken(let id): "another process recorded the next turn of '\(id)' first"
        case .conversationExists(let id): "a live conversation '\(id)' exists"
        }
    }
}

extension TranscriptDirectory: ConversationStore {
    public var isShared: Bool { false }
    public func isCurrent(_ conversation: String, _ recorder: Recorder) -> Bool { true }
    public func commit(reply: [UInt8]?, messageID: String?) {}
    public func discardPending() -> [String] { [] }
    public func storedReply(_ recorder: Recorder) -> (messageID: String, reply: [UInt8])? { nil }
    public func link(_ recorder: Recorder, follows diagnosis: CoachingSession) {}
    public func place(of conversation: String) -> String { file(for: conversation) }
    public var livePlace: String { path + "/conversations" }
    public var endedPlace: String { path + "/ended/" }
}
