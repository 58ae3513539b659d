/// One answer a leader can pick, with a stable id, the label shown, and other words that select it.
public struct Choice: Hashable, Sendable {
    /// Stable id used in transcripts, the protocol and conditions (`territory`).
    public let id: String
    /// What the leader sees (`Territory or region`).
    public let label: String
    /// Other words that select this choice (`region`).
    public let aliases: [String]
    /// A quality anchor or explanation, interpolated as `{item.detail}` in `forEach` questions.
    public let detail: String?
    /// A choice that cannot be combined with others in a multi answer (`None of these`).
    public let exclusive: Bool

    public init(id: String, label: String, aliases: [String] = [], detail: String? = nil, exclusive: Bool = false) {
        self.id = id
        self.label = label
        self.aliases = aliases
        self.detail = detail
        self.exclusive = exclusive
    }
}

/// A set of choices of one question, by index (at most 64 choices a question).
public struct ChoiceSet: Hashable, Sendable, Sequence {
    public var bits: UInt64

    public init(bits: UInt64 = 0) { self.bits = bits }
    public init<S: Sequence>(_ indices: S) where S.Element == Int {
        bits = 0
        for i in indices { insert(i) }
    }

    public static let empty = ChoiceSet()
    public static func all(_ count: Int) -> ChoiceSet {
        ChoiceSet(bits: count >= 64 ? .max : (UInt64(1) << UInt64(count)) - 1)
    }

    public var isEmpty: Bool { bits == 0 }
    public var count: Int { bits.nonzeroBitCount }
    public func contains(_ i: Int) -> Bool { bits & (1 << UInt64(i)) != 0 }
    public mutating func insert(_ i: Int) { bits |= 1 << UInt64(i) }
    public func union(_ o: ChoiceSet) -> ChoiceSet { ChoiceSet(bits: bits | o.bits) }
    public func intersection(_ o: ChoiceSet) -> ChoiceSet { ChoiceSet(bits: bits & o.bits) }
    public func subtracting(_ o: ChoiceSet) -> ChoiceSet { ChoiceSet(bits: bits & ~o.bits) }
    public func isSubset(of o: ChoiceSet) -> Bool { bits & ~o.bits == 0 }

    public func makeIterator() -> AnyIterator<Int> {
        var rest = bits
        return AnyIterator {
            guard rest != 0 else { return nil }
            let i = rest.trailingZeroBitCount
            rest &= rest - 1
            return i
        }
    }
}
