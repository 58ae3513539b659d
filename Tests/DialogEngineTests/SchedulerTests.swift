@testable import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// The schedule under the plan: whatever the number of actions, the leader's hours and the horizon, at most three
/// actions this week, at most two due on a day, every one due after the plan's date and before its results date,
/// and in plan order by week. Seeded, so a failure names its case.
@Suite struct SchedulerTests {
    static let settings = Settings(values: ["quickFixHours": 1, "projectHours": 2])

    @Test(arguments: 0..<300)
    func theScheduleKeepsItsLimits(_ seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        let day = Day(year: 2026, month: 1, day: 1).adding(days: Int(rng.next() % 730))
        let horizon = 28 + Int(rng.next() % 200)
        let hours = [0.5, 1, 2, 3, 5, 10, 40][Int(rng.next() % 7)]
        let count = Int(rng.next() % 32)
        let actions = (0..<count).map { _ in
            (fix: rng.next() % 2 == 0 ? Finding.Fix.quick : .project, pending: rng.next() % 7 == 0)
        }
        var scheduler = Scheduler(day: day, results: day.adding(days: horizon), hoursPerWeek: hours, settings: Self.settings)
        let slots = scheduler.schedule(actions)
        #expect(slots.count == count)
        #expect(slots.filter(\.thisWeek).count <= 3, "seed \(seed)")
        var perDay: [Day: Int] = [:]
        for s in slots { perDay[s.due, default: 0] += 1 }
        #expect(perDay.values.allSatisfy { $0 <= 2 }, "seed \(seed): \(perDay.filter { $0.value > 2 })")
        #expect(slots.allSatisfy { $0.due > day && $0.due < day.adding(days: horizon) }, "seed \(seed)")
        for (s, a) in zip(slots, actions) where a.pending { #expect(!s.thisWeek, "seed \(seed): a pending action this week") }
        for s in slots where s.thisWeek { #expect(s.due.ordinal - day.ordinal <= 6) }
        if count > 0, !actions[0].pending { #expect(slots[0].thisWeek, "seed \(seed): the lead action is this week's") }
    }

    @Test func aLeaderWithTwoHoursGetsTwoQuickFixesThisWeekAndTheRestLater() {
        let day = Day(year: 2026, month: 12, day: 28)
        var s = Scheduler(day: day, results: day.adding(days: 90), hoursPerWeek: 2, settings: Self.settings)
        let slots = s.schedule(Array(repeating: (fix: Finding.Fix.quick, pending: false), count: 10))
        #expect(slots.filter(\.thisWeek).count == 2)
        #expect(slots.map(\.due) == slots.map(\.due).sorted(), "due dates follow plan order")
        #expect(s.workload(horizon: (90, nil)) == nil)
    }

    @Test func morePlanThanTimeIsSaidAndBunchedBeforeTheResultsDate() {
        let day = Day(year: 2026, month: 3, day: 2)
        var s = Scheduler(day: day, results: day.adding(days: 28), hoursPerWeek: 1, settings: Self.settings)
        let slots = s.schedule(Array(repeating: (fix: Finding.Fix.project, pending: false), count: 12))
        #expect(slots.allSatisfy { $0.due < day.adding(days: 28) })
        let text = s.workload(horizon: (28, nil))
        #expect(text?.contains("At 1 hour a week these actions need 12 weeks") == true)
    }

    @Test func aPeriodEndTooSoonIsSaid() {
        let day = Day(year: 2026, month: 12, day: 28)
        let s = Scheduler(day: day, results: day.adding(days: 90), hoursPerWeek: 2, settings: Self.settings)
        #expect(s.workload(horizon: (90, 3))?.hasPrefix("The period you named ends in 3 days, too soon to judge results by") == true)
    }
}
