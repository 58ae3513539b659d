import CoachCLI
/// A line the leader types at the chat: an answer, or a `:command`.
public enum Command: Equatable, Sendable {
    /// An answer to the current question.
    case answer(String)
    /// `:back`: undo the last answer.
    case back
    /// `:why`: why the question is asked.
    case why
    /// `:help`: help with the question, and the commands.
    case help
    /// `:where`: step and progress.
    case whereAmI
    /// `:summary`: answers and findings so far.
    case summary
    /// `:restart`: start over.
    case restart
    /// `:change NODE ANSWER`: change an earlier answer.
    case change(node: String, answer: String)
    /// `:save [FILE]`: write the plan as Markdown.
    case save(String?)
    /// `:quit`: leave.
    case quit
    /// A `:word` that is not a command.
    case unknown(String)

    /// The command names, for completion and help.
    public static let names = [":back", ":why", ":help", ":where", ":summary", ":restart", ":change", ":save", ":quit"]

    public static let usage = """
        Commands: :back (undo the last answer), :why (why this question), :help, :where (progress),
        :summary (answers and findings so far), :change NODE ANSWER (change an earlier answer),
        :restart, :save [FILE] (the plan as Markdown), :quit.
        """

    public init(parsing line: String) {
        let trimmed = line.trimmingSpaces()
        guard trimmed.hasPrefix(":") else {
            self = .answer(line)
            return
        }
        let words = trimmed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        let rest = words.dropFirst().joined(separator: " ")
        switch words[0].lowercased() {
        case ":back", ":b", ":undo": self = .back
        case ":why", ":w", ":?": self = .why
        case ":help", ":h": self = .help
        case ":where", ":progress": self = .whereAmI
        case ":summary", ":s": self = .summary
        case ":restart": self = .restart
        case ":save": self = .save(rest.isEmpty ? nil : rest)
        case ":quit", ":q", ":exit": self = .quit
        case ":change", ":c":
            self = words.count == 3 ? .change(node: words[1], answer: words[2]) : .unknown(trimmed)
        default: self = .unknown(trimmed)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
