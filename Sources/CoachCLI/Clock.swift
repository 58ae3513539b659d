import DialogEngine
import Foundation

/// Today's date from the system clock, in the local time zone; the only place coach reads the clock.
public enum Clock {
    public static func today() -> Day {
        if let fixed = ProcessInfo.processInfo.environment["COACH_TODAY"], let day = Day(iso: fixed) { return day }
        let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }
}
