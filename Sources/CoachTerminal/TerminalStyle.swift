import CoachCLI
import Foundation

/// How the terminal chat decorates its prompt: with ANSI colour or without, decided once from the environment.
/// The decorated strings are for readline's prompt: every escape is wrapped in `\u{1}`...`\u{2}` so readline
/// leaves it out when it counts the prompt's width.
public struct TerminalStyle: Equatable, Sendable {
    /// Whether colour is added.
    public let colour: Bool

    /// No decoration at all.
    public static let plain = TerminalStyle(colour: false)

    public init(colour: Bool) { self.colour = colour }

    /// Colour only when standard output is a terminal, `NO_COLOR` is unset or empty (https://no-color.org),
    /// and `TERM` is not `dumb`.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              outputIsTerminal: Bool = isatty(STDOUT_FILENO) == 1) -> TerminalStyle {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        return TerminalStyle(colour: outputIsTerminal && !noColour && !dumb)
    }

    /// The progress bracket: cyan.
    public func progress(_ text: String) -> String { decorate(text, with: "\u{1B}[36m") }

    /// The prompt's own text: bold.
    public func strong(_ text: String) -> String { decorate(text, with: "\u{1B}[1m") }

    func decorate(_ text: String, with code: String) -> String {
        guard colour, !text.isEmpty else { return text }
        return "\u{1}" + code + "\u{2}" + text + "\u{1}\u{1B}[0m\u{2}"
    }
}
