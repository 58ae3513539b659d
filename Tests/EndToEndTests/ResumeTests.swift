import DialogTesting
import Foundation
import Testing

/// Nothing said is lost: a killed server or chat continues from its transcript, even with a torn last line.
@Suite(.timeLimit(.minutes(2))) struct ResumeTests {
    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana"]

    static func serve(_ home: String, _ arguments: [String] = []) throws -> ServeProcess {
        let s = try ServeProcess(arguments: arguments, environment: ["XDG_DATA_HOME": home])
        s.send(ProtocolTests.initialize)
        _ = s.next()
        return s
    }

    static func transcript(_ home: String, _ id: String) -> String { home + "/coach/transcripts/conversations/\(id).jsonl" }

    /// Starts `conversation` in a server on `home`, sends it `answers` (message ids m0, m1, …) and kills the server
    /// with SIGKILL.
    static func killServer(_ home: String, _ arguments: [String] = [], after answers: [String],
                           in conversation: String = "c1") throws {
        let first = try serve(home, arguments)
        first.send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"\#(conversation)","dialog":"off-track"}"#))
        _ = first.next()
        for (k, answer) in answers.enumerated() {
            first.send(ProtocolTests.message(2 + k, conversation, answer, messageID: "m\(k)"))
            _ = first.next()
        }
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.wait()
    }

    /// Starts and stops a server on `home`: it recovers the journal a killed one left, writing each conversation's
    /// transcript file (a killed `coach serve` leaves its turns in its journal: docs/transcript-format.md).
    static func recover(_ home: String) throws {
        let s = try serve(home)
        s.close()
        #expect(s.wait() == 0)
    }

    @Test func aServerKilledMidConversationLosesNothing() throws {
        let home = CoachProcess.scratchDirectory()
        try Self.killServer(home, after: Array(Self.ott1.prefix(3)))

        let second = try Self.serve(home)
        second.send(ProtocolTests.message(10, "c1", Self.ott1[3], messageID: "m3"))
        let reply = try #require(second.next())
        #expect(ProtocolTests.result(reply)["turn"] as? Int == 4, "the turn count goes on from the transcript")
        let question = ProtocolTests.messages(reply).first { $0["type"] as? String == "question" }
        #expect(question?["node"] as? String == "OTT.G2")
        var id = 11
        var last = reply
        for (k, answer) in Self.ott1.enumerated().dropFirst(4) {
            second.send(ProtocolTests.message(id, "c1", answer, messageID: "m\(k)"))
            last = try #require(second.next())
            id += 1
        }
        let plan = ProtocolTests.messages(last).first { $0["type"] as? String == "plan" }?["plan"] as? [String: Any]
        #expect((plan?["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["T-06", "T-03", "PE-02"])
        second.close()
        #expect(second.wait() == 0)
        // The conversation finished but was not ended: its live transcript is unsealed, so it replays whole but is
        // never `verified` (and is refused without --unverified).
        let replay = try CoachProcess.run(["replay", Self.transcript(home, "c1"), "--unverified"])
        #expect(replay.stdout.contains("incomplete: not sealed"), "\(replay.stdout)")
        #expect(!replay.stdout.contains("diverged") && !replay.stdout.contains("tampered"), "\(replay.stdout)")
    }

    @Test func aRedeliveryAfterARestartIsNotAppliedTwice() throws {
        let home = CoachProcess.scratchDirectory()
        try Self.killServer(home, after: Array(Self.ott1.prefix(3)))

        let second = try Self.serve(home)
        second.send(ProtocolTests.message(10, "c1", Self.ott1[1], messageID: "m1"))
        let refused = try #require(second.next())
        #expect(ProtocolTests.error(refused)["code"] as? Int == -32014, "\(refused)")
        second.send(ProtocolTests.message(11, "c1", Self.ott1[2], messageID: "m2"))
        let again = try #require(second.next())
        #expect(ProtocolTests.result(again)["turn"] as? Int == 3, "the latest message gets its turn again: \(again)")
        let question = ProtocolTests.messages(again).first { $0["type"] as? String == "question" }
        #expect(question?["node"] as? String == "OTT.G1a", "and the question now waiting")
        second.send(ProtocolTests.message(12, "c1", Self.ott1[3], messageID: "m3"))
        #expect(ProtocolTests.result(try #require(second.next()))["turn"] as? Int == 4, "a new message goes on")
        second.close()
        #expect(second.wait() == 0)
        let text = try String(contentsOfFile: Self.transcript(home, "c1"), encoding: .utf8)
        #expect(text.components(separatedBy: "\"input\"").count - 1 == 4, "every answer recorded once")
        #expect(text.contains(#""messageId":"m3""#))
        let replay = try CoachProcess.run(["replay", Self.transcript(home, "c1"), "--unverified"])
        #expect(replay.stdout.contains("incomplete"), "\(replay.stdout)")
        #expect(!replay.stdout.contains("diverged") && !replay.stdout.contains("tampered"), "\(replay.stdout)")
    }

    @Test func pastMaxOpenTheLeastRecentlyUsedIsClosedAndResumedOnItsNextMessage() throws {
        let home = CoachProcess.scratchDirectory()
        let s = try ServeProcess(arguments: ["--max-open", "2"], environment: ["XDG_DATA_HOME": home])
        s.send(ProtocolTests.initialize)
        _ = s.next()
        var id = 1
        func say(_ conversation: String, _ text: String, _ messageID: String) throws -> String {
            id += 1
            s.send(ProtocolTests.message(id, conversation, text, messageID: messageID))
            return try #require(s.next())
        }
        for c in ["c1", "c2", "c3"] {
            id += 1
            s.send(ProtocolTests.request(id, "conversation/start", #"{"conversation":"\#(c)","dialog":"off-track"}"#))
            _ = s.next()
        }
        // Turns go to the journal; a conversation's own file is written when it is closed: the one closed is c1.
        let dir = home + "/coach/transcripts/conversations"
        let deadline = Date().addingTimeInterval(10)
        var files: [String] = []
        while files.isEmpty && Date() < deadline {
            files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            if files.isEmpty { usleep(10_000) }
        }
        usleep(100_000)
        files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        #expect(files == ["c1.jsonl"], "three started, two held open")
        for (k, answer) in Self.ott1.prefix(3).enumerated() {
            for c in ["c1", "c2", "c3"] {
                let reply = try say(c, answer, "\(c)-m\(k)")
                #expect(ProtocolTests.result(reply)["turn"] as? Int == k + 1, "\(c) turn \(k + 1): \(reply)")
            }
        }
        let again = try say("c1", "no", "c1-m2")
        #expect(ProtocolTests.result(again)["turn"] as? Int == 3, "a retry after its conversation was closed: \(again)")
        let older = try say("c1", "25", "c1-m1")
        #expect(ProtocolTests.error(older)["code"] as? Int == -32014)
        s.close()
        #expect(s.wait() == 0)
        for c in ["c1", "c2", "c3"] {
            let text = try String(contentsOfFile: Self.transcript(home, c), encoding: .utf8)
            #expect(text.components(separatedBy: "\"input\"").count - 1 == 3, "\(c): every answer recorded once")
            let replay = try CoachProcess.run(["replay", Self.transcript(home, c)])
            #expect(!replay.stdout.contains("diverged") && !replay.stdout.contains("tampered"), "\(replay.stdout)")
        }
    }

    @Test func aTornLastLineIsCutOffAndTheConversationGoesOn() throws {
        let home = CoachProcess.scratchDirectory()
        try Self.killServer(home, after: ["Dana"], in: "slack:T1:C2")
        try Self.recover(home)
        let path = Self.transcript(home, "slack%3AT1%3AC2")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"turn":2,"input":"text","text":"25","da"#.utf8))
        handle.closeFile()

        let second = try Self.serve(home)
        second.send(ProtocolTests.message(3, "slack:T1:C2", "25", messageID: "m1"))
        let question = ProtocolTests.messages(try #require(second.next())).first { $0["type"] as? String == "question" }
        #expect(question?["node"] as? String == "OTT.G1")
        second.close()
        _ = second.wait()
        let replay = try CoachProcess.run(["replay", path, "--unverified"])
        #expect(replay.stdout.contains("incomplete"), "\(replay.stdout)")
        #expect(!replay.stdout.contains("tampered"), "\(replay.stdout)")
    }

    @Test func aKilledChatContinuesWithResume() throws {
        let home = CoachProcess.scratchDirectory()
        let chat = try CoachProcess.launch(["chat", "off-track"], environment: ["XDG_DATA_HOME": home])
        chat.stdin.fileHandleForWriting.write(Data("Dana\n25\nno\n".utf8))
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while !seen.contains("How many months has Dana been in this role?"), Date() < deadline {
            seen += String(decoding: chat.stdout.fileHandleForReading.availableData, as: UTF8.self)
        }
        kill(chat.process.processIdentifier, SIGKILL)
        chat.process.waitUntilExit()
        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/coach/transcripts/conversations")
        let id = try #require(files.first).replacingOccurrences(of: ".jsonl", with: "")

        let rest = Self.ott1.dropFirst(3).joined(separator: "\n") + "\n"
        let resumed = try CoachProcess.run(["chat", "--resume", id], input: rest, environment: ["XDG_DATA_HOME": home])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Continuing where you left off (3 answers so far)."))
        #expect(resumed.stdout.contains("Where to start: Join or listen to the rep's customer calls"))
        let ended = try FileManager.default.contentsOfDirectory(atPath: home + "/coach/transcripts/ended")
        #expect(ended.count == 1, "a finished chat's transcript moves out of the live ones")
    }

    @Test func aWriteCutMidTurnDropsThatWholeTurnAndTheRecordStillReplays() throws {
        let home = CoachProcess.scratchDirectory()
        try Self.killServer(home, after: ["Dana", "25"], in: "c")
        try Self.recover(home)
        let path = Self.transcript(home, "c")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        try bytes.prefix(bytes.count - 60).write(to: URL(fileURLWithPath: path))

        let second = try Self.serve(home)
        second.send(ProtocolTests.message(9, "c", "25", messageID: "m1"))
        let reply = try #require(second.next())
        let question = ProtocolTests.messages(reply).first { $0["type"] as? String == "question" }
        #expect(question?["node"] as? String == "OTT.G1", "the torn turn (answer 25) is asked again, then taken")
        #expect(ProtocolTests.result(reply)["turn"] as? Int == 2, "the dropped turn is not counted")
        second.close()
        _ = second.wait()
        let replay = try CoachProcess.run(["replay", path])
        #expect(!replay.stdout.contains("diverged") && !replay.stdout.contains("tampered"), "\(replay.stdout)")
    }

    @Test func anIdEndedTwiceKeepsBothRecords() throws {
        let home = CoachProcess.scratchDirectory()
        let s = try Self.serve(home)
        for round in 0..<2 {
            s.send(ProtocolTests.request(10 * round + 1, "conversation/start", #"{"conversation":"again","dialog":"off-track"}"#))
            _ = s.next()
            s.send(ProtocolTests.message(10 * round + 2, "again", "Dana"))
            _ = s.next()
            s.send(ProtocolTests.request(10 * round + 3, "conversation/end", #"{"conversation":"again"}"#))
            _ = s.next()
        }
        s.close()
        _ = s.wait()
        let ended = try FileManager.default.contentsOfDirectory(atPath: home + "/coach/transcripts/ended")
        #expect(ended.count == 2)
    }

    @Test func aResumedConversationGoesOnWithTheDialogVersionItWasRecordedWith() throws {
        let home = CoachProcess.scratchDirectory()
        let dialogs = CoachProcess.scratchDirectory() + "/Dialogs"
        try FileManager.default.copyItem(atPath: Repository.path("Dialogs"), toPath: dialogs)
        try Self.killServer(home, ["--dialogs", dialogs], after: ["Dana", "3%"], in: "v")
        // Today's dialog no longer accepts the recorded 3%.
        let file = dialogs + "/off-track.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "{number: {min: 0, max: 100, unit: \"%\"", with: "{number: {min: 50, max: 100, unit: \"%\"")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let second = try Self.serve(home, ["--dialogs", dialogs])
        second.send(ProtocolTests.message(9, "v", "yes", messageID: "m2"))
        let reply = try #require(second.next())
        #expect(ProtocolTests.messages(reply).first { $0["type"] as? String == "rejected" } == nil, "\(reply)")
        #expect(ProtocolTests.messages(reply).first { $0["type"] as? String == "question" }?["node"] as? String == "OTT.G1")
        second.close()
        _ = second.wait()
    }
}
