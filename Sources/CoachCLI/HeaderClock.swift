import Foundation
import Synchronization
import Transcript

/// The time a transcript's header records (`TranscriptHeader.timestamp`, whole seconds, local time with its
/// offset), formatted at most once per second of the wall clock and shared by every conversation started in it.
final class HeaderClock: Sendable {
    private let last = Mutex<(second: Int, text: String)?>(nil)

    /// The header timestamp of now.
    func now() -> String {
        let date = Date()
        let second = Int(date.timeIntervalSince1970.rounded(.down))
        if let kept = last.withLock({ $0 }), kept.second == second { return kept.text }
        let text = TranscriptHeader.timestamp(date)
        last.withLock { $0 = (second, text) }
        return text
    }
}
