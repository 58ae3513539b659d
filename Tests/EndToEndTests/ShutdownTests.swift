import DialogTesting
import Foundation
import Testing

/// SIGTERM and SIGINT through the real binary and real pipes: honoured at once when idle, right after a turn (the
/// transcripts' sync timer running) and while the bridge has stopped reading stdout; turns answered before are in
/// the transcript.
@Suite(.timeLimit(.minutes(2))) struct ShutdownTests {
    /// The bound asserted, loose for a loaded machine; the server's own wait is 100 ms (docs/protocol.md 2.5).
    static let bound = 1.0

    /// Sends `signal` and returns the seconds until the process exited (read from /proc, not the run loop's wait).
    static func stop(_ process: Process, with signal: Int32, _ label: String) -> Double {
        let pid = process.processIdentifier
        let start = ContinuousClock.now
        kill(pid, signal)
        let deadline = start + .seconds(10)
        while ContinuousClock.now < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { break }
            if stat[stat.index(close, offsetBy: 2)] == "Z" { break }
            usleep(1000)
        }
        let elapsed = ContinuousClock.now - start
        if process.isRunning && ContinuousClock.now >= deadline { kill(pid, SIGKILL) }
        process.waitUntilExit()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("coach serve stopped \(label) in \(Int(seconds * 1000)) ms")
        return seconds
    }

    /// The transcript of conversation `id` in the transcripts directory `dir`.
    static func transcript(_ dir: String, _ id: String) -> String {
        (try? String(contentsOfFile: dir + "/conversations/" + id + ".jsonl", encoding: .utf8)) ?? ""
    }

    @Test(arguments: [SIGTERM, SIGINT]) func aSignalStopsAnIdleServerAtOnce(signal: Int32) throws {
        let s = try ServeProcess()
        s.send(ProtocolTests.initialize)
        _ = try #require(s.next())
        usleep(300_000)
        let seconds = Self.stop(s.process, with: signal, "idle (signal \(signal))")
        #expect(seconds <= Self.bound)
        #expect(s.process.terminationReason == .exit)
        #expect(s.process.terminationStatus == 0)
    }

    @Test func sigtermRightAfterATurnStopsAtOnceAndTheTurnIsInTheTranscript() throws {
        let dir = CoachProcess.scratchDirectory()
        let s = try ServeProcess(arguments: ["--transcripts", dir])
        s.send(ProtocolTests.initialize)
        _ = try #require(s.next())
        s.send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"c","dialog":"off-track"}"#))
        _ = try #require(s.next())
        s.send(ProtocolTests.message(2, "c", "Dana", messageID: "m1"))
        #expect(ProtocolTests.result(try #require(s.next()))["turn"] as? Int == 1)
        let seconds = Self.stop(s.process, with: SIGTERM, "right after a turn with transcripts on")
        #expect(seconds <= Self.bound)
        #expect(s.process.terminationStatus == 0)
        #expect(Self.transcript(dir, "c").contains(#""messageId":"m1""#))
    }

    @Test func sigtermStopsAtOnceWhileTheBridgeIsNotReadingStdout() throws {
        let dir = CoachProcess.scratchDirectory()
        let launched = try CoachProcess.launch(["serve", "--transcripts", dir])
        let input = launched.stdin.fileHandleForWriting
        func send(_ line: String) { try? input.write(contentsOf: Data((line + "\n").utf8)) }
        send(ProtocolTests.initialize)
        send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"c","dialog":"off-track"}"#))
        send(ProtocolTests.message(2, "c", "Dana", messageID: "m1"))
        // Far more replies than a pipe holds (64 KiB), in fewer request bytes than one: the server's writes block.
        var flood = ""
        for i in 0..<300 { flood += ProtocolTests.request(10 + i, "dialogs/list", "{}") + "\n" }
        try input.write(contentsOf: Data(flood.utf8))
        // Wait until the transcript holds the turn, and a little longer, so the server is blocked on stdout.
        let deadline = Date().addingTimeInterval(10)
        while !Self.transcript(dir, "c").contains(#""messageId":"m1""#) && Date() < deadline { usleep(10_000) }
        usleep(300_000)
        let seconds = Self.stop(launched.process, with: SIGTERM, "with stdout full")
        #expect(seconds <= Self.bound)
        #expect(launched.process.terminationStatus == 0)
        #expect(Self.transcript(dir, "c").contains(#""messageId":"m1""#))
    }
}
