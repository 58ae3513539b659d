import DialogTesting
import Foundation
import Testing

/// `coach replay` of many transcripts at once replays them on every processor, and says what replaying them one at
/// a time says, in the same order.
@Suite(.timeLimit(.minutes(2))) struct ParallelReplayTests {
    /// The golden transcripts twice over (`Transcripts/` and a copy under `again/`), one of them edited, one cut
    /// short and one with a line deleted, so that the verdicts differ from file to file.
    static func manyTranscripts() throws -> (dir: String, files: [String]) {
        let dir = try TranscriptCommandTests.copyOfTranscripts()
        try FileManager.default.createDirectory(atPath: dir + "/again", withIntermediateDirectories: true)
        for sub in try FileManager.default.contentsOfDirectory(atPath: dir) where sub != "dialogs" && sub != "again" {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + sub, isDirectory: &isDir), isDir.boolValue {
                try FileManager.default.copyItem(atPath: dir + "/" + sub, toPath: dir + "/again/" + sub)
            }
        }
        let edited = dir + "/off-track/OTT-2.jsonl"
        try String(contentsOfFile: edited, encoding: .utf8).replacingOccurrences(of: "\"text\":\"Sam\"", with: "\"text\":\"Sal\"")
            .write(toFile: edited, atomically: true, encoding: .utf8)
        let torn = dir + "/again/coach/COACH-2.jsonl"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: torn))
        try bytes.prefix(bytes.count - 500).write(to: URL(fileURLWithPath: torn))
        let deleted = dir + "/again/icp-reluctance/ICP-3.jsonl"
        var lines = try String(contentsOfFile: deleted, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 6)
        try lines.joined(separator: "\n").write(toFile: deleted, atomically: true, encoding: .utf8)
        let files = FileManager.default.enumerator(atPath: dir)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".jsonl") }.sorted().map { dir + "/" + $0 }
        return (dir, files)
    }

    @Test func replayingADirectoryReportsWhatReplayingEachFileAloneReportsInTheSameOrder() throws {
        let (dir, files) = try Self.manyTranscripts()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(files.count == 64)
        let all = try CoachProcess.run(["replay", dir, "--unverified"])
        var stdout = "", stderr = ""
        for file in files {
            let one = try CoachProcess.run(["replay", file, "--unverified"])
            var lines = one.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)  // the count, and ""
            lines.append("")
            stdout += lines.joined(separator: "\n")
            stderr += one.stderr
        }
        #expect(all.status == 1)
        #expect(all.stdout == stdout + "64 transcripts: 61 verified, 2 tampered, 1 incomplete\n", "\(all.stdout)")
        #expect(all.stderr == stderr)
    }
}
