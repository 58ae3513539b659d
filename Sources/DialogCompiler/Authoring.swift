import DialogModel

/// A value from an authored file with the place it was written.
struct Located<Value> {
    let value: Value
    let location: SourceLocation
}

/// One authored file, parsed but not yet resolved.
enum FileDecl {
    case dialog(DialogDecl)
    case fragment(FragmentDecl)
    case taxonomy(TaxonomyDecl)
}

struct DialogDecl {
    let file: String
    let id: Located<String>
    let title: String
    let version: Int
    let problem: Located<String>?
    let statement: String?
    let subject: Part.Subject?
    let start: Located<String>
    let retries: Int
    let flags: [FlagDecl]
    let variables: [Located<String>]
    let plan: PlanDecl?
    let nodes: [NodeItem]
}

struct FragmentDecl {
    let file: String
    let id: Located<String>
    let exits: [Located<String>]
    let flags: [FlagDecl]
    let variables: [Located<String>]
    let nodes: [NodeItem]
}

struct PlanDecl {
    let goal: Located<String>?
    let skillLow: Located<String>?
    let skillHigh: Located<String>?
    let willLow: Located<String>?
    let willHigh: Located<String>?
    let leaderTime: Located<String>?
    let periodEnd: Located<String>?
    let focus: Located<String>?
    let people: Located<String>?
    let measure: MeasureDecl?
    /// Decision id -> node id of the question that decides it.
    let decisions: [(Located<String>, Located<String>)]
}

/// The plan's `measure: {node: ..., better: lower|higher}`; a part that did not parse is nil (and was reported).
struct MeasureDecl {
    let node: Located<String>?
    let better: Measure.Better?
}

struct FlagDecl {
    let name: Located<String>
    /// nil for boolean flags.
    let values: [Located<String>]?
}

enum NodeItem {
    case node(NodeDecl)
    case include(IncludeDecl)
}

struct IncludeDecl {
    let fragment: Located<String>
    let prefix: Located<String>
    let exits: [(String, Located<String>)]
    let location: SourceLocation
}

struct NodeDecl {
    let id: Located<String>
    let step: Step?
    let kind: Kind
    let location: SourceLocation

    enum Kind {
        case question(QuestionDecl)
        case say(Located<String>, NextDecl?)
        case decide([RuleDecl])
        case end(Located<String>?)
    }
}

struct QuestionDecl {
    let ask: Located<String>
    let label: String?
    let why: Located<String>?
    let help: Located<String>?
    let source: String?
    let answer: AnswerDecl
    let forEach: Located<String>?
    let store: Located<String>?
    let branches: [RuleDecl]
    let next: NextDecl?
    let unsure: Located<String>?
    let fallback: Located<String>?
    let retries: Int?
    var given: Located<String>?
}

struct AnswerDecl {
    let kind: AnswerType.Kind
    let choices: [ChoiceDecl]
    let anchors: [Located<String>]
    let number: NumberSpec?
    let text: TextSpec?
    /// A number or multi that may be left empty.
    var optional: Bool = false
    let location: SourceLocation

    init(kind: AnswerType.Kind, choices: [ChoiceDecl], anchors: [Located<String>], number: NumberSpec?, text: TextSpec?,
         optional: Bool = false, location: SourceLocation) {
        self.kind = kind
        self.choices = choices
        self.anchors = anchors
        self.number = number
        self.text = text
        self.optional = optional
        self.location = location
    }
}

struct ChoiceDecl {
    let id: Located<String>
    let label: String
    let aliases: [Located<String>]
    let detail: String?
    let exclusive: Bool
}

/// A branch, a `next` rule or a decide rule: `when`/`else`, effects, and a target.
struct RuleDecl {
    /// nil for `else`.
    let when: WhenDecl?
    let effects: [EffectDecl]
    let goto: Located<String>?
    let run: Located<String>?
    let location: SourceLocation
}

enum WhenDecl {
    case expression(Located<String>)
    case choices([Located<String>])

    /// The condition as written, for graphs and audit trails.
    var text: String {
        switch self {
        case .expression(let e): e.value
        case .choices(let ids): "[" + ids.map(\.value).joined(separator: ", ") + "]"
        }
    }
}

enum NextDecl {
    case target(Located<String>)
    case rules([RuleDecl], SourceLocation)
}

enum EffectDecl {
    case finding(Located<String>)
    case set(Located<String>, Located<String>)
    case note(Located<String>)
    case verify(Located<String>)
    case example(Located<String>)
}

struct TaxonomyDecl {
    let file: String
    let location: SourceLocation
    let settings: [(Located<String>, Double)]
    let findings: [FindingDecl]
    let families: [FamilyDecl]
    let notes: [NoteDecl]
    var decisions: [DecisionDecl] = []
}

struct FindingDecl {
    let id: Located<String>
    let component: Step
    let category: Finding.Category
    let cell: String
    let fix: Finding.Fix
    let text: ProblemTextDecl<String>
    let recommendation: ProblemTextDecl<String>
    let firstStep: ProblemTextDecl<String>?
    let weight: Int
    let source: String
}

struct FamilyDecl {
    let id: Located<String>
    let name: ProblemTextDecl<String>
    let findings: [Located<String>]
    let objective: ProblemTextDecl<String>
    let owner: ProblemTextDecl<String>?
    let firstStep: ProblemTextDecl<String>?
    let materials: ProblemTextDecl<[String]>?
    let accountability: ProblemTextDecl<String>
    let evaluation: ProblemTextDecl<String>
    let examples: ProblemTextDecl<[String]>?
    let obstacle: ProblemTextDecl<String>?
    let support: ProblemTextDecl<String>?
}

struct DecisionDecl {
    struct Option {
        let id: Located<String>
        let label: ProblemTextDecl<String>
        let keeps: [Located<String>]
        let consequence: ProblemTextDecl<String>
        let reason: ProblemTextDecl<String>
    }

    let id: Located<String>
    let title: ProblemTextDecl<String>
    let options: [Option]
}

struct NoteDecl {
    let id: Located<String>
    let text: String
}
