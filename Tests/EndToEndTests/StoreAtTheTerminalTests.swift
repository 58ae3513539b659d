import DialogTesting
import Foundation
import Testing

/// The terminal and the readers on the PostgreSQL store (issue 13): `coach chat --store` records each turn as it is
/// written, `--resume` continues from the database, a follow-up is linked to the diagnosis it follows, and
/// `coach history`, `coach replay` and `coach report` read the store.
@Suite(.serialized,
       .enabled(if: PostgresServer.isAvailable,
                "needs PostgreSQL: COACH_TEST_POSTGRES, or PostgreSQL's server programs for a throwaway cluster (.ci/run installs them)"))
struct StoreAtTheTerminalTests {
    typealias C = CoachingContinuityTests

    static func coach(_ arguments: [String], _ url: String, day: String = "2026-11-27", input: String = "") throws -> CoachProcess.Result {
        try CoachProcess.run(arguments + ["--store", url], input: input, environment: ["COACH_TODAY": day])
    }

    @Test func aDiagnosisAFollowUpAndAResumedChatLiveInTheDatabase() throws {
        let url = try MultiServerTests.database()
        let september = try Self.coach(["chat", "off-track", "--subject", "dana"], url, day: "2026-09-01",
                                       input: C.answers("OTT-1", name: "Dana", gap: "25", commit: "Book two joint calls with Dana before the end of the month"))
        #expect(september.status == 0, "\(september.stderr)\n\(september.stdout.suffix(600))")
        #expect(september.stderr.contains("recording to conversation 'chat-"), "\(september.stderr)")

        let october = try Self.coach(["chat", "--follow-up", "dana"], url, day: "2026-10-01", input: "done\ndone\nin progress\n15\n")
        #expect(october.status == 0, "\(october.stderr)\n\(october.stdout.suffix(800))")
        #expect(october.stdout.contains("At the last diagnosis it was 25%."))
        #expect(october.stdout.hasSuffix("\nDana: 2 diagnoses, 2026-09-01 to 2026-10-01\nGap to YTD target: 25% → 15%  █▁  (better, lower is better)\n"),
                "\(october.stdout.suffix(300))")

        // The follow-up names the diagnosis it follows; the subject has its row.
        let links = try PostgresServer.psql(url, "SELECT dialog, follows_file FROM coach_conversations WHERE follows_conversation IS NOT NULL")
        #expect(links.hasPrefix("follow-up-off-track|ended/chat-"), "\(links)")
        #expect(try PostgresServer.psql(url, "SELECT subject FROM coach_subjects") == "dana\n")

        // A chat whose input ends early is continued from the database, by another process.
        let started = try Self.coach(["chat", "off-track"], url, input: "Robin\n")
        #expect(started.status == 1)
        let id = try #require(started.stderr.components(separatedBy: "coach chat --resume ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let rest = ["30"] + Array(C.answers("OTT-1", name: "Robin", gap: "30").split(separator: "\n").dropFirst(2)).map(String.init)
        let resumed = try Self.coach(["chat", "--resume", id], url, input: rest.joined(separator: "\n") + "\n")
        #expect(resumed.status == 0, "\(resumed.stderr)\n\(resumed.stdout.suffix(600))")
        #expect(resumed.stdout.contains("Robin"))

        let history = try Self.coach(["history", "dana"], url)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.hasPrefix("Dana: 2 diagnoses, 2026-09-01 to 2026-10-01\n"), "\(history.stdout)")

        let replay = try Self.coach(["replay"], url)
        #expect(replay.status == 0, "\(replay.stdout)\n\(replay.stderr)")
        #expect(replay.stdout.hasSuffix("3 transcripts: 3 verified\n"), "\(replay.stdout.suffix(300))")

        let report = try Self.coach(["report", id], url)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Robin"))
    }

    @Test func aServerRefusesADatabaseItCannotUseAndSaysWhy() throws {
        let url = try PostgresServer.createDatabase()
        let unmigrated = try Self.coach(["serve"], url)
        #expect(unmigrated.status != 0)
        #expect(unmigrated.stderr.contains("run `coach db migrate --store URL` first"), "\(unmigrated.stderr)")
        var withTLS = URLComponents(string: url)!
        withTLS.queryItems = (withTLS.queryItems ?? []) + [URLQueryItem(name: "sslmode", value: "require")]
        let tls = try CoachProcess.run(["serve", "--store", withTLS.string!])
        #expect(tls.status != 0 && tls.stderr.contains("sslmode=require"), "\(tls.stderr)")
        let both = try CoachProcess.run(["serve", "--store", url, "--no-transcripts"])
        #expect(both.status != 0 && both.stderr.contains("--store records to PostgreSQL"), "\(both.stderr)")
        let status = try Self.coach(["db", "status"], url)
        #expect(status.stdout.contains("no coach schema (run `coach db migrate`)"), "\(status.stdout)")
        let nowhere = try CoachProcess.run(["db", "migrate", "--store", "postgres://nobody@/nothing?host=/nonexistent"])
        #expect(nowhere.status != 0 && nowhere.stderr.contains("cannot connect to postgres://nobody@/nothing?host=/nonexistent"), "\(nowhere.stderr)")
    }
}
