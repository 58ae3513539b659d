import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// The plan as a sales leader reads it: where to start and what drives the findings, one recommendation per remedy,
/// a week sized to the leader's time, dates that can work, decisions instead of contradictions, a style that rests
/// on evidence, and no claim made from an "unsure".
@Suite struct PlanTests {
    static func finished(on day: Day = .reference) -> Conversation {
        var c = Conversation(Repository.dialog("off-track"), on: day)
        for a in ReferenceAnswers.ott1 where c.asking != nil { c.answer(a) }
        while c.asking != nil { c.answer("") }
        return c
    }

    /// A walk through a dialog that answers each question by its short id (`S1a`), and any other the way a leader
    /// with nothing to report would: yes, the first choice, a 4, ten, or nothing where that is allowed.
    static func walk(_ dialog: String, _ answers: [String: String], on day: Day = .reference) -> Conversation {
        var c = Conversation(Repository.dialog(dialog), on: day)
        var steps = 0
        while let id = c.asking, steps < 200 {
            steps += 1
            let short = String(id.split(separator: ".", maxSplits: 1).last ?? "")
            if let a = answers[short] { c.answer(a); continue }
            let type = c.dialog.node(id)!.question!.answer
            switch type.kind {
            case .yesNo: c.answer("yes")
            case .choice, .multi: c.answer(type.choices[0].id)
            case .scale: c.answer("4")
            case .number: c.answer(type.optional ? "" : "10")
            case .text: c.answer(type.optional ? "" : "Dana")
            }
        }
        return c
    }

    @Test func theWorkedExampleStartsWithObservingAndNamesTheSkillGapAsTheRootCause() throws {
        let plan = try #require(Self.finished().plan)
        #expect(plan.findings.map(\.id) == ["T-06", "T-03", "PE-02"])
        #expect(plan.lead?.id == "R-T-06", "the lead is where to start (rule R4)")
        #expect(plan.rootCause?.findingID == "T-03", "the root cause is the driver: never could")
        #expect(plan.rootCause?.evidence.map(\.nodeID) == ["OTT.T3b"])
        #expect(plan.rootCause?.sentence.contains("people problem in tasks") == true)
        #expect(plan.start?.contains("the root cause is the bigger lever, and its action follows in the plan") == true)
    }

    @Test func findingsThatShareARemedyShareOneRecommendation() throws {
        let plan = try #require(Self.walk("off-track", ["G0": "30", "G1": "yes", "T4": "no", "S4": "no", "S5": "no"]).plan)
        let feedback = try #require(plan.recommendations.first { $0.id == "feedback-inspection" })
        #expect(feedback.findingIDs == ["T-06", "PE-04", "PE-05"])
        #expect(Set(feedback.actions.map(\.firstStep)).count == 3, "each finding keeps its own first step")
        #expect(plan.recommendations.filter { $0.id == "feedback-inspection" }.count == 1)
    }

    @Test func datesCountFromTheDayOfTheLastAnswerAndEndAtTheResultsDate() throws {
        let day = Day(year: 2026, month: 12, day: 28)
        let plan = try #require(Self.finished(on: day).plan)
        #expect(plan.header.date == day)
        // No period end given: results are judged 90 days out, not at the calendar quarter's end three days away.
        #expect(plan.header.resultsDate == day.adding(days: 90))
        #expect(plan.followUps.last?.date == plan.header.resultsDate)
        #expect(plan.actions.allSatisfy { $0.due > day && $0.due < plan.header.resultsDate })
        #expect(plan.thisWeek.count >= 1 && plan.thisWeek.count <= 3)
        #expect(plan.thisWeek.first?.id == "R-T-06", "the lead action is this week's first")
    }

    @Test(arguments: [("6 weeks", 42, false), ("3 months", 91, false), ("2 weeks", 90, true), ("", 90, false)])
    func theResultsDateComesFromThePeriodTheLeaderNames(_ typed: String, _ days: Int, _ tooSoon: Bool) throws {
        let plan = try #require(Self.walk("off-track", ["G0": "30", "G1": "yes", "T4": "no", "period": typed]).plan)
        #expect(plan.header.resultsDate == plan.header.date.adding(days: days))
        #expect((plan.workload?.contains("too soon to judge results") == true) == tooSoon)
    }

    @Test(arguments: [("1", 1), ("10 hours", 3)])
    func thisWeekFitsTheLeadersHours(_ typed: String, _ thisWeek: Int) throws {
        let answers = ["G0": "30", "G1": "yes", "G4": "no", "T1": "no", "T2": "no", "T4": "no", "S3": "no", "S5": "no", "time": typed]
        let plan = try #require(Self.walk("off-track", answers).plan)
        #expect(plan.actions.count >= 6)
        #expect(plan.thisWeek.count == thisWeek)
    }

    // MARK: Decisions

    static let developOrRedeploy = ["G0": "30", "G1": "yes", "S1": "no", "S1a": "no", "S2": "no"]

