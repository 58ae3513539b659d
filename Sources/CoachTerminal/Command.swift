public import DialogEngine
import DialogModel

/// A line the leader types at the chat: an engine event (an answer, or a `:command` the engine understands, in the
/// engine's own vocabulary, `Event.Kind`), or one of the two things only the terminal does.
public enum Command: Equatable, Sendable {
    /// An answer (`.answered`), or `:back`, `:why`, `:help`, `:where`, `:summary`, `:restart`,
    /// `:change NODE ANSWER`, `:quit`: the event the engine is sent.
    case event(Event.Kind)
    /// `:save [FILE]`: write the plan as Markdown.
    case save(String?)
    /// A `:word` that is not a command.
    case unknown(String)

    /// What is trimmed around a typed line: spaces, tabs and a carriage return.
    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" }

    /// The command names, for completion and help.
    public static let names = [":back", ":why", ":help", ":where", ":summary", ":restart", ":change", ":save", ":quit"]

    public static let usage = """
        Commands: :back (undo the last answer), :why (why this question), :help, :where (progress),
        :summary (answers and findings so far), :change NODE ANSWER (change an earlier answer),
        :restart, :save [FILE] (the plan as Markdown), :quit.
        """

    public init(parsing line: String) {
        let trimmed = line.trimmed(where: Command.isSpace)
        guard trimmed.hasPrefix(":") else {
            self = .event(.answered(line))
            return
        }
        let words = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        let rest = words.dropFirst().joined(separator: " ")
        switch words[0].lowercased() {
        case ":back", ":b", ":undo": self = .event(.wentBack)
        case ":why", ":w", ":?": self = .event(.askedWhy)
        case ":help", ":h": self = .event(.askedHelp)
        case ":where", ":progress": self = .event(.askedWhere)
        case ":summary", ":s": self = .event(.askedSummary)
        case ":restart": self = .event(.restarted)
        case ":save": self = .save(rest.isEmpty ? nil : rest)
        case ":quit", ":q", ":exit": self = .event(.quit)
        case ":change", ":c":
            self = words.count == 3 ? .event(.changed(node: words[1], to: words[2])) : .unknown(trimmed)
        default: self = .unknown(trimmed)
        }
    }
}
