public import DialogEngine

/// What the leader did, as a transcript's input line records it (`"input": "text"`, …): the engine's own
/// `Event.Kind`, with its day on the line beside it. This is the record's only vocabulary of user actions; the
/// names on the line are the protocol's (`text`, `choices`, `back`, …).
extension Event.Kind {
    /// The input line's name for this action.
    public var recordName: String {
        switch self {
        case .answered: "text"
        case .chose: "choices"
        case .wentBack: "back"
        case .changed: "change"
        case .askedWhy: "why"
        case .askedHelp: "help"
        case .askedWhere: "where"
        case .askedSummary: "summary"
        case .restarted: "restart"
        case .quit: "quit"
        }
    }

    /// Whether the action answers a question (its `recorded` outputs are that answer's doing).
    public var isAnswer: Bool {
        switch self {
        case .answered, .chose, .changed: true
        default: false
        }
    }

    /// Whether the action takes a turn in the protocol's numbering (answers and backs, not why, help or state).
    public var takesTurn: Bool {
        switch self {
        case .answered, .chose, .wentBack: true
        default: false
        }
    }

    /// The action as the leader would have typed it (`25%`, `no`, `:back`, `:change OTT.G0 30`).
    public var typed: String {
        switch self {
        case .answered(let t): t
        case .chose(let ids): ids.joined(separator: ",")
        case .wentBack: ":back"
        case .changed(let node, let text): ":change \(node) \(text)"
        case .askedWhy: ":why"
        case .askedHelp: ":help"
        case .askedWhere: ":where"
        case .askedSummary: ":summary"
        case .restarted: ":restart"
        case .quit: ":quit"
        }
    }

    /// Writes the line's members after `turn` (`"input":…` and the action's own), without the day.
    func writeMembers(into w: JSONWriter) {
        w.raw("\"input\":"); w.string(recordName)
        switch self {
        case .answered(let t):
            w.raw(",\"text\":"); w.string(t)
        case .chose(let ids):
            w.raw(",\"ids\":[")
            for (i, id) in ids.enumerated() {
                if i > 0 { w.byte(0x2C) }
                w.string(id)
            }
            w.byte(0x5D)
        case .changed(let node, let text):
            w.raw(",\"node\":"); w.string(node); w.raw(",\"text\":"); w.string(text)
        default:
            break
        }
    }

    /// Reads an input line's object; nil when it is not a known input.
    init?(record j: JSONValue) {
        switch j["input"]?.string {
        case "text": guard let t = j["text"]?.string else { return nil }; self = .answered(t)
        case "choices":
            guard let ids = j["ids"]?.array?.compactMap(\.string) else { return nil }
            self = .chose(ids)
        case "back": self = .wentBack
        case "change":
            guard let n = j["node"]?.string, let t = j["text"]?.string else { return nil }
            self = .changed(node: n, to: t)
        case "why": self = .askedWhy
        case "help": self = .askedHelp
        case "where": self = .askedWhere
        case "summary": self = .askedSummary
        case "restart": self = .restarted
        case "quit": self = .quit
        default: return nil
        }
    }
}
