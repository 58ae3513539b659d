import CoachCLI
import CReadline
import DialogEngine
import DialogModel
import Foundation

/// What TAB offers at the terminal chat: the current question's answers and the `:commands`.
public enum TabCompletion {
    /// The words for where a session stands: yes, no and unsure for a yes/no question; a choice question's labels,
    /// and the ids that are not just the start of a label (`territory` completes through `Territory or region`);
    /// then the commands.
    public static func words(_ session: Session, _ engine: Engine) -> [String] {
        guard let node = session.currentNode, let type = engine.dialog.nodes[node].question?.answer else {
            return Command.names
        }
        switch type.kind {
        case .yesNo: return type.choices.map(\.id) + Command.names
        case .choice, .multi:
            let labels = type.choices.map(\.label)
            let ids = type.choices.map(\.id).filter { id in !labels.contains { $0.lowercased().hasPrefix(id.lowercased()) } }
            return labels + ids + Command.names
        case .scale, .number, .text: return Command.names
        }
    }

    /// The words that complete `text`, the part of the line after the last comma: compared without case, each
    /// keeps the blanks `text` starts with (so `call planning, opp` completes to `call planning, Opportunity ...`).
    public static func matches(_ text: String, in words: [String]) -> [String] {
        let blanks = String(text.prefix { $0 == " " || $0 == "\t" })
        let typed = text.dropFirst(blanks.count).lowercased()
        var seen = Set<String>()
        return words.filter { $0.lowercased().hasPrefix(typed) && seen.insert($0.lowercased()).inserted }.map { blanks + $0 }
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
