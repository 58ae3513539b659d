import CoachCLI
import CLineSupport
import CReadline
import Foundation

/// A line reader on GNU readline: line editing, TAB completion, history, Ctrl-C to clear the line.
/// readline blocks and keeps its state in C globals, so one dedicated thread makes every `rl_*` call;
/// `readLine(prompt:)` hands that thread a request and waits for its line. Signals are forwarded to the thread
/// (CLineSupport), where readline's signal hook acts on them: Ctrl-C clears the line and draws a fresh prompt,
/// Ctrl-Z gives the shell its terminal back until `fg`.
public final class ReadlineReader: TerminalReader, @unchecked Sendable {
    /// One line to read.
    struct Request {
        let prompt: String
        /// What TAB offers.
        let words: [String]
        /// Whether the line goes into the history.
        let recorded: Bool
    }

    /// A line read, or nil for Ctrl-D.
    struct Reply {
        let line: String?
    }

    /// A request waiting for the readline thread, and the reply going back; both guarded by `lock`.
    private var request: Request?
    private var reply: Reply?
    private let lock = NSCondition()
    /// The words TAB offers for the next line, asked on the caller's thread before each read.
    public var words: () -> [String] = { Command.names }

    /// Starts the readline thread; `history` is the file to keep lines in (nil: in memory only).
    public init(history: History?) {
        setlocale(LC_CTYPE, "")  // readline reads UTF-8 input and measures the prompt only in a UTF-8 locale
        let thread = Thread { [self] in serve(history) }
        thread.name = "readline"
        thread.start()
    }

    public func readLine(prompt: String) -> String? {
        read(Request(prompt: prompt, words: words(), recorded: true))
    }

    public func readReply(prompt: String) -> String? {
        read(Request(prompt: prompt, words: [], recorded: false))
    }

    private func read(_ r: Request) -> String? {
        lock.lock()
        defer { lock.unlock() }
        request = r
        lock.broadcast()
        while reply == nil { lock.wait() }
        defer { reply = nil }
        return reply!.line
    }

    /// The readline thread: sets readline up, then reads one line per request, forever.
    private func serve(_ history: History?) {
        coach_rl_configure(strdup("coach"), completeLine, coach_rl_on_signal)
        coach_rl_set_word_breaks(strdup(","))
        rl_variable_bind("completion-ignore-case", "on")  // before ~/.inputrc is read, so the leader's setting wins
        coach_rl_install_signals()
        let file = history?.prepare() == true ? history : nil
        History.start(from: file)
        while true {
            lock.lock()
            while request == nil { lock.wait() }
            let r = request!
            request = nil
            lock.unlock()

            TabCompletion.offer(r.words)
            coach_rl_will_read()
            let line = readline(r.prompt).map { p in
                defer { free(p) }
                return String(cString: p)
            }
            if let line, r.recorded { History.record(line, to: file) }

            lock.lock()
            reply = Reply(line: line)
            lock.broadcast()
            lock.unlock()
        }
    }
}

