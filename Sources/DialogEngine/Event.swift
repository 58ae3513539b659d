/// Something that happened in a conversation, with the day it happened; the engine's only input.
public struct Event: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// The leader typed an answer.
        case answered(String)
        /// The leader picked choices by id (a button in a chat).
        case chose([String])
        /// The leader asked to undo the last answer.
        case wentBack
        /// The leader asked to change the answer given at a node (by node id).
        case changed(node: String, to: String)
        /// The leader asked to start over.
        case restarted
        /// The leader asked why the question is asked.
        case askedWhy
        /// The leader asked for help with the question.
        case askedHelp
        /// The leader asked where they are.
        case askedWhere
        /// The leader asked for a summary of the answers and findings so far.
        case askedSummary
        /// The leader left.
        case quit
    }

    public let kind: Kind
    /// The day of the event; the plan's follow-up dates count from it.
    public let day: Day

    public init(_ kind: Kind, on day: Day) {
        self.kind = kind
        self.day = day
    }
}
