import CoachCLI
@testable import CoachServer
import DialogEngine
import DialogModel
import Foundation
import Testing
import Transcript

/// Driving a served conversation through a whole diagnosis, and through events the protocol has no method for.
extension LeaderTextTests {
    /// The conversation held live (a finished one is kept compact until its next request: `state` brings it back).
    static func live(_ s: InMemoryServer, _ id: String) throws -> CoachServer.Conversation {
        _ = s.state(id)
        return try #require(s.server.conversations[id])
    }

    /// Applies an event the protocol has no method for (a change of an earlier answer, a summary, a why or a leave
    /// as the engine words it) to the served conversation, and returns what the server's own turn writer sends for
    /// its outputs, as a reply (`result`): a turn result when it takes a turn (as `conversation/message` would write
    /// it), else the messages alone.
    static func inject(_ s: InMemoryServer, _ id: String, _ kind: Event.Kind, takesTurn: Bool) throws -> [String: Any] {
        let c = try live(s, id)
        let outputs = try c.step(Event(kind, on: InMemoryServer.today), messageID: nil)
        let w = JSONWriter()
        if takesTurn {
            c.state.applied()
            s.server.turn(c, outputs, messageID: nil, into: w)
        } else {
            w.raw("{\"messages\":")
            s.server.writer.write(outputs, c, turn: c.state.turn, resent: false, into: w)
            w.raw("}")
        }
        return ["result": parse(String(decoding: w.bytes, as: UTF8.self))]
    }

    /// An answer that fits a question: its choice at `question number % count`, else a typed one.
    static func answer(_ q: [String: Any]) -> String {
        let number = (q["progress"] as? [String: Any])?["question"] as? Int ?? 0
        if let choices = q["choices"] as? [[String: Any]], !choices.isEmpty {
            return choices[number % choices.count]["id"] as? String ?? ""
        }
        return BridgeTextTests.typedAnswer(q)
    }

    /// Answers every question until the diagnosis is finished. On the way, each question is asked why and help;
    /// the first question that can reject an answer gets three it cannot take (the give-up, `fellBack`); every fifth
    /// question is answered, gone back over and answered again. Returns every reply's result and the last.
    static func converse(_ s: InMemoryServer, _ id: String, from reply: [String: Any], giveUp: Bool) -> (results: [[String: Any]], last: [String: Any]) {
        var reply = reply
        var results: [[String: Any]] = []
        var gaveUp = !giveUp
        var answered = 0
        for _ in 0..<300 where reply.phase == "asking" {
            guard let q = reply.question else { break }
            results.append(s.call("conversation/why", #"{"conversation":\#(quoted(id))}"#).result)
            results.append(s.call("conversation/help", #"{"conversation":\#(quoted(id))}"#).result)
            // The give-up on a question inside the five steps (the entry question of `coach` routes, and has no fallback).
            if !gaveUp, q["answerType"] as? String != "text", (q["progress"] as? [String: Any])?["step"] != nil {
                gaveUp = true
                for _ in 0..<3 {
                    reply = s.say(id, "zzz no such answer")
                    results.append(reply.result)
                }
                continue
            }
            answered += 1
            reply = s.say(id, answer(q))
            results.append(reply.result)
            if answered % 5 == 0, reply.phase == "asking" {
                reply = s.back(id)
                results.append(reply.result)
            }
        }
        return (results, reply)
    }
}
