import DialogTesting
import Foundation
import Testing

/// `coach serve` records every turn in a journal of its own (issue 11): no file is created while it serves; each
/// conversation's transcript file is written from the journal when it finishes, ends, is closed past `--max-open`,
/// the journal moves to a new segment (`JournalRotationTests`) or the server stops; a journal left by a killed server is split back into those files at the next start.
@Suite(.serialized, .timeLimit(.minutes(5))) struct JournalTests {
    static let answers = ResumeTests.ott1

    static func transcripts(_ home: String) -> String { home + "/coach/transcripts" }

    static func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// Waits up to 10 s for `dir` to hold `count` files.
    static func await(_ count: Int, in dir: String) -> [String] {
        let deadline = Date().addingTimeInterval(10)
        while files(dir).count < count && Date() < deadline { usleep(10_000) }
        return files(dir)
    }

    /// Starts conversations `ids` on the off-track dialog, one request each (ids from `id` on).
    static func start(_ s: ServeProcess, _ ids: [String], id: inout Int) throws {
        for c in ids {
            s.send(ProtocolTests.request(id, "conversation/start", #"{"conversation":"\#(c)","dialog":"off-track"}"#))
            _ = try #require(s.next())
            id += 1
        }
    }

    /// Answers questions `turns` of `answers` in each of `ids`, interleaved (message ids `<id>-m<k>`), checking that
    /// each reply is the turn it should be; `each` runs after every reply.
    static func answer(_ s: ServeProcess, _ ids: [String], turns: Range<Int>, id: inout Int, each: (() -> Void)? = nil) throws {
        for k in turns {
            for c in ids {
                s.send(ProtocolTests.message(id, c, answers[k], messageID: "\(c)-m\(k)"))
                let reply = try #require(s.next())
                #expect(ProtocolTests.result(reply)["turn"] as? Int == k + 1, "\(c) turn \(k + 1): \(reply)")
                id += 1
                each?()
            }
        }
    }

    /// The answers a conversation's transcript file records, and whether `coach replay` finds it intact.
    static func check(_ path: String) throws -> (inputs: Int, intact: Bool, output: String) {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let inputs = text.split(separator: "\n").filter { $0.contains(#""input":"text""#) }.count
        let replay = try CoachProcess.run(["replay", path, "--unverified"])
        let intact = !replay.stdout.contains("diverged") && !replay.stdout.contains("tampered") && !replay.stdout.contains("refused") && !replay.stdout.isEmpty
        return (inputs, intact, replay.stdout + replay.stderr)
    }

    @Test func noFileIsCreatedWhileServingUntilAConversationFinishesEndsOrTheServerStops() throws {
        let home = CoachProcess.scratchDirectory()
        let s = try ResumeTests.serve(home)
        var id = 1
        try Self.start(s, ["a", "b", "c"], id: &id)
        try Self.answer(s, ["a", "b", "c"], turns: 0..<3, id: &id)
        let dir = Self.transcripts(home)
        #expect(Self.files(dir + "/conversations").isEmpty, "nine turns answered, no conversation file created")
        #expect(Self.files(dir + "/journal").filter { $0.hasSuffix(".jsonl") }.count == 1, "one journal for the process")
        // a finishes: its file is written (off the serving thread).
        for (k, answer) in Self.answers.enumerated().dropFirst(3) {
            s.send(ProtocolTests.message(id, "a", answer, messageID: "a-m\(k)"))
            _ = try #require(s.next())
            id += 1
        }
        #expect(Self.await(1, in: dir + "/conversations") == ["a.jsonl"])
        // b ends: its file goes to ended/.
        s.send(ProtocolTests.request(id, "conversation/end", #"{"conversation":"b"}"#))
        _ = try #require(s.next())
        #expect(Self.await(1, in: dir + "/ended").count == 1)
        #expect(Self.files(dir + "/conversations") == ["a.jsonl"], "c is still only in the journal")
        s.close()
        #expect(s.wait() == 0)
        #expect(Self.files(dir + "/conversations") == ["a.jsonl", "c.jsonl"], "the server wrote c's file before it exited")
        #expect(Self.files(dir + "/journal") == ["serve.lock"], "a clean stop deletes the journal")
        let a = try Self.check(dir + "/conversations/a.jsonl")
        #expect(a.inputs == Self.answers.count && a.intact, "\(a.output)")
        let c = try Self.check(dir + "/conversations/c.jsonl")
        #expect(c.inputs == 3 && c.intact, "\(c.output)")
        let b = try Self.check(dir + "/ended/" + Self.files(dir + "/ended")[0])
        #expect(b.inputs == 3 && b.intact, "\(b.output)")
    }

    /// Interleaved conversations, the server killed with SIGKILL after `killAfter` replies, started again: every
    /// conversation goes on from its last answered turn (a request the killed server did not answer is sent again)
    /// to its plan.
    func killAndResume(durability: String, conversations: Int, killAfter: Int, seed: UInt64) throws -> String {
        let home = CoachProcess.scratchDirectory()
        let arguments = ["--durability", durability]
        var server = try ResumeTests.serve(home, arguments)
        var rng = SplitMix(seed: seed)
        var next = Array(repeating: -1, count: conversations)
        var requestID = 100
        var replies = 0
        var killed = false
        while next.contains(where: { $0 < Self.answers.count }) {
            let open = (0..<conversations).filter { next[$0] < Self.answers.count }
            let c = open[Int.random(in: 0..<open.count, using: &rng)]
            let line = next[c] < 0
                ? ProtocolTests.request(requestID, "conversation/start", #"{"conversation":"k\#(c)","dialog":"off-track"}"#)
                : ProtocolTests.message(requestID, "k\(c)", Self.answers[next[c]], messageID: "k\(c)-m\(next[c])")
            server.send(line)
            if !killed && replies == killAfter {
                kill(server.process.processIdentifier, SIGKILL)
                _ = server.wait()
                killed = true
                let answered = server.rest(timeout: 2).contains { (ProtocolTests.parse($0)["id"] as? Int) == requestID }
                server = try ResumeTests.serve(home, arguments)
                if !answered { server.send(line) }
                else { next[c] += 1; requestID += 1; continue }
            }
            var reply = try #require(server.next(timeout: 20))
            if next[c] < 0, ProtocolTests.error(reply)["code"] as? Int == -32012 { reply = #"{"result":{}}"# }
            #expect(ProtocolTests.error(reply).isEmpty, "\(reply)")
            replies += 1
            next[c] += 1
            requestID += 1
        }
        server.close()
        #expect(server.wait() == 0)
        #expect(killed)
        for c in 0..<conversations {
            let check = try Self.check(ResumeTests.transcript(home, "k\(c)"))
            #expect(check.inputs == Self.answers.count, "k\(c): every answer once, none lost or doubled")
            #expect(check.intact, "k\(c): \(check.output)")
        }
        return home
    }

    @Test(arguments: ["sync", "delayed=50", "process"])
    func killedMidStreamEveryConversationResumesAtEachDurability(durability: String) throws {
        _ = try killAndResume(durability: durability, conversations: 6, killAfter: 70, seed: 11)
    }

    @Test func anUnknownDurabilityIsRefused() throws {
        let run = try CoachProcess.run(["serve", "--durability", "sometimes"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("unknown durability 'sometimes'"), "\(run.stderr)")
    }

    /// The frames of a journal: each frame line's file name and where its lines lie.
    static func frames(_ bytes: [UInt8]) -> [(name: String, lines: Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        var at = 0
        while at < bytes.count, let newline = bytes[at...].firstIndex(of: 0x0A) {
            let frame = (try? JSONSerialization.jsonObject(with: Data(bytes[at..<newline]))) as? [String: Any] ?? [:]
            let count = frame["bytes"] as? Int ?? 0
            out.append((frame["frame"] as? String ?? "", (newline + 1)..<(newline + 1 + count)))
            at = newline + 1 + count
        }
        return out
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aJournalTornAtASeededOffsetKeepsItsWholeFramesAndDropsTheTornOne(seed: UInt64) throws {
        let home = CoachProcess.scratchDirectory()
        let s = try ResumeTests.serve(home)
        var id = 1
        try Self.start(s, ["t1", "t2", "t3"], id: &id)
        try Self.answer(s, ["t1", "t2", "t3"], turns: 0..<5, id: &id)
        kill(s.process.processIdentifier, SIGKILL)
        _ = s.wait()
        let dir = Self.transcripts(home)
        let journals = Self.files(dir + "/journal").filter { $0.hasSuffix(".jsonl") }
        #expect(journals.count == 1)
        let path = dir + "/journal/" + journals[0]
        let bytes = Array(try #require(FileManager.default.contents(atPath: path)))
        var rng = SplitMix(seed: seed)
        let cut = Int.random(in: (bytes.count / 4)..<bytes.count, using: &rng)
        try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: path))
        // What each file must hold: the lines of its frames that lie wholly before the cut, in order.
        var expected: [String: [UInt8]] = [:]
        for f in Self.frames(bytes) where f.lines.upperBound <= cut { expected[f.name, default: []] += bytes[f.lines] }

        try ResumeTests.recover(home)
        #expect(Self.files(dir + "/journal") == ["serve.lock"], "the recovered journal is deleted")
        for c in ["t1", "t2", "t3"] {
            let file = FileManager.default.contents(atPath: ResumeTests.transcript(home, c)).map(Array.init)
            #expect(file == expected[c], "\(c): whole frames kept, the torn one dropped (cut at \(cut) of \(bytes.count))")
        }
        // Each conversation goes on from what was kept.
        let again = try ResumeTests.serve(home)
        for c in ["t1", "t2", "t3"] where expected[c] != nil {
            let text = String(decoding: expected[c]!, as: UTF8.self)
            let answered = text.split(separator: "\n").filter { $0.contains(#""input":"text""#) }.count
            again.send(ProtocolTests.message(id, c, Self.answers[answered], messageID: "\(c)-m\(answered)"))
            let reply = try #require(again.next())
            #expect(ProtocolTests.result(reply)["turn"] as? Int == answered + 1, "\(c): \(reply)")
            id += 1
        }
        again.close()
        #expect(again.wait() == 0)
        for c in ["t1", "t2", "t3"] where expected[c] != nil {
            let check = try Self.check(ResumeTests.transcript(home, c))
            #expect(check.intact, "\(c): \(check.output)")
        }
    }

    @Test func aSecondServerOnTheSameDirectoryIsRefusedAndLeavesTheFirstsJournalAlone() throws {
        let home = CoachProcess.scratchDirectory()
        let first = try ResumeTests.serve(home)
        first.send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"x","dialog":"off-track"}"#))
        _ = try #require(first.next())
        let second = try ServeProcess(environment: ["XDG_DATA_HOME": home])
        second.close()
        #expect(second.wait() != 0)
        #expect(second.errorOutput.contains("another coach serve is recording to"), "\(second.errorOutput)")
        #expect(Self.files(Self.transcripts(home) + "/journal").filter { $0.hasSuffix(".jsonl") }.count == 1,
                "a living server's journal is not recovered")
        first.send(ProtocolTests.message(2, "x", "Dana", messageID: "m0"))
        #expect(ProtocolTests.result(try #require(first.next()))["turn"] as? Int == 1)
        first.close()
        #expect(first.wait() == 0)
        #expect(try Self.check(ResumeTests.transcript(home, "x")).inputs == 1)
    }
}
