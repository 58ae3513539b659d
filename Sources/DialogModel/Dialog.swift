/// A diagnostic conversation, compiled from a file in `Dialogs/` with its fragments and linked dialogs.
/// The engine trusts it: every reference is resolved and every check has passed.
public final class Dialog: Sendable {
    public let id: String
    public let title: String
    public let version: Int
    /// The dialog itself is part 0; dialogs it runs (`run:`) are further parts.
    public let parts: [Part]
    public let nodes: [Node]
    public let start: Int
    public let flags: [Flag]
    public let variables: [Variable]
    public let taxonomy: Taxonomy
    /// Node id -> index.
    public let nodeIndex: [String: Int]
    /// The paths of the files this dialog was compiled from.
    public let sources: [String]

    public init(id: String, title: String, version: Int, parts: [Part], nodes: [Node], start: Int, flags: [Flag],
                variables: [Variable], taxonomy: Taxonomy, sources: [String] = []) {
        self.id = id
        self.title = title
        self.version = version
        self.parts = parts
        self.nodes = nodes
        self.start = start
        self.flags = flags
        self.variables = variables
        self.taxonomy = taxonomy
        self.sources = sources
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() { index[n.id] = i }
        self.nodeIndex = index
    }

    public func node(_ id: String) -> Node? { nodeIndex[id].map { nodes[$0] } }
}

/// One dialog within a compiled dialog: its problem, subject and plan template.
public struct Part: Hashable, Sendable {
    /// Whether a dialog diagnoses one rep or a team.
    public enum Subject: String, Hashable, Sendable {
        case rep, team
    }

    public let id: String
    public let title: String
    /// The problem code (OTT, ICP, FCA); nil for an entry dialog.
    public let problem: String?
    /// The seed's statement of the problem.
    public let statement: String?
    public let subject: Subject?
    /// The plan's measurable goal.
    public let goal: Template?
    /// The evidence for the coaching style (Landsberg's skill/will): when skill is low, when it is high, and the
    /// same for will. Skill (or will) is known when exactly one of its two holds.
    public let style: StyleEvidence
    /// The questions the plan reads beyond the findings: the leader's time, the period end, the weak tasks, the reps
    /// involved, and the decisions between remedies.
    public let inputs: PlanInputs
    public let version: Int

    public init(id: String, title: String, problem: String? = nil, statement: String? = nil, subject: Subject? = nil,
                goal: Template? = nil, style: StyleEvidence = StyleEvidence(), inputs: PlanInputs = PlanInputs(),
                version: Int = 1) {
        self.id = id
        self.title = title
        self.problem = problem
        self.statement = statement
        self.subject = subject
        self.goal = goal
        self.style = style
        self.inputs = inputs
        self.version = version
    }
}

/// The conditions a part's coaching style rests on.
public struct StyleEvidence: Hashable, Sendable {
    public let skillLow: Condition?
    public let skillHigh: Condition?
    public let willLow: Condition?
    public let willHigh: Condition?

    public init(skillLow: Condition? = nil, skillHigh: Condition? = nil, willLow: Condition? = nil, willHigh: Condition? = nil) {
        self.skillLow = skillLow
        self.skillHigh = skillHigh
        self.willLow = willLow
        self.willHigh = willHigh
    }

    public var isEmpty: Bool { skillLow == nil && skillHigh == nil && willLow == nil && willHigh == nil }
}

/// Node indices of the questions whose answers size and shape the plan (nil: not asked in this dialog).
public struct PlanInputs: Hashable, Sendable {
    /// A number question: hours a week the leader can give the plan.
    public let leaderTime: Int?
    /// A number question: weeks until the period results are judged at.
    public let periodEnd: Int?
    /// A multi question: which tasks or skills are weak.
    public let focus: Int?
    /// A text question: which reps are involved.
    public let people: Int?
    /// A number question of this dialog: the problem's headline measure, the number a follow-up session re-asks and
    /// a history plots.
    public let measure: Measure?
    /// (index into `Taxonomy.decisions`, node index of the choice question that decides it).
    public let decisions: [DecisionInput]

    public init(leaderTime: Int? = nil, periodEnd: Int? = nil, focus: Int? = nil, people: Int? = nil,
                measure: Measure? = nil, decisions: [DecisionInput] = []) {
        self.leaderTime = leaderTime
        self.periodEnd = periodEnd
        self.focus = focus
        self.people = people
        self.measure = measure
        self.decisions = decisions
    }
}

/// A problem's headline measure: the number question that sizes it, and which way is better.
public struct Measure: Hashable, Sendable {
    /// Which way the number improves.
    public enum Better: String, Hashable, Sendable {
        case lower, higher
    }

    /// The node index of the number question.
    public let node: Int
    public let better: Better

    public init(node: Int, better: Better) {
        self.node = node
        self.better = better
    }
}

/// A decision between remedies and the question that asks it.
public struct DecisionInput: Hashable, Sendable {
    public let decision: Int
    public let node: Int

    public init(decision: Int, node: Int) {
        self.decision = decision
        self.node = node
    }
}

/// A dialog flag: boolean, or one of a list of values.
public struct Flag: Hashable, Sendable {
    public let name: String
    /// nil for a boolean flag.
    public let values: [String]?

    public init(name: String, values: [String]? = nil) {
        self.name = name
        self.values = values
    }

    /// The stored value meaning "not set" (enum flags) or false (boolean flags).
    public var unset: Int16 { values == nil ? 0 : -1 }

    /// The value as text, or nil when unset or false.
    public func describe(_ raw: Int16) -> String? {
        if let values { return raw >= 0 && Int(raw) < values.count ? values[Int(raw)] : nil }
        return raw == 1 ? "true" : nil
    }
}

/// A text variable (`subject`, `obstacle`).
public struct Variable: Hashable, Sendable {
    public let name: String

    public init(name: String) { self.name = name }
}

extension Part.Subject: Codable {}

extension Dialog {
    /// True for a dialog some of whose questions a front end answers (`given`: a follow-up): it starts from a
    /// subject's last diagnosis, never on its own, so it is not offered among the dialogs to start.
    public var takesGivens: Bool { nodes.contains { $0.question?.given != nil } }
}
