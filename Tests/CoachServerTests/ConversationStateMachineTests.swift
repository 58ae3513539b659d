@testable import CoachServer
import DialogEngine
import Testing

/// The served conversation's state machine on its own, every transition and what it tells the server to do.
@Suite struct ConversationStateMachineTests {
    typealias Machine = ConversationStateMachine
    let g0 = Machine.Question(node: 3, item: nil)
    let g1 = Machine.Question(node: 4, item: nil)

    let tag = "9f2c1a"

    func reply(_ id: String?, turn: Int) -> Machine.Reply {
        Machine.Reply(messageID: id, outputs: [], turn: turn)
    }

    func prompt(_ turn: Int) -> Machine.PromptID { Machine.PromptID(turn: turn, tag: tag) }

    @Test func aPromptIdIsTheTurnThatAskedAndTheTag() {
        #expect(prompt(4).description == "p4-9f2c1a")
    }

    @Test func aNewConversationWaitsOnNothingAndAppliesAnyMessage() {
        let m = Machine(tag: tag)
        #expect(m.phase == .idle)
        #expect(m.activePrompt == nil)
        #expect(m.received(messageID: "m1") == .apply)
        #expect(m.received(promptID: "p0-9f2c1a") == .refuseStale(active: nil))
    }

    @Test func theOpeningQuestionWaitsUnderItsPromptIdAndOnlyThatIdIsTaken() {
        var m = Machine(tag: tag)
        #expect(m.promptID(for: g0, attempt: 1, turn: 0) == prompt(0))
        m.replied(reply(nil, turn: 0), waiting: (g0, 1))
        #expect(m.phase == .awaiting(prompt: prompt(0), g0))
        #expect(m.received(promptID: "p0-9f2c1a") == .accept)
        #expect(m.received(promptID: "p1-9f2c1a") == .refuseStale(active: "p0-9f2c1a"))
        #expect(m.received(promptID: "p0-000000") == .refuseStale(active: "p0-9f2c1a"), "another conversation instance's")
    }

    @Test func theLatestMessageIdIsResentAndTheEightBeforeItAreRefused() {
        var m = Machine(tag: tag)
        for k in 0...9 {
            m.applied()
            m.replied(reply("m\(k)", turn: k + 1), waiting: (g0, 1))
        }
        #expect(m.received(messageID: "m9") == .resendLastReply)
        for k in 1...8 { #expect(m.received(messageID: "m\(k)") == .refuseDuplicate("m\(k)")) }
        #expect(m.received(messageID: "m0") == .apply, "older than the remembered ones: new")
        #expect(m.received(messageID: nil) == .apply)
        #expect(m.turn == 10)
        #expect(m.last?.turn == 10)
        #expect(m.activePrompt == prompt(10))
    }

    @Test func aQuestionAskedAgainKeepsItsPromptIdAndANewQuestionDoesNot() {
        var m = Machine(tag: tag)
        m.replied(reply(nil, turn: 0), waiting: (g0, 1))
        #expect(m.promptID(for: g0, attempt: 2, turn: 1) == prompt(0))
        #expect(m.promptID(for: g0, attempt: 1, turn: 1) == prompt(1), "asked afresh (after a back) it gets a new id")
        #expect(m.promptID(for: g1, attempt: 1, turn: 1) == prompt(1))
        #expect(m.promptID(for: g0, attempt: 1, turn: 0, resent: true) == prompt(0), "the reply sent again shows the same id")
        m.applied()
        m.replied(reply("m1", turn: 1), waiting: (g0, 2))
        #expect(m.phase == .awaiting(prompt: prompt(0), g0), "a re-ask keeps the old id active")
        m.applied()
        m.replied(reply("m2", turn: 2), waiting: (g1, 1))
        #expect(m.phase == .awaiting(prompt: prompt(2), g1))
        #expect(m.received(promptID: "p0-9f2c1a") == .refuseStale(active: "p2-9f2c1a"))
    }

    @Test func aFinishedDiagnosisWaitsOnNothing() {
        var m = Machine(tag: tag)
        m.replied(reply(nil, turn: 0), waiting: (g0, 1))
        m.applied()
        m.replied(reply("m1", turn: 1), waiting: nil)
        #expect(m.phase == .idle)
        #expect(m.received(promptID: "p0-9f2c1a") == .refuseStale(active: nil))
    }

    @Test func aResumedConversationTakesOnlyTheWaitingQuestionsPromptId() {
        var m = Machine(tag: tag)
        m.resumed(turns: 5, messageIDs: ["m1", nil, "m3", "m4", "m5"], waiting: (g1, prompt(4)), waitingOutputs: [])
        #expect(m.turn == 5)
        #expect(m.phase == .awaiting(prompt: prompt(4), g1))
        #expect(m.activePrompt == prompt(4))
        #expect(m.received(promptID: "p4-9f2c1a") == .accept)
        #expect(m.received(promptID: "p3-9f2c1a") == .refuseStale(active: "p4-9f2c1a"), "an older button is refused")
        #expect(m.received(messageID: "m5") == .resendLastReply)
        #expect(m.received(messageID: "m1") == .refuseDuplicate("m1"))
        #expect(m.last?.turn == 5)
        #expect(m.promptID(for: g1, attempt: 1, turn: 5, resent: true) == prompt(4), "a retry shows the waiting id")
        m.applied()
        #expect(m.turn == 6)
        #expect(m.phase == .awaiting(prompt: prompt(4), g1))
    }

    @Test func aConversationResumedAfterItsPlanWaitsOnNothing() {
        var m = Machine(tag: tag)
        m.resumed(turns: 30, messageIDs: [], waiting: nil, waitingOutputs: [])
        #expect(m.activePrompt == nil)
        #expect(m.last == nil)
        m.applied()
        #expect(m.phase == .idle)
    }
}
