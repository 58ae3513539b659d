import DialogEngine
import Foundation

/// Today's date from the system clock, in the local time zone; the only place coach reads the clock.
/// `COACH_TODAY=YYYY-MM-DD` fixes the date (tests, demos); it is read once.
public enum Clock {
    static let fixed: Day? = ProcessInfo.processInfo.environment["COACH_TODAY"].flatMap(Day.init(iso:))

    public static func today() -> Day {
        if let fixed { return fixed }
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }
}
