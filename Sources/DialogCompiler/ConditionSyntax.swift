/// The parsed form of a condition string, before names are resolved; offsets count Unicode scalars.
indirect enum Expr {
    case name(String, Int)
    case number(Double, Int)
    case list([(String, Int)], Int)
    case not(Expr, Int)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(Expr, String, Expr, Int)
    case call(String, String, Int)

    var offset: Int {
        switch self {
        case .name(_, let o), .number(_, let o), .list(_, let o), .not(_, let o), .compare(_, _, _, let o), .call(_, _, let o): o
        case .and(let a, _), .or(let a, _): a.offset
        }
    }
}

/// A syntax error in a condition, at a scalar offset.
struct ConditionError: Error {
    let message: String
    let offset: Int
}

/// Parses condition strings: comparisons, `in [..]`, `and`, `or`, `not`, parentheses, `found(X)`.
struct ConditionParser {
    enum Token: Equatable {
        case word(String)
        case number(Double)
        case op(String)
        case end
    }

    private var tokens: [(Token, Int)] = []
    private var position = 0
    /// The `and`, `or`, `not` and parentheses met so far; see `maxOperators`.
    private var operators = 0

    /// The most `and`, `or`, `not` and parentheses one condition may hold (DC0017 past it). It bounds how deep a
    /// condition nests, so parsing, resolving and evaluating it cannot overflow the stack on a hostile file.
    static let maxOperators = 100

    private mutating func countOperator(at offset: Int) throws {
        operators += 1
        if operators > Self.maxOperators {
            throw ConditionError(message: "the condition has more than \(Self.maxOperators) 'and', 'or', 'not' and parentheses; split it", offset: offset)
        }
    }

    static func parse(_ text: String) -> Result<Expr, ConditionError> {
        var p = ConditionParser()
        do {
            p.tokens = try tokenize(text)
            let e = try p.parseOr()
            guard case .end = p.peek.0 else { throw ConditionError(message: "unexpected '\(p.describe(p.peek.0))'", offset: p.peek.1) }
            return .success(e)
        } catch let e as ConditionError {
            return .failure(e)
        } catch {
            return .failure(ConditionError(message: "\(error)", offset: 0))
        }
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-" || s == "." || s == "*" || s == "$"
    }

    static func tokenize(_ text: String) throws -> [(Token, Int)] {
        let scalars = Array(text.unicodeScalars)
        var out: [(Token, Int)] = []
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s.properties.isWhitespace { i += 1; continue }
            let start = i
            if isWordScalar(s) {
                while i < scalars.count, isWordScalar(scalars[i]) { i += 1 }
                var word = String(String.UnicodeScalarView(scalars[start..<i]))
                if s == "-" || s == "." || ("0"..."9").contains(s), let x = Double(word) {
                    out.append((.number(x), start))
                    continue
                }
                while word.hasSuffix(".") { word.removeLast(); i -= 1 }
                out.append((.word(word), start))
                continue
            }
            let two = i + 1 < scalars.count ? String(String.UnicodeScalarView([s, scalars[i + 1]])) : ""
            if ["==", "!=", "<=", ">="].contains(two) {
                out.append((.op(two), start))
                i += 2
                continue
            }
            if "<>()[],".unicodeScalars.contains(s) {
                out.append((.op(String(s)), start))
                i += 1
                continue
            }
            if s == "=" { throw ConditionError(message: "'=' is not an operator; use '=='", offset: start) }
            throw ConditionError(message: "unexpected character '\(s)'", offset: start)
        }
        out.append((.end, scalars.count))
        return out
    }

    private var peek: (Token, Int) { tokens[position] }
    private mutating func advance() -> (Token, Int) { defer { position += 1 }; return tokens[position] }

    private func describe(_ t: Token) -> String {
        switch t {
        case .word(let w): w
        case .number(let x): Describe.n(x)
        case .op(let o): o
        case .end: "end of condition"
        }
    }

    private mutating func parseOr() throws -> Expr {
        var left = try parseAnd()
        while case .word("or") = peek.0 {
            try countOperator(at: advance().1)
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws -> Expr {
        var left = try parseNot()
        while case .word("and") = peek.0 {
            try countOperator(at: advance().1)
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws -> Expr {
        if case .word("not") = peek.0 {
            let (_, o) = advance()
            try countOperator(at: o)
            return .not(try parseNot(), o)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> Expr {
        let left = try parsePrimary()
        switch peek.0 {
        case .op(let op) where ["==", "!=", "<", "<=", ">", ">="].contains(op):
            let (_, o) = advance()
            return .compare(left, op, try parseOperand(), o)
        case .word("in"):
            let (_, o) = advance()
            return .compare(left, "in", try parseOperand(), o)
        default:
            return left
        }
    }

    private mutating func parsePrimary() throws -> Expr {
        let (t, o) = peek
        switch t {
        case .op("("):
            try countOperator(at: advance().1)
            let e = try parseOr()
            guard case .op(")") = advance().0 else { throw ConditionError(message: "expected ')'", offset: tokens[position - 1].1) }
            return e
        case .word(let w) where !["and", "or", "not", "in"].contains(w):
            _ = advance()
            if case .op("(") = peek.0 {
                _ = advance()
                guard case .word(let arg) = advance().0 else { throw ConditionError(message: "expected an id in \(w)(...)", offset: o) }
                guard case .op(")") = advance().0 else { throw ConditionError(message: "expected ')'", offset: tokens[position - 1].1) }
                return .call(w, arg, o)
            }
            return .name(w, o)
        case .number(let x):
            _ = advance()
            return .number(x, o)
        default:
            throw ConditionError(message: t == .end ? "the condition is incomplete" : "unexpected '\(describe(t))'", offset: o)
        }
    }

    private mutating func parseOperand() throws -> Expr {
        let (t, o) = peek
        if case .op("[") = t {
            _ = advance()
            var items: [(String, Int)] = []
            while true {
                let (it, io) = advance()
                switch it {
                case .word(let w): items.append((w, io))
                case .number(let x): items.append((Describe.n(x), io))
                default: throw ConditionError(message: "expected a value in the list", offset: io)
                }
                let (sep, so) = advance()
                if case .op("]") = sep { break }
                guard case .op(",") = sep else { throw ConditionError(message: "expected ',' or ']'", offset: so) }
            }
            return .list(items, o)
        }
        return try parsePrimary()
    }
}
