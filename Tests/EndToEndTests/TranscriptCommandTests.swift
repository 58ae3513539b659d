import DialogTesting
import Foundation
import Testing

/// `coach replay` and `coach report` through the built binary, on the golden transcripts and edited copies.
@Suite(.timeLimit(.minutes(2))) struct TranscriptCommandTests {
    /// A temporary copy of `Transcripts/` (transcripts and stored dialog versions).
    static func copyOfTranscripts() throws -> String {
        let dir = NSTemporaryDirectory() + "coach-e2e-transcripts-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Repository.path("Transcripts"), toPath: dir)
        return dir
    }

    @Test func replayVerifiesEveryGoldenTranscriptAndExitsZero() throws {
        let r = try CoachProcess.run(["replay", "Transcripts"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Transcripts/off-track/OTT-1.jsonl: verified, "))
        #expect(r.stdout.hasSuffix("26 transcripts: 26 verified\n"))
    }

    @Test func replayReportsAnEditedByteWithItsLineAndFails() throws {
        let dir = try Self.copyOfTranscripts()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/off-track/OTT-2.jsonl"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"text\":\"Sam\"", with: "\"text\":\"Sal\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CoachProcess.run(["replay", path, "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"status\":\"tampered\""))
        #expect(r.stdout.contains("\"line\":3,"))
    }

    @Test func replayReportsADeletedLineAndATornLastLine() throws {
        let dir = try Self.copyOfTranscripts()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let deleted = dir + "/off-track/OTT-1.jsonl", torn = dir + "/off-track/OTT-2.jsonl"
        var lines = try String(contentsOfFile: deleted, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 4)
        try lines.joined(separator: "\n").write(toFile: deleted, atomically: true, encoding: .utf8)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: torn))
        try bytes.prefix(bytes.count - 500).write(to: URL(fileURLWithPath: torn))
        let r = try CoachProcess.run(["replay", deleted, torn])
        #expect(r.status == 1)
        #expect(r.stdout.contains("OTT-1.jsonl:5: tampered: "))
        #expect(r.stdout.contains("OTT-2.jsonl: verified") && r.stdout.contains("torn last line 13"), "\(r.stdout)")
    }

    @Test func replayAgainstACurrentDialogThatChangedShowsTheDivergence() throws {
        let dialogs = NSTemporaryDirectory() + "coach-e2e-dialogs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dialogs) }
        try FileManager.default.copyItem(atPath: Repository.path("Dialogs"), toPath: dialogs)
        let file = dialogs + "/off-track.yaml"
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        try yaml.replacingOccurrences(of: "Has the sales person ever hit their sales goal?", with: "Has the rep ever hit goal?")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let recorded = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-1.jsonl", "--against", "recorded"])
        #expect(recorded.status == 0)
        let current = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-1.jsonl", "--against", "current", "--dialogs", dialogs])
        #expect(current.status == 1)
        #expect(current.stdout.contains("OTT-1.jsonl:8: diverged at turn 2, question OTT.G0"), "\(current.stdout)")
        #expect(current.stdout.contains("recorded: {\"type\":\"question\",\"node\":\"OTT.G1\""))
        #expect(current.stdout.contains("\"text\":\"Has the rep ever hit goal?\"}"))
        #expect(current.stdout.contains("the dialog changed since recording: a981f54f09e5 -> "))
    }

    @Test func replayCoverageCountsEveryNodeChoiceAndFinding() throws {
        let r = try CoachProcess.run(["replay", "Transcripts/off-track", "--coverage", "--against", "current"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("coverage of off-track: nodes 37/37, choices 95/95, findings 31/31\n"))
        let one = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-2.jsonl", "--coverage"])
        #expect(one.stdout.contains("Dialogs/off-track.yaml") == false, "recorded versions name their stored paths")
        #expect(one.stdout.contains("off-track.yaml:60: node OTT.G1 never reached"), "\(one.stdout)")
    }

    @Test func reportPrintsThePlanWithTheAnswersBehindEachFinding() throws {
        let r = try CoachProcess.run(["report", "Transcripts/off-track/OTT-1.jsonl"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# Coaching plan: A rep is not on track to hit target"))
        #expect(r.stdout.contains("## Findings and the answers behind them"))
        #expect(r.stdout.contains("- **T-03** Genuine skill gap: never could\n  - answer to `OTT.T3b` (Skill history): \"never could\""))
    }
}
