@testable import CoachCLI
import Foundation
import Testing
import Transcript

/// What a new transcript's header records about its start: an instance name and the time, both made without a
/// formatter object per conversation.
@Suite struct TranscriptHeaderValuesTests {
    @Test func anInstanceNameIsEightLowercaseHexDigitsAndNamesOneInstance() {
        let names = (0..<1000).map { _ in TranscriptDirectory.instanceName() }
        for name in names {
            #expect(name.utf8.count == 8 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, "\(name)")
        }
        #expect(Set(names).count > 990, "random, not a counter or a constant")
    }

    @Test func theStartTimeIsTheHeaderTimestampOfNow() {
        let before = TranscriptHeader.timestamp(Date())
        let stamp = HeaderClock().now()
        let after = TranscriptHeader.timestamp(Date())
        #expect(stamp == before || stamp == after)
        // Asked many times across a second boundary, the kept text is always the timestamp of a second in the window.
        let clock = HeaderClock()
        let first = Date()
        var stamps: [String] = []
        while Date().timeIntervalSince(first) < 1.1 { stamps.append(clock.now()); usleep(20_000) }
        let window = stride(from: first.timeIntervalSince1970.rounded(.down), through: Date().timeIntervalSince1970, by: 1)
            .map { TranscriptHeader.timestamp(Date(timeIntervalSince1970: $0)) }
        #expect(Set(stamps).isSubset(of: window) && Set(stamps).count >= 2, "\(Set(stamps)) within \(window)")
    }
}
