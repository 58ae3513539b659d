import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// A follow-up conversation: the last plan's actions as choices from the taxonomy's recommendations, each asked
/// about once, the unfinished ones recorded again as findings (`finding: item`), and this time's number compared
/// with last time's (`answer < FU.before`).
@Suite struct FollowUpConversationTests {
    static func followUp(compare: String = "answer < FU.before",
                         before: String = "{number: {min: 0, max: 100}}") throws -> Conversation {
        Conversation(try #require(FollowUpSample.compiled(compare: compare, before: before), "the sample compiles"))
    }

    @Test func theActionsAreChosenByTheirFindingIds() throws {
        var c = try Self.followUp()
        #expect(c.asking == "FU.actions")
        c.send(.chose(["T-06", "G-01"]))
        #expect(c.asking == "FU.status")
        #expect(c.lastPromptText == "How far is this action? Re-set the goal from territory potential and peer attainment",
                "items come in taxonomy order, each named by its recommendation")
    }

    @Test func aTypedFindingIdOrRecommendationSelectsTheAction() throws {
        var c = try Self.followUp()
        c.answer("t-06, an individual development plan for the gap")
        #expect(c.session.answers.last?.value == .choices(ChoiceSet([1, 2])))
    }

    @Test func anUnknownIdIsRefused() throws {
        var c = try Self.followUp()
        let out = c.send(.chose(["W-01"]))
        guard case .rejected(let r) = out.first else { Issue.record("expected a rejection: \(out)"); return }
        #expect(r.reason == .unknownChoiceID("W-01"), "W-01 has no recommendation for OTT, so it is no choice")
    }

    @Test func theItemsDetailIsItsFirstStep() throws {
        var c = try Self.followUp()
        c.send(.chose(["T-06"]))
        let out = c.send(.askedHelp)
        guard case .helped(let help) = out.first else { Issue.record("expected help: \(out)"); return }
        #expect(help.text == "First step: Time the task as it is done today.")
    }

    @Test func unfinishedActionsAreRecordedAgainAndCarriedIntoThePlan() throws {
        var c = try Self.followUp()
        c.send(.chose(["G-01", "T-06", "PE-02"]))
        let out = c.answer("blocked")
        #expect(out.contains(.recorded(.finding(0))), "G-01 is blocked: its finding is recorded again")
        c.answer("done")
        c.answer("not started")
        #expect(c.findings == ["G-01", "PE-02"])
        c.answer("30")
        c.answer("20")
        let plan = try #require(c.plan)
        let actions = plan.recommendations.flatMap(\.actions)
        #expect(actions.map(\.findingID) == ["G-01", "PE-02"])
        #expect(actions.map(\.text) == ["Re-set the goal from territory potential and peer attainment",
                                        "An individual development plan for the gap"])
        let evidence = plan.findings.first { $0.id == "PE-02" }?.evidence
        #expect(evidence?.map(\.nodeID) == ["FU.status"] && evidence?.first?.item == "An individual development plan for the gap",
                "the answer about the item is the finding's evidence")
    }

    @Test func noActionUnfinishedRecordsNothing() throws {
        var c = try Self.followUp()
        c.send(.chose(["G-01", "T-06"]))
        c.answer("done")
        c.answer("dropped")
        #expect(c.findings == [])
    }

    @Test(arguments: [
        ("answer < FU.before", 30.0, 20.0, true), ("answer < FU.before", 30, 30, false), ("answer < FU.before", 30, 40, false),
        ("answer <= FU.before", 30, 30, true), ("answer <= FU.before", 30, 31, false),
        ("answer > FU.before", 30, 40, true), ("answer > FU.before", 30, 30, false),
        ("answer >= FU.before", 30, 30, true), ("answer >= FU.before", 30, 29, false),
        ("answer == FU.before", 30, 30, true), ("answer == FU.before", 30, 31, false),
        ("answer != FU.before", 30, 31, true), ("answer != FU.before", 30, 30, false),
        ("FU.before > answer", 30, 20, true), ("FU.before > answer", 30, 40, false),
    ])
    func thisTimesNumberComparesWithLastTimes(_ when: String, _ before: Double, _ now: Double, _ holds: Bool) throws {
        var c = try Self.followUp(compare: when)
        c.send(.chose(["G-01"]))
        c.answer("done")
        c.answer(Describe.number(before))
        let out = c.answer(Describe.number(now))
        #expect(out.contains(.say("The gap has closed since last time.")) == holds, "\(before) then \(now): \(when)")
    }

    @Test func aMissingNumberComparesFalseEitherWay() throws {
        for when in ["answer < FU.before", "answer >= FU.before", "answer != FU.before", "not (answer < FU.before)"] {
            var c = try Self.followUp(compare: when, before: "{number: {min: 0, max: 100, optional: true}}")
            c.send(.chose(["G-01"]))
            c.answer("done")
            c.answer("")
            let out = c.answer("20")
            #expect(out.contains(.say("The gap has closed since last time.")) == when.hasPrefix("not"), "\(when)")
        }
    }

    @Test func theRightSideIsItsLatestAnswer() throws {
        var c = try Self.followUp()
        c.send(.chose(["G-01"]))
        c.answer("done")
        c.answer("10")
        c.answer("20")
        let better = try #require(c.dialog.nodeIndex["FU.better"])
        #expect(c.session.phase == .finished && !c.session.passed.contains { $0.node == better })
        c.send(.changed(node: "FU.before", to: "30"))
        #expect(c.session.passed.contains { $0.node == better }, "20 < 30 once FU.before is changed")
    }
}
