import DialogTesting
import Foundation
import Testing

/// `coach serve` through real pipes, the way a chat bridge drives it.
@Suite(.timeLimit(.minutes(2))) struct ProtocolTests {
    static let initialize = #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-27","bridge":{"name":"test-bridge","version":"1"},"capabilities":{"buttons":{"max":5,"maxLabel":40},"markup":"markdown"}}}"#

    static func request(_ id: Int, _ method: String, _ params: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }

    static func message(_ id: Int, _ conversation: String, _ text: String, messageID: String? = nil) -> String {
        let mid = messageID.map { #","messageId":"\#($0)""# } ?? ""
        return request(id, "conversation/message", #"{"conversation":"\#(conversation)"\#(mid),"text":\#(json(text))}"#)
    }

    static func json(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: s, options: .fragmentsAllowed), as: UTF8.self)
    }

    static func parse(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    static func result(_ line: String) -> [String: Any] { parse(line)["result"] as? [String: Any] ?? [:] }
    static func error(_ line: String) -> [String: Any] { parse(line)["error"] as? [String: Any] ?? [:] }
    static func messages(_ line: String) -> [[String: Any]] { result(line)["messages"] as? [[String: Any]] ?? [] }

    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana"]
    static let icp1 = ["Team East", "10", "40", "team-wide", "no", "yes", "less", "ICP target account list", "3", "yes",
                       "both", "all", "yes", "yes", "yes", "no", "yes", "yes", "rejection, lost earnings or criticism",
                       "yes", "no", "yes", "yes", "yes", "yes", "yes", "3", "", "", "Take the pay comparison to sales ops"]

    @Test func theHandshakeNamesTheVersionLimitsAndDialogs() throws {
        let s = try ServeProcess()
        s.send(Self.initialize)
        let r = Self.result(try #require(s.next()))
        #expect(r["protocolVersion"] as? String == "2026-11-27")
        #expect((r["limits"] as? [String: Any])?["maxLineBytes"] as? Int == 1_048_576)
        #expect((r["dialogs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["coach", "forecast-accuracy", "icp-reluctance", "off-track"])
        s.close()
        #expect(s.wait() == 0)
    }

    @Test func aVersionMismatchIsRefusedWithTheSupportedVersions() throws {
        let s = try ServeProcess()
        s.send(Self.request(1, "initialize", #"{"protocolVersion":"1999-01-01"}"#))
        let e = Self.error(try #require(s.next()))
        #expect(e["code"] as? Int == -32602)
        #expect((e["data"] as? [String: Any])?["supported"] as? [String] == ["2026-11-27"])
        s.send(Self.request(2, "dialogs/list", "{}"))
        #expect(Self.error(try #require(s.next()))["code"] as? Int == -32002)
        s.close()
        #expect(s.wait() == 0)
    }

    @Test func twoInterleavedConversationsEachReachTheirPlan() throws {
        let s = try ServeProcess()
        var lines = [Self.initialize,
                     Self.request(1, "conversation/start", #"{"conversation":"slack:T1:C1:1","dialog":"off-track"}"#),
                     Self.request(2, "conversation/start", #"{"conversation":"tg:42","dialog":"icp-reluctance"}"#)]
        var id = 3
        for k in 0..<max(Self.ott1.count, Self.icp1.count) {
            if k < Self.ott1.count { lines.append(Self.message(id, "slack:T1:C1:1", Self.ott1[k], messageID: "a\(k)")); id += 1 }
            if k < Self.icp1.count { lines.append(Self.message(id, "tg:42", Self.icp1[k], messageID: "b\(k)")); id += 1 }
        }
        s.write(lines.joined(separator: "\n") + "\n")
        s.close()
        let replies = s.rest()
        #expect(s.wait() == 0)
        #expect(replies.count == lines.count)
        #expect(replies.map { Self.parse($0)["id"] as? Int } == Array(0..<lines.count).map { $0 })
        let plans = replies.compactMap { line -> (String, [String])? in
            guard let plan = Self.messages(line).first(where: { $0["type"] as? String == "plan" }),
                  let structured = plan["plan"] as? [String: Any], let findings = structured["findings"] as? [[String: Any]] else { return nil }
            return (Self.result(line)["conversation"] as? String ?? "", findings.compactMap { $0["id"] as? String })
        }
        #expect(plans.count == 2)
        #expect(plans.first { $0.0 == "slack:T1:C1:1" }?.1 == ["T-06", "T-03", "PE-02"])
        #expect(plans.first { $0.0 == "tg:42" }?.1 == ["G-02", "G-03", "T-02", "G-04", "T-07", "T-08"])
        let markdown = replies.compactMap { Self.messages($0).first { $0["type"] as? String == "plan" }?["markdown"] as? String }
        #expect(markdown.allSatisfy { $0.hasPrefix("# Coaching plan: ") })
    }

    @Test func malformedAndOverlongLinesAreAnsweredAndServingGoesOn() throws {
        let s = try ServeProcess()
        s.send(Self.initialize)
        _ = s.next()
        s.send(#"{"this is not json"#)
        let e1 = Self.parse(try #require(s.next()))
        #expect(e1["id"] is NSNull)
        #expect((e1["error"] as? [String: Any])?["code"] as? Int == -32700)
        s.send(String(repeating: "x", count: 1_100_000))
        let e2 = Self.error(try #require(s.next()))
        #expect(e2["code"] as? Int == -32700)
        #expect((e2["data"] as? [String: Any])?["reason"] as? String == "line_too_long")
        s.send(#"[1,2]"#)
        #expect(Self.error(try #require(s.next()))["code"] as? Int == -32600)
        s.send(Self.request(7, "conversation/fly", "{}"))
        #expect(Self.error(try #require(s.next()))["code"] as? Int == -32601)
        s.send(Self.request(8, "conversation/start", #"{"dialog":"off-track"}"#))
        #expect((Self.error(try #require(s.next()))["data"] as? [String: Any])?["field"] as? String == "conversation")
        s.send(Self.request(9, "conversation/start", #"{"conversation":"c","dialog":"off-track"}"#))
        #expect(Self.messages(try #require(s.next())).first?["type"] as? String == "question")
        s.close()
        #expect(s.wait() == 0)
    }

    @Test func aStaleButtonIsRefusedAndARetriedMessageGetsTheFirstReply() throws {
        let s = try ServeProcess()
        s.send(Self.initialize)
        _ = s.next()
        s.send(Self.request(1, "conversation/start", #"{"conversation":"c","dialog":"off-track"}"#))
        _ = s.next()
        s.send(Self.message(2, "c", "Dana", messageID: "m1"))
        _ = s.next()
        s.send(Self.message(3, "c", "25", messageID: "m2"))
        let g1 = Self.messages(try #require(s.next())).first { $0["type"] as? String == "question" }
        let prompt = try #require(g1?["promptId"] as? String)
        #expect((g1?["choices"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["yes", "no", "unsure"])
        let click = Self.request(4, "conversation/message", #"{"conversation":"c","messageId":"m3","choice":{"promptId":"\#(prompt)","id":"no"}}"#)
        s.send(click)
        let first = try #require(s.next())
        s.send(click.replacingOccurrences(of: #""id":4"#, with: #""id":5"#))
        let retry = try #require(s.next())
        #expect(Self.parse(retry)["id"] as? Int == 5)
        #expect(NSDictionary(dictionary: Self.result(retry)) == NSDictionary(dictionary: Self.result(first)))
        s.send(Self.request(6, "conversation/message", #"{"conversation":"c","messageId":"m4","choice":{"promptId":"\#(prompt)","id":"yes"}}"#))
        let stale = Self.error(try #require(s.next()))
        #expect(stale["code"] as? Int == -32011)
        #expect((stale["data"] as? [String: Any])?["promptId"] as? String == prompt)
        s.send(Self.message(7, "c", "14", messageID: "m5"))
        _ = s.next()
        s.send(Self.message(8, "c", "14", messageID: "m2"))
        #expect(Self.error(try #require(s.next()))["code"] as? Int == -32014)
        s.close()
        #expect(s.wait() == 0)
    }

    @Test func endOfInputWithATurnInFlightStillAnswersIt() throws {
        let s = try ServeProcess()
        s.write(Self.initialize + "\n" + Self.request(1, "conversation/start", #"{"conversation":"c","dialog":"off-track"}"#) + "\n"
                + Self.message(2, "c", "Dana"))
        s.close()
        let replies = s.rest()
        #expect(s.wait() == 0)
        #expect(replies.count == 3)
        #expect(Self.result(replies[2])["turn"] as? Int == 1)
    }

    @Test func sigtermFinishesWhatWasReadAndExitsCleanly() throws {
        let s = try ServeProcess()
        s.send(Self.initialize)
        _ = s.next()
        let pid = s.process.processIdentifier
        kill(pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { if s.process.isRunning { kill(pid, SIGKILL) } }
        #expect(s.wait() == 0)
        #expect(s.process.terminationReason == .exit)
    }

    @Test func lineSeparatorsAndEmojiRoundTripAndEveryLineIsJSON() throws {
        let s = try ServeProcess()
        let name = "Zoë\u{2028}🚀 \u{2029}end"
        s.write([Self.initialize, Self.request(1, "conversation/start", #"{"conversation":"c","dialog":"off-track"}"#),
                 Self.message(2, "c", name), Self.request(3, "conversation/state", #"{"conversation":"c"}"#)].joined(separator: "\n") + "\n")
        s.close()
        let replies = s.rest()
        #expect(replies.count == 4)
        for line in replies {
            #expect(!line.contains("\u{2028}") && !line.contains("\u{2029}"), "raw line separators on the wire")
            #expect(Self.parse(line)["jsonrpc"] as? String == "2.0", "not JSON-RPC: \(line)")
        }
        let answers = Self.result(replies[3])["answers"] as? [[String: Any]]
        #expect(answers?.first?["answer"] as? String == name)
    }
}
