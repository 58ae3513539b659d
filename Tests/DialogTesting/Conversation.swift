import DialogEngine
import DialogModel

/// A conversation driven the way a leader would, for tests that read like the dialogue.
public struct Conversation {
    public let engine: Engine
    public var session: Session
    /// Everything the engine said, in order.
    public private(set) var transcript: [Output]
    public var day: Day

    public init(_ dialog: Dialog, on day: Day = .reference) {
        engine = Engine(dialog: dialog)
        self.day = day
        (session, transcript) = engine.start(on: day)
    }

    public var dialog: Dialog { engine.dialog }

    /// The id of the question waiting for an answer, if any.
    public var asking: String? { session.currentNode.map { dialog.nodes[$0].id } }

    /// Sends an event and returns what the engine said.
    @discardableResult
    public mutating func send(_ kind: Event.Kind) -> [Output] {
        let out = engine.step(&session, Event(kind, on: day))
        transcript += out
        return out
    }

    @discardableResult
    public mutating func answer(_ text: String) -> [Output] { send(.answered(text)) }

    /// The finding ids recorded so far, in plan order.
    public var findings: [String] { session.findings.map { dialog.taxonomy.findings[$0].id } }

    public var notes: [String] { session.notes.map { dialog.taxonomy.notes[$0].id } }

    public var verifications: [String] { session.verifications.map(\.id) }

    public func flag(_ name: String) -> String? {
        guard let i = dialog.flags.firstIndex(where: { $0.name == name }) else { return nil }
        return dialog.flags[i].describe(session.flags[i])
    }

    public var plan: Plan? { engine.plan(session) }

    /// The text of the last question asked.
    public var lastPromptText: String? { lastPrompt.map { engine.text(of: $0, in: session) } }

    /// The id of the node of the last question asked.
    public var lastPromptNode: String? { lastPrompt.map { dialog.nodes[$0.node].id } }

    /// The last question asked, if any.
    public var lastPrompt: Prompt? {
        for o in transcript.reversed() { if case .ask(let p) = o { return p } }
        return nil
    }
}
