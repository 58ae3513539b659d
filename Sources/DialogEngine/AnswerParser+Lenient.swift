import DialogModel

/// Readings tried only after the strict reading (`AnswerParser.parse`) refused a typed answer, so that every answer
/// the strict reading accepts is read exactly as before. The tables here are written out in docs/dialog-format.md
/// ("Answers as people type them"); keep the two in step.
extension AnswerParser {
    // MARK: yes / no

    /// Whole phrases for yes/no questions beyond the choices' own words: emphatic answers and hedges.
    /// "perhaps" is deliberately absent: a golden transcript pins it as refused.
    static let yesNoPhrases: [String: Int] = {
        var table: [String: Int] = [:]
        for w in ["absolutely", "definitely", "certainly", "of course", "sure", "for sure", "always", "indeed", "yea",
                  "ya", "yah", "i think so", "i believe so", "yes definitely", "yes absolutely"] {
            table[w] = AnswerType.yes
        }
        for w in ["no way", "never", "not at all", "absolutely not", "definitely not", "certainly not", "of course not",
                  "not yet", "nay", "nop", "i don't think so", "i dont think so", "don't think so", "dont think so",
                  "probably not", "hardly", "not really no"] {
            table[w] = AnswerType.no
        }
        for w in ["kind of", "kinda", "sort of", "sorta", "somewhat", "partly", "partially", "in part", "a bit",
                  "a little", "sometimes", "it depends", "depends", "possibly", "probably", "hard to say",
                  "hard to tell", "more or less", "i'm not sure", "im not sure", "not certain", "unclear",
                  "can't say", "cannot say", "can't tell", "so-so", "yes and no", "50/50", "fifty-fifty",
                  "i don't know yet", "no clue"] {
            table[w] = AnswerType.unsure
        }
        return table
    }()

    /// Words in a tail that take back the head ("yes, but rarely"): such answers are not guessed.
    static let qualifiers: Set<Substring> = ["but", "except", "though", "although", "unless", "however"]

    /// A yes/no answer with a tail ("no, never", "yes definitely") or a phrase of `yesNoPhrases`; nil if neither.
    static func readYesNo(_ key: String) -> Int? {
        if let i = yesNoPhrases[key] { return i }
        guard let cut = key.firstIndex(where: { $0 == "," || $0 == " " || $0 == ";" }) else { return nil }
        let head = String(key[..<cut])
        let tail = String(key[cut...].drop(while: { $0 == "," || $0 == " " || $0 == ";" || $0 == "-" }))
        guard !tail.isEmpty, let i = AnswerType.yesNo.words[head] ?? yesNoPhrases[head], i != AnswerType.unsure else {
            return nil
        }
        let words = tail.split(whereSeparator: { $0 == " " || $0 == "," })
        if words.contains(where: { qualifiers.contains($0) }) { return nil }
        if i == AnswerType.yes && words.contains(where: { $0 == "not" || $0 == "never" || $0 == "no" }) { return nil }
        if let t = yesNoPhrases[tail] ?? AnswerType.yesNo.words[tail], t != i { return nil }
        return i
    }

    // MARK: choices

    /// A unique start of a label or alias, cut inside a word ("opp" for "Opportunity analyses"), at least three
    /// characters long; tried only when no whole-word prefix matched.
    static func matchPartialWord(_ key: String, _ type: AnswerType) -> Match {
        guard key.count >= 3 else { return .none }
        var hits = ChoiceSet()
        for (word, i) in type.lookup where word.count > key.count && word.hasPrefix(key) { hits.insert(i) }
        switch hits.count {
        case 0: return .none
        case 1: return .found(hits.first(where: { _ in true })!)
        default: return .ambiguous(Array(hits).sorted())
        }
    }

    // MARK: typos

    /// The one answer a typed word is a small typo of, to offer, never to take: Damerau-Levenshtein distance 1 for
    /// words of 4 to 7 characters, 2 from 8; nil when none or several answers are that close.
    static func suggestion(_ key: String, among words: [(String, Int)], label: (Int) -> String) -> String? {
        let typed = Array(key.unicodeScalars)
        let allowed = typed.count >= 8 ? 2 : typed.count >= 4 ? 1 : 0
        guard allowed > 0 else { return nil }
        var found: Int?
        for (word, value) in words {
            // The length check first: most words are too short or too long to be within reach, and cost nothing.
            let length = word.unicodeScalars.count
            guard length >= 4, abs(length - typed.count) <= allowed,
                  distance(typed, Array(word.unicodeScalars), limit: allowed) <= allowed else { continue }
            if let f = found, f != value { return nil }
            found = value
        }
        return found.map(label)
    }

    /// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions); past `limit` it stops
    /// early and returns a value above `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // One flat table, row-major: d[i][j] is at i * width + j.
        let width = b.count + 1
        var d = [Int](repeating: 0, count: (a.count + 1) * width)
        for i in 0...a.count { d[i * width] = i }
        for j in 0...b.count { d[j] = j }
        var previousBest = 0
        for i in 1...a.count {
            var rowBest = i  // the row's first cell, d[i][0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = Swift.min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = Swift.min(best, d[(i - 2) * width + j - 2] + 1)
                }
                d[i * width + j] = best
                rowBest = Swift.min(rowBest, best)
            }
            // A later cell comes from this row or, through a transposition, the one before: once both are past the
            // limit, so is the answer.
            if rowBest > limit && previousBest > limit { return limit + 1 }
            previousBest = rowBest
        }
        return d[a.count * width + b.count]
    }

    /// The words a choice question knows, for suggestions (in any order: a suggestion is offered only when every
    /// word within reach names the same answer).
    static func choiceWords(_ type: AnswerType) -> [(String, Int)] {
        var words = type.lookup.map { ($0.key, $0.value) }
        if type.kind == .yesNo { words += yesNoPhrases.map { ($0.key, $0.value) } }
        return words
    }

    // MARK: scales

    /// A unique start of an anchor ("below" for "Below the standard"), or a number word; nil when nothing fits.
    static func readScale(_ key: String, _ scale: Scale) -> Result? {
        let anchors = scale.anchors.map(AnswerKey.normalize)
        var hits: [Int] = []
        for (i, a) in anchors.enumerated() where a.count > key.count && a.hasPrefix(key) {
            let next = a[a.index(a.startIndex, offsetBy: key.count)]
            if next == " " || key.count >= 3 { hits.append(i) }
        }
        if hits.count == 1 { return .value(.number(Double(scale.min + hits[0]))) }
        if hits.count > 1 { return .rejected(.ambiguous(hits)) }
        let tokens = tokenize(key)
        if let (x, used) = amount(tokens, 0), used == tokens.count, x == x.rounded() {
            let n = Int(x)
            guard n >= scale.min, n <= scale.max else {
                return .rejected(.outOfRange(min: Double(scale.min), max: Double(scale.max)))
            }
            return .value(.number(x))
        }
        let words = anchors.enumerated().map { ($0.element, $0.offset) }
        if let s = suggestion(key, among: words, label: { scale.anchors[$0] }) { return .rejected(.didYouMean(s)) }
        return nil
    }
}
