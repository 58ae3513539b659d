public import DialogModel

/// The coaching plan a finished diagnosis produces, laid out as the brief's section 4 (GROW, with a
/// lesson-plan block per recommendation). A value: front ends render it as text, Markdown or JSON.
public struct Plan: Hashable, Sendable {
    /// Which problem, about whom, when.
    public struct Header: Hashable, Sendable {
        public let dialogID: String
        public let title: String
        public let problem: String?
        public let statement: String?
        public let subject: String?
        public let subjectKind: Part.Subject?
        public let date: Day
    }

    /// The lead finding in one sentence: component, category, quick fix or project.
    public struct RootCause: Hashable, Sendable {
        public let findingID: String
        public let component: Step
        public let category: Finding.Category
        public let fix: Finding.Fix
        public let sentence: String
    }

    /// A finding as it appears in the plan.
    public struct Item: Hashable, Sendable {
        public let id: String
        public let component: Step
        public let category: Finding.Category
        public let cell: String
        public let fix: Finding.Fix
        public let text: String
        public let source: String
    }

    /// The seed's lesson-plan elements for one recommendation.
    public struct LessonPlan: Hashable, Sendable {
        public let objective: String
        public let materials: [String]
        public let accountability: String
        public let evaluation: String
        public let examples: [String]
    }

    /// One recommendation with its owner, first step, due date and lesson plan.
    public struct Recommendation: Hashable, Sendable {
        public let id: String
        public let findingID: String
        public let family: String
        public let text: String
        public let fix: Finding.Fix
        public let owner: String
        public let firstStep: String
        public let due: Day
        public let lesson: LessonPlan
    }

    /// The skill/will coaching style (Landsberg).
    public enum Style: String, Hashable, Sendable {
        /// Low skill, low will.
        case direct
        /// Low skill, high will.
        case guide
        /// High skill, low will.
        case excite
        /// High skill, high will.
        case delegate
    }

    /// A dated check-in.
    public struct FollowUp: Hashable, Sendable {
        public let date: Day
        public let what: String
    }

    public let header: Header
    public let goal: String?
    /// nil when no finding was recorded.
    public let rootCause: RootCause?
    /// In plan order (rule R4); the first is the lead.
    public let findings: [Item]
    /// Flags that are set, by name.
    public let flags: [String: String]
    public let notes: [Note]
    public let answers: [Summary.Line]
    public let recommendations: [Recommendation]
    public let style: Style?
    public let commitment: String?
    public let verifications: [Verification]
    public let followUps: [FollowUp]

    /// The lead recommendation.
    public var lead: Recommendation? { recommendations.first }
}
extension Plan: Codable {}
extension Plan.Header: Codable {}
extension Plan.RootCause: Codable {}
extension Plan.Item: Codable {}
extension Plan.LessonPlan: Codable {}
extension Plan.Recommendation: Codable {}
extension Plan.Style: Codable {}
extension Plan.FollowUp: Codable {}
