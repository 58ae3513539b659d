import CoachCLI
import DialogModel
import Foundation

extension ChatLoop {
    /// The chat on standard input and output. At a terminal: readline, with a prompt that shows progress, TAB
    /// completion, history and colour (when allowed). From a pipe or a file: plain lines, no prompt, no echo.
    public static func standardIO(dialog: Dialog, environment: [String: String] = ProcessInfo.processInfo.environment) -> ChatLoop {
        guard isatty(STDIN_FILENO) == 1 else {
            return ChatLoop(dialog: dialog, reader: StandardInputReader(), writer: StandardOutputWriter())
        }
        let style = TerminalStyle.detect(environment: environment)
        let reader = ReadlineReader(history: History.path(environment: environment).map(History.init))
        let loop = ChatLoop(dialog: dialog, reader: reader, writer: StandardOutputWriter(),
                            prompt: { session, engine in ChatPrompt.text(session, engine, style: style) })
        reader.words = { [unowned loop] in TabCompletion.words(loop.session, loop.engine) }
        return loop
    }
}
