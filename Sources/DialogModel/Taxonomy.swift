/// The shared findings, recommendation families, notes and settings every dialog refers to by id.
public struct Taxonomy: Hashable, Sendable {
    /// Findings, sorted in the plan order of rule R4 (so index order is plan order).
    public let findings: [Finding]
    public let families: [Family]
    public let notes: [Note]
    /// Remedies that exclude each other, for the leader to choose between.
    public let decisions: [Decision]
    public let settings: Settings

    public init(findings: [Finding], families: [Family], notes: [Note], decisions: [Decision] = [], settings: Settings) {
        self.findings = findings
        self.families = families
        self.notes = notes
        self.decisions = decisions
        self.settings = settings
    }
}

/// A diagnosed cause with its recommendation (`G-01`, recommendation `R-G-01`).
public struct Finding: Hashable, Sendable {
    /// Whether a recommendation is a quick fix or an on-going project.
    public enum Fix: String, Hashable, Sendable {
        /// The leader can finish it within about two weeks with existing resources.
        case quick
        /// It needs design, other owners, or more than one cycle.
        case project
    }

    /// The seed's three kinds of problem.
    public enum Category: String, Hashable, Sendable, CaseIterable {
        case people, process, technology
    }

    public let id: String
    public let component: Step
    public let category: Category
    /// Gilbert's Behavior Engineering Model cell (`E-data`, `I-know`).
    public let cell: String
    public let fix: Fix
    /// The finding in the leader's words, per problem.
    public let texts: ProblemText<String>
    /// What to do about it, per problem.
    public let recommendations: ProblemText<String>
    /// The first concrete step of that action, per problem (nil: the family's).
    public let firstSteps: ProblemText<String>?
    /// How strongly the finding drives the others (1-9): the plan's root cause is the recorded finding that weighs most.
    public let weight: Int
    public let source: String
    /// Index into `Taxonomy.families`.
    public let family: Int

    public init(id: String, component: Step, category: Category, cell: String, fix: Fix, texts: ProblemText<String>,
                recommendations: ProblemText<String>, firstSteps: ProblemText<String>? = nil, weight: Int = 5,
                source: String, family: Int) {
        self.id = id
        self.component = component
        self.category = category
        self.cell = cell
        self.fix = fix
        self.texts = texts
        self.recommendations = recommendations
        self.firstSteps = firstSteps
        self.weight = weight
        self.source = source
        self.family = family
    }

    /// The finding's text for machine readers that name no problem (reports of old transcripts, coverage).
    public var text: String { texts.any ?? id }
    public var recommendation: String { recommendations.any ?? "" }

    /// True for Gilbert's environment cells (E-*), which rule R4 puts before individual ones.
    public var isEnvironment: Bool { cell.hasPrefix("E-") }

    /// Rule R4's sort key: quick fixes first, environment before individual, component order, then id.
    public var planOrder: (Int, Int, Int, String) {
        (fix == .quick ? 0 : 1, isEnvironment ? 0 : 1, component.rawValue, id)
    }
}

/// A recommendation family: one remedy shared by related findings, with its lesson plan, written per problem.
/// A plan gives each family once, naming every finding it addresses.
public struct Family: Hashable, Sendable {
    public let id: String
    public let name: ProblemText<String>
    /// A Mager three-part objective (performance, conditions, criterion).
    public let objective: ProblemText<Template>
    public let owner: ProblemText<String>
    /// The first step of a finding that gives none.
    public let firstStep: ProblemText<String>?
    public let materials: ProblemText<[String]>
    public let accountability: ProblemText<String>
    public let evaluation: ProblemText<String>
    public let examples: ProblemText<[String]>
    /// GROW's Will: the obstacle to expect and the support to ask for.
    public let obstacle: ProblemText<String>?
    public let support: ProblemText<String>?

    public init(id: String, name: ProblemText<String>, objective: ProblemText<Template>, owner: ProblemText<String>,
                firstStep: ProblemText<String>? = nil, materials: ProblemText<[String]>, accountability: ProblemText<String>,
                evaluation: ProblemText<String>, examples: ProblemText<[String]>, obstacle: ProblemText<String>? = nil,
                support: ProblemText<String>? = nil) {
        self.id = id
        self.name = name
        self.objective = objective
        self.owner = owner
        self.firstStep = firstStep
        self.materials = materials
        self.accountability = accountability
        self.evaluation = evaluation
        self.examples = examples
        self.obstacle = obstacle
        self.support = support
    }
}

/// Remedies that exclude each other (develop or redeploy; adjust the goal or hold it): the leader chooses one, and
/// the plan drops the others' actions with the reason.
public struct Decision: Hashable, Sendable {
    public struct Option: Hashable, Sendable {
        public let id: String
        public let label: ProblemText<String>
        /// Taxonomy indices of the findings whose actions only make sense under this option.
        public let keeps: [Int]
        public let consequence: ProblemText<String>
        /// Why the other options were dropped, when this one is chosen.
        public let reason: ProblemText<String>

        public init(id: String, label: ProblemText<String>, keeps: [Int], consequence: ProblemText<String>,
                    reason: ProblemText<String>) {
            self.id = id
            self.label = label
            self.keeps = keeps
            self.consequence = consequence
            self.reason = reason
        }
    }

    public let id: String
    public let title: ProblemText<String>
    public let options: [Option]

    public init(id: String, title: ProblemText<String>, options: [Option]) {
        self.id = id
        self.title = title
        self.options = options
    }
}

/// A note printed in the plan (`N-TRAINED`).
public struct Note: Hashable, Sendable {
    public let id: String
    public let text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}


/// Team settings (rule R5): tunable numbers conditions may name, and follow-up intervals.
public struct Settings: Hashable, Sendable {
    public let values: [String: Double]

    public init(values: [String: Double]) { self.values = values }

    public var quickFixDays: Int { Int(values["quickFixDays"] ?? 14) }
    public var milestoneDays: Int { Int(values["milestoneDays"] ?? 30) }
    /// Days from the plan's date to its results date when the leader names no period end.
    public var horizonDays: Int { Int(values["horizonDays"] ?? 90) }
    /// A period ending sooner than this is too soon to judge results by: the default horizon is used.
    public var shortestHorizonDays: Int { Int(values["shortestHorizonDays"] ?? 28) }
    /// The leader's hours a week when they name none.
    public var hoursPerWeek: Double { values["hoursPerWeek"] ?? 2 }
    /// The leader's hours a quick fix's first step takes, and an on-going project's.
    public var quickFixHours: Double { values["quickFixHours"] ?? 1 }
    public var projectHours: Double { values["projectHours"] ?? 2 }
}

extension Finding.Fix: Codable {}
extension Finding.Category: Codable {}
extension Note: Codable {}
