import DialogModel

/// Spreads a plan's actions over the weeks to its results date: in plan order, as many a week as the leader's
/// hours allow, at most three this week, never more than two due the same day, none due after the results date.
struct Scheduler {
    struct Slot: Hashable {
        let due: Day
        let thisWeek: Bool
    }

    static let thisWeekLimit = 3
    static let perDayLimit = 2

    let day: Day
    let results: Day
    let hoursPerWeek: Double
    let settings: Settings
    /// Weeks the actions would need at the leader's hours, and whether some had to be squeezed before the results date.
    private(set) var weeksNeeded = 0
    private(set) var squeezed = false

    init(day: Day, results: Day, hoursPerWeek: Double, settings: Settings) {
        self.day = day
        self.results = results
        self.hoursPerWeek = hoursPerWeek
        self.settings = settings
    }

    /// A due date for each action, in order. Actions waiting for a decision are never this week's.
    mutating func schedule(_ actions: [(fix: Finding.Fix, pending: Bool)]) -> [Slot] {
        // Weeks by the leader's hours, in plan order: each action goes to the first week from its course's cursor
        // with room for it (a week with nothing in it has room for anything). Actions waiting for a decision keep
        // their own cursor, from next week, after the decision is due; both share the leader's hours.
        // Small arrays by week, not dictionaries: a plan has a handful of actions (no hashing, two allocations).
        var used: [Double] = [], placed: [Int] = []
        var cursor = (decided: 0, pending: 1)
        func place(_ hours: Double, from start: Int) -> Int {
            var w = start
            while true {
                if w >= used.count {
                    used.append(contentsOf: repeatElement(0, count: w + 1 - used.count))
                    placed.append(contentsOf: repeatElement(0, count: w + 1 - placed.count))
                }
                let room = used[w] == 0 || used[w] + hours <= hoursPerWeek
                if room && (w != 0 || placed[0] < Self.thisWeekLimit) { break }
                w += 1
            }
            used[w] += hours
            placed[w] += 1
            return w
        }
        let weeks = actions.map { a -> Int in
            let hours = a.fix == .quick ? settings.quickFixHours : settings.projectHours
            if a.pending {
                cursor.pending = place(hours, from: cursor.pending)
                return cursor.pending
            }
            cursor.decided = place(hours, from: cursor.decided)
            return cursor.decided
        }
        weeksNeeded = (weeks.max() ?? -1) + 1
        // Due days: the end of the action's week, earlier within it when two are due already; never past the day
        // before the results date, and never more than two on one day.
        let last = results.adding(days: -1).ordinal
        // Due days taken, as day ordinals (a handful: a linear count beats hashing).
        var taken: [Int] = []
        taken.reserveCapacity(actions.count)
        func free(from target: Int, floor: Int) -> Int? {
            var d = min(target, last)
            while d > floor {
                var n = 0
                for t in taken where t == d { n += 1 }
                if n < Self.perDayLimit { return d }
                d -= 1
            }
            return nil
        }
        return zip(actions, weeks).map { _, w in
            let target = day.ordinal + 7 * w + 6
            var due = free(from: target, floor: day.ordinal + 7 * w) ?? free(from: target + 7, floor: day.ordinal + 7 * w)
            if due == nil || due! > last || target > last {
                squeezed = squeezed || target > last
                due = free(from: last, floor: day.ordinal) ?? last
            }
            taken.append(due!)
            return Slot(due: Day(ordinal: due!), thisWeek: w == 0 && due! <= day.ordinal + 6)
        }
    }

    /// A sentence for the leader when the plan does not fit their time or the results date; nil when it fits.
    func workload(horizon: (days: Int, tooSoon: Int?)) -> String? {
        var out: [String] = []
        if let soon = horizon.tooSoon {
            out.append("The period you named ends in \(soon) days, too soon to judge results by, so results are judged on \(results).")
        }
        if hoursPerWeek < 1 {
            out.append("You said you have under an hour a week; the plan assumes half an hour a week and one action at a time.")
        }
        if squeezed {
            let hours = hoursPerWeek == hoursPerWeek.rounded() ? String(Int(hoursPerWeek)) : String(hoursPerWeek)
            out.append("At \(hours) \(hours == "1" ? "hour" : "hours") a week these actions need \(weeksNeeded) weeks, more than the time to the results date, "
                       + "so the later ones are bunched before it: drop or delegate some, or find more time.")
        }
        return out.isEmpty ? nil : out.joined(separator: " ")
    }
}
