@testable import CoachServer
import DialogEngine
import Testing

/// The served conversation's state machine on its own, every transition and what it tells the server to do.
@Suite struct ConversationStateMachineTests {
    typealias Machine = ConversationStateMachine
    let g0 = Machine.Question(node: 3, item: nil)
    let g1 = Machine.Question(node: 4, item: nil)

    func reply(_ id: String?, first: Int, turn: Int) -> Machine.Reply {
        Machine.Reply(messageID: id, outputs: [], firstPrompt: first, turn: turn)
    }

    @Test func aNewConversationWaitsOnNothingAndAppliesAnyMessage() {
        let m = Machine()
        #expect(m.phase == .idle)
        #expect(m.activePrompt == nil)
        #expect(m.received(messageID: "m1") == .apply)
        #expect(m.received(promptID: "p1") == .refuseStale(active: nil))
    }

    @Test func theOpeningQuestionWaitsUnderItsPromptIdAndOnlyThatIdIsTaken() {
        var m = Machine()
        m.replied(reply(nil, first: 1, turn: 0), lastPrompt: 1, waiting: g0)
        #expect(m.phase == .awaiting(prompt: 1, g0))
        #expect(m.received(promptID: "p1") == .accept)
        #expect(m.received(promptID: "p2") == .refuseStale(active: "p1"))
    }

    @Test func theLatestMessageIdIsResentAndTheEightBeforeItAreRefused() {
        var m = Machine()
        for k in 0...9 {
            m.applied()
            m.replied(reply("m\(k)", first: k + 1, turn: k + 1), lastPrompt: k + 1, waiting: g0)
        }
        #expect(m.received(messageID: "m9") == .resendLastReply)
        for k in 1...8 { #expect(m.received(messageID: "m\(k)") == .refuseDuplicate("m\(k)")) }
        #expect(m.received(messageID: "m0") == .apply, "older than the remembered ones: new")
        #expect(m.received(messageID: nil) == .apply)
        #expect(m.turn == 10)
        #expect(m.last?.turn == 10)
    }

    @Test func aQuestionAskedAgainKeepsItsPromptIdAndANewQuestionDoesNot() {
        var m = Machine()
        m.replied(reply(nil, first: 1, turn: 0), lastPrompt: 1, waiting: g0)
        #expect(m.promptKept(by: g0, attempt: 2) == 1)
        #expect(m.promptKept(by: g0, attempt: 1) == nil, "asked afresh (after a back) it gets a new id")
        #expect(m.promptKept(by: g1, attempt: 2) == nil)
        m.applied()
        m.replied(reply("m1", first: 2, turn: 1), lastPrompt: 1, waiting: g0)
        #expect(m.phase == .awaiting(prompt: 1, g0), "a re-ask used no new prompt id: the old one stays active")
    }

    @Test func aFinishedDiagnosisWaitsOnNothing() {
        var m = Machine()
        m.replied(reply(nil, first: 1, turn: 0), lastPrompt: 1, waiting: g0)
        m.applied()
        m.replied(reply("m1", first: 2, turn: 1), lastPrompt: 1, waiting: nil)
        #expect(m.phase == .idle)
        #expect(m.received(promptID: "p1") == .refuseStale(active: nil))
    }

    @Test func aResumedConversationTakesTheFirstChoiceWhateverItsPromptIdThenIsLiveAgain() {
        var m = Machine()
        m.resumed(turns: 5, messageIDs: ["m1", nil, "m3", "m4", "m5"], prompt: 1, waiting: g1, waitingOutputs: [])
        #expect(m.turn == 5)
        #expect(m.phase == .resumed(prompt: 1, g1))
        #expect(m.activePrompt == 1)
        #expect(m.received(promptID: "p7") == .accept)
        #expect(m.received(messageID: "m5") == .resendLastReply)
        #expect(m.received(messageID: "m1") == .refuseDuplicate("m1"))
        #expect(m.last?.firstPrompt == 1)
        m.applied()
        #expect(m.turn == 6)
        #expect(m.phase == .awaiting(prompt: 1, g1))
        #expect(m.received(promptID: "p7") == .refuseStale(active: "p1"))
    }

    @Test func aConversationResumedAfterItsPlanWaitsOnNothing() {
        var m = Machine()
        m.resumed(turns: 30, messageIDs: [], prompt: 0, waiting: nil, waitingOutputs: [])
        #expect(m.activePrompt == nil)
        #expect(m.last == nil)
        m.applied()
        #expect(m.phase == .idle)
    }
}
