import DialogModel

/// The answers a question can get, cut into pieces so a condition on the answer is a bit mask:
/// a choice per bit, or for numbers the points named in conditions and the open intervals between them.
struct AnswerSpace {
    /// Choice count, or nil for numbers.
    let choiceCount: Int?
    /// Sorted distinct numbers (for numeric spaces).
    let points: [Double]
    /// The pieces that are possible answers.
    let domain: UInt64

    static func choices(_ n: Int, domain: ChoiceSet? = nil) -> AnswerSpace {
        AnswerSpace(choiceCount: n, points: [], domain: (domain ?? .all(n)).bits)
    }

    /// A numeric space over [min, max] cut at every constant the conditions compare the answer with.
    static func numbers(_ conditions: [Condition], min lo: Double?, max hi: Double?, integer: Bool) -> AnswerSpace {
        var pts = Set<Double>()
        for c in conditions { collect(c, &pts) }
        if let lo { pts.insert(lo) }
        if let hi { pts.insert(hi) }
        let points = Array(pts).sorted().prefix(31).map { $0 }
        var domain: UInt64 = 0
        for piece in 0..<(2 * points.count + 1) {
            let (a, b) = bounds(piece, points)
            if piece % 2 == 1 {
                let p = points[piece / 2]
                if (lo.map { p >= $0 } ?? true) && (hi.map { p <= $0 } ?? true) && (!integer || p == p.rounded()) { domain |= 1 << UInt64(piece) }
            } else {
                if let lo, b <= lo { continue }
                if let hi, a >= hi { continue }
                if integer && !(a.isInfinite || b.isInfinite) && (a.rounded(.down) + 1 >= b) { continue }
                domain |= 1 << UInt64(piece)
            }
        }
        return AnswerSpace(choiceCount: nil, points: points, domain: domain)
    }

    private static func collect(_ c: Condition, _ pts: inout Set<Double>) {
        switch c {
        case .compare(.answer, _, let k): pts.insert(k)
        case .not(let a): collect(a, &pts)
        case .all(let cs), .any(let cs): cs.forEach { collect($0, &pts) }
        default: break
        }
    }

    /// The open interval (even pieces) or the point (odd pieces) a piece stands for.
    static func bounds(_ piece: Int, _ points: [Double]) -> (Double, Double) {
        if piece % 2 == 1 { return (points[piece / 2], points[piece / 2]) }
        let k = piece / 2
        return (k == 0 ? -.infinity : points[k - 1], k == points.count ? .infinity : points[k])
    }

    var all: UInt64 { choiceCount.map { ChoiceSet.all($0).bits } ?? (points.isEmpty ? 1 : (1 << UInt64(2 * points.count + 1)) - 1) }

    /// The answers a condition surely holds for (under) and may hold for (over).
    func sets(_ c: Condition) -> (under: UInt64, over: UInt64) {
        switch c {
        case .always: return (all, all)
        case .isSet(.answer): return (all, all)
        case .not(let a):
            let (u, o) = sets(a)
            return (all & ~o, all & ~u)
        case .all(let cs):
            return cs.reduce((all, all)) { acc, c in let s = sets(c); return (acc.0 & s.under, acc.1 & s.over) }
        case .any(let cs):
            return cs.reduce((0, 0)) { acc, c in let s = sets(c); return (acc.0 | s.under, acc.1 | s.over) }
        case .choice(.answer, let set) where choiceCount != nil:
            return (set.bits, set.bits)
        case .compare(.answer, let op, let k) where choiceCount == nil:
            var m: UInt64 = 0
            for piece in 0..<(2 * points.count + 1) {
                let (a, b) = AnswerSpace.bounds(piece, points)
                let probe = piece % 2 == 1 ? a : (a.isInfinite ? b - 1 : (b.isInfinite ? a + 1 : (a + b) / 2))
                if op.holds(probe, k) { m |= 1 << UInt64(piece) }
            }
            return (m, m)
        default:
            return (0, all)
        }
    }

