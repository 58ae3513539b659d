import Foundation
import Testing

/// docs/protocol.md sections 4.4 to 4.10 and 5: a conversation from start to plan, its prompts, back, why, help,
/// state and end. Prompt ids are `p<turn>-<tag>` (6.2): tests read a conversation's tag from a reply and name its
/// prompt ids by the turn that asked them.
@Suite struct ConversationTests {
    static let conversation = "slack:T1:C2:1700000000.000100"

    // 4.4 conversation/start.

    @Test func startingAConversationAsksItsFirstQuestionAtTurnZero() throws {
        let s = InMemoryServer()
        let reply = s.send(request("conversation/start", #"{"conversation":"\#(Self.conversation)","dialog":"off-track"}"#))
        let tag = try #require(reply?.tag)
        #expect(tag.count == 6 && tag.allSatisfy(\.isHexDigit))
        #expect(canonical(reply) == canonical(#"{"jsonrpc":"2.0","id":1,"result":{"conversation":"slack:T1:C2:1700000000.000100","turn":0,"phase":"asking","messages":[{"type":"question","promptId":"p0-\#(tag)","node":"OTT.who","answerType":"text","maxLength":80,"optional":false,"text":"Which sales person is this about? Their first name is enough.","attempt":1,"progress":{"question":1,"about":41},"fallbackText":"Which sales person is this about? Their first name is enough.\n  (free text, up to 80 characters)"}]}}"#))
    }

    @Test func withoutADialogTheEntryDialogAsksWhichProblemAndLongLabelsAreShortened() {
        let s = InMemoryServer()
        let reply = s.call("conversation/start", #"{"conversation":"c"}"#)
        let tag = reply.tag ?? ""
        #expect(canonical(reply.result) == canonical(#"{"conversation":"c","turn":0,"phase":"asking","messages":[{"type":"text","text":"Welcome. Together we will \"analyze the performance system in reverse order starting with goals\", then work products, processes, tasks and people, until we uncover the root cause of the issue."},{"type":"question","promptId":"p0-\#(tag)","node":"intake.problem","answerType":"choice","buttons":true,"choices":[{"id":"off-track","label":"Some of my sales people are not on…","title":"Some of my sales people are not on track for hitting their sales targets."},{"id":"icp-reluctance","label":"Achieving our sales strategy demands…","title":"Achieving our sales strategy demands that our sales people target a new ideal customer profile, but they are reluctant to get out of their comfort zone."},{"id":"forecast-accuracy","label":"Forecast accuracy is an ongoing problem…","title":"Forecast accuracy is an ongoing problem for our sales organization in spite of all the training we’ve invested in."}],"text":"Which of these is closest to the problem you face?","attempt":1,"progress":{"question":1,"about":42},"fallbackText":"Which of these is closest to the problem you face?\n  1) Some of my sales people are not on track for hitting their sales targets.\n  2) Achieving our sales strategy demands that our sales people target a new ideal customer profile, but they are reluctant to get out of their comfort zone.\n  3) Forecast accuracy is an ongoing problem for our sales organization in spite of all the training we’ve invested in."}]}"#))
        _ = s.click("c", "p0-\(tag)", "off-track")
        #expect(s.state("c")["dialog"] as? String == "coach", "the dialog started with stays the conversation's dialog")
    }

    @Test func startingAnIdThatIsOpenIsRefusedAndChangesNothing() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        #expect(canonical(s.start("c")) == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32012,"message":"Conversation already exists; end it first or use another id.","data":{"conversation":"c"}}}"#))
        #expect(s.state("c")["turn"] as? Int == 1)
    }

    @Test func startingAnUnknownDialogListsTheKnownOnes() {
        let s = InMemoryServer()
        #expect(canonical(s.start("c", dialog: "churn")) == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32013,"message":"Unknown dialog.","data":{"dialog":"churn","known":["coach","forecast-accuracy","icp-reluctance","off-track"]}}}"#))
        #expect(s.state("c").isEmpty, "nothing was opened")
    }

    @Test func aConversationIdIsNonEmptyAndAtMost256Bytes() {
        let s = InMemoryServer()
        for bad in ["", String(repeating: "é", count: 129)] {
            let reply = s.start(bad)
            #expect(reply.code == -32602)
            #expect(reply.data["field"] as? String == "conversation")
        }
        #expect(s.call("conversation/start", #"{"conversation":7}"#).data["field"] as? String == "conversation")
        #expect(s.start(String(repeating: "é", count: 128)).turn == 0, "256 bytes is allowed")
        #expect(s.start("matrix:!room:example.org:$thread ✓").turn == 0, "any characters are allowed")
    }

    @Test func aDialogThatIsNotAStringIsAnInvalidParam() {
        let s = InMemoryServer()
        #expect(s.call("conversation/start", #"{"conversation":"c","dialog":3}"#).data["field"] as? String == "dialog")
    }

    // 4.5 conversation/message.

    @Test func aTypedAnswerGoesOnToTheNextQuestion() {
        let s = InMemoryServer()
        let tag = s.start(Self.conversation).tag ?? ""
        let reply = s.send(request("conversation/message", #"{"conversation":"\#(Self.conversation)","messageId":"Ev1","text":"Dana"}"#, id: 2))
        #expect(canonical(reply) == canonical(#"{"jsonrpc":"2.0","id":2,"result":{"conversation":"slack:T1:C2:1700000000.000100","turn":1,"phase":"asking","messages":[{"type":"question","promptId":"p1-\#(tag)","node":"OTT.G0","answerType":"number","number":{"integer":false,"min":0,"max":100,"unit":"%"},"text":"How far behind year-to-date target is Dana, in % of target?","attempt":1,"progress":{"question":2,"about":41,"step":1,"stepName":"Goals"},"fallbackText":"How far behind year-to-date target is Dana, in % of target?\n  (a number from 0 to 100, in %)"}]}}"#))
    }

    @Test func aButtonClickWithTheActivePromptIdAnswersTheQuestion() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        let yesNo = s.say("c", "25")
        let tag = yesNo.tag ?? ""
        #expect(yesNo.node == "OTT.G1")
        #expect(yesNo.promptId == "p2-\(tag)", "named for the turn that asked it")
        #expect(canonical(yesNo.question?["choices"]) == canonical(#"[{"id":"yes","label":"Yes"},{"id":"no","label":"No"},{"id":"unsure","label":"Unsure"}]"#))
        let next = s.click("c", "p2-\(tag)", "no")
        #expect(next.turn == 3)
        #expect(next.node == "OTT.G1a")
        #expect(next.promptId == "p3-\(tag)")
        #expect((s.state("c")["answers"] as? [[String: Any]])?.last?["answer"] as? String == "No")
    }

    @Test func aClickOnAnEarlierQuestionsButtonIsRefusedWithTheActivePromptId() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        let tag = s.say("c", "25").tag ?? ""
        _ = s.click("c", "p2-\(tag)", "no")
        let before = canonical(s.state("c"))
        #expect(canonical(s.click("c", "p2-\(tag)", "yes", messageId: "late"))
                == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32011,"message":"That choice is no longer active.","data":{"promptId":"p2-\#(tag)","activePromptId":"p3-\#(tag)"}}}"#))
        #expect(canonical(s.state("c")) == before, "nothing changes and no turn is taken")
    }

