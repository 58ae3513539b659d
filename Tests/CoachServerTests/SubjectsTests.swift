import CoachCLI
import Foundation
import Testing
import Transcript

/// docs/protocol.md 4.12 to 4.14: coaching continuity over the protocol (`subjects/list`, `subjects/history`,
/// `team/picture`), read through the coaching store from the transcripts of diagnoses run through the protocol.
@Suite struct SubjectsTests {
    /// A server recording to a fresh directory (sealing with a key) and reading it back through the coaching store,
    /// as `coach serve` builds them.
    struct Recorded {
        let ref = TranscriptDirectoryRef()
        let server: InMemoryServer
        var store: TranscriptCoachingStore { TranscriptCoachingStore(directory: ref.directory.path, key: ref.directory.key) }

        init() {
            ref.directory.key = TranscriptKey(bytes: Array(repeating: 42, count: 32))
            server = InMemoryServer(transcripts: ref.directory,
                                    coaching: TranscriptCoachingStore(directory: ref.directory.path, key: ref.directory.key))
        }

        /// Runs the shortest off-track diagnosis (a gap too small to pursue) to its end, then ends the conversation.
        func diagnose(_ conversation: String, name: String, gap: String, subject: String? = nil, leader: String? = nil) {
            var params = #"{"conversation":\#(quoted(conversation)),"dialog":"off-track""#
            if let subject { params += #","subject":\#(quoted(subject))"# }
            if let leader { params += #","leader":\#(quoted(leader))"# }
            #expect(server.call("conversation/start", params + "}").phase == "asking")
            _ = server.say(conversation, name)
            #expect(server.say(conversation, gap).node == "OTT.G0a", "a gap this small is asked about")
            #expect(server.say(conversation, "no").phase == "finished")
            #expect(server.call("conversation/end", #"{"conversation":\#(quoted(conversation))}"#).result["phase"] as? String == "finished")
        }
    }

    /// Two diagnoses of Dana (the gap from 3% to 2%), one of another Dana, and one of Sam without a subject id.
    static func team() -> Recorded {
        let r = Recorded()
        r.diagnose("c1", name: "Dana", gap: "3%", subject: "dana", leader: "Avery")
        r.diagnose("c2", name: "Dana", gap: "2%", subject: "dana", leader: "Avery")
        r.diagnose("c3", name: "Dana", gap: "4%", subject: "dana-m", leader: "Avery")
        r.diagnose("c4", name: "Sam", gap: "1%", leader: "Blake")
        return r
    }

    @Test func subjectsListSummarisesEverySubjectSortedByNameThenID() {
        let r = Self.team()
        let list = r.server.call("subjects/list")
        #expect(canonical(list.result) == canonical("""
            {"subjects":[
             {"id":"dana","name":"Dana","diagnoses":2,"latest":"2026-11-27","problem":"Some of my sales people are not on track for hitting their sales targets.",
              "measure":{"label":"Gap to YTD target","value":2,"unit":"%","better":"lower"},"trend":"better"},
             {"id":"dana-m","name":"Dana","diagnoses":1,"latest":"2026-11-27","problem":"Some of my sales people are not on track for hitting their sales targets.",
              "measure":{"label":"Gap to YTD target","value":4,"unit":"%","better":"lower"},"trend":null},
             {"id":"sam","name":"Sam","diagnoses":1,"latest":"2026-11-27","problem":"Some of my sales people are not on track for hitting their sales targets.",
              "measure":{"label":"Gap to YTD target","value":1,"unit":"%","better":"lower"},"trend":null}]}
            """))
        let avery = r.server.call("subjects/list", #"{"leader":"avery"}"#).result["subjects"] as? [[String: Any]] ?? []
        #expect(avery.map { $0["id"] as? String } == ["dana", "dana-m"], "only the diagnoses Avery ran, the leader's name in any case")
        let nobody = r.server.call("subjects/list", #"{"leader":"Robin"}"#)
        #expect(canonical(nobody.result) == canonical(#"{"subjects":[]}"#))
    }

    @Test func subjectsHistoryIsTheHistoryCommandsJSONByIDOrByName() throws {
        let r = Self.team()
        let read = try r.store.read()
        let dana = r.server.call("subjects/history", #"{"subject":"dana"}"#)
        #expect(canonical(dana.result) == canonical(SubjectHistory(sessions: try read.sessions(of: "dana")).json().encoded))
        #expect(dana.result["trend"] as? String == "better")
        #expect((dana.result["series"] as? [[String: Any]])?.map { $0["value"] as? Int } == [3, 2])
        let sam = r.server.call("subjects/history", #"{"subject":"SAM"}"#)
        #expect((sam.result["subject"] as? [String: Any])?["id"] as? String == "sam", "by name, case-insensitively; the id made from it")
        #expect((sam.result["sessions"] as? [[String: Any]])?.first?["leader"] as? String == "Blake")
    }

    @Test func teamPictureIsTheTeamCommandsJSONAsOfTheServersToday() throws {
        let r = Self.team()
        let read = try r.store.read()
        let picture = r.server.call("team/picture")
        #expect(canonical(picture.result) == canonical(TeamPicture(read.sessions, today: InMemoryServer.today).json().encoded))
        #expect(picture.result["today"] as? String == "2026-11-27")
        #expect((picture.result["people"] as? [[String: Any]])?.map { $0["subject"] as? String } == ["dana", "dana-m", "sam"])
        let blake = r.server.call("team/picture", #"{"leader":"Blake"}"#).result
        #expect((blake["people"] as? [[String: Any]])?.map { $0["subject"] as? String } == ["sam"])
    }

    @Test func anUnknownSubjectAndANameOfSeveralSubjectsAreErrorsAndTheServerGoesOn() {
        let r = Self.team()
        let ambiguous = r.server.call("subjects/history", #"{"subject":"Dana"}"#, id: 7)
        #expect(ambiguous["id"] as? Int == 7)
        #expect(canonical(ambiguous["error"]) == canonical(#"{"code":-32018,"message":"Ambiguous subject; give one of its ids.","data":{"subject":"Dana","ids":["dana","dana-m"]}}"#))
        let unknown = r.server.call("subjects/history", #"{"subject":"robin"}"#)
        #expect(canonical(unknown["error"]) == canonical(#"{"code":-32017,"message":"Unknown subject.","data":{"subject":"robin","known":["dana","dana-m","sam"]}}"#))
        #expect(r.server.call("ping").result.isEmpty && r.server.call("ping")["error"] == nil)
        #expect((r.server.call("subjects/history", #"{"subject":"dana-m"}"#).result["sessions"] as? [Any])?.count == 1)
    }

    @Test func beforeAnyDiagnosisTheListIsEmptyAndEverySubjectUnknown() {
        let r = Recorded()
        #expect(canonical(r.server.call("subjects/list").result) == canonical(#"{"subjects":[]}"#))
        #expect(canonical(r.server.call("subjects/history", #"{"subject":"dana"}"#).data) == canonical(#"{"subject":"dana","known":[]}"#))
        #expect(canonical(r.server.call("team/picture").result) == canonical(#"{"today":"2026-11-27","people":[],"findings":[]}"#))
    }

    @Test func aConversationStillAskingIsNoDiagnosisYet() {
        let r = Recorded()
        _ = r.server.call("conversation/start", #"{"conversation":"open","dialog":"off-track","subject":"dana"}"#)
        _ = r.server.say("open", "Dana")
        #expect(canonical(r.server.call("subjects/list").result) == canonical(#"{"subjects":[]}"#))
        #expect(r.server.state("open")["phase"] as? String == "asking", "reading the store leaves the conversation as it was")
    }

    @Test func withoutTranscriptsEachMethodSaysThereAreNoneToReadAndTheServerGoesOn() {
        let s = InMemoryServer()
        for (i, method) in ["subjects/list", "subjects/history", "team/picture"].enumerated() {
            let params = method == "subjects/history" ? #"{"subject":"dana"}"# : "{}"
            let reply = s.call(method, params, id: 10 + i)
            #expect(reply["id"] as? Int == 10 + i)
            #expect(canonical(reply["error"]) == canonical(#"{"code":-32019,"message":"No transcripts to read; the server runs with --no-transcripts."}"#), "\(method)")
        }
        #expect(s.start("c").phase == "asking", "the server goes on serving")
    }

    @Test func badParamsAreInvalidParams() {
        let r = Recorded()
        let cases: [(String, String, String)] = [
            ("subjects/history", "{}", "subject"),
            ("subjects/history", #"{"subject":""}"#, "subject"),
            ("subjects/history", #"{"subject":7}"#, "subject"),
            ("subjects/history", #"{"subject":["dana"]}"#, "subject"),
            ("subjects/list", #"{"leader":7}"#, "leader"),
            ("team/picture", #"{"leader":{"name":"Avery"}}"#, "leader"),
            ("subjects/list", "[]", "params"),
        ]
        for (method, params, field) in cases {
            let reply = r.server.call(method, params)
            #expect(reply.code == -32602, "\(method) \(params)")
            #expect(reply.data["field"] as? String == field, "\(method) \(params)")
        }
        // Params are checked before the transcripts: a bad request is a bad request with or without them.
        #expect(InMemoryServer().call("subjects/history", #"{"subject":1}"#).code == -32602)
        #expect(r.server.call("subjects/list", #"{"leader":null}"#)["result"] != nil, "a null leader is none")
        #expect(r.server.call("ping")["result"] != nil)
    }

    @Test func beforeInitializeTheyAreRefusedLikeEveryMethod() {
        let s = InMemoryServer(initialize: nil)
        #expect(s.call("subjects/list").code == -32002)
    }
}
