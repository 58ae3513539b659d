import DialogTesting
import Foundation
import Testing

/// `coach serve` as bridges start it is read without ArgumentParser; other spellings go through ArgumentParser. Both
/// must serve, refuse and report the same.
@Suite(.timeLimit(.minutes(2))) struct ServeArgumentsTests {
    static let requests = DialogCacheTests.requests

    /// Replies with the per-process prompt ids blanked, status and standard error.
    static func serve(_ arguments: [String]) throws -> [String] {
        let r = try CoachProcess.run(["serve"] + arguments, input: requests, environment: ["COACH_CACHE": "off"])
        let replies = r.stdout.replacingOccurrences(of: #""promptId":"[^"]*""#, with: "\"promptId\":\"\"", options: .regularExpression)
        return [replies, "\(r.status)", r.stderr]
    }

    @Test func theShortPathAndArgumentParserServeAlike() throws {
        let fast = try Self.serve(["--dialogs", "Dialogs", "--no-transcripts", "--log-level", "error", "--max-open", "5"])
        let parsed = try Self.serve(["--dialogs=Dialogs", "--no-transcripts", "--log-level=error", "--max-open=5"])
        #expect(fast == parsed)
        #expect(fast[0].split(separator: "\n").count == 3 && fast[1] == "0")
    }

    /// With transcripts on, `--durability` read by hand and by ArgumentParser records alike (each run its own directory).
    @Test func theDurabilityIsReadAlike() throws {
        for level in ["sync", "delayed=50", "process"] {
            let home = NSTemporaryDirectory() + "coach-serve-arguments-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: home) }
            let fast = try Self.serve(["--dialogs", "Dialogs", "--transcripts", home + "/a", "--durability", level, "--log-level", "error"])
            let parsed = try Self.serve(["--dialogs=Dialogs", "--transcripts=" + home + "/b", "--durability=" + level, "--log-level=error"])
            #expect(fast == parsed, "\(level)")
            #expect(fast[1] == "0", "\(level): \(fast[2])")
        }
    }

    @Test func theyReportAMissingDirectoryAlike() throws {
        let fast = try Self.serve(["--dialogs", "/nonexistent-coach-dialogs", "--no-transcripts"])
        #expect(fast == (try Self.serve(["--dialogs=/nonexistent-coach-dialogs", "--no-transcripts"])))
        #expect(fast[1] == "1" && fast[2].contains("cannot read '/nonexistent-coach-dialogs'"))
    }

    @Test func refusedValuesAreLeftToArgumentParser() throws {
        for arguments in [["--max-open", "0"], ["--log-level", "loud"], ["--bogus"], ["--dialogs"], ["--durability", "sometimes"]] {
            let r = try Self.serve(arguments)
            #expect(r[1] == "64", "\(arguments)")
            #expect(r[2].contains("Usage: coach serve"), "\(arguments): \(r[2])")
        }
        // A repeated flag is ArgumentParser's to read too, and it accepts it.
        #expect(try Self.serve(["--no-transcripts", "--no-transcripts"])[1] == "0")
    }
}
