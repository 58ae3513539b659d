/// What kind of answer a question takes, and how typed text maps onto it.
public final class AnswerType: Hashable, Sendable {
    /// The kinds of answer.
    public enum Kind: String, Hashable, Sendable {
        /// yes / no / unsure (choices 0, 1, 2).
        case yesNo
        /// One of several choices.
        case choice
        /// Several of several choices.
        case multi
        /// A whole number on a scale with an anchor text per point.
        case scale
        /// A number with an optional range and unit.
        case number
        /// Free text with a length limit.
        case text
    }

    public let kind: Kind
    /// The choices of yesNo, choice and multi answers.
    public let choices: [Choice]
    /// Normalized id, label and alias (see `AnswerKey`) -> choice index; built by the compiler.
    public let lookup: [String: Int]
    /// The same, as a fast table for the engine.
    public let words: WordTable
    /// Scale: lowest and highest point, and one anchor text per point.
    public let scale: Scale?
    /// Number: range and unit.
    public let number: NumberSpec?
    /// Text: length limit and whether it may be left empty.
    public let text: TextSpec?
    /// True when an empty answer is accepted and records no answer (optional text, number and multi questions).
    public let optional: Bool

    public init(kind: Kind, choices: [Choice] = [], lookup: [String: Int] = [:], scale: Scale? = nil,
                number: NumberSpec? = nil, text: TextSpec? = nil, optional: Bool = false) {
        self.kind = kind
        self.optional = optional || text?.optional == true
        self.choices = choices
        self.lookup = lookup
        self.words = WordTable(lookup)
        self.scale = scale
        self.number = number
        self.text = text
    }

    public static func == (a: AnswerType, b: AnswerType) -> Bool {
        a === b || (a.kind == b.kind && a.choices == b.choices && a.scale == b.scale && a.number == b.number && a.text == b.text
            && a.optional == b.optional)
    }

    public func hash(into h: inout Hasher) {
        h.combine(kind)
        h.combine(choices)
    }

    /// True for the kinds whose answers are choices.
    public var hasChoices: Bool { kind == .yesNo || kind == .choice || kind == .multi }

    /// The fixed choices of a yesNo answer.
    public static let yesNoChoices: [Choice] = [
        Choice(id: "yes", label: "Yes", aliases: ["y", "yeah", "yep", "yup", "true", "correct", "right"]),
        Choice(id: "no", label: "No", aliases: ["n", "nope", "nah", "false", "not really"]),
        Choice(id: "unsure", label: "Unsure", aliases: ["not sure", "don't know", "dont know", "do not know",
                                                         "i don't know", "idk", "dunno", "maybe", "?", "no idea"]),
    ]
    public static let yes = 0, no = 1, unsure = 2

    /// The yesNo answer type, with its word table.
    public static let yesNo: AnswerType = {
        var lookup: [String: Int] = [:]
        for (i, c) in yesNoChoices.enumerated() {
            for word in [c.id, c.label] + c.aliases where lookup[AnswerKey.normalize(word)] == nil {
                lookup[AnswerKey.normalize(word)] = i
            }
        }
        return AnswerType(kind: .yesNo, choices: yesNoChoices, lookup: lookup)
    }()
}

/// A scale answer: whole numbers from `min` to `max`, an anchor text for each.
public struct Scale: Hashable, Sendable {
    public let min: Int
    public let max: Int
    public let anchors: [String]

    public init(min: Int = 1, max: Int = 5, anchors: [String]) {
        self.min = min
        self.max = max
        self.anchors = anchors
    }

    /// The middle point, the default fallback.
    public var middle: Int { (min + max) / 2 }
}

/// A number answer's range and unit.
public struct NumberSpec: Hashable, Sendable {
    public let min: Double?
    public let max: Double?
    public let unit: String?
    public let unitAliases: [String]
    public let integer: Bool

    public init(min: Double? = nil, max: Double? = nil, unit: String? = nil, unitAliases: [String] = [], integer: Bool = false) {
        self.min = min
        self.max = max
        self.unit = unit
        self.unitAliases = unitAliases
        self.integer = integer
    }
}

/// A free-text answer's limits.
public struct TextSpec: Hashable, Sendable {
    public let maxLength: Int
    public let optional: Bool

    public init(maxLength: Int = 280, optional: Bool = false) {
        self.maxLength = maxLength
        self.optional = optional
    }
}
