@testable import CoachTerminal
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing

/// `:summary`, `:change` and `:back` as a leader types them, through the chat loop: answers by number and name,
/// replies in words, never a node id, finding code, flag or source tag.
@Suite struct ChangeAndSummaryTests {
    let dialog = Repository.dialog("off-track")

    /// The chat's text after these lines.
    func chat(_ lines: [String]) -> (ChatLoop, String) {
        let writer = CapturingWriter()
        let loop = ChatLoop(dialog: dialog, reader: ScriptedReader(lines), writer: writer, today: { Day(year: 2026, month: 11, day: 27) })
        _ = loop.run()
        return (loop, writer.text)
    }

    /// What a leader must not read: a node id of the dialog, a finding or note code, a flag, a source tag.
    func internalWords(in text: String) -> [String] {
        var found = dialog.nodes.map(\.id).filter { text.contains($0) }
        found += dialog.taxonomy.findings.map(\.id).filter { text.contains($0) }
        found += dialog.taxonomy.notes.map(\.id).filter { text.contains($0) }
        found += dialog.flags.map(\.name).filter { text.contains($0 + "=") || text.contains($0 + " =") }
        found += ["Source:", "Flags:"].filter { text.contains($0) }
        return found
    }

    /// The reply to the last line: what was written after the output of the lines before it.
    func reply(_ lines: [String]) -> String {
        let before = chat(Array(lines.dropLast())).1
        let after = chat(lines).1
        return String(after.dropFirst(before.count))
    }

    /// The value recorded at a question, in words.
    func answer(_ loop: ChatLoop, _ node: String) -> String? {
        loop.engine.summary(loop.session).answers.first { $0.nodeID == node }?.answer
    }

    static let start = ["Dana", "25", "no", "14"]

    @Test func summaryNumbersTheAnswersWithTheirLabelsAndNamesTheFindingsInWords() {
        let text = reply(ReferenceAnswers.ott1 + [":summary"])
        #expect(text.hasPrefix("Answers so far:\n   1. Rep: Dana\n   2. Gap to YTD target: 25%\n   3. Ever hit goal: No\n"))
        #expect(text.contains("\n   9. Work-product quality [Call Planning worksheets]: 4\n  10. Work-product quality [Opportunity analyses]: 4\n"))
        #expect(text.contains("  35. Commitment: Observe Dana on two calls\n"))
        // The findings in the words written for the conversation's problem (off-track: OTT).
        #expect(text.contains("Findings so far, in plan order:\n  - You have not observed the rep in front of customers\n  - The rep has never been able to do the key tasks: a genuine skill gap\n"))
        #expect(text.hasSuffix("To change one, type :change, its number (or name) and the new answer.\n"))
        #expect(internalWords(in: text) == [])
    }

    @Test func summaryBeforeAnyAnswerSaysSo() {
        #expect(reply([":summary"]) == "Answers so far:\n  (none yet)\n")
    }

    @Test(arguments: [":change 3 yes", ":c 3 yes", ":change #3 yes", ":change ever hit goal yes", ":change Ever Hit Goal yes",
                      ":change ever yes", ":change ever-hit yes", ":change  ever   hit  goal  yes", ":change OTT.G1 yes", ":change ott.g1 yes"])
    func changeTakesTheNumberTheLabelOrItsStartAndSilentlyAnId(_ line: String) {
        let (loop, _) = chat(Self.start + [line])
        #expect(answer(loop, "OTT.G1") == "Yes", "\(line)")
        let text = reply(Self.start + [line])
        #expect(text.hasPrefix("Changed your answer to \"Ever hit goal\": Yes. Answers no longer on the path were dropped: Months in role.\n"), "\(line)")
        #expect(internalWords(in: text) == [], "\(line)")
    }

    @Test func aLabelOfSeveralWordsIsReadWholeAndTheRestIsTheAnswer() {
        let lines = ["Dana", "25", "no", "14", "yes", "territory or region"]
        let (loop, _) = chat(lines + [":change changed situation personal life"])
        #expect(answer(loop, "OTT.G3") == "Personal life")
        #expect(answer(loop, "OTT.G0") == "25%")
        #expect(answer(chat(Self.start + [":change gap to ytd target 30"]).0, "OTT.G0") == "30%")
        #expect(answer(chat(Self.start + [":change gap 30%"]).0, "OTT.G0") == "30%")
    }

