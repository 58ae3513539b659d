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
    let willLow: Located<String>?
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
}

struct AnswerDecl {
    let kind: AnswerType.Kind
    let choices: [ChoiceDecl]
    let anchors: [Located<String>]
    let number: NumberSpec?
    let text: TextSpec?
    let location: SourceLocation
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
}

struct FindingDecl {
    let id: Located<String>
    let component: Step
    let category: Finding.Category
    let cell: String
    let fix: Finding.Fix
    let text: String
    let recommendation: String
    let source: String
}

struct FamilyDecl {
    let id: Located<String>
    let name: String
    let findings: [Located<String>]
    let objective: Located<String>
    let owner: String
    let firstStep: String
    let materials: [String]
    let accountability: String
    let evaluation: String
    let examples: [String]
}

struct NoteDecl {
    let id: Located<String>
    let text: String
}
