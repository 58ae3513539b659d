/// A compiled condition over the session: the current answer, earlier answers, flags, variables and findings.
public enum Condition: Hashable, Sendable {
    /// Always true (`else`).
    case always
    /// Logical negation.
    indirect case not(Condition)
    /// True when every part is.
    case all([Condition])
    /// True when some part is.
    case any([Condition])
    /// The answer is one of these choices (multi: one of these was chosen).
    case choice(Subject, ChoiceSet)
    /// The numeric answer compares with a constant.
    case compare(Subject, Comparison, Double)
    /// Some number of the left subject compares with the latest answer of the right one, both numbers (false when
    /// either is missing): `answer < FU.before`.
    case compareNodes(Subject, Comparison, Subject)
    /// A flag's value is one of these (boolean flags: 1 means true).
    case flag(Int, [Int16])
    /// A variable is set, or a node was answered.
    case isSet(Subject)
    /// Some finding in this set was recorded.
    case found(FindingSet)

    /// What a condition reads an answer or value from.
    public enum Subject: Hashable, Sendable {
        /// The answer being applied.
        case answer
        /// The answer given at a node, by index.
        case node(Int)
        /// A variable, by index.
        case variable(Int)
    }
}

/// A numeric comparison operator; `holds` is the one definition of what each means, for the engine and the compiler.
public enum Comparison: String, Hashable, Sendable, CaseIterable {
    /// Less than.
    case lt = "<"
    /// Less than or equal.
    case le = "<="
    /// Greater than.
    case gt = ">"
    /// Greater than or equal.
    case ge = ">="
    /// Equal.
    case eq = "=="
    /// Not equal.
    case ne = "!="

    /// True when `a op b`: the answer `a` compared with the constant (or the other answer) `b`.
    @inlinable
    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        case .eq: a == b
        case .ne: a != b
        }
    }
}

/// A set of findings, by index into `Taxonomy.findings` (at most 128).
public struct FindingSet: Hashable, Sendable, Sequence {
    public var low: UInt64 = 0
    public var high: UInt64 = 0

    public init() {}
    public init<S: Sequence>(_ indices: S) where S.Element == Int {
        for i in indices { insert(i) }
    }

    public static let capacity = 128
    public var isEmpty: Bool { low == 0 && high == 0 }
    public var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }
    public func contains(_ i: Int) -> Bool {
        i < 64 ? low & (1 << UInt64(i)) != 0 : high & (1 << UInt64(i - 64)) != 0
    }
    public mutating func insert(_ i: Int) {
        if i < 64 { low |= 1 << UInt64(i) } else { high |= 1 << UInt64(i - 64) }
    }
    public func intersects(_ o: FindingSet) -> Bool { low & o.low != 0 || high & o.high != 0 }

    /// Indices in ascending order, which is the plan order R4 (the taxonomy is sorted by it).
    public func makeIterator() -> AnyIterator<Int> {
        var lo = low, hi = high
        return AnyIterator {
            if lo != 0 { let i = lo.trailingZeroBitCount; lo &= lo - 1; return i }
            if hi != 0 { let i = hi.trailingZeroBitCount; hi &= hi - 1; return 64 + i }
            return nil
        }
    }
}
