public import DialogModel

/// The state of one conversation. Everything but `answers` is derived: it is the fold of the answers over
/// the dialog, so undoing or changing an answer recomputes the rest.
public struct Session: Hashable, Sendable {
    /// Where the conversation is.
    public enum Phase: Hashable, Sendable {
        /// Waiting for the answer to a question (for `forEach` questions, the item at this position).
        case asking(node: Int, position: Int)
        /// An end node was reached; the plan is written.
        case finished
        /// The leader left before the end.
        case left
    }

    public internal(set) var phase: Phase
    /// The answers given, in order; the session's only independent state.
    public internal(set) var answers: [Answer]
    /// Flag values by flag index (boolean: 0/1; enum: value index, -1 unset).
    public internal(set) var flags: [Int16]
    /// Variable values by variable index.
    public internal(set) var variables: [String?]
    public internal(set) var findings: FindingSet
    /// Note indices, in the order recorded.
    public internal(set) var notes: [Int]
    public internal(set) var verifications: [Verification]
    public internal(set) var examples: [String]
    /// The choice indices a `forEach` question is being asked for.
    public internal(set) var items: [Int]
    /// Rejected answers in a row at the current question.
    public internal(set) var attempts: Int
    /// Where and when the diagnosis finished (the end node's part and the day), once it has.
    public internal(set) var completion: Completion?
    /// The say, decide and end nodes passed since the start, with the rule taken (nil for an end).
    public internal(set) var passed: [Passage]
    /// The sales leader the conversation is with, when the front end knows (kept across a restart).
    public internal(set) var leader: String?

    init(dialog: Dialog) {
        phase = .asking(node: dialog.start, position: 0)
        answers = []
        flags = dialog.flags.map(\.unset)
        variables = dialog.variables.isEmpty ? [] : Array(repeating: nil, count: dialog.variables.count)
        findings = FindingSet()
        notes = []
        verifications = []
        examples = []
        items = []
        attempts = 0
        completion = nil
        passed = []
        leader = nil
    }

    /// The node of the question being asked, if any.
    public var currentNode: Int? {
        if case .asking(let node, _) = phase { return node }
        return nil
    }

    /// The item (choice index) of the `forEach` question being asked, if any.
    public var currentItem: Int? {
        if case .asking(_, let position) = phase, position < items.count { return items[position] }
        return nil
    }
}

/// One answer given: what was typed and what it was understood as, plus what it led to.
public struct Answer: Hashable, Sendable {
    // Packed: -1 stands for nil in the 16-bit fields.
    private let node32: Int32
    private let item16: Int16
    private var branch16: Int16
    private var route16: Int16
    /// True when the retries ran out and the fallback was recorded.
    public let fellBack: Bool
    /// The text as typed (or the choice ids picked, joined by commas), cut to `Rejection.maxTyped` Unicode scalars:
    /// a fallback after rejected answers keeps no more of them (the value is what counts).
    public let typed: String
    public let value: Value

    /// The node index of the question.
    public var node: Int { Int(node32) }
    /// For `forEach` questions, the item's choice index; otherwise nil.
    public var item: Int? { Answer.unpack(item16) }
    /// The index of the branch that matched (nil: none).
    public internal(set) var branch: Int? {
        get { Answer.unpack(branch16) }
        set { branch16 = Answer.pack(newValue) }
    }
    /// The index of the `next` rule taken (nil: the branch's goto, or none).
    public internal(set) var route: Int? {
        get { Answer.unpack(route16) }
        set { route16 = Answer.pack(newValue) }
    }

    public init(node: Int, item: Int? = nil, typed: String, value: Value, fellBack: Bool = false, branch: Int? = nil,
                route: Int? = nil) {
        node32 = Int32(node)
        item16 = Answer.pack(item)
        branch16 = Answer.pack(branch)
        route16 = Answer.pack(route)
        self.fellBack = fellBack
        self.typed = Rejection.kept(typed)
        self.value = value
    }

    @inline(__always)
    private static func pack(_ i: Int?) -> Int16 { i.map(Int16.init) ?? -1 }

    @inline(__always)
    private static func unpack(_ i: Int16) -> Int? { i < 0 ? nil : Int(i) }
}

/// A say, decide or end node passed on the way, and the rule that sent the conversation on.
public struct Passage: Hashable, Sendable {
    // Packed: -1 stands for nil.
    private let node32: Int32
    private let rule32: Int32

    /// The node index.
    public var node: Int { Int(node32) }
    /// The index of the route or decide rule taken (nil for an end).
    public var rule: Int? { rule32 < 0 ? nil : Int(rule32) }

    init(node: Int, rule: Int?) {
        node32 = Int32(node)
        rule32 = rule.map(Int32.init) ?? -1
    }
}

/// Where and when a diagnosis finished.
public struct Completion: Hashable, Sendable {
    /// The part (dialog) whose end node was reached.
    public let part: Int
    /// The day of the event that finished it; the plan's dates count from it.
    public let day: Day
}
