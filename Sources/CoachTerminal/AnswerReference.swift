import CoachCLI
import DialogEngine
import DialogModel

/// What `:change` is told, resolved against the answers so far: which answer, and the new answer.
///
/// An answer is named by its number in `:summary` (`:change 3 yes`), by its question's label (`:change ever hit goal
/// yes`) or by the start of a label that only one answer's question has (`:change ever yes`); case, hyphens and
/// repeated blanks do not count. The words are read from the longest start that names an answer, so a label of
/// several words is never cut short. Node ids (`:change OTT.G1 yes`) still work, for old habits and scripts, but no
/// text here names one: what the leader reads is numbers and labels.
struct AnswerReference {
    let session: Session
    let engine: Engine
    var dialog: Dialog { engine.dialog }

    /// What to do with a `:change`.
    enum Outcome: Equatable {
        /// Send the engine the change of the answer at this node (by id) to this text.
        case change(node: String, to: String)
        /// Tell the leader why not (one line, no ids).
        case refused(String)
    }

    /// What a start of the words names.
    enum Match: Equatable {
        /// One question, by node id.
        case one(String)
        /// Several answered questions' numbers (their first answer each), all starting with the words.
        case several([Int])
        /// A number past the answers.
        case noSuchNumber(Int)
        case none
    }

    /// The outcome of `:change` followed by `text`.
    func resolve(_ text: String) -> Outcome {
        let words = Self.words(text)
        guard !session.answers.isEmpty else { return .refused("There are no answers to change yet.") }
        guard !words.isEmpty else {
            return .refused("Say which answer to change and the new answer, for example :change \(session.answers.count) "
                            + "followed by the new answer; " + listing)
        }
        // The whole text names an answer: the new answer is missing.
        switch match(words.map(\.text)) {
        case .one(let node): return .refused(missingAnswer(node))
        case .several(let numbers): return .refused(ambiguous(words.map(\.text), numbers, answer: ""))
        case .noSuchNumber(let n): return .refused(noSuchNumber(n))
        case .none: break
        }
        for count in stride(from: words.count - 1, through: 1, by: -1) {
            let answer = String(text[words[count].start...])
            switch match(words.prefix(count).map(\.text)) {
            case .one(let node): return .change(node: node, to: answer)
            case .several(let numbers): return .refused(ambiguous(words.prefix(count).map(\.text), numbers, answer: answer))
            case .noSuchNumber(let n): return .refused(noSuchNumber(n))
            case .none: continue
            }
        }
        return .refused(noMatch(words.map(\.text), text: text))
    }

    /// What `words` (a start of the text) name: a number, a node id, or the answered questions whose label is, or
    /// starts with, the words (a label that is the words exactly is preferred).
    func match(_ words: [String]) -> Match {
        if words.count == 1 {
            let word = words[0].hasPrefix("#") ? String(words[0].dropFirst()) : words[0]
            if !word.isEmpty, word.allSatisfy(\.isASCII), word.allSatisfy(\.isNumber) {
                guard let n = Int(word), n >= 1, n <= session.answers.count else { return .noSuchNumber(Int(word) ?? Int.max) }
                return .one(dialog.nodes[session.answers[n - 1].node].id)
            }
            if let node = nodeID(words[0]) { return .one(node) }
        }
        let typed = Self.normalized(words.joined(separator: " "))
        var exact: [Int] = []
        var starting: [Int] = []
        var seen = Set<Int>()
        for (i, answer) in session.answers.enumerated() where seen.insert(answer.node).inserted {
            guard let label = dialog.nodes[answer.node].question?.label else { continue }
            let name = Self.normalized(label)
            if name == typed { exact.append(i + 1) } else if name.hasPrefix(typed) { starting.append(i + 1) }
        }
        let found = exact.isEmpty ? starting : exact
        switch found.count {
        case 0: return .none
        case 1: return .one(dialog.nodes[session.answers[found[0] - 1].node].id)
        default: return .several(found)
        }
    }

    /// A question's node id, as typed or in another case.
    func nodeID(_ word: String) -> String? {
        if let i = dialog.nodeIndex[word], dialog.nodes[i].question != nil { return word }
        let lower = word.lowercased()
        return dialog.nodes.first { $0.question != nil && $0.id.lowercased() == lower }?.id
    }

    // What the leader is told: numbers and labels, never ids.

    /// `:summary lists answers 1-12.`
    var listing: String {
        switch session.answers.count {
        case 0: ":summary lists the answers."
        case 1: ":summary lists answer 1."
        case let n: ":summary lists answers 1-\(n)."
        }
    }

    func label(_ node: String) -> String {
        dialog.nodeIndex[node].flatMap { dialog.nodes[$0].question?.label } ?? "that question"
    }

    /// The number of the (first) answer to a question, if it has one.
    func number(_ node: String) -> Int? {
        guard let i = dialog.nodeIndex[node] else { return nil }
        return session.answers.firstIndex { $0.node == i }.map { $0 + 1 }
    }

    func missingAnswer(_ node: String) -> String {
        guard let number = number(node), let i = dialog.nodeIndex[node], let type = dialog.nodes[i].question?.answer else {
            return "\"\(label(node))\" has not been answered on this path; " + listing
        }
        return "Give the new answer for \"\(label(node))\" too: :change \(number) and then "
            + TextRenderer(engine: engine).validAnswers(type) + "."
    }

    func ambiguous(_ words: [String], _ numbers: [Int], answer: String) -> String {
        let options = numbers.map { "\($0) (\(dialog.nodes[session.answers[$0 - 1].node].question?.label ?? ""))" }
        let listed = options.dropLast().joined(separator: ", ") + " or " + options.last!
        let example = answer.isEmpty ? ":change \(numbers[0]) followed by the new answer" : ":change \(numbers[0]) \(answer)"
        return "\"\(words.joined(separator: " "))\" could be answer \(listed). Say which by its number, for example \(example)."
    }

    func noSuchNumber(_ n: Int) -> String {
        let shown = n == Int.max ? "with that number" : "\(n)"
        return "There is no answer \(shown); " + listing
    }

    /// No answer is named: says so, and whether the words name a question not answered on this path.
    func noMatch(_ words: [String], text: String) -> String {
        for count in stride(from: words.count, through: 1, by: -1) {
            let typed = Self.normalized(words.prefix(count).joined(separator: " "))
            if let q = dialog.nodes.lazy.compactMap(\.question).first(where: { Self.normalized($0.label) == typed }) {
                return "\"\(q.label)\" has not been answered on this path; " + listing
            }
        }
        return "\"\(text)\" names no answer by number or name; " + listing
    }

    // Words.

    /// A word of the text and where it starts.
    struct Word {
        let text: String
        let start: String.Index
    }

    /// The blank-separated words of a text.
    static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        var i = text.startIndex
        while i < text.endIndex {
            while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) }
            guard i < text.endIndex else { break }
            let start = i
            while i < text.endIndex, !text[i].isWhitespace { i = text.index(after: i) }
            words.append(Word(text: String(text[start..<i]), start: start))
        }
        return words
    }

    /// A label or typed name as compared: lower case, hyphens as blanks, one blank between words.
    static func normalized(_ text: String) -> String {
        String(text.lowercased().map { $0 == "-" || $0 == "_" ? " " : $0 }).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
