/// One state of a dialog: a question, a say, a decision or an end.
public final class Node: Sendable {
    /// What a node does.
    public enum Kind: Sendable {
        /// Ask and wait for an answer.
        case question(Question)
        /// Print a text, then follow the route.
        case say(Template, Route)
        /// Apply the first matching rule's effects and go to its target.
        case decide([Branch])
        /// The diagnosis is complete: write the plan, with an optional closing text.
        case end(Template?)
    }

    /// The stable id (`OTT.G1a`).
    public let id: String
    /// The index of the dialog part (the linked dialog) this node belongs to.
    public let part: Int
    public let step: Step?
    public let kind: Kind
    public let location: SourceLocation
    /// The most questions still to ask from here to an end, this one included (for progress).
    public let remaining: Int

    public init(id: String, part: Int = 0, step: Step? = nil, kind: Kind, location: SourceLocation = .unknown, remaining: Int = 0) {
        self.id = id
        self.part = part
        self.step = step
        self.kind = kind
        self.location = location
        self.remaining = remaining
    }

    public var question: Question? {
        if case .question(let q) = kind { return q }
        return nil
    }
}
