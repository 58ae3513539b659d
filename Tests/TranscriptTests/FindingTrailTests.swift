import DialogEngine
import DialogTesting
import Testing
import Transcript

/// A report links each finding to the answer just before it was recorded.
@Suite struct FindingTrailTests {
    @Test func eachFindingOfThePlanIsLinkedToTheAnswerThatRecordedIt() throws {
        let file = try TranscriptReader.read(try Recording.record("off-track", Recording.ott1))
        let trail = FindingTrail(file)
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
        let trail = FindingTrail(try TranscriptReader.read(try Recording.record("off-track", ["Dana", "3", "no"])))
        #expect(trail.plan != nil, "a small gap not worth pursuing ends with a plan")
        #expect(trail.findings.map(\.id) == ["G-00"])
        let none = FindingTrail(try TranscriptReader.read(try Recording.record("off-track", ["Dana"])))
        #expect(none.markdown().contains("No finding was recorded."))
    }
}
