import CoachCLI
import DialogCompiler
import DialogEngine
import DialogTesting
import Foundation
import Testing

/// docs/protocol.md issue 8 item 8, what a bridge written from the doc alone missed: texts that name the bridge's
/// actions rather than the terminal's commands (10.5), the plan cut into parts within the channel's message limit
/// (3, 5.10), and buttons that send their label as text (4.5, 9).
@Suite struct BridgeTextTests {
    static let dialogs = ["coach", "off-track", "icp-reluctance", "forecast-accuracy"]

    /// How a diagnosis is driven: each question gets the same decision in every run, sent a chosen way.
    enum Answering { case click, label }

    /// Runs a whole diagnosis: each choice question gets the choice at `question number % count`, sent as a click
    /// or as its (possibly shortened) label typed as `text` (its `title` when another label shortens the same); other questions get a fixed typed answer. With `probe`
    /// every question is also asked why and help, answered wrongly once and gone back over once. Returns every
    /// reply's result (and the last turn's).
    static func diagnose(_ s: InMemoryServer, _ conversation: String, dialog: String, _ answering: Answering,
                         probe: Bool = false) -> (results: [[String: Any]], last: [String: Any]) {
        var reply = s.start(conversation, dialog: dialog)
        var results = [reply.result]
        var probed = Set<String>()
        for _ in 0..<300 where reply.phase == "asking" {
            guard let q = reply.question, let node = reply.node else { break }
            if probe && !probed.contains(node) {
                probed.insert(node)
                results.append(s.call("conversation/why", #"{"conversation":\#(quoted(conversation))}"#).result)
                results.append(s.call("conversation/help", #"{"conversation":\#(quoted(conversation))}"#).result)
                results.append(s.say(conversation, "zzz no such answer").result)
                if probed.count == 3 { results.append(s.back(conversation).result) }
                let state = s.state(conversation)
                let question = state["question"] as? [String: Any]
                reply = ["result": ["phase": state["phase"] ?? "", "messages": question.map { [$0] } ?? []]]
                continue
            }
            let number = (q["progress"] as? [String: Any])?["question"] as? Int ?? 0
            if let choices = q["choices"] as? [[String: Any]], !choices.isEmpty {
                let choice = choices[number % choices.count]
                switch answering {
                case .click:
                    reply = s.call("conversation/message", #"{"conversation":\#(quoted(conversation)),"choices":{"promptId":"\#(reply.promptId!)","ids":[\#(quoted(choice["id"] as! String))]}}"#)
                case .label:
                    // Two labels shortened to the same text cannot tell their choices apart: such a button carries
                    // the full label (`title`), as 4.5 advises.
                    let label = choice["label"] as! String
                    let collides = choices.filter { $0["label"] as? String == label }.count > 1
                    reply = s.say(conversation, collides ? choice["title"] as! String : label)
                }
            } else {
                reply = s.say(conversation, typedAnswer(q))
            }
            results.append(reply.result)
        }
        return (results, reply)
    }

    /// A typed answer that fits a question without choices.
    static func typedAnswer(_ q: [String: Any]) -> String {
        if let scale = q["scale"] as? [String: Any] { return "\((scale["min"] as? Int ?? 1) + 1)" }
        if let n = q["number"] as? [String: Any] {
            let lo = n["min"] as? Double ?? 0, hi = n["max"] as? Double ?? lo + 20
            return "\(Int((lo + hi) / 2))"
        }
        return "Dana"
    }

    /// Every string in a JSON value, members and elements alike.
    static func strings(_ value: Any) -> [String] {
        switch value {
        case let s as String: [s]
        case let a as [Any]: a.flatMap(strings)
        case let o as [String: Any]: o.values.flatMap(strings)
        default: []
        }
    }

    /// A terminal command in a text: `:back`, `:help`, `type :restart` (a colon starting a word).
    static func terminalCommand(in text: String) -> String? {
        text.firstMatch(of: /(?:^|[\s("'])(:[A-Za-z]+)/).map { String($0.output.1) }
    }

    // 10.5: texts for people on a chat channel.

    @Test func noTextTheServerSendsNamesATerminalCommand() {
        for dialog in Self.dialogs {
            let s = InMemoryServer()
            var (results, last) = Self.diagnose(s, "c", dialog: dialog, .label, probe: true)
            #expect(last.phase == "finished", "\(dialog)")
            results.append(s.say("c", "yes").result)
            results.append(s.call("conversation/why", #"{"conversation":"c"}"#).result)
            results.append(s.call("conversation/help", #"{"conversation":"c"}"#).result)
            results.append(s.back("c").result)
            results.append(s.back("c").result)
            let texts = results.flatMap(Self.strings)
            #expect(texts.contains { $0.hasPrefix("No question is waiting") }, "\(dialog): the refusal was scanned")
            #expect(texts.contains { $0.hasPrefix("Undone:") }, "\(dialog): an undo was scanned")
            #expect(texts.contains { $0.contains("is not one of the choices") || $0.contains("is not a number") }, "\(dialog): a rejection was scanned")
            for text in texts {
                #expect(Self.terminalCommand(in: text) == nil, "\(dialog): \(text)")
            }
        }
    }

    @Test func everyRefusalOnAChatNamesTheBridgesActionsAndTheTerminalKeepsItsCommands() {
        let engine = Engine(dialog: Repository.dialogs.dialogs["off-track"]!)
        let refusals: [Refusal] = [.nothingToUndo, .notAnswered("OTT.G0"), .unknownNode("X"), .perItem("OTT.W2"), .notAsking, .ended]
        let chat = TextRenderer(engine: engine, channel: .chat)
        for r in refusals { #expect(Self.terminalCommand(in: chat.refusal(r)) == nil, "\(r)") }
        #expect(chat.refusal(.notAsking) == "No question is waiting: the diagnosis is complete. Use Back to reopen the last question, or start a new conversation.")
        #expect(chat.refusal(.perItem("OTT.W2")) == "\"Work-product quality\" is asked once per item; use Back to change it.")
        #expect(chat.refusal(.notAnswered("OTT.G0")) == "\"Gap to YTD target\" has not been answered on this path.")
        #expect(chat.refusal(.unknownNode("X")) == "There is no such question in this conversation.")
        #expect(chat.refusal(.ended) == "This conversation has ended. Start a new conversation to begin again.")
        let terminal = TextRenderer(engine: engine)
        #expect(terminal.refusal(.perItem("OTT.W2")) == "\"Work-product quality\" is asked once per item; use :back to change it.")
        #expect(terminal.refusal(.ended) == "This conversation has ended. Use :restart to begin again.")
    }

    // 3, 5.10: maxMessageChars and the plan's parts.

    static func initialize(_ capabilities: String) -> String {
        request("initialize", #"{"protocolVersion":"2026-11-27","capabilities":\#(capabilities)}"#, id: 0)
    }

    @Test func maxMessageCharsIsEchoedAndAnUnusableOneNamesItsField() {
        let s = InMemoryServer(initialize: nil)
        let caps = s.send(Self.initialize(#"{"maxMessageChars":500}"#))?.result["capabilities"]
        #expect(canonical(caps) == canonical(#"{"buttons":false,"maxButtons":10,"maxLabel":75,"markup":"none","maxMessageChars":500}"#))
        for bad in ["499", "\"4000\"", "4000.5", "true", "1000001"] {
            let reply = InMemoryServer(initialize: nil).send(Self.initialize(#"{"maxMessageChars":\#(bad)}"#)) ?? [:]
            #expect(reply.code == -32602, "\(bad)")
            #expect(reply.data["field"] as? String == "capabilities.maxMessageChars", "\(bad)")
        }
        let plain = InMemoryServer(initialize: nil).send(Self.initialize("{}"))?.result["capabilities"] as? [String: Any]
        #expect(plain?["maxMessageChars"] == nil, "no limit, no member")
    }

    @Test func withAMessageLimitThePlanComesInPartsCutAtHeadings() throws {
        for markup in ["markdown", "slack", "plain"] {
            let s = InMemoryServer(initialize: Self.initialize(#"{"markup":"\#(markup)","maxMessageChars":500}"#))
            _ = s.start("c")
            var reply: [String: Any] = [:]
            for answer in ReferenceAnswers.ott1 { reply = s.say("c", answer) }
            let plan = try #require(reply.messages.last)
            #expect(plan["type"] as? String == "plan")
            let markdown = try #require(plan["markdown"] as? String)
            let parts = try #require(plan["parts"] as? [String])
            #expect(markdown.utf16.count > 3 * 500, "\(markup): the plan is long enough to need cutting")
            #expect(parts.joined() == markdown, "\(markup)")
            #expect(parts.allSatisfy { $0.utf16.count <= 500 && !$0.isEmpty }, "\(markup): \(parts.map(\.utf16.count))")
            // Each cut falls on a heading unless the section it falls in is too long to send whole.
            let headings = Self.headingOffsets(markdown, markup)
            var offset = 0
            for part in parts.dropLast() {
                offset += part.utf16.count
                if headings.contains(offset) { continue }
                let start = headings.last { $0 < offset } ?? 0
                let end = headings.first { $0 > offset } ?? markdown.utf16.count
                #expect(end - start > 500, "\(markup): a cut at \(offset) inside a section of \(end - start)")
            }
        }
    }

    /// Where the plan's headings start (UTF-16 offsets), known from the renderer's style.
    static func headingOffsets(_ text: String, _ markup: String) -> [Int] {
        var offsets: [Int] = []
        var offset = 0
        var previousBlank = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isHeading = switch markup {
            case "markdown": line.hasPrefix("#")
            case "slack": previousBlank && line.hasPrefix("*") && line.hasSuffix("*") && !line.contains("* · *") && !line.dropFirst().dropLast().contains("*")
            default: previousBlank && !line.isEmpty && line == line.uppercased() && line.contains(where: \.isLetter)
            }
            if isHeading { offsets.append(offset) }
            previousBlank = line.isEmpty
            offset += line.utf16.count + 1
        }
        return offsets
    }

    @Test func withoutAMessageLimitThePlanHasNoParts() {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "3%")
        let plan = s.say("c", "no").messages.last ?? [:]
        #expect(plan["markdown"] != nil)
        #expect(plan["parts"] == nil)
    }

    @Test func aSectionLongerThanTheLimitIsCutAtParagraphsThenLinesThenCharacters() {
        let s = InMemoryServer(initialize: Self.initialize(#"{"maxMessageChars":500}"#))
        _ = s.start("c")
        var reply: [String: Any] = [:]
        for answer in ReferenceAnswers.ott1 { reply = s.say("c", answer) }
        let plan = reply.messages.last ?? [:]
        let parts = plan["parts"] as? [String] ?? []
        // Inside a section a cut comes after a blank line or a line break, never inside a line, in this plan.
        for part in parts.dropLast() { #expect(part.hasSuffix("\n"), "\(part.suffix(80))") }
    }

    // 4.5, 6.2, 9: buttons that send their label as text.

    @Test func answeringEveryChoiceWithItsLabelAsTextGivesTheSamePlanAsClicking() {
        for dialog in Self.dialogs {
            for maxLabel in [12, 75] {
                let handshake = Self.initialize(#"{"buttons":{"max":10,"maxLabel":\#(maxLabel)}}"#)
                let clicked = Self.diagnose(InMemoryServer(initialize: handshake), "c", dialog: dialog, .click).last
                let typed = Self.diagnose(InMemoryServer(initialize: handshake), "c", dialog: dialog, .label)
                #expect(clicked.phase == "finished", "\(dialog)")
                #expect(!typed.results.contains { ($0["messages"] as? [[String: Any]])?.contains { $0["type"] as? String == "rejected" } == true },
                        "\(dialog), maxLabel \(maxLabel): a label was not understood")
                #expect(canonical(typed.last.messages.last?["plan"]) == canonical(clicked.messages.last?["plan"]), "\(dialog), maxLabel \(maxLabel)")
            }
        }
    }
}
