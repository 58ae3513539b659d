import CoachCLI
import Foundation

/// The leader's pager, as git and man use it: `$PAGER` (default `less -R`), only when standard output is a terminal
/// and the text is longer than its screen. Never when the output is piped.
public struct Pager {
    let environment: [String: String]
    let fd: Int32

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, fd: Int32 = STDOUT_FILENO) {
        self.environment = environment
        self.fd = fd
    }

    /// The pager's command line.
    var command: String {
        let pager = environment["PAGER"]?.trimmingCharacters(in: .whitespaces) ?? ""
        return pager.isEmpty ? "less -R" : pager
    }

    /// Shows `text` (already wrapped to the width) through the pager; false when it is not for paging or the pager
    /// could not start (the caller prints the text).
    public func show(_ text: String) -> Bool {
        guard let rows = TerminalWidth.rows(fd: fd) else { return false }
        let lines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        guard lines >= rows else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        // A pager quit before the end of the text closes the pipe: that must not end coach.
        signal(SIGPIPE, SIG_IGN)
        do { try process.run() } catch { return false }
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        // The shell could not find or run the pager (`PAGER=most` without most): the caller prints the text instead.
        return !(process.terminationReason == .exit && (process.terminationStatus == 126 || process.terminationStatus == 127))
    }
}
