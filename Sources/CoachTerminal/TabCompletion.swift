import CoachCLI
import CReadline
import DialogEngine
import DialogModel
import Foundation

/// What TAB offers at the terminal chat: the current question's answers, the `:commands`, and after `:change ` the
/// labels of the answers it can change.
public enum TabCompletion {
    /// The words for where a session stands: yes, no and unsure for a yes/no question; a choice question's labels,
    /// and the ids that are not just the start of a label (`territory` completes through `Territory or region`);
    /// then the commands; then `:change` and each answered question's label (`:change Ever hit goal`), which
    /// `matches` offers only once `:change ` is typed.
    public static func words(_ session: Session, _ engine: Engine) -> [String] {
        answerWords(session, engine) + Command.names + changeWords(session, engine)
    }

    static func answerWords(_ session: Session, _ engine: Engine) -> [String] {
        guard let node = session.currentNode, let type = engine.dialog.nodes[node].question?.answer else { return [] }
        switch type.kind {
        case .yesNo: return type.choices.map(\.id)
        case .choice, .multi:
            let labels = type.choices.map(\.label)
            let ids = type.choices.map(\.id).filter { id in !labels.contains { $0.lowercased().hasPrefix(id.lowercased()) } }
            return labels + ids
        case .scale, .number, .text: return []
        }
    }

    /// `:change LABEL` for each question answered so far that `:change` can take (not those asked once per item),
    /// in the order of `:summary`; a label with a comma is left out (the comma would end the word being completed).
    static func changeWords(_ session: Session, _ engine: Engine) -> [String] {
        guard session.phase != .left else { return [] }
        var seen = Set<Int>()
        return session.answers.compactMap { a in
            guard seen.insert(a.node).inserted, let q = engine.dialog.nodes[a.node].question, q.forEach == nil,
                  !q.label.contains(",") else { return nil }
            return changePrefix + q.label
        }
    }

    static let changePrefix = ":change "

    /// The words that complete `text`, the part of the line after the last comma: compared without case, each
    /// keeps the blanks `text` starts with (so `call planning, opp` completes to `call planning, Opportunity ...`).
    /// `:change LABEL` words complete only a text that starts with `:change `, so they do not crowd the commands.
    public static func matches(_ text: String, in words: [String]) -> [String] {
        let blanks = String(text.prefix { $0 == " " || $0 == "\t" })
        let typed = text.dropFirst(blanks.count).lowercased()
        let changing = typed.hasPrefix(changePrefix)
        var seen = Set<String>()
        return words.filter { word in
            (changing || !word.hasPrefix(changePrefix)) && word.lowercased().hasPrefix(typed) && seen.insert(word.lowercased()).inserted
        }.map { blanks + $0 }
    }

    /// Sets the words TAB offers for the next line; readline thread only.
    static func offer(_ words: [String]) { offered = words }
}

// readline's completion callbacks. They run on the readline thread only, as does every write to this state
// (`ReadlineReader` sets `offered` there before each line), which is what makes `nonisolated(unsafe)` sound.

/// The words TAB offers for the line being read.
nonisolated(unsafe) private var offered: [String] = []
nonisolated(unsafe) private var found: [String] = []
nonisolated(unsafe) private var nextFound = 0

/// readline's `rl_attempted_completion_function`: our words only, never file names.
func completeLine(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    coach_rl_no_filename_completion()
    return rl_completion_matches(text, nextMatch)
}

/// readline's generator: called with state 0 for a new word, then 1, 2, ... until it returns NULL.
/// Returns `strdup`ed strings, which readline frees.
private func nextMatch(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 {
        found = TabCompletion.matches(text.map { String(cString: $0) } ?? "", in: offered)
        nextFound = 0
    }
    guard nextFound < found.count else { return nil }
    defer { nextFound += 1 }
    return strdup(found[nextFound])
}
