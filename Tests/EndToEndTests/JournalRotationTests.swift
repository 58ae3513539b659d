import DialogTesting
import Foundation
import Testing

/// A server that runs for weeks keeps its journal bounded: past a size (`COACH_JOURNAL_SEGMENT_BYTES`, 64 MiB by
/// default) it moves to a new segment; the live conversations' frames go to their files and the old segment is
/// deleted once they are durable. Killed at any point, the next start recovers every turn from what is left.
@Suite(.serialized, .timeLimit(.minutes(5))) struct JournalRotationTests {
    static let ids = ["r1", "r2", "r3"]

    static func serve(_ home: String, durability: String = "delayed") throws -> ServeProcess {
        let s = try ServeProcess(arguments: ["--durability", durability],
                                 environment: ["XDG_DATA_HOME": home, "COACH_JOURNAL_SEGMENT_BYTES": "4096"])
        s.send(ProtocolTests.initialize)
        _ = try #require(s.next())
        return s
    }

    static func segments(_ home: String) -> [String] {
        JournalTests.files(JournalTests.transcripts(home) + "/journal").filter { $0.hasSuffix(".jsonl") }
    }

    @Test func theJournalMovesToNewSegmentsAndDeletesTheOldOnesWhileServing() throws {
        let home = CoachProcess.scratchDirectory()
        let s = try Self.serve(home)
        var id = 1
        try JournalTests.start(s, Self.ids, id: &id)
        let first = Self.segments(home)
        #expect(first.count == 1)
        var seen = Set(first)
        try JournalTests.answer(s, Self.ids, turns: 0..<20, id: &id) { seen.formUnion(Self.segments(home)) }
        // Sixty turns of about a kilobyte each went through segments of 4 KiB, and the server, still serving,
        // deletes each old one once its frames are in their files (soon after the rotation; a loaded machine's
        // syncs may take a while).
        let deadline = Date().addingTimeInterval(20)
        while Self.segments(home).count > 1 && Date() < deadline { usleep(10_000) }
        let now = Self.segments(home)
        #expect(now.count == 1 && now != first, "\(first) -> \(now)")
        #expect(seen.count > 5, "a dozen rotations or so, saw \(seen.count) segments")
        s.close()
        #expect(s.wait() == 0)
        #expect(JournalTests.files(JournalTests.transcripts(home) + "/journal") == ["serve.lock"])
        for c in Self.ids {
            let check = try JournalTests.check(ResumeTests.transcript(home, c))
            #expect(check.inputs == 20 && check.intact, "\(c): \(check.output)")
        }
    }

    @Test(arguments: [(5, "delayed"), (11, "sync"), (17, "process")])
    func aServerKilledAfterRotationsLosesNoTurn(after turns: Int, durability: String) throws {
        let home = CoachProcess.scratchDirectory()
        let s = try Self.serve(home, durability: durability)
        var id = 1
        try JournalTests.start(s, Self.ids, id: &id)
        try JournalTests.answer(s, Self.ids, turns: 0..<turns, id: &id)
        kill(s.process.processIdentifier, SIGKILL)
        _ = s.wait()
        // The next start recovers every segment left, in order; each conversation goes on where it stopped.
        let again = try Self.serve(home, durability: durability)
        try JournalTests.answer(again, Self.ids, turns: turns..<(turns + 3), id: &id)
        again.close()
        #expect(again.wait() == 0)
        #expect(JournalTests.files(JournalTests.transcripts(home) + "/journal") == ["serve.lock"])
        for c in Self.ids {
            let check = try JournalTests.check(ResumeTests.transcript(home, c))
            #expect(check.inputs == turns + 3 && check.intact, "\(c): \(check.output)")
        }
    }
}
