import NIOCore
import Transcript

/// Where a conversation's transcript lines go in the PostgreSQL store: one row of `coach_turns` per write (the
/// header and opening, each turn, the seal), numbered from 0. Under `coach serve` the rows are held until the store
/// commits the request with its reply; at the terminal each is inserted as it is written.
final class PostgresSink: TranscriptSink {
    unowned let store: PostgresConversationStore
    let conversation: String
    let header: TranscriptHeader
    /// Rows of this conversation the database holds (the next row's number).
    var committed: Int
    /// Rows written since the last commit, not yet in the database.
    var staged: [[UInt8]] = []
    /// True until the conversation's own row is in the database (a conversation being started).
    var isNew: Bool
    /// The file the ended transcript is exported as in `ended/` (set before the seal is written): the seal's row
    /// also marks the conversation ended.
    var endedAs: String?
    /// The diagnosis a follow-up follows: its conversation id and file.
    var follows: (conversation: String, file: String)?
    /// The reply committed with the latest turn that had a message id (a retry gets it again).
    var storedReply: (messageID: String, reply: [UInt8])?
    private(set) var size: Int
    private var committedSize: Int

    init(store: PostgresConversationStore, conversation: String, header: TranscriptHeader, committed: Int, size: Int, isNew: Bool) {
        self.store = store
        self.conversation = conversation
        self.header = header
        self.committed = committed
        self.size = size
        self.committedSize = size
        self.isNew = isNew
    }

    func append(_ lines: [UInt8]) throws {
        staged.append(lines)
        size += lines.count
        if store.holdsTurnsUntilCommit {
            store.hold(self)
        } else {
            do { try store.write(self, reply: nil, messageID: nil) } catch {
                discard()
                throw error
            }
        }
    }

    /// The staged rows are in the database now.
    func committedStaged() {
        committed += staged.count
        committedSize = size
        staged = []
        isNew = false
    }

    /// Forgets the staged rows.
    func discard() {
        staged = []
        size = committedSize
    }

    func sync() throws {}

    func cut(to size: Int) throws {
        guard size == self.size else { throw PostgresStoreFailure(description: "a committed turn cannot be cut back") }
    }

    func close() throws {}
}

/// Why the PostgreSQL store could not do something, in a sentence.
public struct PostgresStoreFailure: Error, CustomStringConvertible {
    public let description: String
}
