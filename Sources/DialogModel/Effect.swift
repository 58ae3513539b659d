/// Something a branch or decide rule records in the session.
public enum Effect: Hashable, Sendable {
    /// Record a finding (index into the taxonomy).
    case finding(Int)
    /// Record the finding whose id is the current `forEach` item's choice id (`finding: item`; the items are the
    /// taxonomy's recommendations, whose choice ids are finding ids).
    case findingOfItem
    /// Set a flag to a value (boolean flags: 0 or 1; enum flags: the value's index).
    case setFlag(Int, Int16)
    /// Set a variable from a text.
    case setVariable(Int, Template)
    /// Add a note from the taxonomy to the plan.
    case note(Int)
    /// Add a verification task `V-<node id>` with this text.
    case verify(Template)
    /// Add an example to the plan's lesson plans.
    case example(Template)
}

/// One entry of a question's `branches` or a decide node: when the condition holds, apply the effects and go on.
public final class Branch: Sendable {
    public let condition: Condition
    public let effects: [Effect]
    /// Where to go; nil means the node's `next`.
    public let target: Int?
    /// The condition as authored (`yes and lowWP`), or nil for `else`.
    public let when: String?
    public let location: SourceLocation

    public init(condition: Condition, effects: [Effect] = [], target: Int? = nil, when: String? = nil,
                location: SourceLocation = .unknown) {
        self.condition = condition
        self.effects = effects
        self.target = target
        self.when = when
        self.location = location
    }
}

/// A node's `next`: rules tried in order, the first that holds names the target. The last one always holds.
public struct Route: Sendable {
    public final class Rule: Sendable {
        public let condition: Condition
        public let target: Int
        /// The condition as authored, or nil for `else` and a plain `next: id`.
        public let when: String?
        public let location: SourceLocation

        public init(condition: Condition, target: Int, when: String? = nil, location: SourceLocation = .unknown) {
            self.condition = condition
            self.target = target
            self.when = when
            self.location = location
        }
    }

    public let rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }
    public static func to(_ target: Int) -> Route { Route(rules: [Rule(condition: .always, target: target)]) }
}
