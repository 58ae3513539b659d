import Foundation

/// `coach serve` as a child process on real pipes, for tests that speak the protocol as a bridge does.
public final class ServeProcess: @unchecked Sendable {
    public let process: Process
    let stdin: Pipe, stdout: Pipe, stderr: Pipe
    private var buffer: [UInt8] = []
    private let lock = NSCondition()
    private var lines: [String] = []
    private var closed = false

    /// The kernel buffer sizes of the pipes to the server's standard input and from its standard output
    /// (`F_GETPIPE_SZ`, read from this end of each pipe).
    public var pipeSizes: (input: Int32, output: Int32) {
        let getPipeSize: Int32 = 1032  // F_GETPIPE_SZ (Linux)
        return (fcntl(stdin.fileHandleForWriting.fileDescriptor, getPipeSize),
                fcntl(stdout.fileHandleForReading.fileDescriptor, getPipeSize))
    }

    /// `command`: the coach subcommand that serves (`serve`, `mcp`).
    public init(arguments: [String] = [], environment: [String: String] = [:], command: String = "serve") throws {
        let launched = try CoachProcess.launch([command] + arguments, environment: environment)
        (process, stdin, stdout, stderr) = (launched.process, launched.stdin, launched.stdout, launched.stderr)
        let reader = stdout.fileHandleForReading
        Thread { [self] in
            while true {
                let data = reader.availableData
                lock.lock()
                if data.isEmpty { closed = true; lock.broadcast(); lock.unlock(); return }
                for b in data {
                    if b == 0x0A { lines.append(String(decoding: buffer, as: UTF8.self)); buffer.removeAll() } else { buffer.append(b) }
                }
                lock.broadcast()
                lock.unlock()
            }
        }.start()
    }

    /// Writes raw bytes to the server's stdin.
    public func write(_ text: String) { try? stdin.fileHandleForWriting.write(contentsOf: Data(text.utf8)) }

    /// Writes one request line.
    public func send(_ json: String) { write(json + "\n") }

    /// Closes stdin (end of input).
    public func close() { try? stdin.fileHandleForWriting.close() }

    /// The next reply line, or nil after `timeout` seconds or when stdout closed.
    public func next(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while lines.isEmpty && !closed {
            if !lock.wait(until: deadline) { return nil }
        }
        return lines.isEmpty ? nil : lines.removeFirst()
    }

    /// Every remaining reply line until stdout closes.
    public func rest(timeout: Double = 20) -> [String] {
        var out: [String] = []
        while let line = next(timeout: timeout) { out.append(line) }
        return out
    }

    /// Waits for the process to exit; returns its status.
    public func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    public var errorOutput: String {
        String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
