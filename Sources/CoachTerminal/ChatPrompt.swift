import CoachCLI
import DialogEngine
import DialogModel

/// The terminal chat's prompt, which shows where the leader is: `[Goals 1/5 · 3/36] > `, or `[3/37] > ` before
/// the five steps, `[done · :plan :save :quit] > ` once the plan is written (what can be done next).
public enum ChatPrompt {
    /// The prompt for a session, sanitized first and decorated after, so only coach's own escapes reach the terminal.
    public static func text(_ session: Session, _ engine: Engine, style: TerminalStyle = .plain) -> String {
        text(engine.progress(session), leaving: session.phase == .left, style: style)
    }

    /// The prompt for a position in the dialog.
    public static func text(_ progress: Progress, leaving: Bool = false, style: TerminalStyle = .plain) -> String {
        guard !leaving else { return style.strong("> ") }
        let where_ = Terminal.sanitize(bracket(progress)).replacingNewlines()
        return style.progress("[" + where_ + "]") + style.strong(" > ")
    }

    /// `Goals 1/5 · 3/36`, `3/37` or `done · :plan :save :quit`.
    static func bracket(_ p: Progress) -> String {
        if p.finished { return "done · :plan :save :quit" }
        let count = "\(p.question)/\(p.about)"
        guard let step = p.step else { return count }
        return "\(step.name) \(step.number)/\(Step.allCases.count) · \(count)"
    }
}

extension String {
    /// The text on one line (a prompt cannot hold a line break).
    func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\t" ? " " : Character($0) })
    }
}
