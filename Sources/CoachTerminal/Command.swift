public import DialogEngine
import DialogModel

/// A line the leader types at the chat: an engine event (an answer, or a `:command` the engine understands, in the
/// engine's own vocabulary, `Event.Kind`), or one of the things the terminal does or resolves first.
public enum Command: Equatable, Sendable {
    /// An answer (`.answered`), or `:back`, `:why`, `:help`, `:where`, `:summary`, `:restart`, `:quit`: the event
    /// the engine is sent.
    case event(Event.Kind)
    /// `:change WHICH ANSWER`, as typed after the command word: which answer is a number in `:summary`, a question's
    /// label or the start of one (`AnswerReference` resolves it against the session), then the new answer.
    case change(String)
    /// `:plan`: the whole plan (at a terminal the diagnosis ends on its summary).
    case plan
    /// `:save [FILE]`: write the plan as Markdown.
    case save(String?)
    /// A `:word` that is not a command.
    case unknown(String)

    /// What is trimmed around a typed line: spaces, tabs and a carriage return.
    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" }

    /// The command names, for completion and help.
    public static let names = [":back", ":why", ":help", ":where", ":summary", ":restart", ":change", ":plan", ":save", ":quit"]

    /// Two paragraphs, each on one line: the terminal wraps them to its width.
    public static let usage = """
        Commands: :back (undo the last answer), :why (why this question), :help, :where (progress), \
        :summary (your answers so far, numbered, and the findings), :restart, :plan (the whole plan), :save [FILE] (the plan as Markdown), :quit.
        :change N ANSWER changes answer N of :summary (:change 3 yes); instead of N, the question's name \
        or its first words will do (:change ever hit goal yes).
        """

    public init(parsing line: String) {
        let trimmed = line.trimmed(where: Command.isSpace)
        guard trimmed.hasPrefix(":") else {
            self = .event(.answered(line))
            return
        }
        let words = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        let rest = words.count > 1 ? words[1].trimmed(where: Command.isSpace) : ""
        switch words[0].lowercased() {
        case ":back", ":b", ":undo": self = .event(.wentBack)
        case ":why", ":w", ":?": self = .event(.askedWhy)
        case ":help", ":h": self = .event(.askedHelp)
        case ":where", ":progress": self = .event(.askedWhere)
        case ":summary", ":s": self = .event(.askedSummary)
        case ":restart": self = .event(.restarted)
        case ":save": self = .save(rest.isEmpty ? nil : rest)
        case ":plan", ":p": self = .plan
        case ":quit", ":q", ":exit": self = .event(.quit)
        case ":change", ":c": self = .change(rest)
        default: self = .unknown(trimmed)
        }
    }
}
