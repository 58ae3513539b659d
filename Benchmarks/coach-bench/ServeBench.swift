import DialogEngine
import DialogModel
import Foundation

/// Benchmarks `coach serve` as a bridge would drive it: a real child process fed through a pipe.
enum ServeBench {
    static func json(_ s: String) -> String {
        var w = ""
        for c in s.unicodeScalars {
            switch c {
            case "\"": w += "\\\""
            case "\\": w += "\\\\"
            default: w.unicodeScalars.append(c)
            }
        }
        return "\"" + w + "\""
    }

    /// The requests a bridge sends, as one line each (no newline).
    static let initialize = #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-27","capabilities":{"buttons":{"max":8,"maxLabel":60}}}}"#

    static func start(id: Int, conversation c: Int, dialog: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"conversation/start","params":{"conversation":"c\#(c)","dialog":"\#(dialog)"}}"#
    }

    static func message(id: Int, conversation c: Int, answer k: Int, text: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"conversation/message","params":{"conversation":"c\#(c)","messageId":"m\#(k)","text":\#(json(text))}}"#
    }

    /// One request stream: `conversations` conversations, each started and then given up to `messages` typed
    /// answers, interleaved round-robin.
    static func stream(_ scripts: [(Engine, [String])], conversations: Int, messages: Int) -> (String, Int) {
        var perConversation: [[String]] = []
        var id = 1
        for c in 0..<conversations {
            let (engine, lines) = scripts[c % scripts.count]
            var requests = [start(id: id, conversation: c, dialog: engine.dialog.id)]
            id += 1
            for (k, line) in lines.prefix(messages).enumerated() {
                requests.append(message(id: id, conversation: c, answer: k, text: line))
                id += 1
            }
            perConversation.append(requests)
        }
        var out = initialize + "\n"
        var count = 1
        var round = 0
        var any = true
        while any {
            any = false
            for requests in perConversation where round < requests.count {
                out += requests[round] + "\n"
                count += 1
                any = true
            }
            round += 1
        }
        return (out, count)
    }

    static func rss(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0").map { $0 * 1024 } ?? 0
        }
        return 0
    }

    /// Starts `coach serve`, writes `input`, reads `expected` reply lines; returns (seconds, replies, rss after).
    /// `arguments` are added to the command (`--durability sync`); `exited` is the time to the process's exit (its
    /// transcripts written).
    static func run(_ coach: String, dialogs: String, input: String, expected: Int, keepOpen: Bool = false,
                    transcripts: String? = nil, arguments: [String] = [], exited: UnsafeMutablePointer<Double>? = nil)
        throws -> (Double, Int, Int, Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: coach)
        p.arguments = ["serve", "--dialogs", dialogs] + (transcripts.map { ["--transcripts", $0, "--max-open", "10000"] } ?? ["--no-transcripts"])
            + arguments
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = Data(input.utf8)
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: data)
            if !keepOpen { try? stdin.fileHandleForWriting.close() }
        }
        let start = ContinuousClock.now
        writer.start()
        var lines = 0
        let fd = stdout.fileHandleForReading.fileDescriptor
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while lines < expected {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n <= 0 { break }
            var p = buffer.baseAddress!
            var left = n
            while left > 0, let hit = memchr(p, 0x0A, left) {
                lines += 1
                let advance = hit - p + 1
                p = hit + 1
                left -= advance
            }
        }
        let elapsed = ContinuousClock.now - start
        let memory = rss(p.processIdentifier)
        let pid = p.processIdentifier
        if keepOpen { try? stdin.fileHandleForWriting.close() }
        p.waitUntilExit()
        if let exited {
            let total = ContinuousClock.now - start
            exited.pointee = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
        }
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, lines, memory, pid)
    }

    /// Time from process start to the first reply (the answer to `initialize`), with `cache` as `COACH_CACHE` (`off`:
    /// the dialogs are compiled).
    static func firstReply(_ coach: String, dialogs: String, cache: String) throws -> Double {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: coach)
        p.arguments = ["serve", "--dialogs", dialogs, "--no-transcripts"]
        p.environment = ProcessInfo.processInfo.environment.merging(["COACH_CACHE": cache]) { $1 }
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try p.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data((#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-27"}}"# + "\n").utf8))
        _ = stdout.fileHandleForReading.availableData
        let elapsed = ContinuousClock.now - start
        try stdin.fileHandleForWriting.close()
        p.waitUntilExit()
        return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 1000
    }
}
