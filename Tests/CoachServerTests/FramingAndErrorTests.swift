import Foundation
import Testing

/// docs/protocol.md sections 1.2 to 1.6, 2.3 and 7: lines, ids, notifications and the error replies.
@Suite struct FramingAndErrorTests {
    static func error(_ id: String, _ code: Int, _ message: String, _ data: String) -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":\#(code),"message":"\#(message)","data":\#(data)}}"# + "\n"
    }

    @Test func malformedJSONIsAParseErrorWithANullId() {
        let s = InMemoryServer()
        let cut = #"{"jsonrpc":"2.0","id":9,"method":"conversation/message","params":{"conversation":"slack:T1:C2:1700000000.000100","messageId":"Ev6","text":"no""#
        #expect(s.line(cut) == Self.error("null", -32700, "Parse error.", #"{"reason":"invalid_json","detail":"unexpected end of input at byte 142"}"#))
        #expect(s.send(#"{"a":1} {"b":2}"#)?.data["reason"] as? String == "invalid_json", "two values on one line")
        #expect(s.send(#"{"jsonrpc":"2.0","id":1,"method":"ping",}"#)?.code == -32700, "no trailing commas")
        #expect(s.call("ping").result.isEmpty, "serving goes on")
    }

    @Test func aLineThatIsNotUTF8IsAParseError() {
        let s = InMemoryServer()
        #expect(s.line(bytes: Array(#"{"jsonrpc":"2.0","id":1,"method":"ping","x":""#.utf8) + [0xFF, 0x22, 0x7D]) == Self.error("null", -32700, "Parse error.", #"{"reason":"invalid_utf8"}"#))
    }

    @Test func anOverlongLineIsAnsweredOnceWithLineTooLong() {
        let s = InMemoryServer()
        #expect(s.lineTooLong()
                == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error.","data":{"reason":"line_too_long","detail":"lines are limited to 1048576 bytes"}}}"# + "\n")
        #expect(s.call("ping").result.isEmpty, "serving goes on")
    }

    @Test func aBatchIsRefusedWholeAndNothingInItRuns() {
        let s = InMemoryServer()
        #expect(s.line("[" + request("conversation/start", #"{"conversation":"c","dialog":"off-track"}"#) + "]")
                == Self.error("null", -32600, "Invalid request.", #"{"detail":"batches are not supported; send one request per line"}"#))
        #expect(s.state("c").isEmpty)
        #expect(s.openConversations == 0)
    }

    @Test func aLineThatIsNotARequestObjectIsAnInvalidRequest() {
        let s = InMemoryServer()
        #expect(s.line("42") == Self.error("null", -32600, "Invalid request.", #"{"detail":"a request is a JSON object"}"#))
        #expect(s.line(#"{"jsonrpc":"1.0","id":3,"method":"ping"}"#) == Self.error("3", -32600, "Invalid request.", #"{"detail":"'jsonrpc' must be \"2.0\""}"#))
        #expect(s.line(#"{"jsonrpc":"2.0","id":4,"method":7}"#) == Self.error("4", -32600, "Invalid request.", #"{"detail":"'method' must be a string"}"#))
        #expect(s.line(#"{"jsonrpc":"2.0","method":"ping","params":{}}"#) == nil, "a valid notification gets no reply")
        #expect(s.line(#"{"method":"ping"}"#) == Self.error("null", -32600, "Invalid request.", #"{"detail":"'jsonrpc' must be \"2.0\""}"#),
                "a notification that is not a valid request is answered with id null")
    }

    @Test func aNullOrNonScalarIdIsRefusedWithANullId() {
        let s = InMemoryServer()
        for id in ["null", "[1]", "{}", "true"] {
            #expect(s.line(#"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#)
                    == Self.error("null", -32600, "Invalid request.", #"{"detail":"'id' must be a string or a number"}"#), "\(id)")
        }
    }

    @Test func numberIdsAreEchoedExactlyAsWrittenAndStringIdsAsTheSameString() {
        let s = InMemoryServer()
        for id in ["1.50", "-0", "12345678901234567890", "1e3"] {
            #expect(s.line(#"{"jsonrpc":"2.0","id":\#(id),"method":"ping"}"#) == #"{"jsonrpc":"2.0","id":\#(id),"result":{}}"# + "\n")
        }
        #expect(s.line(#"{"jsonrpc":"2.0","id":"\u0041\/","method":"ping"}"#) == #"{"jsonrpc":"2.0","id":"A/","result":{}}"# + "\n")
    }

    @Test func anUnknownMethodIsMethodNotFound() {
        let s = InMemoryServer()
        #expect(s.line(request("conversation/fly", id: 7)) == Self.error("7", -32601, "Method not found.", #"{"method":"conversation/fly"}"#))
    }

    @Test func paramsThatAreNotAnObjectAreInvalidParams() {
        let s = InMemoryServer()
        for params in ["[]", "null", "\"x\""] {
            let reply = s.send(request("ping", params, id: 5))
            #expect(reply?.code == -32602, "\(params)")
            #expect(reply?.data["field"] as? String == "params")
        }
        #expect(s.line(#"{"jsonrpc":"2.0","id":6,"method":"ping"}"#) == #"{"jsonrpc":"2.0","id":6,"result":{}}"# + "\n", "params may be omitted")
    }

    @Test func unknownMembersOfParamsAreIgnored() {
        let s = InMemoryServer()
        let reply = s.call("conversation/start", #"{"conversation":"c","dialog":"off-track","user":{"id":"U9","displayName":"Ana"}}"#)
        #expect(reply.turn == 0)
    }

    @Test func blankLinesGetNoReply() {
        let s = InMemoryServer()
        for blank in ["", " ", "\t \r", "\r"] { #expect(s.line(blank) == nil) }
    }

    @Test func aRequestSentAsANotificationIsNeitherAnsweredNorActedOn() {
        let s = InMemoryServer()
        #expect(s.line(#"{"jsonrpc":"2.0","method":"conversation/start","params":{"conversation":"c","dialog":"off-track"}}"#) == nil)
        #expect(s.line(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#) == nil)
        #expect(s.line(#"{"jsonrpc":"2.0","method":"conversation/start","params":[]}"#) == nil)
        #expect(s.state("c").isEmpty)
        #expect(s.openConversations == 0)
    }

    @Test func errorsFollowTheDocumentedPrecedence() {
        let fresh = InMemoryServer(initialize: nil)
        #expect(fresh.send(#"{"jsonrpc":"1.0","id":1,"method":"fly","params":[]}"#)?.code == -32600, "jsonrpc before method and params")
        #expect(fresh.send(#"{"jsonrpc":"2.0","id":1,"method":"fly","params":[]}"#)?.code == -32602, "params before -32002")
        #expect(fresh.send(request("fly"))?.code == -32002, "-32002 before -32601")
        let s = InMemoryServer()
        #expect(s.call("conversation/message", #"{"messageId":true}"#).data["field"] as? String == "conversation", "conversation first")
        #expect(s.call("conversation/message", #"{"conversation":"nope","messageId":true}"#).code == -32010, "then the conversation")
        _ = s.start("c")
        #expect(s.call("conversation/message", #"{"conversation":"c","messageId":true}"#).data["field"] as? String == "messageId", "then messageId")
    }

    @Test func aReplyIsOneCompactLineWithLineBreaksEscaped() {
        let s = InMemoryServer()
        let tag = s.start("c").tag ?? ""
        let name = "Zoë\u{2028}🚀 \u{2029}\nend/"
        _ = s.say("c", name)
        let line = s.line(request("conversation/state", #"{"conversation":"c"}"#)) ?? ""
        #expect(line.hasSuffix("}\n"))
        #expect(line.utf8.filter { $0 == 0x0A }.count == 1)
        #expect(!line.contains("\u{2028}") && !line.contains("\u{2029}") && !line.contains("\r"))
        #expect(line.contains(#""answer":"Zoë\u2028🚀 \u2029\nend/""#), "raw UTF-8, escaped line breaks, / not escaped")
        #expect(line.hasPrefix(#"{"jsonrpc":"2.0","id":1,"result":{"conversation":"c","dialog":"off-track","turn":1,"phase":"asking","question":{"type":"question","promptId":"p1-\#(tag)","node":"OTT.G0","#),
                "compact: no white space between members")
    }
}
