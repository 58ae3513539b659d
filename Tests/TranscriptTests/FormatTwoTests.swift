import CoachCLI
import DialogTesting
import Foundation
import Testing
import Transcript

/// Transcripts written before format 3 (two golden transcripts as recorded by the previous coach, with the dialog
/// versions they name): their inputs, answers and findings still replay message for message against the stored
/// dialog; their plans, written by the earlier plan builder, are authenticated by the chain and the seal, not
/// re-derived. Editing such a plan is still caught.
@Suite struct FormatTwoTests {
    static let dir = Repository.path("Tests/TranscriptTests/Fixtures/format-2")

    static func runner() -> ReplayRunner {
        var r = ReplayRunner(against: .recorded)
        r.key = Recording.goldenKey
        return r
    }

    @Test(arguments: ["OTT-1", "FCA-1"])
    func aFormatTwoTranscriptStillVerifiesAndSaysItsPlanIsNotReDerived(_ name: String) throws {
        let path = Self.dir + "/\(name).jsonl"
        let outcome = Self.runner().replay(path: path)
        #expect(outcome.header?.version == 2)
        #expect(outcome.trusted, "\(outcome.replay.verdict)")
        let text = ReplayFormatter.text([outcome], coverage: nil)
        #expect(text.contains("format 2: its plan was written by an earlier coach; the plan is authenticated by the seal, not re-derived"))
    }

    @Test func anEditedFormatTwoPlanIsStillCaught() throws {
        let original = try String(contentsOfFile: Self.dir + "/OTT-1.jsonl", encoding: .utf8)
        let edited = original.replacingOccurrences(of: "\"style\":\"guide\"", with: "\"style\":\"delegate\"")
        #expect(edited != original, "the fixture's plan names its style")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("format2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("dialogs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        for f in try FileManager.default.contentsOfDirectory(atPath: Self.dir + "/dialogs") {
            try FileManager.default.copyItem(atPath: Self.dir + "/dialogs/" + f, toPath: tmp.appendingPathComponent("dialogs/" + f).path)
        }
        let path = tmp.appendingPathComponent("OTT-1.jsonl").path
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = Self.runner().replay(path: path)
        #expect(!outcome.trusted)
        if case .tampered = outcome.replay.verdict {} else { Issue.record("expected tampered, got \(outcome.replay.verdict)") }
    }

    @Test func aFormatTwoReportSaysThePlanIsFromAnEarlierCoachAndKeepsTheFindings() throws {
        let (output, error, status) = ReportRunner.run(path: Self.dir + "/OTT-1.jsonl", key: Recording.goldenKey, unverified: false)
        #expect(status == 0 && error == nil)
        #expect(output.hasPrefix("# Plan written by an earlier coach"))
        #expect(output.contains("- **T-03** Genuine skill gap: never could"))
    }
}
