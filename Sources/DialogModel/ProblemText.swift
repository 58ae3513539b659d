/// A value written per problem: one for every problem (`default`), and any number for one problem each (`OTT`,
/// `ICP`, `FCA`). A problem's own value wins over the default. Taxonomy texts are `ProblemText<String>` so that no
/// text written for one problem reaches another problem's plan.
public struct ProblemText<Value: Hashable & Sendable>: Hashable, Sendable {
    public let fallback: Value?
    /// Problem code -> value, sorted by code.
    public let byProblem: [String: Value]

    public init(_ value: Value) {
        fallback = value
        byProblem = [:]
    }

    public init(fallback: Value?, byProblem: [String: Value]) {
        self.fallback = fallback
        self.byProblem = byProblem
    }

    /// The value for a problem; nil when neither it nor a default was written.
    public func value(for problem: String?) -> Value? {
        if let problem, let v = byProblem[problem] { return v }
        return fallback
    }

    /// Some value: the default, or the first problem's (for machine readers that ask for no problem).
    public var any: Value? { fallback ?? byProblem.keys.sorted().first.flatMap { byProblem[$0] } }
}

extension ProblemText where Value == String {
    /// The text for a problem, or the empty string (the compiler has checked every problem that needs one).
    public func text(for problem: String?) -> String { value(for: problem) ?? any ?? "" }
}

extension ProblemText where Value == [String] {
    public func list(for problem: String?) -> [String] { value(for: problem) ?? any ?? [] }
}
