import Foundation

/// One interactive client, one request in flight: any server that answers one line per request line (coach serve,
/// or a peer of `../shared/bench` such as its C LIMIT) is fed a stream of request lines one at a time, and the round
/// trip of each (written -> its reply line read) is measured. This is issue 11's "interactive p99", measured the same
/// way for coach and for the LIMIT, so the two can be compared within one run.
enum InteractiveBench {
    struct Result {
        /// Round trips in microseconds, sorted.
        let latencies: [Double]
        let seconds: Double

        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)]
        }

        var line: String {
            String(format: "%d requests one at a time in %.2f s; round trip p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.2f ms",
                   latencies.count, seconds, percentile(0.5), percentile(0.99), percentile(0.999), (latencies.last ?? 0) / 1000)
        }
    }

    /// Runs `command` (through `/bin/sh -c`) and sends it every line of `stream`, waiting for one reply line each.
    static func run(command: String, stream path: String) throws -> Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: true).map { Array($0) + [0x0A] }
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ) == 0 else { throw POSIXError(.ENOEXEC) }
        posix_spawn_file_actions_destroy(&actions)
        close(toChild[0]); close(fromChild[1])
        let out = toChild[1], input = fromChild[0]

        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0, scanned = 0
        /// Reads until one whole line is buffered, then drops it; false at end of file.
        func awaitLine() -> Bool {
            while true {
                if let nl = buffer[scanned..<filled].firstIndex(of: 0x0A) {
                    let rest = filled - (nl + 1)
                    if rest > 0 { buffer.withUnsafeMutableBytes { b in _ = memmove(b.baseAddress!, b.baseAddress! + nl + 1, rest) } }
                    filled = rest
                    scanned = 0
                    return true
                }
                scanned = filled
                if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
                let n = buffer.withUnsafeMutableBytes { b in read(input, b.baseAddress! + filled, b.count - filled) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                filled += n
            }
        }
        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_MONOTONIC, &t)
            return Double(t.tv_sec) * 1e6 + Double(t.tv_nsec) / 1e3
        }
        var latencies: [Double] = []
        latencies.reserveCapacity(lines.count)
        let start = now()
        for line in lines {
            let sent = now()
            let n = line.withUnsafeBytes { write(out, $0.baseAddress, $0.count) }
            guard n == line.count, awaitLine() else { break }
            latencies.append(now() - sent)
        }
        let elapsed = (now() - start) / 1e6
        close(out)
        while awaitLine() {}
        close(input)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        precondition(latencies.count == lines.count, "the server answered \(latencies.count) of \(lines.count) requests")
        latencies.sort()
        return Result(latencies: latencies, seconds: elapsed)
    }
}
