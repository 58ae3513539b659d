import DialogEngine
import DialogModel
import Foundation

/// `coach serve` driven by interactive clients, as a bridge's users drive it: every conversation has one request in
/// flight, and its next answer is sent only when the reply to the last one has been read. Each conversation runs a
/// whole diagnosis to its plan. Measures each request's round trip, so a stall (a sync on the serving thread) shows
/// in the tail, not in the mean (issue 11).
enum LatencyBench {
    struct Result {
        /// Round trips in microseconds, sorted.
        let latencies: [Double]
        let seconds: Double
        let plans: Int

        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)]
        }

        var line: String {
            String(format: "%d requests in %.2f s (%.0f/s), %d plans; round trip p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.1f ms",
                   latencies.count, seconds, Double(latencies.count) / seconds, plans, percentile(0.5), percentile(0.99),
                   percentile(0.999), (latencies.last ?? 0) / 1000)
        }
    }

    /// A line writer on its own thread, so that reading replies never waits on a full request pipe.
    final class Writer: @unchecked Sendable {
        let handle: FileHandle
        let lock = NSCondition()
        var queue: [Data] = []
        var closed = false

        init(_ handle: FileHandle) { self.handle = handle }

        func send(_ line: String) {
            lock.lock(); queue.append(Data((line + "\n").utf8)); lock.signal(); lock.unlock()
        }

        func close() { lock.lock(); closed = true; lock.signal(); lock.unlock() }

        func run() {
            while true {
                lock.lock()
                while queue.isEmpty && !closed { lock.wait() }
                let batch = queue
                queue.removeAll(keepingCapacity: true)
                let done = closed && batch.isEmpty
                lock.unlock()
                if done { break }
                var chunk = Data()
                for line in batch { chunk.append(line) }
                try? handle.write(contentsOf: chunk)
            }
            try? handle.close()
        }
    }

    static func run(coach: String, arguments: [String], scripts: [(Engine, [String])], conversations: Int) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: coach)
        process.arguments = ["serve"] + arguments
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = Writer(input.fileHandleForWriting)
        let thread = Thread { writer.run() }
        thread.start()
        let reader = output.fileHandleForReading

        // Request id -> (conversation, answer index sent next, when it was sent).
        var next = Array(repeating: 0, count: conversations)
        var sentAt: [Int: (Int, ContinuousClock.Instant)] = [:]
        var latencies: [Double] = []
        var plans = 0, id = 1, open = conversations
        func send(_ c: Int) {
            let (engine, lines) = scripts[c % scripts.count]
            let request = next[c] == 0
                ? ServeBench.start(id: id, conversation: c, dialog: engine.dialog.id)
                : ServeBench.message(id: id, conversation: c, answer: next[c] - 1, text: lines[next[c] - 1])
            next[c] += 1
            sentAt[id] = (c, ContinuousClock.now)
            id += 1
            writer.send(request)
        }
        writer.send(ServeBench.initialize)
        var buffer = Data()
        func readLine() -> Data? {
            while true {
                if let nl = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<nl]
                    buffer = buffer[(nl + 1)...]
                    return Data(line)
                }
                let more = reader.availableData
                if more.isEmpty { return nil }
                buffer.append(more)
            }
        }
        _ = readLine()  // initialize
        let start = ContinuousClock.now
        for c in 0..<conversations { send(c) }
        while open > 0, let line = readLine() {
            let now = ContinuousClock.now
            guard let replyID = Self.id(line), let (c, at) = sentAt.removeValue(forKey: replyID) else { continue }
            latencies.append(seconds(now - at) * 1e6)
            let finished = line.range(of: Data(#""type":"plan""#.utf8)) != nil
            if finished { plans += 1 }
            if finished || next[c] > scripts[c % scripts.count].1.count { open -= 1 } else { send(c) }
        }
        let elapsed = seconds(ContinuousClock.now - start)
        writer.close()
        process.waitUntilExit()
        latencies.sort()
        return Result(latencies: latencies, seconds: elapsed, plans: plans)
    }

    /// The JSON-RPC id of a reply line (`{"jsonrpc":"2.0","id":17,...`).
    static func id(_ line: Data) -> Int? {
        guard let r = line.range(of: Data(#""id":"#.utf8)) else { return nil }
        var n = 0, any = false
        for b in line[r.upperBound...] {
            guard b >= 0x30 && b <= 0x39 else { break }
            n = n * 10 + Int(b - 0x30)
            any = true
        }
        return any ? n : nil
    }
}
