public import DialogModel

/// The coaching plan a finished diagnosis produces, laid out as the brief's section 4 (GROW, with one lesson plan
/// per recommendation). A value: front ends render it as text, Markdown or JSON. Every text in it meant for the
/// leader is plain English written for the plan's problem; ids stay in the id members, for machines.
public struct Plan: Hashable, Sendable {
    /// Which problem, about whom, for whom, when, and until when.
    public struct Header: Hashable, Sendable {
        public let dialogID: String
        public let title: String
        public let problem: String?
        public let statement: String?
        public let subject: String?
        public let subjectKind: Part.Subject?
        /// The sales leader the plan is for, when known.
        public let leader: String?
        /// The reps involved, when only some are (the leader's words).
        public let people: String?
        public let date: Day
        /// When results are judged: the period end the leader gave, or the default horizon.
        public let resultsDate: Day
    }

    /// Where to start (the lead recommendation) and what drives the findings (the root cause), with the answers
    /// behind it.
    public struct RootCause: Hashable, Sendable {
        public let findingID: String
        public let component: Step
        public let category: Finding.Category
        public let fix: Finding.Fix
        /// The chain in the seed's terms: the driver, its component, people/process/technology, quick fix or project.
        public let sentence: String
        /// The answers that recorded the driver.
        public let evidence: [Summary.Line]
    }

    /// A finding as it appears in the plan, with the answers that recorded it.
    public struct Item: Hashable, Sendable {
        public let id: String
        public let component: Step
        public let category: Finding.Category
        public let cell: String
        public let fix: Finding.Fix
        public let text: String
        public let source: String
        public let weight: Int
        public let evidence: [Summary.Line]
    }

    /// The seed's lesson-plan elements for one recommendation.
    public struct LessonPlan: Hashable, Sendable {
        public let objective: String
        public let materials: [String]
        public let accountability: String
        public let evaluation: String
        public let examples: [String]
    }

    /// One finding's action: what to do, who does it, its first step and when it is due.
    public struct Action: Hashable, Sendable {
        /// `R-<finding id>`.
        public let id: String
        public let findingID: String
        public let text: String
        public let fix: Finding.Fix
        public let owner: String
        public let firstStep: String
        public let due: Day
        /// One of the at most three actions to take this week.
        public let thisWeek: Bool
        /// Waits for a decision of the leader's (see `decisions`).
        public let pending: String?
    }

    /// One remedy, given once, with every finding it addresses and their actions.
    public struct Recommendation: Hashable, Sendable {
        /// The family id (`feedback-inspection`).
        public let id: String
        public let name: String
        /// An on-going project when any of its actions is one.
        public let fix: Finding.Fix
        public let findingIDs: [String]
        public let actions: [Action]
        public let lesson: LessonPlan
        /// GROW's Will: the obstacle to expect and the support to ask for.
        public let obstacle: String?
        public let support: String?
    }

    /// Remedies that exclude each other, and what the leader chose.
    public struct Decision: Hashable, Sendable {
        public struct Option: Hashable, Sendable {
            public let id: String
            public let label: String
            public let consequence: String
            /// The actions this option keeps.
            public let actionIDs: [String]
        }

        public let id: String
        public let title: String
        public let options: [Option]
        /// The option chosen; nil while the decision is open.
        public let chosen: String?
        /// When an open decision is due.
        public let due: Day?
    }

    /// An action dropped by a decision, with the reason.
    public struct Dropped: Hashable, Sendable {
        public let actionID: String
        public let findingID: String
        public let text: String
        public let reason: String
    }

    /// The skill/will coaching style (Landsberg), or "verify first" where the evidence is missing or mixed.
    public enum Style: String, Hashable, Sendable {
        /// Low skill, low will.
        case direct
        /// Low skill, high will.
        case guide
        /// High skill, low will.
        case excite
        /// High skill, high will.
        case delegate
        /// Skill or will is not known from the answers, or the plan's own findings contradict the answers.
        case verifyFirst
    }

    /// The style and, in the leader's words, why.
    public struct Coaching: Hashable, Sendable {
        public let style: Style
        public let reason: String
    }

    /// A dated check-in.
    public struct FollowUp: Hashable, Sendable {
        public let date: Day
        public let what: String
    }

    public let header: Header
    public let goal: String?
    public let rootCause: RootCause?
    /// Where to start, in the leader's words (the lead recommendation and why it comes first).
    public let start: String?
    /// In plan order (rule R4); the first is the lead.
    public let findings: [Item]
    /// Flags that are set, by name (machine data).
    public let flags: [String: String]
    public let notes: [Note]
    /// The tasks or skills the leader named as weak.
    public let focus: [String]
    /// In plan order of their first finding.
    public let recommendations: [Recommendation]
    public let decisions: [Decision]
    public let dropped: [Dropped]
    /// A sentence when the plan needs more of the leader's time than they said they have.
    public let workload: String?
    public let coaching: Coaching?
    public let commitment: String?
    /// Unsure answers: each is unconfirmed and a task to gather evidence, never a premise.
    public let verifications: [Verification]
    public let followUps: [FollowUp]
    /// Every answer, for the appendix of the Markdown and JSON forms.
    public let answers: [Summary.Line]

    /// Every action, in plan order.
    public var actions: [Action] { recommendations.flatMap(\.actions) }
    /// The actions to take this week (at most three).
    public var thisWeek: [Action] { actions.filter(\.thisWeek).sorted { $0.due < $1.due } }
    /// The lead action: the first in plan order.
    public var lead: Action? { recommendations.first?.actions.first }
    public var style: Style? { coaching?.style }
}
extension Plan: Codable {}
extension Plan.Header: Codable {}
extension Plan.RootCause: Codable {}
extension Plan.Item: Codable {}
extension Plan.LessonPlan: Codable {}
extension Plan.Action: Codable {}
extension Plan.Recommendation: Codable {}
extension Plan.Decision: Codable {}
extension Plan.Decision.Option: Codable {}
extension Plan.Dropped: Codable {}
extension Plan.Style: Codable {}
extension Plan.Coaching: Codable {}
extension Plan.FollowUp: Codable {}