    @Test func developingDropsThePeopleDecisionWithItsReason() throws {
        let c = Self.walk("off-track", Self.developOrRedeploy.merging(["D1": "develop"]) { $1 })
        let plan = try #require(c.plan)
        #expect(plan.findings.map(\.id).contains("PE-01") && plan.findings.map(\.id).contains("PE-02"))
        #expect(plan.decisions.first?.chosen == "develop")
        #expect(plan.dropped.map(\.actionID) == ["R-PE-01"])
        #expect(plan.dropped.first?.reason.isEmpty == false)
        #expect(!plan.actions.contains { $0.id == "R-PE-01" } && plan.actions.contains { $0.id == "R-PE-02" })
        #expect(plan.rootCause?.findingID != "PE-01", "a dropped finding is not the root cause the plan acts on")
    }

    @Test func redeployingDropsTheDevelopmentPlan() throws {
        let plan = try #require(Self.walk("off-track", Self.developOrRedeploy.merging(["D1": "redeploy"]) { $1 }).plan)
        #expect(plan.dropped.map(\.actionID) == ["R-PE-02"])
        #expect(plan.actions.contains { $0.id == "R-PE-01" })
    }

    @Test func decidingLaterPutsADecisionPointInThePlanAndNeitherOptionThisWeek() throws {
        let plan = try #require(Self.walk("off-track", Self.developOrRedeploy.merging(["D1": "later"]) { $1 }).plan)
        let decision = try #require(plan.decisions.first)
        #expect(decision.chosen == nil && decision.due != nil)
        #expect(decision.options.map(\.id) == ["develop", "redeploy"])
        #expect(plan.lead?.pending == nil || plan.start?.hasPrefix("Decide first") == true, "where to start never waits for the decision")
        #expect(plan.coaching?.style == .verifyFirst, "no style while the rep's role is being decided")
        #expect(plan.dropped.isEmpty)
        let pending = plan.actions.filter { $0.pending != nil }
        #expect(Set(pending.map(\.id)) == ["R-PE-01", "R-PE-02"])
        #expect(pending.allSatisfy { !$0.thisWeek })
        #expect(plan.followUps.contains { $0.date == decision.due && $0.what.hasPrefix("Decide") })
    }

    @Test func holdingTheGoalDropsTheGoalReset() throws {
        let plan = try #require(Self.walk("off-track", ["G0": "30", "G1": "yes", "G2": "no", "G2a": "most", "D2": "hold"]).plan)
        #expect(plan.findings.map(\.id).contains("G-01"))
        #expect(plan.dropped.map(\.actionID) == ["R-G-01"])
        #expect(plan.decisions.first?.chosen == "hold")
        #expect(plan.rootCause?.findingID != "G-01")
    }

    // MARK: Honest wording and style

    @Test func anUnsureAboutExpectationsIsAVerificationTaskNotAnAccountabilityFinding() throws {
        let c = Self.walk("off-track", ["G0": "30", "G1": "yes", "W1": "call planning", "W2": "1", "W3": "unsure"])
        let plan = try #require(c.plan)
        #expect(!plan.findings.map(\.id).contains("W-02"))
        #expect(plan.verifications.map(\.id).contains("V-OTT.W3"))
    }

    @Test func anUnsureAboutPotentialIsAVerificationTaskNotADevelopmentPlan() throws {
        let plan = try #require(Self.walk("off-track", ["G0": "30", "G1": "yes", "S1": "no", "S1a": "unsure"]).plan)
        #expect(!plan.findings.map(\.id).contains("PE-02"))
        #expect(plan.verifications.map(\.id).contains("V-OTT.S1a"))
    }

    @Test func theCoachingStyleComesFromSkillAndWillEvidence() throws {
        #expect(try #require(Self.finished().plan).style == .guide, "never could, but motivated")
        let mixed = try #require(Self.walk("off-track", ["G0": "30", "G1": "yes", "T3": "no", "T3a": "no", "S6": "3"]).plan)
        #expect(mixed.style == .verifyFirst, "a 3 for motivation is no evidence of will")
    }

    @Test func aStyleThatWouldContradictThePlanBecomesVerifyFirst() throws {
        // Skilled and motivated by the answers, yet the plan inspects the work closely: not "delegate".
        let plan = try #require(Self.walk("off-track", ["G0": "30", "G1": "yes", "T3": "yes", "S5": "no", "S6": "5"]).plan)
        #expect(plan.recommendations.contains { $0.id == "feedback-inspection" })
        #expect(plan.style == .verifyFirst)
        #expect(plan.coaching?.reason.contains("check") == true)
    }

    @Test func aPlanThatOnlyMonitorsHasNoStyle() throws {
        let plan = try #require(Self.walk("off-track", ["G0": "3", "G0a": "no"]).plan)
        #expect(plan.findings.map(\.id) == ["G-00"])
        #expect(plan.style == nil)
    }

    @Test func theCommitmentIsKept() throws {
        #expect(try #require(Self.finished().plan).commitment == "Observe Dana on two calls")
    }
}