    @Test func aChoiceIdTheQuestionDoesNotOfferIsABridgeBugAndUsesUpNoTry() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        let tag = s.say("c", "25").tag ?? ""
        let reply = s.click("c", "p2-\(tag)", "maybe")
        #expect(reply.code == -32602)
        #expect(reply.data["field"] as? String == "choice.id")
        let state = s.state("c")
        #expect(state["turn"] as? Int == 2)
        #expect((state["question"] as? [String: Any])?["attempt"] as? Int == 1)
    }

    @Test func aQuestionWithoutChoiceIdsReadsAChoiceLikeTypedText() {
        let s = InMemoryServer()
        let tag = s.start("c").tag ?? ""
        let who = s.click("c", "p0-\(tag)", "Dana")
        #expect(who.node == "OTT.G0", "a text question takes the id as the typed name")
        let gap = s.click("c", "p1-\(tag)", "25")
        #expect(gap.node == "OTT.G1", "a number question takes it as the typed number")
    }

    @Test func severalChoicesForAQuestionThatTakesOneAreRefused() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        let tag = s.say("c", "25").tag ?? ""
        let reply = s.call("conversation/message", #"{"conversation":"c","choices":{"promptId":"p2-\#(tag)","ids":["yes","no"]}}"#)
        #expect(reply.code == -32602)
        #expect(reply.data["field"] as? String == "choices.ids")
        #expect(s.state("c")["turn"] as? Int == 2)
    }

    @Test func aMessageCarriesExactlyOneOfTextChoiceOrChoices() {
        let s = InMemoryServer()
        _ = s.start("c")
        let exactlyOne = #"{"field":"text","detail":"give exactly one of 'text', 'choice' or 'choices'"}"#
        #expect(canonical(s.call("conversation/message", #"{"conversation":"c"}"#))
                == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params.","data":\#(exactlyOne)}}"#))
        #expect(canonical(s.call("conversation/message", #"{"conversation":"c","text":"Dana","choice":{"promptId":"p1","id":"x"}}"#).data)
                == canonical(exactlyOne))
        #expect(canonical(s.call("conversation/message", #"{"conversation":"c","choice":{"promptId":"p1","id":"x"},"choices":{"promptId":"p1","ids":["x"]}}"#).data)
                == canonical(exactlyOne))
        #expect(s.state("c")["turn"] as? Int == 0)
    }

    @Test func aTextChoiceOrChoicesOfTheWrongShapeNamesItsField() {
        let s = InMemoryServer()
        _ = s.start("c")
        #expect(s.call("conversation/message", #"{"conversation":"c","text":5}"#).data["field"] as? String == "text")
        #expect(s.call("conversation/message", #"{"conversation":"c","choice":"yes"}"#).data["field"] as? String == "choice")
        #expect(s.call("conversation/message", #"{"conversation":"c","choice":{"promptId":"p1"}}"#).data["field"] as? String == "choice")
        #expect(s.call("conversation/message", #"{"conversation":"c","choices":{"promptId":"p1","ids":[]}}"#).data["field"] as? String == "choices")
        #expect(s.call("conversation/message", #"{"conversation":"c","choices":{"promptId":"p1","ids":[1]}}"#).data["field"] as? String == "choices")
        #expect(s.call("conversation/message", #"{"conversation":"c","messageId":true,"text":"Dana"}"#).data["field"] as? String == "messageId")
        #expect(s.state("c")["turn"] as? Int == 0)
    }

    @Test func aRejectedAnswerAsksTheSameQuestionAgainUnderTheSamePromptId() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "25")
        let tag = s.tag("c")
        let rejected = s.say("c", "perhaps")
        #expect(rejected.types == ["rejected", "question"])
        #expect(canonical(rejected.messages.first) == canonical(#"{"type":"rejected","node":"OTT.G1","reason":"notAChoice","typed":"perhaps","attemptsLeft":2,"text":"\"perhaps\" is not one of the choices. Valid answers: yes, no or unsure (or 1, 2, 3)."}"#))
        #expect(rejected.promptId == "p2-\(tag)", "the buttons already on screen stay valid")
        #expect(rejected.question?["attempt"] as? Int == 2)
        #expect(rejected.turn == 3)
        #expect(s.click("c", "p2-\(tag)", "yes").node == "OTT.G2")
    }

    @Test func aTypoIsOfferedWithTheValidAnswersAndAnApproximateNumberIsRead() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        #expect(s.say("c", "about 25%").node == "OTT.G1")
        #expect(canonical(s.say("c", "yeha").messages.first) == canonical(#"{"type":"rejected","node":"OTT.G1","reason":"didYouMean","typed":"yeha","attemptsLeft":2,"text":"\"yeha\" is not an answer I know. Did you mean \"Yes\"? Valid answers: yes, no or unsure (or 1, 2, 3)."}"#))
        #expect(s.say("c", "yes, definitely").node == "OTT.G2")
    }

    @Test func theThirdRejectedAnswerFallsBackAndMovesOn() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        #expect(canonical(s.say("c", "about a quarter").messages.first) == canonical(#"{"type":"rejected","node":"OTT.G0","reason":"notANumber","typed":"about a quarter","attemptsLeft":2,"text":"\"about a quarter\" is not a number. Valid answers: a number from 0 to 100, in %."}"#))
        #expect(s.say("c", "lots").messages.first?["attemptsLeft"] as? Int == 1)
        let fell = s.say("c", "plenty")
        #expect(fell.types == ["fellBack", "recorded", "question"])
        #expect(canonical(fell.messages.first) == canonical(#"{"type":"fellBack","node":"OTT.G0","label":"Gap to YTD target","text":"That was the last try for this question; I'll note that we could not settle it and move on."}"#))
        #expect(fell.messages[1]["verification"] as? String == "V-OTT.G0")
        #expect(fell.node == "OTT.G1")
        #expect(fell.turn == 4)
        #expect((s.state("c")["answers"] as? [[String: Any]])?.last?["answer"] as? String == "(no answer)")
    }

    // 4.6 conversation/back.

    @Test func backUndoesTheLastAnswerAndAsksItAgainUnderANewPromptId() {
        let s = InMemoryServer()
        let tag = s.start("c").tag ?? ""
        _ = s.say("c", "Dana")
        let back = s.back("c")
        #expect(back.turn == 2)
        #expect(back.phase == "asking")
        #expect(canonical(back.messages.first) == canonical(#"{"type":"undone","node":"OTT.who","label":"Rep","text":"Undone: your answer to \"Rep\"."}"#))
        #expect(back.node == "OTT.who")
        #expect(back.promptId == "p2-\(tag)", "a question reached by back is a new prompt")
        #expect(s.click("c", "p0-\(tag)", "x").code == -32011, "the first asking's prompt stays stale")
        #expect((s.state("c")["answers"] as? [Any])?.isEmpty == true)
    }

    @Test func backBeforeAnyAnswerIsRefusedAndAsksTheQuestionAgain() {
        let s = InMemoryServer()
        let tag = s.start("c").tag ?? ""
        let back = s.back("c")
        #expect(back.types == ["refused", "question"])
        #expect(back.messages.first?["reason"] as? String == "nothingToUndo")
        #expect(back.promptId == "p1-\(tag)")
        #expect(back.turn == 1)
    }

    // 4.7 to 4.9: why, help and state change nothing.

    @Test func whyExplainsTheWaitingQuestionAndTakesNoTurn() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "25")
        #expect(canonical(s.call("conversation/why", #"{"conversation":"c"}"#).result) == canonical(#"{"conversation":"c","node":"OTT.G1","text":"The Sales Strategy Execution System: if the answer is yes, then we can assume it is not a capability issue and continue asking questions. Mager and Pipe ask the same thing: did they do it in the past?","source":"SEED S1.1"}"#))
        #expect(s.state("c")["turn"] as? Int == 2)
        #expect(s.click("c", "p2-\(s.tag("c"))", "no").turn == 3, "the prompt id stays valid")
    }

    @Test func helpGivesTheQuestionsHelpAndValidAnswersAndTakesNoTurn() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "25")
        #expect(canonical(s.call("conversation/help", #"{"conversation":"c"}"#).result) == canonical(#"{"conversation":"c","node":"OTT.G1","text":"Count any full period in this role in which Dana reached 100% of target.","validAnswers":"yes, no or unsure (or 1, 2, 3)"}"#))
        #expect(s.state("c")["turn"] as? Int == 2)
        #expect(s.click("c", "p2-\(s.tag("c"))", "no").turn == 3, "the prompt id stays valid")
    }

    @Test func stateReportsTheWaitingQuestionAnswersFindingsAndFlags() {
        let s = InMemoryServer()
        let tag = s.start(Self.conversation).tag ?? ""
        _ = s.say(Self.conversation, "Dana")
        for typed in ["a", "b", "c"] { _ = s.say(Self.conversation, typed) }
        let reply = s.send(request("conversation/state", #"{"conversation":"\#(Self.conversation)"}"#, id: 6))
        #expect(canonical(reply) == canonical(#"{"jsonrpc":"2.0","id":6,"result":{"conversation":"slack:T1:C2:1700000000.000100","dialog":"off-track","turn":4,"phase":"asking","question":{"type":"question","promptId":"p4-\#(tag)","node":"OTT.G1","answerType":"yesNo","buttons":true,"choices":[{"id":"yes","label":"Yes"},{"id":"no","label":"No"},{"id":"unsure","label":"Unsure"}],"text":"Has the sales person ever hit their sales goal?","attempt":1,"progress":{"question":3,"about":40,"step":1,"stepName":"Goals"},"fallbackText":"Has the sales person ever hit their sales goal?\n  1) Yes   2) No   3) Unsure"},"answers":[{"node":"OTT.who","label":"Rep","answer":"Dana"},{"node":"OTT.G0","label":"Gap to YTD target","answer":"(no answer)"}],"findings":[],"flags":{}}}"#))
        #expect(s.state(Self.conversation)["turn"] as? Int == 4, "state takes no turn")
    }

    // 4.10 conversation/end.

    @Test func endClosesTheConversationAndFreesItsId() throws {
        let s = InMemoryServer()
        let first = s.start("c")
        _ = s.say("c", "Dana")
        #expect(canonical(s.call("conversation/end", #"{"conversation":"c"}"#, id: 13)) == canonical(#"{"jsonrpc":"2.0","id":13,"result":{"conversation":"c","ended":true,"answers":1,"phase":"asking"}}"#))
        #expect(s.openConversations == 0)
        #expect(canonical(s.call("conversation/end", #"{"conversation":"c"}"#)) == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32010,"message":"Unknown conversation.","data":{"conversation":"c"}}}"#))
        let again = s.start("c")
        #expect(again.turn == 0)
        #expect(again.promptId == "p0-\(again.tag ?? "")")
        #expect(again.tag != first.tag, "a reused id gets new prompt ids")
        #expect(s.click("c", try #require(first.promptId), "x").code == -32011)
    }

    @Test func everyConversationMethodRefusesAnUnknownConversation() {
        let s = InMemoryServer()
        _ = s.start("known")
        for (method, params) in [("conversation/message", #","text":"hi""#), ("conversation/back", ""), ("conversation/why", ""),
                                 ("conversation/help", ""), ("conversation/state", ""), ("conversation/end", "")] {
            #expect(canonical(s.call(method, #"{"conversation":"nope"\#(params)}"#, id: 4))
                    == canonical(#"{"jsonrpc":"2.0","id":4,"error":{"code":-32010,"message":"Unknown conversation.","data":{"conversation":"nope"}}}"#), "\(method)")
        }
    }

    @Test func twoInterleavedConversationsKeepTheirOwnPrompts() throws {
        let s = InMemoryServer()
        let ta = try #require(s.start("a").tag)
        let tb = try #require(s.start("b").tag)
        #expect(ta != tb, "each conversation has its own tag")
        #expect(s.say("a", "Dana").promptId == "p1-\(ta)")
        #expect(s.say("b", "Lee").promptId == "p1-\(tb)")
        let a = s.say("a", "25")
        let b = s.say("b", "40")
        #expect(a.promptId == "p2-\(ta)")
        #expect(b.promptId == "p2-\(tb)")
        #expect(canonical(s.click("b", "p2-\(ta)", "no").data) == canonical(#"{"promptId":"p2-\#(ta)","activePromptId":"p2-\#(tb)"}"#),
                "a's button is stale in b")
        #expect(s.click("a", "p2-\(ta)", "no").node == "OTT.G1a")
        #expect(s.click("b", "p2-\(tb)", "yes").node == "OTT.G2")
        #expect((s.state("a")["answers"] as? [[String: Any]])?.compactMap { $0["answer"] as? String } == ["Dana", "25%", "No"])
        #expect((s.state("b")["answers"] as? [[String: Any]])?.compactMap { $0["answer"] as? String } == ["Lee", "40%", "Yes"])
    }

    /// The next conversation is started under the same id (a new instance of it) or under another.
    @Test(arguments: [("c", "c"), ("old", "new")])
    func anEndedConversationsPromptIdIsStaleInTheNextConversation(first: String, next: String) throws {
        let s = InMemoryServer()
        _ = s.start(first)
        _ = s.say(first, "Dana")
        let old = s.say(first, "25")
        _ = s.call("conversation/end", #"{"conversation":\#(quoted(first))}"#)
        _ = s.start(next)
        _ = s.say(next, "Dana")
        let new = s.say(next, "25")
        #expect(new.node == old.node)
        #expect(new.turn == old.turn)
        #expect(new.promptId != old.promptId, "the same question at the same turn, in another conversation instance")
        #expect(canonical(s.click(next, try #require(old.promptId), "no").data)
                == canonical(#"{"promptId":"\#(old.promptId!)","activePromptId":"\#(new.promptId!)"}"#))
    }

    // 6.4 turn numbers.

    @Test func turnsCountAnswersRejectionsAndBacksButNotQueriesOrErrors() {
        let s = InMemoryServer()
        #expect(s.start("c").turn == 0)
        #expect(s.say("c", "Dana").turn == 1)
        let rejected = s.say("c", "a lot")
        #expect(rejected.turn == 2, "a rejected answer takes a turn")
        _ = s.call("conversation/why", #"{"conversation":"c"}"#)
        _ = s.call("conversation/help", #"{"conversation":"c"}"#)
        _ = s.state("c")
        #expect(s.click("c", "p0-\(rejected.tag ?? "")", "x").code == -32011)
        #expect(s.call("conversation/message", #"{"conversation":"c"}"#).code == -32602)
        #expect(s.say("c", "25").turn == 3, "queries and errors took none")
        #expect(s.back("c").turn == 4)
        #expect(s.state("c")["turn"] as? Int == 4)
    }
}
