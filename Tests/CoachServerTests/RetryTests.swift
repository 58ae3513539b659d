import Foundation
import Testing

/// docs/protocol.md section 6.3 (message ids and retries) and 10.3, with transcripts off.
@Suite struct RetryTests {
    /// A conversation `c` on off-track, answered with `answers` under message ids m0, m1, …
    static func conversation(_ answers: [String]) -> InMemoryServer {
        let s = InMemoryServer()
        _ = s.start("c")
        for (k, answer) in answers.enumerated() { _ = s.say("c", answer, messageId: "m\(k)") }
        return s
    }

    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4", "yes", "yes"]

    @Test func aRetriedMessageGetsTheFirstReplyAgain() {
        let s = Self.conversation(["Dana", "25"])
        let tag = s.tag("c")
        let click = #"{"conversation":"c","messageId":"Ev3","choice":{"promptId":"p2-\#(tag)","id":"no"}}"#
        let first = s.line(#"{"jsonrpc":"2.0","id":"first","method":"conversation/message","params":\#(click)}"#) ?? ""
        let state = canonical(s.state("c"))
        let retry = s.line(#"{"jsonrpc":"2.0","id":"retry","method":"conversation/message","params":\#(click)}"#) ?? ""
        #expect(first.hasPrefix(#"{"jsonrpc":"2.0","id":"first","result":{"conversation":"c","turn":3,"#))
        #expect(retry.replacingOccurrences(of: #""id":"retry","#, with: #""id":"first","#) == first,
                "the same bytes under the new request's id")
        #expect(canonical(s.state("c")) == state, "nothing changed: same turn, same answers, same prompt")
        #expect(parse(retry).promptId == "p3-\(tag)", "the prompt ids of the first reply")
    }

    @Test func aMessageIdLongerThan256BytesIsRefusedAndNothingIsApplied() {
        let s = Self.conversation(["Dana"])
        #expect(s.say("c", "25", messageId: String(repeating: "m", count: 257)).code == -32602)
        #expect(s.say("c", "25", messageId: String(repeating: "m", count: 256)).code == nil, "256 bytes are accepted")
    }

    @Test func aRetriedRejectionGetsTheFirstReplyAndUsesUpNoTry() {
        let s = Self.conversation(["Dana"])
        let first = s.say("c", "about a quarter", messageId: "Ev3")
        let retry = s.say("c", "about a quarter", messageId: "Ev3")
        #expect(first.types == ["rejected", "question"])
        #expect(canonical(retry) == canonical(first))
        #expect((s.state("c")["question"] as? [String: Any])?["attempt"] as? Int == 2)
    }

    @Test func aRetryIsRecognisedByItsMessageIdAloneWhateverItCarries() {
        let s = Self.conversation(["Dana"])
        let first = s.say("c", "25", messageId: "Ev2")
        #expect(canonical(s.say("c", "99", messageId: "Ev2")) == canonical(first))
        #expect(canonical(s.click("c", "p0-\(s.tag("c"))", "whatever", messageId: "Ev2")) == canonical(first))
        #expect((s.state("c")["answers"] as? [[String: Any]])?.last?["answer"] as? String == "25%")
    }

    @Test func aMessageIdOfTheEightBeforeTheLatestIsRefusedAsADuplicate() {
        let s = Self.conversation(Array(Self.ott1.prefix(10)))  // m0…m9: m9 the latest, m1…m8 the eight before it
        let state = canonical(s.state("c"))
        for k in 1...8 {
            #expect(canonical(s.say("c", "yes", messageId: "m\(k)"))
                    == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32014,"message":"Duplicate message; it was already processed.","data":{"messageId":"m\#(k)"}}}"#))
        }
        #expect(s.back("c", messageId: "m5").code == -32014, "back is deduplicated too")
        #expect(canonical(s.state("c")) == state, "nothing changed")
    }

    @Test func aMessageIdOlderThanTheRememberedOnesIsProcessedAsNew() {
        let s = Self.conversation(Array(Self.ott1.prefix(10)))
        let reply = s.say("c", Self.ott1[10], messageId: "m0")
        #expect(reply.turn == 11, "\(reply)")
    }

    @Test func aRetriedBackGetsTheFirstReplyAndUndoesOnlyOnce() {
        let s = Self.conversation(["Dana", "25"])
        let first = s.back("c", messageId: "b1")
        let retry = s.back("c", messageId: "b1")
        #expect(first.types == ["undone", "question"])
        #expect(canonical(retry) == canonical(first))
        #expect(s.state("c")["turn"] as? Int == 3)
        #expect((s.state("c")["answers"] as? [[String: Any]])?.compactMap { $0["answer"] as? String } == ["Dana"])
        #expect(s.back("c", messageId: "m1").code == -32014)
    }

    @Test func aNumberAndAStringWithTheSameTextAreTheSameMessageId() {
        let s = Self.conversation([])
        let first = s.call("conversation/message", #"{"conversation":"c","messageId":7,"text":"Dana"}"#)
        #expect(canonical(s.call("conversation/message", #"{"conversation":"c","messageId":"7","text":"Dana"}"#)) == canonical(first))
        let other = s.call("conversation/message", #"{"conversation":"c","messageId":7.0,"text":"25"}"#)
        #expect(other.turn == 2, "7.0 is another id")
        #expect(canonical(s.call("conversation/message", #"{"conversation":"c","messageId":7,"text":"Dana"}"#).data) == canonical(#"{"messageId":"7"}"#),
                "data.messageId is always a string")
    }

    @Test func aRequestThatEndsInAnErrorDoesNotRecordItsMessageId() {
        let s = Self.conversation(["Dana", "25", "no"])
        #expect(s.click("c", "p2-\(s.tag("c"))", "yes", messageId: "late").code == -32011)
        #expect(s.call("conversation/message", #"{"conversation":"c","messageId":"bad"}"#).code == -32602)
        #expect(s.say("c", "14", messageId: "late").turn == 4, "processed as a new message")
        #expect(s.say("c", "yes", messageId: "bad").turn == 5)
    }

    @Test func aMessageWithoutAnIdIsNeverDeduplicatedButPushesTheLatestIdBack() {
        let s = Self.conversation(["Dana"])
        #expect(s.say("c", "lots").turn == 2)
        #expect(s.say("c", "lots").turn == 3, "no message id, no retry")
        #expect(s.say("c", "Dana", messageId: "m0").code == -32014, "m0 is no longer the latest")
    }

    @Test func aRetriedStartIsRefusedButItsMessageIdIsRemembered() {
        let s = InMemoryServer()
        let start = s.call("conversation/start", #"{"conversation":"c","dialog":"off-track","messageId":"s0"}"#)
        #expect(s.call("conversation/start", #"{"conversation":"c","dialog":"off-track","messageId":"s0"}"#).code == -32012)
        #expect(canonical(s.say("c", "Dana", messageId: "s0")) == canonical(start), "the start's reply comes back")
        #expect(s.say("c", "Dana", messageId: "m1").turn == 1)
        #expect(s.say("c", "25", messageId: "s0").code == -32014)
    }

    @Test func messageIdsArePerConversation() {
        let s = InMemoryServer()
        _ = s.start("a")
        _ = s.start("b")
        #expect(s.say("a", "Dana", messageId: "Ev1").turn == 1)
        let b = s.say("b", "Lee", messageId: "Ev1")
        #expect(b.turn == 1)
        #expect(b.result["conversation"] as? String == "b")
        #expect((s.state("b")["answers"] as? [[String: Any]])?.first?["answer"] as? String == "Lee")
    }
}
