import CoachCLI
import DialogCompiler
import DialogEngine
import DialogTesting
import Foundation
import Testing
import Transcript
import Yams

/// The golden transcripts in `Transcripts/<dialog>/<name>.jsonl`, one per scripted conversation of
/// `Tests/ContentTests/Scripts/`, recorded with fixed ids and a fixed day. `RECORD_TRANSCRIPTS=1 swift test --filter
/// Golden` records them again (and stores the dialog versions in `Transcripts/dialogs/`). They are sealed with the
/// fixture key `Transcripts/golden.key`.
@Suite(.serialized) struct GoldenTranscriptTests {
    /// One scripted conversation: the dialog, its short name (`OTT-1`) and the answers as typed.
    struct Golden: CustomStringConvertible, Sendable {
        let dialog: String
        let name: String
        let answers: [String]
        var description: String { "\(dialog)/\(name)" }
        var path: String { Repository.path("Transcripts/\(dialog)/\(name).jsonl") }
    }

    static let dialogs = ["coach", "off-track", "icp-reluctance", "forecast-accuracy"]

    static let all: [Golden] = dialogs.flatMap { dialog -> [Golden] in
        let path = Repository.path("Tests/ContentTests/Scripts/\(dialog).yaml")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let root = try? Yams.compose(yaml: text),
              let list = root.mapping?["conversations"]?.sequence else { return [] }
        return list.compactMap { item in
            guard let m = item.mapping, let name = m["name"]?.scalar?.string, let short = name.split(separator: " ").first else { return nil }
            let answers = (m["answers"]?.sequence ?? []).compactMap { a -> String? in
                guard let s = a.scalar?.string, let eq = s.firstIndex(of: "=") else { return nil }
                return String(s[s.index(after: eq)...])
            }
            return Golden(dialog: dialog, name: String(short), answers: answers)
        }
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_TRANSCRIPTS"] == "1" }

    static func record(_ g: Golden) throws -> [UInt8] {
        try Recording.record(Repository.dialog(g.dialog), conversation: "golden:\(g.dialog):\(g.name)", g.answers.map { .answered($0) },
                            key: Recording.goldenKey)
    }

    @Test func everyScriptHasAGoldenTranscript() {
        #expect(Self.all.count >= 25)
        #expect(Set(Self.all.map(\.description)).count == Self.all.count, "short names are unique per dialog")
    }

    @Test(arguments: all)
    func theGoldenTranscriptIsWhatTheScriptRecordsToday(_ g: Golden) throws {
        let bytes = try Self.record(g)
        if Self.recording {
            try DialogStore(directory: Repository.path("Transcripts")).save(Recording.snapshot(Repository.dialog(g.dialog)))
            try FileSink.makeDirectories((g.path as NSString).deletingLastPathComponent)
            try Data(bytes).write(to: URL(fileURLWithPath: g.path))
        }
        let golden = try #require(FileManager.default.contents(atPath: g.path), "no \(g.path); record with RECORD_TRANSCRIPTS=1")
        #expect(Array(golden) == bytes, "\(g) changed; if that is intended, record again with RECORD_TRANSCRIPTS=1")
    }

    @Test(arguments: all)
    func theGoldenTranscriptReplaysVerifiedAgainstItsRecordedDialog(_ g: Golden) {
        var runner = ReplayRunner(against: .recorded)
        runner.key = Recording.goldenKey
        let outcome = runner.replay(path: g.path)
        #expect(outcome.replay.verdict == .verified, "\(g): \(outcome.replay.verdict)")
        #expect(outcome.authentication == .authentic(key: Recording.goldenKey.id))
        #expect(outcome.torn == nil)
    }

    @Test func theGoldenTranscriptsTogetherReachEveryNodeChoiceAndFindingOfEveryDialog() {
        var runner = ReplayRunner(against: .current, current: (Repository.dialogs.dialogs, "Dialogs"))
        runner.key = Recording.goldenKey
        var coverage = CoverageReport()
        for g in Self.all {
            let o = runner.replay(path: g.path)
            #expect(o.replay.verdict == .verified, "\(g) against today's dialogs: \(o.replay.verdict)")
            if let d = o.dialog { coverage.add(o.replay.reach, of: d) }
        }
        #expect(coverage.entries.map(\.dialog) == Self.dialogs.sorted())
        for e in coverage.entries {
            #expect(e.gaps.isEmpty, "\(e.dialog): \(e.gaps.count) never reached:\n\(e.gaps.map(\.description).joined(separator: "\n"))")
            #expect(e.nodes.reached == e.nodes.total && e.choices.reached == e.choices.total)
        }
    }
}
