import CLineSupport
import CoachCLI
import Foundation

/// A writer for the terminal: every line wrapped to the terminal's width on word boundaries (see `TextWrap`),
/// the width read again whenever the window changes size.
public final class WrappingWriter: LineWriter {
    let inner: any LineWriter
    let width: () -> Int
    /// Where the cursor stands after the text written so far.
    private var column = 0

    public init(_ inner: any LineWriter, width: @escaping () -> Int) {
        self.inner = inner
        self.width = width
    }

    public func write(_ text: String) {
        let wrapped = TextWrap.wrap(text, width: width(), column: column)
        inner.write(wrapped)
        if let last = wrapped.lastIndex(of: "\n") {
            column = TextWrap.displayWidth(wrapped[wrapped.index(after: last)...])
        } else {
            column += TextWrap.displayWidth(wrapped)
        }
    }
}

/// The width of the terminal on a descriptor: asked of the terminal (TIOCGWINSZ) at first and after each SIGWINCH;
/// `COLUMNS` when the descriptor is no terminal, else 80.
public final class TerminalWidth {
    let fd: Int32
    let environment: [String: String]
    private var cached: Int?

    public init(fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.fd = fd
        self.environment = environment
        coach_watch_window_size()
    }

    /// The width now.
    public var columns: Int {
        if coach_window_size_changed() != 0 || cached == nil { cached = Self.read(fd: fd, environment: environment) }
        return cached!
    }

    /// The height of the terminal on `fd`, nil when it is none.
    public static func rows(fd: Int32) -> Int? {
        var size = winsize()
        guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    public static func read(fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        return 80
    }
}
