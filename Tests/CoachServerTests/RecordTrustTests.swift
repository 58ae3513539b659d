import CoachCLI
import Foundation
import Testing
import Transcript

/// What a restart cannot take away (issue 8): a finished conversation's plan, and the one-to-one link between a
/// conversation id and its transcript.
@Suite struct RecordTrustTests {
    let ref = TranscriptDirectoryRef()

    /// Finishes OTT-1 in a server that is then dropped; returns the last reply.
    func finishThenDrop() -> [String: Any] {
        let first = InMemoryServer(transcripts: ref.directory)
        _ = first.start("c1")
        var last: [String: Any] = [:]
        for (k, answer) in RestartTests.ott1.enumerated() { last = first.say("c1", answer, messageId: "m\(k)") }
        return last
    }

    @Test func aRetryOfTheFinishingMessageAfterARestartReturnsThePlan() {
        let finished = finishThenDrop()
        let plan = finished.messages.first { $0["type"] as? String == "plan" }
        #expect(plan != nil)
        let second = InMemoryServer(transcripts: ref.directory)
        let retried = second.say("c1", RestartTests.ott1.last!, messageId: "m\(RestartTests.ott1.count - 1)")
        #expect(retried.phase == "finished")
        #expect(retried.types == ["plan"])
        #expect(canonical(retried.messages.first) == canonical(plan), "the same plan message as before the restart")
    }

    @Test func stateReturnsAFinishedConversationsPlanAfterARestart() {
        let finished = finishThenDrop()
        let plan = finished.messages.first { $0["type"] as? String == "plan" }
        let second = InMemoryServer(transcripts: ref.directory)
        let state = second.state("c1")
        #expect(state["phase"] as? String == "finished")
        #expect(canonical(state["plan"]) == canonical(plan))
        #expect(InMemoryServer(transcripts: nil).state("none")["plan"] == nil)
    }

    @Test func stateCarriesNoPlanWhileAQuestionWaits() {
        let s = InMemoryServer(transcripts: ref.directory)
        _ = s.start("c2")
        #expect(s.state("c2")["plan"] == nil)
    }

    @Test func anIdThatLooksLikeAHashedFileNameNeverOpensAnotherIdsTranscript() {
        let long = String(repeating: "é", count: 100)  // 200 bytes, 600 once percent-encoded: named by its hash
        do {
            let s = InMemoryServer(transcripts: ref.directory)
            _ = s.start(long)
            #expect(s.say(long, "Dana").turn == 1)
        }  // dropped, as at a restart: its transcripts are closed
        let hashed = "sha256-" + HashChain.sha256(long.utf8)
        let second = InMemoryServer(transcripts: ref.directory)
        #expect(second.say(hashed, "Dana").code == -32010, "the literal id is another conversation, unknown")
        #expect(second.say("~sha256-" + HashChain.sha256(long.utf8), "Dana").code == -32010)
        #expect(second.say(long, "25").turn == 2, "the long id still resumes its own transcript")
    }

    @Test func aTranscriptCopiedUnderAnotherIdIsNotContinuedUnderIt() throws {
        let first = InMemoryServer(transcripts: ref.directory)
        _ = first.start("a")
        _ = first.say("a", "Dana")
        let from = ref.directory.file(for: "a"), to = ref.directory.file(for: "b")
        try FileManager.default.copyItem(atPath: from, toPath: to)
        let second = InMemoryServer(transcripts: ref.directory)
        let reply = second.say("b", "25")
        #expect(reply.code == -32603)
        #expect((reply.data["detail"] as? String)?.contains("records conversation 'a', not 'b'") == true)
    }
}
