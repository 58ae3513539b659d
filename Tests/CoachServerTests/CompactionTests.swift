import CoachCLI
import CoachServer
import DialogTesting
import Foundation
import Testing

/// Without transcripts, `coach serve` keeps at most `--max-open` conversations live and the rest compact (issue 11:
/// bytes per open conversation). A conversation that comes back from its compact form must be the one it was:
/// every reply, every `conversation/state`, every plan and every prompt id as if it had never left memory.
@Suite struct CompactionTests {
    /// Prompt ids name the conversation instance with a random tag; two servers give the same conversation
    /// different tags, so replies are compared with the tag taken out.
    static func untagged(_ reply: [String: Any]) -> String {
        canonical(reply).replacing(/(\"p[0-9]+)-[0-9a-f]{6}\"/) { "\($0.1)-tag\"" }
    }

    @Test func aConversationThatWasCompactedAnswersExactlyAsOneThatStayedLive() {
        let reference = InMemoryServer()
        let compacting = InMemoryServer(maxOpen: 1)
        let ids = (0..<6).map { "c\($0)" }
        for id in ids {
            let params = #"{"conversation":"\#(id)","dialog":"off-track","leader":"Lee \#(id)"}"#
            #expect(Self.untagged(compacting.call("conversation/start", params)) == Self.untagged(reference.call("conversation/start", params)))
        }
        #expect(compacting.openConversations == 6 && compacting.server.liveConversations == 1)
        var rng = SplitMix(seed: 11)
        var next = Dictionary(uniqueKeysWithValues: ids.map { ($0, 0) })
        var compared = 0, sent = 0
        while let id = ids.filter({ next[$0]! < RestartTests.ott1.count }).randomElement(using: &rng) {
            let k = next[id]!
            next[id] = k + 1
            // Typed answers, a back now and then, and the state before each: all equal on both servers.
            #expect(Self.untagged(compacting.state(id)) == Self.untagged(reference.state(id)), "\(id) before answer \(k)")
            sent += 1  // every message id new: a retry's reply is not the same after compaction (see the next test)
            if k > 2, Int.random(in: 0..<8, using: &rng) == 0 {
                #expect(Self.untagged(compacting.call("conversation/back", #"{"conversation":"\#(id)","messageId":"m\#(sent)"}"#))
                        == Self.untagged(reference.call("conversation/back", #"{"conversation":"\#(id)","messageId":"m\#(sent)"}"#)))
                next[id] = k - 1
                continue
            }
            if Int.random(in: 0..<6, using: &rng) == 0 {
                // A rejected answer: the tries used at the waiting question are part of what is kept.
                sent += 1
                #expect(Self.untagged(compacting.say(id, "the moon", messageId: "m\(sent)"))
                        == Self.untagged(reference.say(id, "the moon", messageId: "m\(sent)")), "\(id) rejected at \(k)")
                sent += 1
                let other = ids.first { $0 != id }!
                _ = (compacting.state(other), reference.state(other))  // the compacting server now compacts `id`
                #expect(Self.untagged(compacting.state(id)) == Self.untagged(reference.state(id)), "\(id) after a rejection")
            }
            let answer = RestartTests.ott1[k]
            #expect(Self.untagged(compacting.say(id, answer, messageId: "m\(sent)"))
                    == Self.untagged(reference.say(id, answer, messageId: "m\(sent)")), "\(id) answer \(k): \(answer)")
            compared += 1
        }
        #expect(compared >= RestartTests.ott1.count * 6)
        for id in ids {
            let plan = compacting.call("conversation/plan", #"{"conversation":"\#(id)","markup":"plain"}"#)
            #expect(canonical(plan) == canonical(reference.call("conversation/plan", #"{"conversation":"\#(id)","markup":"plain"}"#)))
            #expect((plan.result["plan"] as? [String: Any])?["markdown"] != nil, "\(id) finished")
        }
    }

    /// What a compacted conversation keeps of the exchange: an earlier message id is still refused, the latest
    /// still answered without being applied again, and a stale button still refused (its prompt id survives).
    @Test func aCompactedConversationKeepsItsMessageIdsAndPromptIds() throws {
        let s = InMemoryServer(maxOpen: 1)
        let first = s.start("a")
        _ = s.say("a", "Dana", messageId: "m1")
        let gap = s.say("a", "25", messageId: "m2")
        let prompt = try #require(gap.promptId)
        _ = s.start("b")  // a is compacted
        #expect(s.server.liveConversations == 1 && s.openConversations == 2)
        #expect(s.say("a", "Dana", messageId: "m1").code == -32014, "an earlier message id is refused")
        _ = s.start("c")  // a is compacted again
        let retry = s.say("a", "25", messageId: "m2")
        #expect(retry.turn == 2, "the latest message id is not applied twice")
        #expect(retry.promptId == prompt, "and gets the question now waiting, under the prompt id it was shown with")
        _ = s.start("d")
        #expect(s.click("a", try #require(first.promptId), "no").code == -32011, "a stale button stays stale")
        _ = s.start("e")
        #expect(s.click("a", prompt, "no").turn == 3, "the waiting question's button is taken")
        #expect(s.call("conversation/start", #"{"conversation":"b"}"#).code == -32012, "a compacted id is still in use")
        #expect(canonical(s.call("conversation/end", #"{"conversation":"b"}"#).result)
                == canonical(#"{"conversation":"b","ended":true,"answers":0,"phase":"asking"}"#))
        #expect(s.openConversations == 4)
    }

    /// Issue 11: a finished diagnosis leaves memory once its plan is sent; its plan and state stay retrievable.
    @Test func aFinishedDiagnosisIsKeptCompactAndItsPlanStaysRetrievable() throws {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "3%")
        #expect(s.server.liveConversations == 1)
        let done = s.say("c", "no", messageId: "last")
        #expect(done.phase == "finished")
        #expect(s.server.liveConversations == 0 && s.openConversations == 1)
        let plan = try #require(done.messages.last)
        #expect(canonical(s.call("conversation/plan", #"{"conversation":"c"}"#).result["plan"]) == canonical(plan))
        #expect(s.state("c")["phase"] as? String == "finished")
        let retry = s.say("c", "no", messageId: "last")
        #expect(retry.turn == done.turn && canonical(retry.messages.last) == canonical(plan), "a retry gets the plan again")
        #expect(canonical(s.call("conversation/end", #"{"conversation":"c"}"#).result)
                == canonical(#"{"conversation":"c","ended":true,"answers":3,"phase":"finished"}"#))
        #expect(s.openConversations == 0)
    }

    @Test func underCompactionChurnNoStaleClickIsAppliedAndEveryPlanIsTheUninterruptedOne() {
        let n = EvictionChurnTests.large ? 2_000 : 80
        let reference = EvictionChurnTests.run(conversations: n, maxOpen: .max, transcripts: nil, staleClicks: false, seed: 7)
        let churn = EvictionChurnTests.run(conversations: n, maxOpen: EvictionChurnTests.large ? 50 : 10, transcripts: nil,
                                           staleClicks: true, seed: 7)
        let wrong = (0..<n).filter { churn.plans["c\($0)"] != reference.plans["c\($0)"] }.count
        #expect(reference.plans.count == n)
        #expect(churn.stale > n / 2)
        #expect(churn.staleApplied == 0)
        #expect(wrong == 0)
    }
}
