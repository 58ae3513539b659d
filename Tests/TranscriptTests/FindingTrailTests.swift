import DialogEngine
import DialogTesting
import Testing
import Transcript

/// A report links each finding to the answer just before it was recorded.
@Suite struct FindingTrailTests {
    @Test func eachFindingOfThePlanIsLinkedToTheAnswerThatRecordedIt() throws {
        let file = try TranscriptReader.read(try Recording.record("off-track", Recording.ott1))
        let trail = FindingTrail(file, dialog: try Repository.dialog("off-track"))
        #expect(trail.plan?.findings.map(\.id) == ["T-06", "T-03", "PE-02"])
        #expect(Set(trail.findings.map(\.id)) == ["T-06", "T-03", "PE-02"])
        let t03 = try #require(trail.findings.first { $0.id == "T-03" }?.evidence.first)
        #expect(t03.typed == "never could")
        #expect(t03.node != nil && t03.understood != nil && t03.answerLine != nil)
        let md = trail.markdown()
        #expect(md.contains("- **T-03** "))
        #expect(md.contains("\"never could\", understood as "))
    }

    @Test func withoutAPlanTheFindingsSoFarAreListed() throws {
        let trail = FindingTrail(try TranscriptReader.read(try Recording.record("off-track", ["Dana", "3", "no"])),
                                 dialog: try Repository.dialog("off-track"))
        #expect(trail.plan != nil, "a small gap not worth pursuing ends with a plan")
        #expect(trail.findings.map(\.id) == ["G-00"])
        let none = FindingTrail(try TranscriptReader.read(try Recording.record("off-track", ["Dana"])))
        #expect(none.markdown().contains("No finding was recorded."))
    }
}

/// Only answers standing at the end are evidence (issue 10): one undone with back, replaced or dropped by a change,
/// or wiped by a restart is not, and neither is what it recorded.
@Suite struct StandingEvidenceTests {
    /// OTT-1's answers with `events` in place of the 22nd, the answer to OTT.T4 ("no": T-06).
    static func ott1(replacingT4 events: [Event.Kind]) -> [Event.Kind] {
        let a = Recording.ott1.map { Event.Kind.answered($0) }
        return Array(a[..<21]) + events + Array(a[22...])
    }

    static func trail(_ events: [Event.Kind]) throws -> FindingTrail {
        let dialog = try Repository.dialog("off-track")
        return FindingTrail(try TranscriptReader.read(try Recording.record(dialog, conversation: "t", events)), dialog: dialog)
    }

    @Test func anAnswerUndoneWithBackIsNotEvidence() throws {
        let trail = try Self.trail(Self.ott1(replacingT4: [.answered("no"), .wentBack, .answered("no")]))
        let t06 = try #require(trail.findings.first { $0.id == "T-06" })
        #expect(t06.evidence.count == 1, "\(t06.evidence)")
        let plain = try Self.trail(Self.ott1(replacingT4: [.answered("no")]))
        let first = try #require(plain.findings.first { $0.id == "T-06" }?.evidence.first)
        #expect(t06.evidence[0].line > first.line + 2, "the answer given after :back, not the one undone")
        #expect(!trail.markdown().contains("recorded on line \(first.line)\n"))
    }

    @Test func aFindingOfAnUndoneAnswerIsNotListed() throws {
        let events = Array(Self.ott1(replacingT4: [.answered("no"), .wentBack, .answered("unsure")]).prefix(23))
        let trail = try Self.trail(events)
        #expect(trail.plan == nil)
        #expect(trail.findings.map(\.id) == ["T-03"], "T-06 was recorded by the answer undone")
        #expect(!trail.markdown().contains("T-06"))
    }

    @Test func anAnswerReplacedByAChangeIsNotEvidence() throws {
        let trail = try Self.trail(Array(Self.ott1(replacingT4: [.answered("no"), .changed(node: "OTT.T4", to: "unsure")]).prefix(23)))
        #expect(trail.findings.map(\.id) == ["T-03"], "T-06 went with the answer changed")
        #expect(trail.findings[0].evidence.count == 1, "T-03's answer still stands")
    }

    @Test func aFindingAChangeBroughtSaysSo() throws {
        let trail = try Self.trail(Self.ott1(replacingT4: [.answered("yes"), .changed(node: "OTT.T4", to: "no")]))
        #expect(trail.plan?.findings.map(\.id).contains("T-06") == true)
        #expect(trail.findings.contains { $0.id == "T-06" } == false, "the change recorded no line for it")
        let line = try #require(trail.lastChangeLine)
        #expect(trail.markdown().contains("- **T-06**: it came with the answers changed on transcript line \(line)"), "\(trail.markdown())")
    }

    @Test func answersBeforeARestartAreNotEvidence() throws {
        let a = Recording.ott1.map { Event.Kind.answered($0) }
        let trail = try Self.trail(Array(a[..<22]) + [.restarted] + a)
        let plain = try Self.trail(a)
        #expect(trail.findings.map(\.id) == plain.findings.map(\.id))
        for f in trail.findings { #expect(f.evidence.count == 1, "\(f.id): \(f.evidence)") }
    }
}
