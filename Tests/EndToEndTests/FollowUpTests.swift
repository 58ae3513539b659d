import DialogTesting
import Foundation
import Testing

/// The three-month story of issue 12 through the built binary, at the terminal and through the protocol: Dana is
/// diagnosed in September; the October follow-up records two of three actions done and the gap down from 25% to
/// 15%; the November follow-up records the gap at 5% and closes the plan.
@Suite(.timeLimit(.minutes(3))) struct FollowUpTests {
    typealias C = CoachingContinuityTests
    typealias P = ProtocolTests

    static func coach(_ arguments: [String], in dir: String, day: String, input: String = "") throws -> CoachProcess.Result {
        try CoachProcess.run(arguments + ["--transcripts", dir + "/transcripts"], input: input, environment: ["COACH_TODAY": day])
    }

    @Test func threeMonthsOfDanaAtTheTerminal() throws {
        let dir = CoachProcess.scratchDirectory()
        try C.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana", commit: "Book two joint calls with Dana before the end of the month",
                       day: "2026-09-01", in: dir)

        // October: the three actions in the plan's taxonomy order (T-03, T-06, PE-02): two done, one in progress.
        let october = try Self.coach(["chat", "--follow-up", "dana"], in: dir, day: "2026-10-01", input: "done\ndone\nin progress\n15\n")
        #expect(october.status == 0, "\(october.stderr)\n\(october.stdout.suffix(800))")
        #expect(october.stdout.contains("Let's see how the plan for Dana is going"), "\(october.stdout.prefix(600))")
        #expect(october.stdout.contains("How far has this action got? Train the rep on the tasks"), "\(october.stdout.prefix(900))")
        #expect(october.stdout.contains("At the last diagnosis it was 25%."))
        #expect(!october.stdout.contains("Which sales person is this follow-up about?"), "given questions are not shown")
        #expect(october.stdout.contains("Keep the plan going"), "the gap is closing: carry on")
        #expect(october.stdout.contains("Agree an individual development plan with the rep"), "the action in progress is carried forward")

        // November: the October plan's two actions done, the gap at 5%: within tolerance, the plan closes.
        let november = try Self.coach(["chat", "--follow-up", "Dana"], in: dir, day: "2026-11-02", input: "done\ndone\n5\n")
        #expect(november.status == 0, "\(november.stderr)\n\(november.stdout.suffix(800))")
        #expect(november.stdout.contains("this plan can close"), "\(november.stdout.suffix(1500))")

        let history = try Self.coach(["history", "dana"], in: dir, day: "2026-11-27")
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.hasPrefix("Dana: 3 diagnoses, 2026-09-01 to 2026-11-02\nGap to YTD target: 25% → 15% → 5%  █▅▁  (better, lower is better)\n"),
                "\(history.stdout)")
        #expect(history.stdout.contains("\n2026-09-01  Some of my sales people are not on track for hitting their sales targets.\n"
            + "    Gap to YTD target: 25%\n    Lead finding: You have not observed the rep in front of customers\n    2 of 3 actions done;"), "\(history.stdout)")
        #expect(history.stdout.contains("\n2026-10-01  Follow-up: Some of my sales people"), "\(history.stdout)")
        #expect(history.stdout.contains("2 of 2 actions done"), "\(history.stdout)")
        #expect(history.stdout.contains("Lead finding: The gap to target is within tolerance, so this plan can close"), "\(history.stdout)")

        let replay = try CoachProcess.run(["replay", dir + "/transcripts/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("3 transcripts: 3 verified\n"), "\(replay.stdout)\(replay.stderr)")

        let nothing = try Self.coach(["chat", "--follow-up", "robin"], in: dir, day: "2026-11-27")
        #expect(nothing.status == 1 && nothing.stderr.contains("no finished diagnosis about 'robin'"), "\(nothing.stderr)")
    }

    @Test func threeMonthsOfDanaThroughTheProtocol() throws {
        let dir = CoachProcess.scratchDirectory()
        var id = 1
        func serve(_ day: String, _ body: (ServeProcess) throws -> Void) throws {
            let s = try ServeProcess(arguments: ["--transcripts", dir], environment: ["COACH_TODAY": day])
            s.send(P.initialize)
            _ = try #require(s.next())
            try body(s)
            s.close()
            #expect(s.wait() == 0)
        }
        try serve("2026-09-01") { s in
            try ProtocolSubjectsTests.diagnose(s, "sep", dialog: "off-track", subject: "dana", answers: P.ott1, id: &id)
        }
        for (conversation, day, statuses, gap) in [("oct", "2026-10-01", ["done", "done", "in-progress"], "15"), ("nov", "2026-11-02", ["done", "done"], "5")] {
            try serve(day) { s in
                s.send(P.request(id, "conversation/start", #"{"conversation":"\#(conversation)","followUp":"dana"}"#))
                id += 1
                let start = try #require(s.next())
                let messages = P.result(start)["messages"] as? [[String: Any]] ?? []
                #expect(messages.first?["type"] as? String == "text" && (messages.first?["text"] as? String ?? "").hasPrefix("Let's see how the plan for Dana"),
                        "the given questions are answered, not shown: \(start.prefix(600))")
                #expect(P.result(start)["turn"] as? Int == 3, "each given answer is a turn of the record")
                var last = start
                for status in statuses {
                    let question = try #require((P.result(last)["messages"] as? [[String: Any]])?.last { $0["type"] as? String == "question" })
                    #expect((question["text"] as? String ?? "").hasPrefix("How far has this action got?"))
                    let prompt = try #require(question["promptId"] as? String)
                    s.send(P.request(id, "conversation/message",
                                     #"{"conversation":"\#(conversation)","messageId":"m\#(id)","choice":{"promptId":"\#(prompt)","id":"\#(status)"}}"#))
                    id += 1
                    last = try #require(s.next())
                }
                s.send(P.message(id, conversation, gap))
                id += 1
                #expect(P.result(try #require(s.next()))["phase"] as? String == "finished")
                s.send(P.request(id, "conversation/end", #"{"conversation":"\#(conversation)"}"#))
                id += 1
                _ = try #require(s.next())
            }
        }
        try serve("2026-11-27") { s in
            s.send(P.request(id, "subjects/history", #"{"subject":"dana"}"#))
            let history = P.result(try #require(s.next()))
            #expect((history["series"] as? [[String: Any]])?.map { $0["value"] as? Int } == [25, 15, 5], "\(history)")
            let sessions = history["sessions"] as? [[String: Any]] ?? []
            #expect(sessions.count == 3)
            let review = sessions.dropFirst().first?["review"] as? [[String: String]] ?? []
            #expect(review.map { $0["status"] } == ["done", "done", "in-progress"], "\(review)")
            // A bad follow-up is an error, and the server goes on.
            s.send(P.request(id, "conversation/start", #"{"conversation":"x","followUp":"robin"}"#))
            #expect(try #require(s.next()).contains("\"code\":-32017"))
            s.send(P.request(id + 1, "ping", "{}"))
            #expect(try #require(s.next()).contains("\"result\":{}"))
        }
        let replay = try CoachProcess.run(["replay", dir + "/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("3 transcripts: 3 verified\n"), "\(replay.stdout)\(replay.stderr)")
    }
}
