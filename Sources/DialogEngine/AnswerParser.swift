public import DialogModel

/// Understands typed text as an answer of a given type, or says why it does not fit.
public enum AnswerParser {
    /// The outcome of reading a typed answer.
    public enum Result: Hashable, Sendable {
        case value(Value)
        case rejected(Rejection.Reason)
    }

    public static func parse(_ text: String, as type: AnswerType) -> Result {
        switch type.kind {
        case .text: return parseText(text, type.text ?? TextSpec())
        case .yesNo:
            if let i = type.words.lookup(typed: text) ?? smallIndex(text, type.choices.count) { return .value(.choice(i)) }
            let key = AnswerKey.normalize(text)
            let strict = parseChoice(key, type, prefixes: false)
            guard strict == .rejected(.notAChoice) else { return strict }
            if let i = readYesNo(key) { return .value(.choice(i)) }
            return suggest(key, type) ?? strict
        case .choice:
            if let i = type.words.lookup(typed: text) ?? smallIndex(text, type.choices.count) { return .value(.choice(i)) }
            let key = AnswerKey.normalize(text)
            let strict = parseChoice(key, type, prefixes: true)
            guard strict == .rejected(.notAChoice) else { return strict }
            switch matchPartialWord(key, type) {
            case .found(let i): return .value(.choice(i))
            case .ambiguous(let options): return .rejected(.ambiguous(options))
            case .none: return suggest(key, type) ?? strict
            }
        case .multi:
            if type.optional, text.trimmingWhitespace().isEmpty { return .value(.none) }
            return parseMulti(AnswerKey.normalize(text), type)
        case .scale: return parseScale(AnswerKey.normalize(text), type.scale ?? Scale(anchors: []))
        case .number:
            if type.optional, text.trimmingWhitespace().isEmpty { return .value(.none) }
            return parseNumber(AnswerKey.normalize(text), type.number ?? NumberSpec())
        }
    }

    /// A choice's number typed on its own (`2`), as an index; nil for anything else.
    @inline(__always)
    static func smallIndex(_ text: String, _ count: Int) -> Int? {
        let utf8 = text.utf8
        guard utf8.count <= 2, let first = utf8.first, first >= 0x31, first <= 0x39 else { return nil }
        var n = Int(first - 0x30)
        if utf8.count == 2 {
            let second = utf8[utf8.index(after: utf8.startIndex)]
            guard second >= 0x30, second <= 0x39 else { return nil }
            n = n * 10 + Int(second - 0x30)
        }
        return n <= count ? n - 1 : nil
    }

    /// Choices picked by id (a button), checked exactly.
    public static func pick(_ ids: [String], as type: AnswerType) -> Result {
        switch type.kind {
        case .yesNo, .choice, .multi:
            var set = ChoiceSet()
            for id in ids {
                guard let i = type.choices.firstIndex(where: { $0.id == id }) else { return .rejected(.unknownChoiceID(id)) }
                set.insert(i)
            }
            if set.isEmpty { return type.optional && type.kind == .multi ? .value(.none) : .rejected(.empty) }
            if type.kind != .multi {
                guard set.count == 1, let i = set.first(where: { _ in true }) else { return .rejected(.oneOnly) }
                return .value(.choice(i))
            }
            return checkExclusive(set, type)
        case .scale:
            guard ids.count == 1 else { return .rejected(.oneOnly) }
            return parseScale(ids[0], type.scale ?? Scale(anchors: []))
        case .number, .text:
            guard ids.count == 1 else { return .rejected(.oneOnly) }
            return parse(ids[0], as: type)
        }
    }

    static func parseText(_ text: String, _ spec: TextSpec) -> Result {
        let t = text.trimmingWhitespace()
        if t.isEmpty { return spec.optional ? .value(.none) : .rejected(.empty) }
        let length = t.utf8.allSatisfy({ $0 < 0x80 }) ? t.utf8.count : t.count
        if length > spec.maxLength { return .rejected(.tooLong(limit: spec.maxLength, length: length)) }
        return .value(.text(t))
    }

    static func parseChoice(_ key: String, _ type: AnswerType, prefixes: Bool) -> Result {
        switch matchChoice(key, type, prefixes: prefixes) {
        case .found(let i): return .value(.choice(i))
        case .none: return .rejected(key.isEmpty ? .empty : .notAChoice)
        case .ambiguous(let options): return .rejected(.ambiguous(options))
        }
    }

    enum Match { case found(Int), none, ambiguous([Int]) }

    static func matchChoice(_ key: String, _ type: AnswerType, prefixes: Bool) -> Match {
        if key.isEmpty { return .none }
        if let i = type.words[key] { return .found(i) }
        if let n = Int(key), n >= 1, n <= type.choices.count { return .found(n - 1) }
        guard prefixes else { return .none }
        // A unique word-prefix of a label or alias: "territory" for "territory or region".
        var hits = ChoiceSet()
        let keyLength = key.utf8.count
        for (word, i) in type.lookup where word.utf8.count > keyLength && !hits.contains(i) {
            if word.utf8.starts(with: key.utf8), word.utf8[word.utf8.index(word.utf8.startIndex, offsetBy: keyLength)] == 0x20 {
                hits.insert(i)
            }
        }
        switch hits.count {
        case 0: return .none
        case 1: return .found(hits.first(where: { _ in true })!)
        default: return .ambiguous(Array(hits))
        }
    }

    /// A "Did you mean …?" refusal for a small typo of one choice's words, or nil.
    static func suggest(_ key: String, _ type: AnswerType) -> Result? {
        suggestion(key, among: choiceWords(type), label: { type.choices[$0].label }).map { .rejected(.didYouMean($0)) }
    }

