import Foundation
import Testing

/// docs/protocol.md sections 5.10 and 4.5: a finished diagnosis, its plan, and what a conversation accepts after it.
@Suite struct FinishedConversationTests {
    // 5.10, 4.5: the finished diagnosis.

    @Test func aFinishedDiagnosisSendsTheClosingWordsAndThePlan() throws {
        let s = InMemoryServer()
        let start = s.start("c", dialog: "coach")
        _ = s.click("c", try #require(start.promptId), "off-track")
        _ = s.say("c", "Dana")
        let gap = s.say("c", "3%")
        #expect(gap.node == "OTT.G0a")
        let done = s.click("c", try #require(gap.promptId), "no")
        #expect(done.turn == 4)
        #expect(done.phase == "finished")
        #expect(done.types == ["recorded", "text", "plan"])
        #expect(canonical(done.messages[0]) == canonical(#"{"type":"recorded","finding":"G-00","text":"The gap is too small to pursue now"}"#))
        #expect(canonical(done.messages[1]) == canonical(#"{"type":"text","text":"That completes the diagnosis for Dana. Here is your coaching plan."}"#))
        #expect(canonical(done.messages[2]["plan"]) == canonical(Self.plan))
        let markdown = done.messages[2]["markdown"] as? String ?? ""
        #expect(markdown.hasPrefix("# Coaching plan: A rep is not on track to hit target\n\n**About: Dana (one rep)** · **Date: 2026-11-27** · **Results by: 2027-02-25**\n\n> Some of my sales people are not on track for hitting their sales targets.\n\n## Goal\n\nBring Dana back to the year-to-date run-rate, closing the 3% gap by period end."), "\(markdown.prefix(400))")
        #expect(canonical(s.call("conversation/end", #"{"conversation":"c"}"#).result) == canonical(#"{"conversation":"c","ended":true,"answers":4,"phase":"finished"}"#))
    }

    @Test func plainMarkupGivesThePlanAsPlainText() {
        let s = InMemoryServer(initialize: request("initialize", #"{"protocolVersion":"2026-11-27","capabilities":{"markup":"plain"}}"#, id: 0))
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "3%")
        let markdown = s.say("c", "no").messages.last?["markdown"] as? String ?? ""
        #expect(markdown.hasPrefix("COACHING PLAN: A REP IS NOT ON TRACK TO HIT TARGET\n\nAbout: Dana (one rep)\nDate: 2026-11-27\nResults by: 2027-02-25\n\n\"Some of my sales people are not on track for hitting their sales targets.\"\n\nGOAL\n\nBring Dana back"), "\(markdown.prefix(400))")
    }

    /// Issue 11: a bridge that names no markup gets the structured plan only (no rendering it did not ask for), and
    /// `conversation/plan` renders the plan in any markup on demand, the same text a turn's reply would carry.
    @Test func withoutAMarkupThePlanComesStructuredAndConversationPlanRendersItOnDemand() throws {
        let s = InMemoryServer(initialize: request("initialize", #"{"protocolVersion":"2026-11-27"}"#, id: 0))
        _ = s.start("c")
        #expect(s.call("conversation/plan", #"{"conversation":"c"}"#).code == -32016, "no plan before the diagnosis finishes")
        _ = s.say("c", "Dana")
        _ = s.say("c", "3%")
        let done = s.say("c", "no")
        let message = try #require(done.messages.last)
        #expect(message["type"] as? String == "plan")
        #expect(message["plan"] != nil)
        #expect(message["markdown"] == nil && message["parts"] == nil, "\(message.keys.sorted())")

        let structured = s.call("conversation/plan", #"{"conversation":"c"}"#).result
        #expect(canonical(structured["plan"]) == canonical(message), "the bridge's own choice: none")
        let plain = s.call("conversation/plan", #"{"conversation":"c","markup":"plain"}"#).result["plan"] as? [String: Any]
        #expect((plain?["markdown"] as? String)?.hasPrefix("COACHING PLAN: A REP IS NOT ON TRACK TO HIT TARGET\n") == true)
        #expect(canonical(plain?["plan"]) == canonical(message["plan"]))
        let markdown = s.call("conversation/plan", #"{"conversation":"c","markup":"markdown"}"#).result["plan"] as? [String: Any]
        #expect((markdown?["markdown"] as? String)?.hasPrefix("# Coaching plan: A rep is not on track to hit target\n") == true)
        #expect(s.call("conversation/plan", #"{"conversation":"c","markup":"html"}"#).data["field"] as? String == "markup")
        #expect(s.call("conversation/plan", #"{"conversation":"nobody"}"#).code == -32010)
    }

    @Test func onceFinishedTextIsRefusedAndEveryButtonIsStale() throws {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        let gap = s.say("c", "3%")
        _ = s.say("c", "no")
        let refusal = "No question is waiting: the diagnosis is complete. Use Back to reopen the last question, or start a new conversation."
        let text = s.say("c", "yes")
        #expect(canonical(text.result) == canonical(#"{"conversation":"c","turn":4,"phase":"finished","messages":[{"type":"refused","reason":"notAsking","text":"\#(refusal)"}]}"#))
        #expect(canonical(s.click("c", try #require(gap.promptId), "yes").error) == canonical(#"{"code":-32011,"message":"That choice is no longer active.","data":{"promptId":"\#(gap.promptId!)","activePromptId":null}}"#))
        #expect(canonical(s.call("conversation/why", #"{"conversation":"c"}"#).result) == canonical(#"{"conversation":"c","node":null,"text":"\#(refusal)"}"#))
        #expect(canonical(s.call("conversation/help", #"{"conversation":"c"}"#).result) == canonical(#"{"conversation":"c","node":null,"text":"\#(refusal)"}"#))
        let state = s.state("c")
        #expect(state["phase"] as? String == "finished")
        #expect(state["question"] is NSNull)
        #expect(state["findings"] as? [String] == ["G-00"])
        #expect(state["turn"] as? Int == 4)
    }

    @Test func backFromAFinishedDiagnosisReopensTheLastQuestion() throws {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        let gap = s.say("c", "3%")
        _ = s.say("c", "no")
        let back = s.back("c")
        #expect(back.phase == "asking")
        #expect(back.turn == 4)
        #expect(back.types == ["undone", "question"])
        #expect(back.node == "OTT.G0a")
        #expect(back.promptId != gap.promptId)
        #expect(s.click("c", try #require(back.promptId), "yes").phase == "asking")
    }

    // 6.1, 6.2: conversations are independent; a prompt id names one asking in one conversation instance.
}

extension FinishedConversationTests {
    /// The plan of section 5.10 (the session of section 8, on 2026-11-27): plan v2, as PlanWriter writes it.
    static let plan = #"""
    {
      "answers": [
        {"answer": "Some of my sales people are not on track for hitting their sales targets.", "label": "Problem", "nodeID": "intake.problem"},
        {"answer": "Dana", "label": "Rep", "nodeID": "OTT.who"},
        {"answer": "3%", "label": "Gap to YTD target", "nodeID": "OTT.G0"},
        {"answer": "No", "label": "Worth pursuing", "nodeID": "OTT.G0a"}
      ],
      "decisions": [],
      "dropped": [],
      "findings": [
        {
          "category": "process",
          "cell": "E-data",
          "component": "goals",
          "evidence": [{"answer": "No", "label": "Worth pursuing", "nodeID": "OTT.G0a"}],
          "fix": "quick",
          "id": "G-00",
          "source": "MP",
          "text": "The gap is too small to pursue now",
          "weight": 1
        }
      ],
      "flags": {},
      "focus": [],
      "followUps": [
        {"date": "2026-12-11", "what": "Check the quick fix is done."},
        {"date": "2027-02-25", "what": "Results: re-measure and run this diagnosis again for Dana to compare."}
      ],
      "goal": "Bring Dana back to the year-to-date run-rate, closing the 3% gap by period end.",
      "header": {
        "date": "2026-11-27",
        "dialogID": "off-track",
        "problem": "OTT",
        "resultsDate": "2027-02-25",
        "statement": "Some of my sales people are not on track for hitting their sales targets.",
        "subject": "Dana",
        "subjectKind": "rep",
        "title": "A rep is not on track to hit target"
      },
      "notes": [],
      "recommendations": [
        {
          "actions": [
            {
              "due": "2026-12-03",
              "findingID": "G-00",
              "firstStep": "Write down today's gap figure and put a re-check in the calendar for the next review.",
              "fix": "quick",
              "id": "R-G-00",
              "owner": "You",
              "text": "Log the gap and check it again at the next review",
              "thisWeek": true
            }
          ],
          "findingIDs": ["G-00"],
          "fix": "quick",
          "id": "monitor",
          "lesson": {
            "accountability": "You measure and log the figure again at the next review.",
            "evaluation": "Result: the gap at the next review, compared with today's.",
            "examples": [
              "Good: 'Gap 3% of target on 1 May; re-check booked for the 1 June review.'",
              "Poor: nothing written down, so nobody notices when the gap doubles."
            ],
            "materials": ["today's gap figure", "date of the next review"],
            "objective": "Given today's gap figure and the date of the next review, you measure Dana's gap again at that review and log it, starting a full diagnosis if it has grown past the tolerance."
          },
          "name": "Log it and check again",
          "obstacle": "The re-check slips because nothing seems urgent.",
          "support": "Sales operations, to send you the figure before the review."
        }
      ],
      "rootCause": {
        "category": "process",
        "component": "goals",
        "evidence": [{"answer": "No", "label": "Worth pursuing", "nodeID": "OTT.G0a"}],
        "findingID": "G-00",
        "fix": "quick",
        "sentence": "The gap is too small to pursue now. This is a process problem in goals (step 1 of the Sales Strategy Execution System, Align Sales Goals with the Sales Strategy), and a quick fix."
      },
      "start": "Log the gap and check it again at the next review. It comes first because it is a quick fix to what surrounds the work, and those come before work on the person.",
      "verifications": []
    }
    """#
}
