import CoachCLI
import DialogModel
import Foundation

extension ChatLoop {
    /// The chat on standard input and output. At a terminal: readline, with a prompt that shows progress, TAB
    /// completion, history and colour (when allowed), and every line wrapped to the terminal's width (to `COLUMNS`
    /// or 80 when the output goes elsewhere). From a pipe or a file: plain lines, no prompt, no echo, no wrapping.
    public static func standardIO(dialog: Dialog, environment: [String: String] = ProcessInfo.processInfo.environment) -> ChatLoop {
        guard isatty(STDIN_FILENO) == 1 else {
            return ChatLoop(dialog: dialog, reader: StandardInputReader(), writer: StandardOutputWriter())
        }
        let style = TerminalStyle.detect(environment: environment)
        let reader = ReadlineReader(history: History.path(environment: environment).map(History.init))
        let width = TerminalWidth(fd: STDOUT_FILENO, environment: environment)
        let loop = ChatLoop(dialog: dialog, reader: reader, writer: WrappingWriter(StandardOutputWriter()) { width.columns },
                            prompt: { session, engine in ChatPrompt.text(session, engine, style: style) })
        let pager = Pager(environment: environment)
        loop.page = { text in pager.show(TextWrap.wrap(text, width: width.columns)) }
        reader.words = { [unowned loop] in TabCompletion.words(loop.session, loop.engine) }
        return loop
    }
}
