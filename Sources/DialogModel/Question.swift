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

    public init(prompt: Template, label: String, why: Template? = nil, help: Template? = nil, source: String? = nil,
                answer: AnswerType, forEach: Int? = nil, store: Int? = nil, branches: [Branch] = [], next: Route? = nil,
                unsureAs: Int? = nil, fallback: Value = .none, retries: Int = 3) {
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
        self.retries = retries
    }
}
