import CoachCLI
import DialogTesting
import Foundation
import Testing

/// `conversation/start` with the leader's name (docs/protocol.md 4.4): the plan's header names them, the transcript
/// header records them, and a restarted server's resumed conversation still does.
@Suite struct LeaderNameTests {
    static func plan(_ reply: [String: Any]) -> [String: Any]? {
        let messages = reply.result["messages"] as? [[String: Any]] ?? []
        return messages.first { $0["type"] as? String == "plan" }?["plan"] as? [String: Any]
    }

    @Test func theLeaderNamedAtTheStartHeadsThePlan() throws {
        let s = InMemoryServer()
        _ = s.call("conversation/start", #"{"conversation":"c","dialog":"off-track","leader":"  Pat Lee "}"#)
        _ = s.say("c", "Sam")
        _ = s.say("c", "3")
        let plan = try #require(Self.plan(s.say("c", "no")))
        #expect((plan["header"] as? [String: Any])?["leader"] as? String == "Pat Lee")
    }

    @Test func withoutALeaderThePlanNamesNone() throws {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Sam")
        _ = s.say("c", "3")
        let plan = try #require(Self.plan(s.say("c", "no")))
        #expect((plan["header"] as? [String: Any])?["leader"] == nil)
    }

    @Test(arguments: [#""leader":42"#, #""leader":"\u0007bell""#, "\"leader\":\"" + String(repeating: "x", count: 81) + "\""])
    func aLeaderThatIsNotANameIsRefused(_ member: String) {
        let s = InMemoryServer()
        let reply = s.call("conversation/start", #"{"conversation":"c",\#(member)}"#)
        #expect((reply["error"] as? [String: Any])?["code"] as? Int == -32602)
        #expect(s.openConversations == 0)
    }

    @Test func theTranscriptRecordsTheLeaderAndAResumedConversationKeepsThem() throws {
        let dir = TranscriptDirectoryRef()
        let transcripts = dir.directory
        do {
            let first = InMemoryServer(transcripts: transcripts)
            _ = first.call("conversation/start", #"{"conversation":"c","dialog":"off-track","leader":"Pat Lee"}"#)
            _ = first.say("c", "Sam")
        }  // the first server is dropped, as by a restart
        let header = try String(contentsOfFile: transcripts.file(for: "c"), encoding: .utf8).split(separator: "\n")[0]
        #expect(header.contains(#""leader":"Pat Lee""#))
        let second = InMemoryServer(transcripts: dir.directory)
        _ = second.say("c", "3")
        let plan = try #require(Self.plan(second.say("c", "no")))
        #expect((plan["header"] as? [String: Any])?["leader"] as? String == "Pat Lee")
    }
}
