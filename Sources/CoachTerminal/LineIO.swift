import CoachCLI
import Foundation

/// Where a front end reads the leader's lines from.
public protocol LineReader: AnyObject {
    /// The next line without its newline, or nil at end of input.
    func readLine(prompt: String) -> String?
}

/// A line reader at a terminal, where end of input is a key the leader pressed (Ctrl-D), not the end of a file:
/// the chat may ask before it takes that as leaving.
public protocol TerminalReader: LineReader {
    /// A short reply (y/n) to a question of the front end's own; kept out of the history. Nil on Ctrl-D.
    func readReply(prompt: String) -> String?
}

/// Where a front end writes text to.
public protocol LineWriter: AnyObject {
    func write(_ text: String)
}

/// Standard input, read plainly: no prompt, no echo (for pipes and scripts).
public final class StandardInputReader: LineReader {
    public init() {}
    public func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
}

/// Standard output, written unbuffered so a reader at the other end of a pipe sees every line at once.
public final class StandardOutputWriter: LineWriter {
    let fd: Int32
    public init(fd: Int32 = 1) { self.fd = fd }
    public func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}

/// An in-memory reader that serves the given lines (tests).
public final class ScriptedReader: LineReader {
    public private(set) var lines: [String]
    public private(set) var prompts: [String] = []
    public init(_ lines: [String]) { self.lines = lines }
    public func readLine(prompt: String) -> String? {
        prompts.append(prompt)
        return lines.isEmpty ? nil : lines.removeFirst()
    }
}

/// An in-memory terminal reader that serves keys: a line each, nil standing for Ctrl-D, nil again when they run out (tests).
public final class ScriptedTerminalReader: TerminalReader {
    public private(set) var keys: [String?]
    public private(set) var prompts: [String] = []
    public init(_ keys: [String?]) { self.keys = keys }
    public func readLine(prompt: String) -> String? {
        prompts.append(prompt)
        return keys.isEmpty ? nil : keys.removeFirst()
    }
    public func readReply(prompt: String) -> String? { readLine(prompt: prompt) }
}

/// An in-memory writer that keeps what was written (tests).
public final class CapturingWriter: LineWriter {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}
