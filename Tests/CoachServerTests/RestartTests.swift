import Foundation
import Testing

/// docs/protocol.md sections 2.4, 1.1 (`--max-open`) and 6.3 with transcripts on: a second `ProtocolServer` over the
/// same transcript directory stands for the process after a restart (the first is dropped without ending anything).
@Suite struct RestartTests {
    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana"]

    /// Starts `c1` in a server over `transcripts`, answers `answers` (message ids m0, m1, …), then drops the server.
    static func serverDropped(after answers: [String], in transcripts: TranscriptDirectoryRef) -> [[String: Any]] {
        let first = InMemoryServer(transcripts: transcripts.directory)
        var replies = [first.start("c1")]
        for (k, answer) in answers.enumerated() { replies.append(first.say("c1", answer, messageId: "m\(k)")) }
        return replies
    }

    @Test func aRestartedServerContinuesTheConversationWhereItStood() {
        let dir = TranscriptDirectoryRef()
        _ = Self.serverDropped(after: Array(Self.ott1.prefix(3)), in: dir)
        let second = InMemoryServer(transcripts: dir.directory)
        let state = second.state("c1")
        #expect(state["turn"] as? Int == 3, "the turn count goes on from the transcript")
        #expect((state["question"] as? [String: Any])?["node"] as? String == "OTT.G1a")
        #expect((state["answers"] as? [[String: Any]])?.compactMap { $0["answer"] as? String } == ["Dana", "25%", "No"])
        let next = second.say("c1", Self.ott1[3], messageId: "m3")
        #expect(next.turn == 4)
        #expect(next.node == "OTT.G2")
        var last = next
        for (k, answer) in Self.ott1.enumerated().dropFirst(4) { last = second.say("c1", answer, messageId: "m\(k)") }
        #expect(last.phase == "finished")
        let plan = last.messages.first { $0["type"] as? String == "plan" }?["plan"] as? [String: Any]
        #expect((plan?["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["T-06", "T-03", "PE-02"])
    }

