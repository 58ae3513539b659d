public import DialogEngine

/// What the leader did, as a transcript line records it (`"input": "text"`, …): an engine event without its day.
public enum Input: Hashable, Sendable {
    /// An answer as typed (`"input":"text","text":…`).
    case text(String)
    /// Choices picked by id, a button or several (`"input":"choices","ids":[…]`).
    case choices([String])
    /// Undo the last answer.
    case back
    /// Change the answer at a node (`"input":"change","node":…,"text":…`).
    case change(node: String, text: String)
    /// Why is this asked?
    case why
    /// Help with the question.
    case help
    /// Where am I?
    case `where`
    /// The answers and findings so far.
    case summary
    /// Start over.
    case restart
    /// Leave.
    case quit

    public init(_ kind: Event.Kind) {
        switch kind {
        case .answered(let t): self = .text(t)
        case .chose(let ids): self = .choices(ids)
        case .wentBack: self = .back
        case .changed(let node, let text): self = .change(node: node, text: text)
        case .askedWhy: self = .why
        case .askedHelp: self = .help
        case .askedWhere: self = .where
        case .askedSummary: self = .summary
        case .restarted: self = .restart
        case .quit: self = .quit
        }
    }

    /// The engine event for this input on a day.
    public func event(on day: Day) -> Event {
        let kind: Event.Kind = switch self {
        case .text(let t): .answered(t)
        case .choices(let ids): .chose(ids)
        case .back: .wentBack
        case .change(let node, let text): .changed(node: node, to: text)
        case .why: .askedWhy
        case .help: .askedHelp
        case .where: .askedWhere
        case .summary: .askedSummary
        case .restart: .restarted
        case .quit: .quit
        }
        return Event(kind, on: day)
    }

    /// Whether the input answers a question (its `recorded` outputs are that answer's doing).
    public var isAnswer: Bool {
        switch self {
        case .text, .choices, .change: true
        default: false
        }
    }

    /// The input as the leader would have typed it (`25%`, `no`, `:back`, `:change OTT.G0 30`).
    public var typed: String {
        switch self {
        case .text(let t): t
        case .choices(let ids): ids.joined(separator: ",")
        case .back: ":back"
        case .change(let node, let text): ":change \(node) \(text)"
        case .why: ":why"
        case .help: ":help"
        case .where: ":where"
        case .summary: ":summary"
        case .restart: ":restart"
        case .quit: ":quit"
        }
    }

    /// The line's members (after `turn`), without the day.
    var members: [(key: String, value: JSONValue)] {
        switch self {
        case .text(let t): [("input", .string("text")), ("text", .string(t))]
        case .choices(let ids): [("input", .string("choices")), ("ids", .array(ids.map(JSONValue.string)))]
        case .back: [("input", .string("back"))]
        case .change(let node, let text): [("input", .string("change")), ("node", .string(node)), ("text", .string(text))]
        case .why: [("input", .string("why"))]
        case .help: [("input", .string("help"))]
        case .where: [("input", .string("where"))]
        case .summary: [("input", .string("summary"))]
        case .restart: [("input", .string("restart"))]
        case .quit: [("input", .string("quit"))]
        }
    }

    /// Reads an input line's object; nil when it is not a known input.
    init?(json j: JSONValue) {
        switch j["input"]?.string {
        case "text": guard let t = j["text"]?.string else { return nil }; self = .text(t)
        case "choices":
            guard let ids = j["ids"]?.array?.compactMap(\.string) else { return nil }
            self = .choices(ids)
        case "back": self = .back
        case "change":
            guard let n = j["node"]?.string, let t = j["text"]?.string else { return nil }
            self = .change(node: n, text: t)
        case "why": self = .why
        case "help": self = .help
        case "where": self = .where
        case "summary": self = .summary
        case "restart": self = .restart
        case "quit": self = .quit
        default: return nil
        }
    }
}
