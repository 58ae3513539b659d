import CoachCLI
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing
import Transcript

/// Format 4 records the plan compactly (lead, findings, dates and a digest of the whole plan) and replay recomputes it:
/// a plan that is not the one recorded diverges at its digest, and every reader gets the whole plan back. Format-3
/// transcripts, whose plans are stored whole, still replay and report as before.
@Suite struct FormatFourTests {
    static let golden = Repository.path("Transcripts/off-track/OTT-1.jsonl")
    static let formatThree = Repository.path("Tests/TranscriptTests/Fixtures/format-3")

    static func runner() -> ReplayRunner {
        var r = ReplayRunner(against: .recorded)
        r.key = Recording.goldenKey
        return r
    }

    /// A copy of a transcript, edited, re-chained and sealed again with the golden key (so only the edit is wrong),
    /// beside a copy of the dialog versions it names.
    static func resealedCopy(of path: String, dialogs: String, _ edit: (String) -> String) throws -> (dir: String, path: String) {
        let dir = Recording.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir + "/dialogs", withIntermediateDirectories: true)
        for f in try FileManager.default.contentsOfDirectory(atPath: dialogs) {
            try FileManager.default.copyItem(atPath: dialogs + "/" + f, toPath: dir + "/dialogs/" + f)
        }
        let text = edit(try String(contentsOfFile: path, encoding: .utf8))
        var chained = Recording.lines(Forger.rechain(Array(text.utf8)))
        let sealLine = chained.count - 2  // the last line is empty (the file ends in a newline)
        let seal = try #require(try TranscriptReader.read(Array(chained.joined(separator: "\n").utf8)).seal)
        let mac = Recording.goldenKey.mac(turn: seal.turn, lines: seal.lines, head: seal.head)
        chained[sealLine] = chained[sealLine].replacingOccurrences(of: #""mac":"[0-9a-f]*""#, with: "\"mac\":\"\(mac)\"", options: .regularExpression)
        let out = dir + "/" + (path as NSString).lastPathComponent
        try Data(Forger.rechain(Recording.join(chained))).write(to: URL(fileURLWithPath: out))
        return (dir, out)
    }

    @Test func theGoldenTranscriptsPlanMessageIsCompact() throws {
        let line = try #require(Recording.lines(Array(try Data(contentsOf: URL(fileURLWithPath: Self.golden)))).first { $0.contains("\"type\":\"plan\"") })
        #expect(line.wholeMatch(of: /\{"turn":35,"type":"plan","lead":"T-03","findings":\["T-06","T-03","PE-02"\],"date":"2026-11-27","resultsDate":"2027-01-08","digest":"[0-9a-f]{64}","hash":"[0-9a-f]{64}"\}/) != nil, "\(line)")
    }