    @Test func aRetryOfTheLatestMessageAfterARestartGetsItsTurnWithTheWaitingQuestionOnly() {
        let dir = TranscriptDirectoryRef()
        let before = Self.serverDropped(after: Array(Self.ott1.prefix(3)), in: dir)
        let second = InMemoryServer(transcripts: dir.directory)
        let again = second.say("c1", "no", messageId: "m2")
        #expect(again.turn == 3, "\(again)")
        #expect(again.types == ["question"], "the rest of the first reply is not kept")
        #expect(again.promptId != nil)
        #expect(canonical(again.question) == canonical(before.last?.question), "the same question, under the same prompt id")
        #expect(canonical(second.say("c1", "25", messageId: "m1"))
                == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32014,"message":"Duplicate message; it was already processed.","data":{"messageId":"m1"}}}"#))
        #expect(second.say("c1", "14", messageId: "m3").turn == 4, "a new message goes on")
        #expect((second.state("c1")["answers"] as? [Any])?.count == 4, "every answer applied once")
    }

    @Test func aClickFromBeforeARestartWithTheWaitingQuestionsIdIsTakenAndAnOlderOneIsRefused() throws {
        let dir = TranscriptDirectoryRef()
        let before = Self.serverDropped(after: ["Dana", "25"], in: dir)
        let waiting = try #require(before.last?.promptId)
        let older = try #require(before[1].promptId)
        #expect(before.last?.node == "OTT.G1")
        let second = InMemoryServer(transcripts: dir.directory)
        #expect(canonical(second.click("c1", older, "no", messageId: "stale").error)
                == canonical(#"{"code":-32011,"message":"That choice is no longer active.","data":{"promptId":"\#(older)","activePromptId":"\#(waiting)"}}"#),
                "OTT.G0's prompt, from before the restart")
        let next = second.click("c1", waiting, "no", messageId: "m2")
        #expect(next.turn == 3)
        #expect(next.node == "OTT.G1a")
        #expect(canonical(second.click("c1", waiting, "yes").data) == canonical(#"{"promptId":"\#(waiting)","activePromptId":"\#(next.promptId ?? "")"}"#),
                "once taken, it is stale")
    }

    @Test func theWaitingQuestionKeepsItsPromptIdAcrossARestart() throws {
        let dir = TranscriptDirectoryRef()
        let before = Self.serverDropped(after: ["Dana", "25", "perhaps"], in: dir)  // OTT.G1 rejected once
        let asked = try #require(before[2].promptId)
        #expect(before.last?.promptId == asked, "asked again under the same id")
        #expect(asked == "p2-\(promptTag(asked))", "named for the turn that first asked it")
        let second = InMemoryServer(transcripts: dir.directory)
        let state = second.state("c1")
        #expect((state["question"] as? [String: Any])?["promptId"] as? String == asked)
        #expect((state["question"] as? [String: Any])?["attempt"] as? Int == 2)
        let retry = second.say("c1", "perhaps", messageId: "m2")
        #expect(retry.promptId == asked, "a retry after the restart shows the same id")
        #expect(second.click("c1", try #require(before[1].promptId), "no").code == -32011, "an older button is refused")
        #expect(second.click("c1", asked, "no", messageId: "m3").node == "OTT.G1a")
    }

    @Test func aBackBeforeARestartGivesTheWaitingQuestionTheBacksTurnAfterItToo() throws {
        let dir = TranscriptDirectoryRef()
        let tag: String
        do {
            let first = InMemoryServer(transcripts: dir.directory)
            tag = try #require(first.start("c1").tag)
            _ = first.say("c1", "Dana", messageId: "m0")
            let back = first.back("c1", messageId: "m1")
            #expect(back.promptId == "p2-\(tag)")
        }
        let second = InMemoryServer(transcripts: dir.directory)
        #expect((second.state("c1")["question"] as? [String: Any])?["promptId"] as? String == "p2-\(tag)")
        #expect(second.click("c1", "p0-\(tag)", "x").code == -32011, "the first asking's prompt stays stale")
    }

    @Test func anIdWithNoTranscriptIsStillAnUnknownConversation() {
        let dir = TranscriptDirectoryRef()
        let s = InMemoryServer(transcripts: dir.directory)
        #expect(canonical(s.say("never", "hi")) == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32010,"message":"Unknown conversation.","data":{"conversation":"never"}}}"#))
    }

    @Test func anEndedConversationIsNotResumedAndItsIdStartsAfresh() {
        let dir = TranscriptDirectoryRef()
        do {
            let first = InMemoryServer(transcripts: dir.directory)
            _ = first.start("c1")
            _ = first.say("c1", "Dana", messageId: "m0")
            #expect(first.call("conversation/end", #"{"conversation":"c1"}"#).result["ended"] as? Bool == true)
        }
        let second = InMemoryServer(transcripts: dir.directory)
        #expect(second.say("c1", "25", messageId: "m1").code == -32010)
        let again = second.start("c1")
        #expect(again.turn == 0)
        #expect(again.node == "OTT.who")
    }

    @Test func twoConversationsStartedOneAfterTheOtherUnderTheSameIdDoNotSharePromptIds() throws {
        let dir = TranscriptDirectoryRef()
        let s = InMemoryServer(transcripts: dir.directory)
        let old = s.start("c1")
        _ = s.call("conversation/end", #"{"conversation":"c1"}"#)
        let new = s.start("c1")
        #expect(new.node == old.node)
        #expect(new.promptId != old.promptId, "started in the same second, still another instance")
        #expect(canonical(s.click("c1", try #require(old.promptId), "x").data)
                == canonical(#"{"promptId":"\#(old.promptId!)","activePromptId":"\#(new.promptId!)"}"#))
    }

    @Test func startingAnIdThatWaitsOnDiskIsRefusedAsOpen() {
        let dir = TranscriptDirectoryRef()
        _ = Self.serverDropped(after: ["Dana"], in: dir)
        let second = InMemoryServer(transcripts: dir.directory)
        #expect(second.start("c1").code == -32012)
        #expect(second.state("c1")["turn"] as? Int == 1, "and the conversation is still there")
    }

    @Test func aConversationHeldByAnotherServerCannotBeResumedAndTheErrorSaysWhy() {
        let dir = TranscriptDirectoryRef()
        let first = InMemoryServer(transcripts: dir.directory)
        _ = first.start("c1")
        let second = InMemoryServer(transcripts: dir.directory)
        let reply = second.say("c1", "Dana", messageId: "m0")
        #expect(reply.code == -32603)
        #expect(reply.error["message"] as? String == "Internal error.")
        #expect((reply.data["detail"] as? String)?.isEmpty == false)
        #expect(first.say("c1", "Dana", messageId: "m0").turn == 1, "the holder goes on")
    }

    @Test func pastMaxOpenTheLeastRecentlyUsedIsClosedAndItsNextRequestResumesIt() {
        let dir = TranscriptDirectoryRef()
        let s = InMemoryServer(transcripts: dir.directory, maxOpen: 2)
        for c in ["c1", "c2", "c3"] { #expect(s.start(c).turn == 0) }
        #expect(s.openConversations == 2, "three started, two held")
        for (k, answer) in Self.ott1.prefix(3).enumerated() {
            for c in ["c1", "c2", "c3"] {
                let reply = s.say(c, answer, messageId: "\(c)-m\(k)")
                #expect(reply.turn == k + 1, "\(c) turn \(k + 1): \(reply)")
                #expect(s.openConversations == 2)
            }
        }
        let again = s.say("c1", "no", messageId: "c1-m2")
        #expect(again.turn == 3, "a retry after its conversation was closed: \(again)")
        #expect(again.node == "OTT.G1a")
        #expect(s.say("c1", "25", messageId: "c1-m1").code == -32014)
        for c in ["c1", "c2", "c3"] {
            #expect((s.state(c)["answers"] as? [[String: Any]])?.compactMap { $0["answer"] as? String } == ["Dana", "25%", "No"], "\(c)")
        }
    }

    @Test func afterAnEvictionAStaleClickIsRefusedWithTheActivePromptId() throws {
        let dir = TranscriptDirectoryRef()
        let s = InMemoryServer(transcripts: dir.directory, maxOpen: 1)
        _ = s.start("c1")
        _ = s.start("c2")
        _ = s.say("c1", "Dana")
        _ = s.say("c2", "Lee")
        let g1 = s.say("c1", "25")                       // OTT.G1 (yes/no)
        _ = s.say("c2", "40")                            // c1 is closed
        let old = try #require(g1.promptId)
        #expect(s.openConversations == 1)
        let g1a = s.click("c1", old, "no")               // c1 resumed, c2 closed
        #expect(g1a.node == "OTT.G1a")
        _ = s.say("c2", "wait")                          // c2 resumed (a rejection), c1 closed
        let g2 = s.say("c1", "14")                       // c1 resumed again, at OTT.G2 (yes/no)
        let active = try #require(g2.promptId)
        _ = s.state("c2")                                // c1 closed once more
        #expect(canonical(s.click("c1", old, "yes", messageId: "late"))
                == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32011,"message":"That choice is no longer active.","data":{"promptId":"\#(old)","activePromptId":"\#(active)"}}}"#))
        #expect(s.click("c1", active, "yes").turn == 5, "the active id is taken")
    }

    @Test func withoutTranscriptsMaxOpenClosesNothing() {
        let s = InMemoryServer(maxOpen: 1)
        for c in ["c1", "c2", "c3"] { _ = s.start(c) }
        #expect(s.openConversations == 3)
        #expect(s.say("c1", "Dana").turn == 1)
    }
}

