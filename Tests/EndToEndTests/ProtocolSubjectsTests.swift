import DialogTesting
import Foundation
import Testing

/// `subjects/list`, `subjects/history` and `team/picture` through the built `coach serve`, over the journal: a
/// diagnosis just ended is read at once, and agrees with `coach history` on the same directory.
@Suite(.timeLimit(.minutes(2))) struct ProtocolSubjectsTests {
    typealias P = ProtocolTests

    /// Runs one diagnosis through the protocol to its end and ends the conversation; `answers` as typed.
    static func diagnose(_ s: ServeProcess, _ conversation: String, dialog: String, subject: String?, answers: [String], id: inout Int) throws {
        let subjectParam = subject.map { #","subject":"\#($0)""# } ?? ""
        s.send(P.request(id, "conversation/start", #"{"conversation":"\#(conversation)","dialog":"\#(dialog)","leader":"Avery"\#(subjectParam)}"#))
        id += 1
        _ = try #require(s.next())
        var last = ""
        for answer in answers {
            s.send(P.message(id, conversation, answer))
            id += 1
            last = try #require(s.next())
        }
        #expect(P.result(last)["phase"] as? String == "finished", "\(last.prefix(300))")
        s.send(P.request(id, "conversation/end", #"{"conversation":"\#(conversation)"}"#))
        id += 1
        #expect(P.result(try #require(s.next()))["phase"] as? String == "finished")
    }

    @Test func diagnosesEndedThroughTheProtocolAreReadAtOnceAndAgreeWithCoachHistory() throws {
        let dir = CoachProcess.scratchDirectory()
        let s = try ServeProcess(arguments: ["--transcripts", dir], environment: ["COACH_TODAY": "2026-11-27"])
        s.send(P.initialize)
        _ = try #require(s.next())
        var id = 1
        try Self.diagnose(s, "a", dialog: "off-track", subject: "dana", answers: ["Dana", "3", "no"], id: &id)
        // Asked right after the end: the ended transcript is written from the journal before the store reads.
        s.send(P.request(100, "subjects/history", #"{"subject":"dana"}"#))
        #expect((P.result(try #require(s.next()))["sessions"] as? [Any])?.count == 1, "the diagnosis just ended")
        try Self.diagnose(s, "b", dialog: "off-track", subject: "dana", answers: P.ott1, id: &id)
        try Self.diagnose(s, "c", dialog: "icp-reluctance", subject: "team-east", answers: P.icp1, id: &id)

        s.send(P.request(101, "subjects/list", "{}"))
        let list = P.result(try #require(s.next()))["subjects"] as? [[String: Any]] ?? []
        #expect(list.map { $0["id"] as? String } == ["dana", "team-east"], "people and teams, by name")
        #expect(list.first?["trend"] as? String == "worse", "Dana's gap went from 3% to 25%")
        #expect(list.last?["measure"] is NSNull || list.last?["measure"] is [String: Any])

        s.send(P.request(102, "team/picture", #"{"leader":"Avery"}"#))
        let people = P.result(try #require(s.next()))["people"] as? [[String: Any]] ?? []
        #expect(people.map { $0["subject"] as? String } == ["dana"], "the team picture is of people, not teams")

        s.send(P.request(103, "subjects/history", #"{"subject":"Dana"}"#))
        let history = try #require(s.next())

        // The same JSON as `coach history --format json` on the same directory.
        let cli = try CoachProcess.run(["history", "dana", "--format", "json", "--transcripts", dir], environment: ["COACH_TODAY": "2026-11-27"])
        #expect(cli.status == 0, "\(cli.stderr)")
        let fromCLI = try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? NSDictionary
        #expect(fromCLI != nil && fromCLI == P.result(history) as NSDictionary)

        // An edited transcript is left out, with a warning on stderr; the reply is a result all the same.
        let ended = try FileManager.default.contentsOfDirectory(atPath: dir + "/ended").sorted()
        let edited = try #require(try ended.first { try String(contentsOfFile: dir + "/ended/" + $0, encoding: .utf8).contains("Team East") })
        let path = dir + "/ended/" + edited
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "Team East", with: "Team West")
            .write(toFile: path, atomically: true, encoding: .utf8)
        s.send(P.request(104, "subjects/list", "{}"))
        let after = P.result(try #require(s.next()))["subjects"] as? [[String: Any]] ?? []
        #expect(after.map { $0["id"] as? String } == ["dana"])
        s.send(P.request(105, "ping", "{}"))
        #expect(try #require(s.next()) == #"{"jsonrpc":"2.0","id":105,"result":{}}"#)
        s.close()
        #expect(s.rest() == [])
        #expect(s.wait() == 0)
        let stderr = s.errorOutput
        #expect(stderr.contains("warning") && stderr.contains("left out of coaching continuity: ended/\(edited): "), "\(stderr)")
    }

    @Test func withNoTranscriptsTheMethodsSayThereAreNoneAndTheServerGoesOn() throws {
        let s = try ServeProcess(arguments: ["--no-transcripts"])
        s.send(P.initialize)
        _ = try #require(s.next())
        s.send(P.request(1, "subjects/list", "{}"))
        s.send(P.request(2, "subjects/history", #"{"subject":"dana"}"#))
        s.send(P.request(3, "team/picture", "{}"))
        s.send(P.request(4, "subjects/history", #"{"subject":false}"#))
        s.send(P.request(5, "ping", "{}"))
        let error = #"{"code":-32019,"message":"No transcripts to read; the server runs with --no-transcripts."}"#
        #expect(try #require(s.next()) == #"{"jsonrpc":"2.0","id":1,"error":\#(error)}"#)
        #expect(try #require(s.next()) == #"{"jsonrpc":"2.0","id":2,"error":\#(error)}"#)
        #expect(try #require(s.next()) == #"{"jsonrpc":"2.0","id":3,"error":\#(error)}"#)
        #expect(P.error(try #require(s.next()))["code"] as? Int == -32602)
        #expect(try #require(s.next()) == #"{"jsonrpc":"2.0","id":5,"result":{}}"#)
        s.close()
        #expect(s.wait() == 0)
    }
}
