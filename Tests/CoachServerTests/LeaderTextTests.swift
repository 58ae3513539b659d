import CoachCLI
@testable import CoachServer
import DialogCompiler
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing
import Transcript

/// Issue 9's rule for `coach serve`: a chat bridge shows every `text` as it is, so every text is plain English for
/// the sales leader, with no node ids (`OTT.G0`), finding, action, verification or note codes (`G-01`, `R-T-06`,
/// `V-OTT.G4`, `N-PERSONAL`), flags (`cap=suspect`) or source tags (`SEED S1.1`); the ids stay in the structured
/// members (`node`, `finding`, `source`, the plan's ids) for machines (docs/protocol.md 10.5).
@Suite struct LeaderTextTests {
    static let dialogs = ["coach", "off-track", "icp-reluctance", "forecast-accuracy"]

    // MARK: What a text for the leader must not hold

    /// What internal id or code `text` holds, named, or nil when it holds none: PlanLint's patterns (finding, action,
    /// verification and note codes, node ids, Gilbert cells, flags, Kirkpatrick shorthand) and, for this dialog, its
    /// node ids, finding and note ids, flag names with a value, and the questions' source tags. Lower-case "the seed" in
    /// a why text is the dialog author's prose, not a tag (the dialogs are being reworded elsewhere).
    static func internalCode(in text: String, _ dialog: Dialog) -> String? {
        for (name, test) in PlanLint.internalPatterns where name != "a source tag" && test(text) { return name }
        if text.contains("(Source:") { return "a source tag" }
        if text.contains(/\bSEED\b/) { return "a source tag (SEED)" }
        for node in dialog.nodes {
            if containsID(text, node.id) { return "the node id \(node.id)" }
            for tag in node.question?.source?.split(separator: ";").map({ String($0).trimmed(where: { $0 == " " }) }) ?? []
            where tag.contains(where: \.isNumber) && text.contains(tag) {
                return "the source tag \(tag)"
            }
        }
        for f in dialog.taxonomy.findings where containsID(text, f.id) { return "the finding id \(f.id)" }
        for n in dialog.taxonomy.notes where containsID(text, n.id) { return "the note id \(n.id)" }
        for flag in dialog.flags where text.contains(flag.name + "=") || text.contains(flag.name + " =") {
            return "the flag \(flag.name)"
        }
        if text.contains("Flags:") { return "a flag listing" }
        return nil
    }