    static func parseMulti(_ key: String, _ type: AnswerType) -> Result {
        if key.isEmpty { return .rejected(.empty) }
        if let i = type.words[key] { return checkExclusive(ChoiceSet([i]), type) }
        var set = ChoiceSet()
        for part in splitItems(key) {
            var match = matchChoice(part, type, prefixes: true)
            if case .none = match { match = matchPartialWord(part, type) }
            switch match {
            case .found(let i): set.insert(i)
            case .none: return suggest(part, type) ?? .rejected(.notAChoice)
            case .ambiguous(let options): return .rejected(.ambiguous(options))
            }
        }
        if set.isEmpty { return .rejected(.empty) }
        return checkExclusive(set, type)
    }

    /// Splits "1, 3 and meeting notes" into items: commas, semicolons, " and ", and spaces between numbers.
    static func splitItems(_ key: String) -> [String] {
        var parts: [String] = []
        let bytes = Array(key.utf8)
        var start = 0
        var i = 0
        func emit(_ from: Int, _ to: Int) {
            var a = from, b = to
            while a < b, bytes[a] == 0x20 { a += 1 }
            while b > a, bytes[b - 1] == 0x20 { b -= 1 }
            guard a < b else { return }
            // "1 3 4": spaces between whole numbers separate items too.
            var allNumbers = true, sawSpace = false
            for k in a..<b {
                if bytes[k] == 0x20 { sawSpace = true } else if bytes[k] < 0x30 || bytes[k] > 0x39 { allNumbers = false; break }
            }
            if allNumbers && sawSpace {
                var w = a
                for k in a...b where k == b || bytes[k] == 0x20 {
                    if k > w { parts.append(String(decoding: bytes[w..<k], as: UTF8.self)) }
                    w = k + 1
                }
            } else {
                parts.append(String(decoding: bytes[a..<b], as: UTF8.self))
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x2C || b == 0x3B {
                emit(start, i)
                start = i + 1
            } else if b == 0x20, i + 4 < bytes.count, bytes[i + 1] == 0x61, bytes[i + 2] == 0x6E, bytes[i + 3] == 0x64,
                      bytes[i + 4] == 0x20 {
                emit(start, i)
                start = i + 5
                i += 4
            } else if b == 0x61, i == start || (i > 0 && bytes[i - 1] == 0x20 && (start..<i).allSatisfy({ bytes[$0] == 0x20 })),
                      i + 3 < bytes.count, bytes[i + 1] == 0x6E, bytes[i + 2] == 0x64, bytes[i + 3] == 0x20 {
                start = i + 4   // a leading "and " after a comma: "1, and 3"
                i += 3
            }
            i += 1
        }
        emit(start, bytes.count)
        return parts
    }

    static func checkExclusive(_ set: ChoiceSet, _ type: AnswerType) -> Result {
        if set.count > 1 {
            for i in set where type.choices[i].exclusive { return .rejected(.exclusive(i)) }
        }
        return .value(.choices(set))
    }

    static func parseScale(_ key: String, _ scale: Scale) -> Result {
        if key.isEmpty { return .rejected(.empty) }
        var text = Substring(key)
        if let slash = text.firstIndex(of: "/"), Int(text[text.index(after: slash)...]) == scale.max {
            text = text[..<slash]
        }
        if let n = Int(text) {
            guard n >= scale.min, n <= scale.max else {
                return .rejected(.outOfRange(min: Double(scale.min), max: Double(scale.max)))
            }
            return .value(.number(Double(n)))
        }
        if let i = scale.anchors.firstIndex(where: { AnswerKey.normalize($0) == key }) {
            return .value(.number(Double(scale.min + i)))
        }
        if Double(text) != nil { return .rejected(.notWhole) }
        return readScale(key, scale) ?? .rejected(.notANumber)
    }

    static func parseNumber(_ key: String, _ spec: NumberSpec) -> Result {
        let strict = parseNumberStrictly(key, spec)
        switch strict {
        case .rejected(.notANumber), .rejected(.wrongUnit): return readApproximate(key, spec) ?? strict
        default: return strict
        }
    }

    static func parseNumberStrictly(_ key: String, _ spec: NumberSpec) -> Result {
        if key.isEmpty { return .rejected(.empty) }
        // Split the leading number from a trailing unit.
        var end = key.utf8.startIndex
        for (offset, b) in key.utf8.enumerated() {
            let isNumberByte = (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") || (offset == 0 && (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")))
            if !isNumberByte { break }
            end = key.utf8.index(after: end)
        }
        guard let x = Double(key[..<end]), x.isFinite else { return .rejected(.notANumber) }
        let unit = key[end...].trimmed(where: { $0 == " " })
        if !unit.isEmpty && !unitMatches(unit, spec) { return .rejected(.wrongUnit(unit)) }
        return checkNumber(x, spec)
    }

    /// The number question's checks: whole when it must be, within the range.
    static func checkNumber(_ x: Double, _ spec: NumberSpec) -> Result {
        if spec.integer && x != x.rounded() { return .rejected(.notWhole) }
        if let lo = spec.min, x < lo { return .rejected(.outOfRange(min: spec.min, max: spec.max)) }
        if let hi = spec.max, x > hi { return .rejected(.outOfRange(min: spec.min, max: spec.max)) }
        return .value(.number(x))
    }

    static func unitMatches(_ unit: String, _ spec: NumberSpec) -> Bool {
        guard let declared = spec.unit else { return false }
        let u = AnswerKey.normalize(declared)
        if unit == u { return true }
        if u == "%" && (unit == "percent" || unit == "pct" || unit == "per cent") { return true }
        // "months" also accepts "month".
        if u.hasSuffix("s") && unit == String(u.dropLast()) { return true }
        return spec.unitAliases.contains { AnswerKey.normalize($0) == unit }
    }
}