    @Test func anUnknownReferenceSaysWhatThereIs() {
        let asked = "\n[Step 1 of 5, Goals · question 5 of about 40]\n"
        let cases: [(String, String)] = [
            (":change 40 yes", "There is no answer 40; :summary lists answers 1-4.\n"),
            (":change 0 yes", "There is no answer 0; :summary lists answers 1-4.\n"),
            (":change xyz yes", "\"xyz yes\" names no answer by number or name; :summary lists answers 1-4.\n"),
            (":change goal realistic yes", "\"Goal realistic\" has not been answered on this path; :summary lists answers 1-4.\n"),
            (":change OTT.T3 yes", "\"Proficient at tasks\" has not been answered on this path; :summary lists the answers.\n"),
            (":change 3", "Give the new answer for \"Ever hit goal\" too: :change 3 and then yes, no or unsure (or 1, 2, 3).\n"),
            (":change ever hit goal", "Give the new answer for \"Ever hit goal\" too: :change 3 and then yes, no or unsure (or 1, 2, 3).\n"),
            (":change", "Say which answer to change and the new answer, for example :change 4 followed by the new answer; "
                + ":summary lists answers 1-4.\n"),
            (":change 3 purple", "\"purple\" is not one of the choices. Valid answers: yes, no or unsure (or 1, 2, 3)."),
        ]
        for (line, said) in cases {
            let text = reply(Self.start + [line])
            #expect(text.hasPrefix(said), "\(line): \(text)")
            #expect(text.contains(asked), "\(line): the question waiting is asked again")
            #expect(internalWords(in: text) == [], "\(line)")
            #expect(chat(Self.start + [line]).0.session.answers.count == 4, "\(line): nothing changed")
        }
        #expect(reply([":change 1 Sam"]) .hasPrefix("There are no answers to change yet.\n"))
    }

    @Test func aNameThatFitsSeveralAnswersListsThemByNumber() {
        let lines = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning", "4", "yes", "yes", "yes", "yes"]
        #expect(reply(lines + [":change pro yes"]).hasPrefix(
            "\"pro\" could be answer 7 (Progress visible weekly), 11 (Processes in place) or 13 (Processes working). Say which by its number, for example :change 7 yes.\n"))
        #expect(reply(lines + [":change pro"]).hasPrefix(
            "\"pro\" could be answer 7 (Progress visible weekly), 11 (Processes in place) or 13 (Processes working). Say which by its number, for example :change 7 followed by the new answer.\n"))
        #expect(answer(chat(lines + [":change processes in place no"]).0, "OTT.P1") == "No")
        #expect(reply(lines + [":change processes yes"]).hasPrefix("\"processes\" could be answer 11 (Processes in place) or 13 (Processes working)."))
    }

    @Test func aQuestionAskedPerItemIsRefusedByItsLabel() {
        let lines = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4"]
        for line in [":change 9 3", ":change work-product quality 3", ":change OTT.W2 3"] {
            #expect(reply(lines + [line]).hasPrefix("\"Work-product quality\" is asked once per item; use :back to change it.\n"), "\(line)")
        }
    }

    @Test func backConfirmsInWordsTheQuestionAskedAgain() {
        let text = reply(["Dana", "25", ":back"])
        #expect(text.hasPrefix("Back to: How far behind year-to-date target is Dana, in % of target?\n\n[Step 1 of 5, Goals · question 2 of about 41]\n"))
        #expect(reply(ReferenceAnswers.ott1 + [":back"]).hasPrefix("Back to: In one sentence: what will you commit to doing first?\n"))
        #expect(reply([":back"]).hasPrefix("There is no answer to undo yet.\n"))
    }

    @Test func helpDescribesTheNumberAndNameFormsOfChange() {
        let text = reply([":help"])
        #expect(text.contains(":change N ANSWER changes answer N of :summary (:change 3 yes)"))
        #expect(text.contains("(:change ever hit goal yes)"))
        #expect(!text.contains("NODE"))
    }

    /// Every command and a fallback, mid-diagnosis and after the plan: no internal word outside the plan itself.
    @Test func noTerminalMessageNamesANodeIdACodeOrAFlag() {
        let lines = ["Dana", "25", ":why", ":help", ":where", "no", "14", ":back", "14", "yes", "nothing", "yes",
                     "call planning, opportunity analyses", ":summary", ":change 9 3", ":change 2 30", ":change OTT.T5 yes",
                     "4", "4", ":change 9 3", ":change OTT.ZZ 1", ":change", "xyzzy", "xyzzy", "xyzzy", ":summary", ":where", ":why"]
        let text = chat(lines).1
        #expect(text.contains("could not settle it and move on."), "a fallback was said")
        #expect(text.contains("is asked once per item"))
        #expect(internalWords(in: text) == [])
        // After the plan (whose wording is not the terminal's): a summary with findings, refused changes, a step back.
        let plan = chat(ReferenceAnswers.ott1).1
        let after = String(chat(ReferenceAnswers.ott1 + [":summary", ":where", ":why", ":change 31 9", ":change 99 no", ":change 9 2",
                                                         ":back", ":why", ":summary"]).1.dropFirst(plan.count))
        #expect(after.contains("Findings so far"))
        #expect(!after.contains("COACHING PLAN"))
        #expect(internalWords(in: after) == [])
    }
}