    @Test func aPlanDigestAlteredAndResealedDivergesAtThePlanAndSaysSo() throws {
        let (dir, path) = try Self.resealedCopy(of: Self.golden, dialogs: Repository.path("Transcripts/dialogs")) { text in
            text.replacing(/"digest":"([0-9a-f])/) { m in "\"digest\":\"" + (m.output.1 == "0" ? "1" : "0") }
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = Self.runner().replay(path: path)
        #expect(outcome.authentication == .authentic(key: Recording.goldenKey.id), "only the digest is wrong: the seal authenticates")
        guard case .diverged(let d) = outcome.replay.verdict else { Issue.record("expected a divergence, got \(outcome.replay.verdict)"); return }
        #expect(d.turn == 35 && d.recorded?["type"]?.string == "plan" && d.replayed?["type"]?.string == "plan")
        #expect(d.recorded?["digest"] != d.replayed?["digest"])
        #expect(outcome.replay.plan == nil, "a plan that does not match the record is not given out")
        let text = ReplayFormatter.text([outcome], coverage: nil)
        #expect(text.contains("OTT-1.jsonl:\(d.line ?? 0): diverged at turn 35"), "\(text)")
        #expect(text.contains("  the plan recomputed from the answers is not the plan recorded: its digest differs\n"), "\(text)")
        let (report, error, status) = ReportRunner.run(path: path, key: Recording.goldenKey, unverified: false)
        #expect(status == 1 && report.isEmpty)
        #expect(error == "\(path): its plan cannot be recomputed: the replay diverged at turn 35, line \(d.line ?? 0) (coach replay says more); no report")
    }

    @Test func reportOnAFormatFourTranscriptShowsTheWholePlanRecomputed() throws {
        let file = try TranscriptReader.read(path: Self.golden)
        #expect(file.header.version == 4)
        let plan = try #require(Replayer.replay(file, dialog: try Repository.dialog("off-track")).plan)
        let digests = file.lines.compactMap { line -> String? in
            guard case .output(let m) = line.entry, m["type"]?.string == "plan" else { return nil }
            return m["digest"]?.string
        }
        let recorded = try #require(digests.first)
        #expect(PlanRecord.digest(plan) == recorded, "the recomputed plan is the one recorded")
        let (output, error, status) = ReportRunner.run(path: Self.golden, key: Recording.goldenKey, unverified: false)
        #expect(status == 0 && error == nil)
        #expect(output.hasPrefix(PlanRenderer(style: .markdown).render(plan) + "\n"))
        #expect(output.contains(try #require(plan.recommendations.first?.lesson.objective)), "the lesson plans are in it")
        #expect(output.contains("## Findings and the answers behind them"))
    }

    @Test func replayOnAFormatFourTranscriptShowsTheWholePlan() throws {
        let (json, _, status) = Self.runner().run([Self.golden], format: .json, coverage: false)
        #expect(status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let item = try #require((root["transcripts"] as? [[String: Any]])?.first)
        let plan = try #require(item["plan"] as? [String: Any])
        #expect((plan["recommendations"] as? [Any])?.isEmpty == false)
        #expect(((plan["rootCause"] as? [String: Any])?["findingID"] as? String) == "T-03")
        let (text, _, _) = Self.runner().run([Self.golden], format: .text, coverage: false)
        #expect(text.contains("  plan \"A rep is not on track to hit target\" recomputed from the answers; its digest matches the record\n"), "\(text)")
    }

    @Test(arguments: ["OTT-1", "FCA-3"])
    func aFormatThreeTranscriptStillReplaysAndReportsItsStoredPlan(_ name: String) throws {
        let path = Self.formatThree + "/\(name).jsonl"
        let outcome = Self.runner().replay(path: path)
        #expect(outcome.header?.version == 3)
        #expect(outcome.trusted, "\(outcome.replay.verdict)")
        let (output, error, status) = ReportRunner.run(path: path, key: Recording.goldenKey, unverified: false)
        #expect(status == 0 && error == nil)
        let stored = try #require(FindingTrail(try TranscriptReader.read(path: path)).plan, "format 3 stores the plan whole")
        #expect(output.hasPrefix(PlanRenderer(style: .markdown).render(stored) + "\n"))
    }

    @Test func aFormatThreePlanEditedAndResealedStillDiverges() throws {
        let (dir, path) = try Self.resealedCopy(of: Self.formatThree + "/OTT-1.jsonl", dialogs: Self.formatThree + "/dialogs") { text in
            text.replacingOccurrences(of: "\"style\":\"guide\"", with: "\"style\":\"delegate\"")
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = Self.runner().replay(path: path)
        #expect(outcome.authentication == .authentic(key: Recording.goldenKey.id))
        guard case .diverged(let d) = outcome.replay.verdict else { Issue.record("expected a divergence, got \(outcome.replay.verdict)"); return }
        #expect(d.recorded?["type"]?.string == "plan", "a format-3 plan is re-derived whole")
    }

    @Test func aFormatThreeTranscriptIsContinuedWithWholePlans() throws {
        let dialog = try Repository.dialog("off-track")
        let header = TranscriptHeader(version: 3, dialog: dialog.id, dialogVersion: dialog.version, contentHash: Recording.snapshot(dialog).hash,
                                      coach: "0.1.0", conversation: "v3", subject: nil, started: Recording.started)
        let sink = MemorySink()
        let recorder = try Recorder(engine: Engine(dialog: dialog), writer: TranscriptWriter(header: header, sink: sink), day: Recording.day)
        for a in Recording.ott1 { try recorder.send(Event(.answered(a), on: Recording.day)) }
        try recorder.seal(key: nil)
        let file = try TranscriptReader.read(sink.bytes)
        #expect(sink.text.contains("\"type\":\"plan\",\"plan\":{\"answers\":"), "a format-3 record keeps its format")
        #expect(Replayer.replay(file, dialog: dialog).verdict == .verified)
    }
}