    /// True when `id` appears in `text` with no letter, digit, `-` or `.` followed by a letter or digit either side.
    static func containsID(_ text: String, _ id: String) -> Bool {
        var rest = text[...]
        while let r = rest.range(of: id) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            let afterNext = r.upperBound == text.endIndex ? nil : text[text.index(after: r.upperBound)...].dropFirst().first
            let joinedBefore = before.map { $0.isLetter || $0.isNumber || $0 == "-" } ?? false
            let joinedAfter = after.map { $0.isLetter || $0.isNumber || (($0 == "-" || $0 == ".") && (afterNext?.isLetter == true || afterNext?.isNumber == true)) } ?? false
            if !joinedBefore && !joinedAfter { return true }
            rest = text[r.upperBound...]
        }
        return false
    }

    @Test func theCheckCatchesWhatTheServerUsedToSend() throws {
        let dialog = Repository.dialog("off-track")
        for text in ["Undone: your answer to OTT.G0.", "That was the last try for this question; I'll note that we could not settle it (OTT.G0) and move on.",
                     "Changed your answer to OTT.G0.", "OTT.P1 is asked once per item; use Back to change it.",
                     "Findings so far (plan order): T-06, T-03", "Flags: cap=suspect", "Notes: N-PERSONAL",
                     "Why I ask: Mager and Pipe ask.\n(Source: SEED S1.1)", "Check the quick fixes are done: R-G-00.",
                     "Settle it: V-OTT.G4", "an E-incent problem"] {
            #expect(Self.internalCode(in: text, dialog) != nil, "\(text)")
        }
        for text in ["Undone: your answer to \"Gap to YTD target\".", "Why I ask: The seed: if the answer is yes, go on.",
                     "That was the last try for this question; I'll note that we could not settle it and move on.",
                     "\"Work-product quality\" is asked once per item; use Back to change it.", "Dana is at 75% of target."] {
            #expect(Self.internalCode(in: text, dialog) == nil, "\(text)")
        }
    }

    // MARK: Driving the server as a bridge would

    /// Every text a reply (or any JSON value in it) carries for a person: the `text`, `fallbackText`, `validAnswers`,
    /// `markdown` and `parts` members at any depth (the plan's own `text` members included).
    static func texts(_ value: Any) -> [String] {
        switch value {
        case let o as [String: Any]:
            return o.flatMap { key, v -> [String] in
                switch (key, v) {
                case ("text", let s as String), ("fallbackText", let s as String), ("validAnswers", let s as String),
                     ("markdown", let s as String):
                    return [s]
                case ("parts", let a as [String]): return a
                default: return texts(v)
                }
            }
        case let a as [Any]: return a.flatMap(texts)
        default: return []
        }
    }

    @Test(arguments: dialogs)
    func everyTextOfAWholeConversationIsPlainEnglish(_ dialogID: String) throws {
        let s = InMemoryServer(initialize: BridgeTextTests.initialize(#"{"buttons":{"max":10,"maxLabel":40},"markup":"markdown","maxMessageChars":2000}"#))
        let id = "slack:T1:C2:1"
        let start = s.start(id, dialog: dialogID)
        var results = [start.result]
        let first = Self.converse(s, id, from: start, giveUp: true)
        results += first.results
        #expect(first.last.phase == "finished", "\(dialogID)")
        results.append(s.say(id, "yes").result)
        let c = try Self.live(s, id)
        let dialog = c.engine.dialog

        // After the plan: a summary, a why through the channel, then back into the diagnosis and a change of an
        // earlier answer (dropping the answers after it that leave the path), refused changes, a summary again.
        results.append(try Self.inject(s, id, .askedSummary, takesTurn: false).result)
        results.append(s.back(id).result)
        results.append(try Self.inject(s, id, .askedWhy, takesTurn: false).result)
        results.append(try Self.inject(s, id, .askedWhere, takesTurn: false).result)
        let answers = c.session.answers
        let yesNo = try #require(answers.first { dialog.nodes[$0.node].question?.answer.kind == .yesNo && $0.item == nil })
        let flipped = yesNo.value == .choice(AnswerType.yes) ? "no" : "yes"
        let change = try Self.inject(s, id, .changed(node: dialog.nodes[yesNo.node].id, to: flipped), takesTurn: true)
        results.append(change.result)
        #expect(change.messages.first?["type"] as? String == "text", "\(dialogID): \(change.messages)")
        if let perItem = answers.first(where: { $0.item != nil }) {
            results.append(try Self.inject(s, id, .changed(node: dialog.nodes[perItem.node].id, to: "3"), takesTurn: true).result)
        }
        let now: [Answer] = try Self.live(s, id).session.answers
        let unanswered = try #require(dialog.nodes.first { n in
            n.question != nil && n.question?.forEach == nil && !now.contains { dialog.nodes[$0.node].id == n.id }
        })
        results.append(try Self.inject(s, id, .changed(node: unanswered.id, to: "yes"), takesTurn: true).result)
        results.append(try Self.inject(s, id, .changed(node: "NO.SUCH", to: "yes"), takesTurn: true).result)
        results.append(try Self.inject(s, id, .askedSummary, takesTurn: false).result)

        // On to a second plan, then the leader leaves and a last answer is refused.
        let asking = try #require(s.state(id)["question"] as? [String: Any])
        let second = Self.converse(s, id, from: ["result": ["phase": "asking", "messages": [asking]]], giveUp: false)
        results += second.results
        #expect(second.last.phase == "finished", "\(dialogID)")
        results.append(try Self.inject(s, id, .askedSummary, takesTurn: false).result)
        results.append(try Self.inject(s, id, .quit, takesTurn: true).result)
        results.append(s.say(id, "yes").result)

        let texts = results.flatMap(Self.texts)
        for text in texts {
            if let code = Self.internalCode(in: text, dialog) {
                Issue.record("\(dialogID): \(code) in a text for the leader: \(text.prefix(300))")
            }
        }
        // Every kind of text was there to be checked.
        let expected = ["Undone: your answer to \"", "That was the last try for this question", "Why I ask: ", "Answers so far:",
                        "Findings so far, in plan order:", "Changed your answer to \"", "has not been answered on this path",
                        "There is no such question in this conversation.", "Valid answers: ", "Goodbye.",
                        "This conversation has ended.", "No question is waiting", "question "]
            + (answers.contains { $0.item != nil } ? ["is asked once per item; use Back to change it."] : [])
        for e in expected { #expect(texts.contains { $0.contains(e) }, "\(dialogID): no text with \(e)") }
        #expect(texts.contains { $0.hasPrefix("# Coaching plan: ") }, "\(dialogID): the plan's markdown was checked")
        // The ids are still there, in the structured members.
        let messages = results.flatMap { ($0["messages"] as? [[String: Any]]) ?? [] }
        let nodeIDs = Set(dialog.nodes.map(\.id))
        for m in messages where ["undone", "fellBack", "rejected"].contains(m["type"] as? String) {
            #expect(nodeIDs.contains(m["node"] as? String ?? ""), "\(dialogID): \(m)")
        }
        #expect(messages.contains { $0["type"] as? String == "fellBack" && $0["label"] != nil }, "\(dialogID)")
        let findingIDs = Set(dialog.taxonomy.findings.map(\.id))
        let recorded = messages.filter { $0["finding"] != nil }
        #expect(!recorded.isEmpty, "\(dialogID)")
        for m in recorded { #expect(findingIDs.contains(m["finding"] as? String ?? ""), "\(dialogID): \(m)") }
    }

    // MARK: Findings in the words of the conversation's problem

    static let icp1 = ["Team East", "10", "40", "team-wide", "no", "yes", "less", "ICP target account list", "3", "yes",
                       "both", "all", "yes", "yes", "yes", "no", "yes", "yes", "rejection, lost earnings or criticism",
                       "yes", "no", "yes", "yes", "yes", "yes", "yes", "3", "Take the pay comparison to sales ops"]

    @Test func findingsAreWordedForTheProblemTheCoachDialogRoutedTo() throws {
        let s = InMemoryServer()
        let start = s.start("c", dialog: "coach")
        _ = s.click("c", try #require(start.promptId), "icp-reluctance")
        var recorded: [[String: Any]] = []
        for answer in Self.icp1 {
            recorded += s.say("c", answer).messages.filter { $0["finding"] != nil }
        }
        let taxonomy = Repository.dialog("coach").taxonomy
        let g02 = try #require(taxonomy.findings.first { $0.id == "G-02" })
        let icp = g02.texts.text(for: "ICP"), ott = g02.texts.text(for: "OTT")
        #expect(icp != ott, "G-02 is written per problem")
        #expect(recorded.first { $0["finding"] as? String == "G-02" }?["text"] as? String == icp)
        for m in recorded {
            let f = try #require(taxonomy.findings.first { $0.id == m["finding"] as? String })
            #expect(m["text"] as? String == f.texts.text(for: "ICP"), "\(m)")
        }
        // The wire text ends without a line break: one is added so that every finding line ends in one.
        let summary = try #require(try Self.inject(s, "c", .askedSummary, takesTurn: false).messages.first?["text"] as? String) + "\n"
        #expect(summary.contains("  - " + icp + "\n"), "\(summary)")
        #expect(!summary.contains(ott), "\(summary)")
        for m in recorded { #expect(summary.contains("  - \(m["text"] as? String ?? "")\n"), "\(summary)") }
        #expect(!summary.contains("To change one"), "a chat has no :change")
    }

    @Test func theWireTextsNameQuestionsByLabelAndTheRecordKeepsItsForm() throws {
        let s = InMemoryServer()
        _ = s.start("c")
        _ = s.say("c", "Dana")
        _ = s.say("c", "25")
        _ = s.say("c", "no")
        _ = s.say("c", "14")
        let change = try Self.inject(s, "c", .changed(node: "OTT.G1", to: "yes"), takesTurn: true)
        #expect(canonical(change.messages.first) == canonical(#"{"type":"text","text":"Changed your answer to \"Ever hit goal\": Yes. Answers no longer on the path were dropped: Months in role."}"#))
        let why = try Self.inject(s, "c", .askedWhy, takesTurn: false)
        let text = try #require(why.messages.first?["text"] as? String)
        #expect(text.hasPrefix("Why I ask: ") && !text.contains("Source"), "\(text)")
        // The transcript's record of the same outputs is unchanged: ids, codes and flags, no rendered text.
        let c = try #require(s.server.conversations["c"])
        let record = MessageEncoder(engine: c.engine, mode: .record)
        let w = JSONWriter()
        record.write(.changed(node: "OTT.G1", dropped: ["OTT.G1a"]), c.session, into: w)
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"type":"changed","node":"OTT.G1","dropped":["OTT.G1a"]}"#)
        let summary = JSONWriter()
        record.write(.summarized(c.engine.summary(c.session)), c.session, into: summary)
        #expect(String(decoding: summary.bytes, as: UTF8.self).hasPrefix(#"{"type":"summarized","answers":[{"node":"OTT.who","label":"Rep","answer":"Dana"}"#))
        let undone = JSONWriter()
        record.write(.undone(node: "OTT.G0"), c.session, into: undone)
        #expect(String(decoding: undone.bytes, as: UTF8.self) == #"{"type":"undone","node":"OTT.G0"}"#)
    }

    // MARK: Optional number and multi questions (docs/protocol.md 5.3)

    static let optionalDialog = """
        kind: dialog
        id: optional-answers
        title: Optional number and multi answers
        problem: OTT
        statement: A rep is not on track to hit target.
        subject: rep
        start: O.who
        plan:
          goal: Bring the rep back to the year-to-date run-rate by period end.

        nodes:
          - id: O.who
            ask: Which sales person is this about?
            label: Rep
            answer: {text: {maxLength: 80}}
            store: subject
            next: O.time

          - id: O.time
            ask: About how many hours a week can you give this plan yourself?
            label: Your hours a week
            answer: {number: {min: 0, max: 60, unit: hours, optional: true}}
            next: O.tasks

          - id: O.tasks
            step: tasks
            ask: Which tasks is the rep weakest at?
            label: Weakest tasks
            answer:
              multi:
                choices:
                  - id: prospecting
                    label: Prospecting
                  - id: closing
                    label: Closing
                optional: true
            next: O.gap

          - id: O.gap
            step: goals
            ask: How far behind target is the rep, in %?
            label: Gap
            answer: {number: {min: 0, max: 100, unit: "%"}}
            next: O.realistic

          - id: O.realistic
            step: goals
            ask: Is the rep's goal realistic and attainable?
            label: Realistic goal
            answer: yesNo
            branches:
              - when: no
                finding: G-01
              - else:
            next: O.end

          - id: O.end
            end: That completes the diagnosis.
        """

    static func optionalServer() throws -> InMemoryServer {
        let taxonomy = Repository.sources("Dialogs").filter { $0.path.hasSuffix("/taxonomy.yaml") }
        let compiled = Compiler.compile(taxonomy + [SourceFile(path: "Dialogs/optional-answers.yaml", bytes: Data(optionalDialog.utf8))])
        let dialog = try #require(compiled.dialogs["optional-answers"], "\(compiled.diagnostics.map(\.rendered))")
        return InMemoryServer(dialogs: ["optional-answers": dialog])
    }

    @Test func optionalNumberAndMultiQuestionsSaySoAndAnEmptyAnswerSkipsThem() throws {
        let s = try Self.optionalServer()
        _ = s.start("c", dialog: "optional-answers")
        let time = try #require(s.say("c", "Dana").question)
        #expect(time["node"] as? String == "O.time")
        #expect(time["optional"] as? Bool == true)
        #expect(time["fallbackText"] as? String == "About how many hours a week can you give this plan yourself?\n  (a number from 0 to 60, in hours; an empty answer skips it)")
        let tasksReply = s.say("c", "")
        #expect(tasksReply.types == ["question"], "an empty answer is no rejection")
        let tasks = try #require(tasksReply.question)
        #expect(tasks["node"] as? String == "O.tasks")
        #expect(tasks["multiple"] as? Bool == true)
        #expect(tasks["optional"] as? Bool == true)
        #expect((tasks["fallbackText"] as? String)?.hasSuffix("\n  (one or more: numbers or names, separated by commas; an empty answer skips it)") == true)
        let gapReply = s.say("c", "  ")
        #expect(gapReply.types == ["question"])
        let gap = try #require(gapReply.question)
        #expect(gap["node"] as? String == "O.gap")
        #expect(gap["optional"] == nil, "a number that needs an answer has no optional member")
        #expect(gap["fallbackText"] as? String == "How far behind target is the rep, in %?\n  (a number from 0 to 100, in %)")
        let empty = s.say("c", "")
        #expect(empty.messages.first?["reason"] as? String == "empty", "a number that is not optional rejects an empty answer")
        let realistic = try #require(s.say("c", "20").question)
        #expect(realistic["optional"] == nil)
        let answers = s.state("c")["answers"] as? [[String: Any]] ?? []
        #expect(answers.map { $0["label"] as? String ?? "" } == ["Rep", "Your hours a week", "Weakest tasks", "Gap"])
        #expect(answers.map { $0["answer"] as? String ?? "" } == ["Dana", "(no answer)", "(no answer)", "20%"])
    }

    @Test func aQuestionThatNeedsAnAnswerHasNoOptionalMemberExceptText() throws {
        let s = InMemoryServer()
        let start = s.start("c", dialog: "coach")
        #expect(start.question?["optional"] == nil, "choice")
        let prompt = try #require(start.promptId)
        let who = try #require(s.click("c", prompt, "off-track").question)
        #expect(who["optional"] as? Bool == false, "a text question always says")
        let gap = try #require(s.say("c", "Dana").question)
        #expect(gap["answerType"] as? String == "number")
        #expect(gap["optional"] == nil)
    }
}
