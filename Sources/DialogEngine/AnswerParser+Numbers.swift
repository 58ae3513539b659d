import DialogModel

/// Numbers as people type them, tried after the strict reading refused one: "about 30%", "~30", "30-35%",
/// "thirty", "a dozen", "2 years" for a question in months, "a year and a half". See docs/dialog-format.md.
extension AnswerParser {
    /// A piece of typed text: a number in digits, a word, or a sign (`%`, `-`, `~`, `/`).
    enum Token: Equatable { case number(Double), word(String), sign(Character) }

    static func tokenize(_ key: String) -> [Token] {
        var tokens: [Token] = []
        var chars = Array(key)
        chars.append(" ")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isASCII, c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while chars[j].isASCII && (chars[j].isNumber || chars[j] == "." || chars[j] == ",") { j += 1 }
                var digits = String(chars[i..<j])
                while digits.last == "," || digits.last == "." { digits.removeLast(); j -= 1 }
                guard let x = Double(digits.filter { $0 != "," }), x.isFinite else { return [] }
                tokens.append(.number(x))
                i = j
            } else if c.isLetter || c == "'" {
                var j = i
                while chars[j].isLetter || chars[j] == "'" || chars[j] == "." && j > i && chars[j - 1].isLetter && !chars[j + 1].isLetter { j += 1 }
                var word = String(chars[i..<j])
                if word.hasSuffix(".") { word.removeLast() }
                tokens.append(.word(word))
                i = j
            } else if c == " " || c == "," {
                i += 1
            } else {
                tokens.append(.sign(c == "–" || c == "—" ? "-" : c))
                i += 1
            }
        }
        return tokens
    }

    static let smallNumbers: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "none": 0,
    ]
    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// A number in digits or words at `start`: "30", "thirty", "twenty-five", "a hundred and ten", "a dozen",
    /// "one and a half", "half"; with how many tokens it used.
    static func amount(_ t: [Token], _ start: Int) -> (Double, Int)? {
        guard start < t.count else { return nil }
        var i = start
        var value: Double
        if case .number(let x) = t[i] {
            value = x
            i += 1
        } else {
            var total = 0.0, current = 0.0, any = false
            while i < t.count, case .word(let w) = t[i] {
                if let v = smallNumbers[w] {
                    current += v
                } else if let v = tens[w] {
                    current += v
                    if i + 2 < t.count, t[i + 1] == .sign("-"), case .word(let u) = t[i + 2], let v2 = smallNumbers[u], v2 >= 1, v2 <= 9 {
                        current += v2
                        i += 2
                    }
                } else if w == "hundred" {
                    current = Swift.max(current, 1) * 100
                } else if w == "thousand" {
                    total += Swift.max(current, 1) * 1000
                    current = 0
                } else if w == "dozen" {
                    current = Swift.max(current, 1) * 12
                } else if (w == "a" || w == "an") && !any, i + 1 < t.count,
                          [.word("dozen"), .word("hundred"), .word("thousand")].contains(t[i + 1]) {
                    current = 1
                } else if w == "and", any, i + 1 < t.count, case .word(let u) = t[i + 1], smallNumbers[u] != nil || tens[u] != nil {
                    // "a hundred and ten"
                } else {
                    break
                }
                any = true
                i += 1
            }
            guard any else {
                if case .word(let w) = t[i], w == "half" { return (0.5, i - start + 1) }
                return nil
            }
            value = total + current
        }
        // "one and a half", "1 and a half"
        if i + 2 < t.count, t[i] == .word("and"), t[i + 1] == .word("a"), t[i + 2] == .word("half") {
            value += 0.5
            i += 3
        }
        return (value, i - start)
    }

    /// Words before a number that say it is an estimate; they are dropped.
    static let estimates: [[String]] = [
        ["about"], ["around"], ["roughly"], ["approximately"], ["approx"], ["circa"], ["ca"], ["some"], ["nearly"],
        ["almost"], ["close", "to"], ["maybe"], ["probably"], ["give", "or", "take"], ["i'd", "say"], ["i", "think"],
    ]

    /// The duration units, in days per unit, with their spellings; months and years are 365/12 and 365 days.
    static let durationDays: [String: Double] = {
        var table: [String: Double] = [:]
        for w in ["day", "days", "d"] { table[w] = 1 }
        for w in ["week", "weeks", "wk", "wks", "w"] { table[w] = 7 }
        for w in ["month", "months", "mo", "mos", "mth", "mths", "mon"] { table[w] = 365.0 / 12 }
        for w in ["year", "years", "yr", "yrs", "y"] { table[w] = 365 }
        return table
    }()

    /// One quantity: an amount and its unit ("2 years", "30%", "a year and a half", "half a year", "6 weeks"),
    /// converted to the question's unit; nil when it is not one, or its unit does not fit.
    static func quantity(_ t: [Token], _ start: Int, _ spec: NumberSpec, badUnit: inout String?) -> (Double, Int)? {
        var i = start
        var x: Double
        // "a year", "an hour": `a` counts one when a unit follows.
        if i < t.count, t[i] == .word("a") || t[i] == .word("an"), i + 1 < t.count, case .word(let u) = t[i + 1],
           durationDays[u] != nil || unitMatches(u, spec) {
            x = 1
            i += 1
        } else if i + 2 < t.count, t[i] == .word("half"), t[i + 1] == .word("a"), t[i + 2] == .word("dozen") {
            x = 6   // "half a dozen"
            i += 3
        } else if i + 1 < t.count, t[i] == .word("half"), t[i + 1] == .word("a") || t[i + 1] == .word("an") {
            x = 0.5   // "half a year"
            i += 2
        } else {
            guard let (v, used) = amount(t, i) else { return nil }
            x = v
            i += used
        }
        // The unit: the words (or `%`) up to a range sign or "and a half".
        var unitWords: [String] = []
        while i < t.count {
            if t[i] == .sign("-") || t[i] == .word("to") || t[i] == .word("and") || t[i] == .word("or") { break }
            if t[i] == .word("ish") { break }
            if case .word(let w) = t[i] { unitWords.append(w) } else if t[i] == .sign("%") { unitWords.append("%") } else { break }
            i += 1
        }
        if i + 2 < t.count, t[i] == .word("and"), t[i + 1] == .word("a"), t[i + 2] == .word("half") {
            x += 0.5   // "a year and a half"
            i += 3
        }
        let unit = unitWords.joined(separator: " ")
        if unit.isEmpty { return (x, i - start) }
        if unitMatches(unit, spec) { return (x, i - start) }
        guard let declared = spec.unit.map(AnswerKey.normalize), let to = durationDays[declared],
              let from = durationDays[unit] else {
            badUnit = unit
            return nil
        }
        if from == to { return (x, i - start) }
        let converted = x * from / to
        let rounded = spec.integer ? converted.rounded() : (converted * 10).rounded() / 10
        return (rounded, i - start)
    }

    /// The lenient reading of a number; nil when the text has no such shape (the strict refusal then stands).
    static func readApproximate(_ key: String, _ spec: NumberSpec) -> Result? {
        var t = tokenize(key)
        if t.isEmpty { return nil }
        var stripped = true
        while stripped {
            stripped = false
            if t.first == .sign("~") { t.removeFirst(); stripped = true }
            for phrase in estimates where t.count > phrase.count && zip(t, phrase).allSatisfy({ $0 == .word($1) }) {
                t.removeFirst(phrase.count)
                stripped = true
            }
        }
        if t.last == .word("ish") { t.removeLast(); if t.last == .sign("-") { t.removeLast() } }
        if t.count > 2, t[t.count - 2] == .word("or"), t.last == .word("so") { t.removeLast(2) }   // "30 or so"
        if t.first == .word("half") && t.count == 1 {
            guard spec.unit.map(AnswerKey.normalize) == "%" else { return nil }
            return checkNumber(50, spec)
        }
        var badUnit: String?
        guard let (low, used) = quantity(t, 0, spec, badUnit: &badUnit) else { return badUnit.map { .rejected(.wrongUnit($0)) } }
        var i = used
        if i == t.count { return checkNumber(low, spec) }
        // A range: "30-35%", "30 to 35", "2 or 3 years"; its midpoint is taken.
        guard t[i] == .sign("-") || t[i] == .word("to") || t[i] == .word("or") else { return nil }
        i += 1
        guard let (high, used2) = quantity(t, i, spec, badUnit: &badUnit), i + used2 == t.count else {
            return badUnit.map { .rejected(.wrongUnit($0)) }
        }
        // The first number takes the unit of the second when it has none: "30-35%", "1 to 2 years".
        var first = low
        if let (_, bare) = amount(t, 0), bare == used, let (_, amountUsed) = amount(t, i), i + amountUsed < t.count,
           let (withUnit, _) = quantity(Array(t[0..<used]) + Array(t[(i + amountUsed)...]), 0, spec, badUnit: &badUnit) {
            first = withUnit
        }
        guard first < high else { return nil }
        var mid = (first + high) / 2
        if spec.integer { mid = mid.rounded() }
        return checkNumber(mid, spec)
    }
}
