/// The shared findings, recommendation families, notes and settings every dialog refers to by id.
public struct Taxonomy: Hashable, Sendable {
    /// Findings, sorted in the plan order of rule R4 (so index order is plan order).
    public let findings: [Finding]
    public let families: [Family]
    public let notes: [Note]
    public let settings: Settings

    public init(findings: [Finding], families: [Family], notes: [Note], settings: Settings) {
        self.findings = findings
        self.families = families
        self.notes = notes
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
    public let text: String
    public let recommendation: String
    public let source: String
    /// Index into `Taxonomy.families`.
    public let family: Int

    public init(id: String, component: Step, category: Category, cell: String, fix: Fix, text: String,
                recommendation: String, source: String, family: Int) {
        self.id = id
        self.component = component
        self.category = category
        self.cell = cell
        self.fix = fix
        self.text = text
        self.recommendation = recommendation
        self.source = source
        self.family = family
    }

    /// True for Gilbert's environment cells (E-*), which rule R4 puts before individual ones.
    public var isEnvironment: Bool { cell.hasPrefix("E-") }

    /// Rule R4's sort key: quick fixes first, environment before individual, component order, then id.
    public var planOrder: (Int, Int, Int, String) {
        (fix == .quick ? 0 : 1, isEnvironment ? 0 : 1, component.rawValue, id)
    }
}

/// A recommendation family: the lesson-plan defaults shared by related findings.
public struct Family: Hashable, Sendable {
    public let id: String
    public let name: String
    /// A Mager three-part objective (performance, conditions, criterion).
    public let objective: Template
    public let owner: String
    public let firstStep: String
    public let materials: [String]
    public let accountability: String
    public let evaluation: String
    public let examples: [String]

    public init(id: String, name: String, objective: Template, owner: String, firstStep: String, materials: [String],
                accountability: String, evaluation: String, examples: [String]) {
        self.id = id
        self.name = name
        self.objective = objective
        self.owner = owner
        self.firstStep = firstStep
        self.materials = materials
        self.accountability = accountability
        self.evaluation = evaluation
        self.examples = examples
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
}

extension Finding.Fix: Codable {}
extension Finding.Category: Codable {}
extension Note: Codable {}
