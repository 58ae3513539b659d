/// A question node's content: what is asked, how the answer is understood, and what it leads to.
public final class Question: Sendable {
    public let prompt: Template
    /// A short name for summaries.
    public let label: String
    /// The rationale shown for "why are you asking?".
    public let why: Template?
    /// Help on how to answer.
    public let help: Template?
    /// Where the question comes from (`SEED S1.1`, `MP worth pursuing?`).
    public let source: String?
    public let answer: AnswerType
    /// The multi question whose chosen items this question is asked once for.
    public let forEach: Int?
    /// The variable that keeps the answer as text.
    public let store: Int?
    public let branches: [Branch]
    public let next: Route?
    /// For yesNo: the answer that "unsure" continues as (rule R1); nil when the branches handle unsure.
    public let unsureAs: Int?
    /// The answer recorded when the retries run out.
    public let fallback: Value
    /// Rejected answers in a row before the fallback.
    public let retries: Int
    /// What the front end answers this question with, from what it already knows (a follow-up's last diagnosis);
    /// such a question is never shown to the leader, and its answer is recorded like any other. Nil: asked.
    public let given: Given?

    public init(prompt: Template, label: String, why: Template? = nil, help: Template? = nil, source: String? = nil,
                answer: AnswerType, forEach: Int? = nil, store: Int? = nil, branches: [Branch] = [], next: Route? = nil,
                unsureAs: Int? = nil, fallback: Value = .none, retries: Int = 3, given: Given? = nil) {
        self.prompt = prompt
        self.label = label
        self.why = why
        self.help = help
        self.source = source
        self.answer = answer
        self.forEach = forEach
        self.store = store
        self.branches = branches
        self.next = next
        self.unsureAs = unsureAs
        self.fallback = fallback
        self.given = given
        self.retries = retries
    }
}

/// What a front end gives a `given` question: the last diagnosis's subject name, its plan's actions (a multi whose
/// choices are the taxonomy's recommendations: the actions' finding ids), its headline measure (a number), or the
/// step its lead finding belongs to (a choice among `goals`, `work-products`, `processes`, `tasks`, `people`), where
/// a new diagnosis would start again.
public enum Given: String, Hashable, Sendable, CaseIterable {
    case subject, actions, measure, restart
}

extension Step {
    /// The id of the step's choice in a `given: restart` question.
    public var choiceID: String { self == .workProducts ? "work-products" : key }
}

/// The choice id that, once chosen, has a front end give the questions of the steps before the `given: restart`
/// step the answers of the last diagnosis (the leader said they still hold).
public let keepEarlierChoice = "keep-earlier"