    /// The missing answers in words, and how many separate pieces they are.
    func describe(_ missing: UInt64, choices: [Choice]) -> (String, Int) {
        if choiceCount != nil {
            let ids = (0..<64).filter { missing & (1 << UInt64($0)) != 0 }.map { "'\(choices[$0].id)'" }
            return (ids.joined(separator: ", "), ids.count)
        }
        // Merge adjacent pieces into ranges: [lo, hi] with open or closed ends.
        var runs: [(Int, Int)] = []
        for piece in 0..<(2 * points.count + 1) where missing & (1 << UInt64(piece)) != 0 {
            if let last = runs.last, last.1 == piece - 1 { runs[runs.count - 1].1 = piece } else { runs.append((piece, piece)) }
        }
        let parts = runs.map { first, last -> String in
            let lo = AnswerSpace.bounds(first, points).0, hi = AnswerSpace.bounds(last, points).1
            if first == last && first % 2 == 1 { return Describe.n(lo) }
            let from = lo.isInfinite ? nil : (first % 2 == 1 ? "from \(Describe.n(lo))" : "above \(Describe.n(lo))")
            let to = hi.isInfinite ? nil : (last % 2 == 1 ? "to \(Describe.n(hi))" : "below \(Describe.n(hi))")
            return "numbers " + [from, to].compactMap { $0 }.joined(separator: " ")
        }
        return (parts.joined(separator: ", "), runs.count)
    }
}

enum Coverage {
    /// True when a condition names one of these choices of the answer.
    static func mentions(_ c: Condition, _ set: ChoiceSet) -> Bool {
        switch c {
        case .choice(.answer, let s): return !s.intersection(set).isEmpty
        case .not(let a): return mentions(a, set)
        case .all(let cs), .any(let cs): return cs.contains { mentions($0, set) }
        default: return false
        }
    }
}

extension DialogBuilder {
    func space(_ type: AnswerType, _ conditions: [Condition], unsureAs: Int?) -> AnswerSpace? {
        switch type.kind {
        case .yesNo:
            return .choices(3, domain: unsureAs == nil ? .all(3) : ChoiceSet([AnswerType.yes, AnswerType.no]))
        case .choice: return .choices(type.choices.count)
        case .number, .scale:
            let spec = type.number ?? NumberSpec(min: Double(type.scale?.min ?? 1), max: Double(type.scale?.max ?? 5), integer: true)
            let lo = type.kind == .scale ? Double(type.scale?.min ?? 1) : spec.min
            let hi = type.kind == .scale ? Double(type.scale?.max ?? 5) : spec.max
            return .numbers(conditions, min: lo, max: hi, integer: type.kind == .scale || spec.integer)
        case .multi, .text: return nil
        }
    }

    /// Branch and route lists must handle every answer or end with `else`; a branch no answer can reach is a warning.
    func checkCoverage(_ f: FlatNode, _ type: AnswerType, branches: [Branch], next: Route?, unsureAs: Int?) {
        let conditions = branches.map(\.condition) + (next?.rules.map(\.condition) ?? [])
        check(f, type, branches.map { ($0.condition, $0.location) }, what: "branches", space: space(type, conditions, unsureAs: unsureAs))
        if let next, next.rules.count > 1 || next.rules.first?.condition != .always {
            check(f, type, next.rules.map { ($0.condition, $0.location) }, what: "routes in 'next'", space: space(type, conditions, unsureAs: unsureAs))
        }
    }

    private func check(_ f: FlatNode, _ type: AnswerType, _ rules: [(Condition, SourceLocation)], what: String, space: AnswerSpace?) {
        guard !rules.isEmpty else { return }
        guard let space else {
            if !rules.contains(where: { $0.0 == .always }) {
                sink.report(.elseNeeded, f.decl.id.location, what, f.id, type.kind == .multi ? "multi" : "text")
            }
            return
        }
        var covered: UInt64 = 0
        for (c, loc) in rules {
            let s = space.sets(c)
            if s.over & space.domain & ~covered == 0 {
                sink.report(.unreachableBranch, loc, f.id)
            }
            covered |= s.under
        }
        let missing = space.domain & ~covered
        guard missing != 0 else { return }
        let descriptor: DiagnosticDescriptor = space.choiceCount == nil ? .numbersNotHandled : .choicesNotHandled
        let (text, count) = space.describe(missing, choices: type.choices)
        sink.report(descriptor, f.decl.id.location, what, f.id, text, hint: "add a rule for \(count == 1 ? "it" : "them") or an 'else'")
    }
}
