import Testing

/// docs/protocol.md sections 2 (lifecycle), 3 (capabilities), 4.1 to 4.3 (initialize, ping, dialogs/list).
@Suite struct LifecycleTests {
    static let dialogs = #"[{"id":"coach","title":"Sales Strategy Execution System coach","version":1},{"id":"forecast-accuracy","title":"Forecast accuracy stays poor in spite of training","version":2,"problem":"FCA","subject":"team","statement":"Forecast accuracy is an ongoing problem for our sales organization in spite of all the training we’ve invested in."},{"id":"icp-reluctance","title":"Reps avoid the new ideal customer profile","version":2,"problem":"ICP","subject":"team","statement":"Achieving our sales strategy demands that our sales people target a new ideal customer profile, but they are reluctant to get out of their comfort zone."},{"id":"off-track","title":"A rep is not on track to hit target","version":2,"problem":"OTT","subject":"rep","statement":"Some of my sales people are not on track for hitting their sales targets."}]"#

    static func initialize(_ params: String, id: Int = 1) -> String { request("initialize", params, id: id) }

    /// The `capabilities` an initialize with these `capabilities` params puts in effect (or its error).
    static func capabilities(_ requested: String) -> [String: Any] {
        let reply = InMemoryServer(initialize: nil).send(initialize(#"{"protocolVersion":"2026-11-27","capabilities":\#(requested)}"#)) ?? [:]
        return reply["result"] == nil ? reply : reply.result["capabilities"] as? [String: Any] ?? [:]
    }

    // 2.1: initialize comes first.

    @Test func anyRequestBeforeInitializeIsRefusedAsNotInitialized() {
        let s = InMemoryServer(initialize: nil)
        for method in ["ping", "dialogs/list", "conversation/start", "conversation/fly"] {
            #expect(s.line(request(method, #"{"conversation":"c"}"#, id: 7))
                    == #"{"jsonrpc":"2.0","id":7,"error":{"code":-32002,"message":"Server not initialized; send initialize first."}}"# + "\n",
                    "\(method)")
        }
    }

    @Test func aNotificationBeforeInitializeIsIgnoredWithoutAReply() {
        let s = InMemoryServer(initialize: nil)
        #expect(s.line(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#) == nil)
        #expect(s.line(#"{"jsonrpc":"2.0","method":"ping"}"#) == nil)
    }

    @Test func initializeAnswersWithTheVersionCapabilitiesLimitsAndDialogs() {
        let s = InMemoryServer(initialize: nil)
        let reply = s.send(Self.initialize(#"{"protocolVersion":"2026-11-27","bridge":{"name":"slack-bridge","version":"0.3.0"},"capabilities":{"buttons":{"max":5,"maxLabel":40},"markup":"slack"}}"#))
        #expect(canonical(reply) == canonical(#"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2026-11-27","server":{"name":"coach","version":"0.1.0"},"capabilities":{"buttons":true,"maxButtons":5,"maxLabel":40,"markup":"slack"},"limits":{"maxLineBytes":1048576},"dialogs":\#(Self.dialogs)}}"#))
    }

    @Test func aDifferentProtocolVersionIsRefusedWithTheSupportedOnes() {
        let s = InMemoryServer(initialize: nil)
        #expect(canonical(s.send(Self.initialize(#"{"protocolVersion":"1999-01-01"}"#)))
                == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unsupported protocol version.","data":{"requested":"1999-01-01","supported":["2026-11-27"]}}}"#))
        #expect(s.call("ping", id: 2).code == -32002, "a refused initialize leaves the server uninitialized")
        #expect(s.send(Self.initialize(#"{"protocolVersion":"2026-11-27"}"#, id: 3))?["result"] != nil, "and may be sent again")
        #expect(s.call("ping", id: 4).result.isEmpty)
    }

    @Test func aMissingOrNonStringProtocolVersionNamesTheField() {
        let s = InMemoryServer(initialize: nil)
        for params in ["{}", #"{"protocolVersion":20261127}"#] {
            let reply = s.send(Self.initialize(params)) ?? [:]
            #expect(reply.code == -32602)
            #expect(reply.error["message"] as? String == "Invalid params.")
            #expect(reply.data["field"] as? String == "protocolVersion")
        }
    }

    @Test func aSecondInitializeIsAnInvalidRequest() {
        let s = InMemoryServer()
        #expect(canonical(s.send(Self.initialize(#"{"protocolVersion":"2026-11-27","capabilities":{"markup":"plain"}}"#)))
                == canonical(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid request.","data":{"detail":"already initialized"}}}"#))
    }

    // 3: capabilities.

    @Test func withoutCapabilitiesTheBridgeHasNoButtonsAndNoMarkup() {
        #expect(canonical(Self.capabilities("{}")) == canonical(#"{"buttons":false,"maxButtons":10,"maxLabel":75,"markup":"none"}"#))
    }

    @Test func buttonsTrueMeansTenButtonsWithLabelsOfSeventyFiveCharacters() {
        #expect(canonical(Self.capabilities(#"{"buttons":true,"markup":"plain"}"#))
                == canonical(#"{"buttons":true,"maxButtons":10,"maxLabel":75,"markup":"plain"}"#))
    }

    @Test func aButtonsObjectAlwaysMeansButtonsWithDefaultsForMissingLimits() {
        #expect(canonical(Self.capabilities(#"{"buttons":{}}"#)) == canonical(#"{"buttons":true,"maxButtons":10,"maxLabel":75,"markup":"none"}"#))
        #expect(canonical(Self.capabilities(#"{"buttons":{"maxLabel":20}}"#)) == canonical(#"{"buttons":true,"maxButtons":10,"maxLabel":20,"markup":"none"}"#))
    }

    /// A limit the server cannot use is a bridge bug, refused like any other bad param rather than replaced in
    /// silence: the bridge author learns at the first `initialize`, not from buttons that look wrong.
    @Test func unusableButtonLimitsAreRefusedNamingTheLimit() {
        for (caps, field) in [(#"{"buttons":{"max":0}}"#, "capabilities.buttons.max"),
                              (#"{"buttons":{"max":101}}"#, "capabilities.buttons.max"),
                              (#"{"buttons":{"max":5.0}}"#, "capabilities.buttons.max"),
                              (#"{"buttons":{"maxLabel":1}}"#, "capabilities.buttons.maxLabel"),
                              (#"{"buttons":{"maxLabel":1001}}"#, "capabilities.buttons.maxLabel"),
                              (#"{"buttons":{"max":5,"maxLabel":"40"}}"#, "capabilities.buttons.maxLabel")] {
            #expect(Self.capabilities(caps).code == -32602, "\(caps)")
            #expect(Self.capabilities(caps).data["field"] as? String == field, "\(caps)")
        }
        #expect(canonical(Self.capabilities(#"{"buttons":{"max":1,"maxLabel":2}}"#)) == canonical(#"{"buttons":true,"maxButtons":1,"maxLabel":2,"markup":"none"}"#))
        #expect(canonical(Self.capabilities(#"{"buttons":{"max":100,"maxLabel":1000}}"#)) == canonical(#"{"buttons":true,"maxButtons":100,"maxLabel":1000,"markup":"none"}"#))
    }

    @Test func buttonsOfAnotherTypeOrAnUnknownMarkupAreRefusedNamingTheField() {
        #expect(Self.capabilities(#"{"buttons":"yes"}"#).code == -32602)
        #expect(Self.capabilities(#"{"buttons":"yes"}"#).data["field"] as? String == "capabilities.buttons")
        #expect(Self.capabilities(#"{"markup":"html"}"#).code == -32602)
        #expect(Self.capabilities(#"{"markup":"html"}"#).data["field"] as? String == "capabilities.markup")
    }

    @Test func capabilitiesThatAreNotAnObjectAreIgnored() {
        #expect(canonical(Self.capabilities(#""all of them""#)) == canonical(#"{"buttons":false,"maxButtons":10,"maxLabel":75,"markup":"none"}"#))
    }

    @Test func aQuestionWithMoreChoicesThanMaxButtonsIsShownAsText() {
        let s = InMemoryServer(initialize: Self.initialize(#"{"protocolVersion":"2026-11-27","capabilities":{"buttons":{"max":2}}}"#))
        #expect(s.start("c").result["phase"] as? String == "asking")
        _ = s.say("c", "Dana")
        let yesNo = s.say("c", "25")
        #expect(yesNo.node == "OTT.G1")
        #expect(yesNo.question?["buttons"] as? Bool == false, "three choices, two buttons at most")
        #expect((yesNo.question?["choices"] as? [[String: Any]])?.count == 3, "the choices are still listed")
    }

    // 4.2, 4.3.

    @Test func pingAnswersAnEmptyObject() {
        let s = InMemoryServer()
        #expect(s.line(#"{"jsonrpc":"2.0","id":"hb-1","method":"ping"}"#) == #"{"jsonrpc":"2.0","id":"hb-1","result":{}}"# + "\n")
        #expect(s.line(#"{"jsonrpc":"2.0","id":"hb-2","method":"ping","params":{"anything":1}}"#) == #"{"jsonrpc":"2.0","id":"hb-2","result":{}}"# + "\n")
    }

    @Test func dialogsListNamesEveryDialogSortedById() {
        let s = InMemoryServer()
        #expect(canonical(s.send(#"{"jsonrpc":"2.0","id":2,"method":"dialogs/list"}"#))
                == canonical(#"{"jsonrpc":"2.0","id":2,"result":{"dialogs":\#(Self.dialogs)}}"#))
    }
}
