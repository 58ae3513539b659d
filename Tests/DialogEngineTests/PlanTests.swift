import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// The plan: root cause, plan order (rule R4), lesson plans and dates.
@Suite struct PlanTests {
    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "Observe Dana on two calls"]

    static func finished(on day: Day = .reference) -> Conversation {
        var c = Conversation(Repository.dialog("off-track"), on: day)
        for a in ott1 where c.asking != nil { c.answer(a) }
        return c
    }

    @Test func theWorkedExampleLeadsWithObservingInFrontOfCustomers() throws {
        let plan = try #require(Self.finished().plan)
        #expect(plan.findings.map(\.id) == ["T-06", "T-03", "PE-02"])
        #expect(plan.lead?.id == "R-T-06")
        #expect(plan.rootCause?.sentence.contains("quick fix") == true)
        #expect(plan.rootCause?.category == .people && plan.rootCause?.component == .tasks)
    }

    @Test func everyRecommendationCarriesALessonPlan() throws {
        let plan = try #require(Self.finished().plan)
        for r in plan.recommendations {
            #expect(!r.lesson.objective.isEmpty && !r.lesson.materials.isEmpty)
            #expect(!r.lesson.accountability.isEmpty && !r.lesson.evaluation.isEmpty)
        }
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

    @Test func theCoachingStyleComesFromSkillAndWill() throws {
        #expect(try #require(Self.finished().plan).style == .guide)
    }

    @Test func theCommitmentIsKept() throws {
        #expect(try #require(Self.finished().plan).commitment == "Observe Dana on two calls")
    }
}
