import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing

/// The built `coach` binary at a real terminal (a pseudo-terminal it has as its controlling terminal):
/// readline's prompt, TAB, history, Ctrl-C and Ctrl-D.
@Suite(.serialized, .timeLimit(.minutes(2))) final class REPLTests {
    /// Each test's own history file, removed after it.
    let histfile = NSTemporaryDirectory() + "coach-history-\(UUID().uuidString)"

    deinit { try? FileManager.default.removeItem(atPath: histfile) }

    func chat(_ environment: [String: String?] = [:]) throws -> PseudoTerminal {
        try PseudoTerminal(["chat", "off-track"], environment: PseudoTerminal.environment(["COACH_HISTFILE": histfile].merging(environment) { $1 }))
    }

    /// Answers at each prompt in turn.

    /// `:quit` with the diagnosis half done: asked first, then `y`.
    func leave(_ t: PseudoTerminal) throws {
        t.send(":quit\r")
        try t.expect("Leave with the diagnosis unfinished? (y/n) ")
        t.send("y\r")
    }

    @Test func thePromptShowsTheStepAndTheQuestion() throws {
        let t = try chat()
        try t.expect("[1/41] > ")
        t.send("Dana\r")
        try t.expect("[Goals 1/5 · 2/41] > ")
        try leave(t)
        #expect(try t.waitForExit() == 0)
        #expect(!String(decoding: t.raw, as: UTF8.self).contains("\u{1B}[36m"), "NO_COLOR is set")
    }

    @Test func tabCompletesAChoiceLabel() throws {
        let t = try chat()
        try t.answer(["Dana", "25", "no", "14", "yes"])
        try t.expect("4) Both")
        try t.expect("] > ")
        t.send("Terr\t")
        try t.expect("Territory or region ")
        t.send("\r")
        try t.expect("Can Dana see, at least weekly, where they stand against the goal?")
        try t.expect("[Goals 1/5 · 7/")
        try t.expect("] > ")
        t.send(":summary\r")
        try t.expect("6. Changed situation: Territory or region")
        try t.expect("] > ")
        try leave(t)
        #expect(try t.waitForExit() == 0)
    }

    @Test func tabListsTheCommandsThatStartAlike() throws {
        let t = try chat()
        try t.expect("] > ")
        t.send(":wh\t\t")
        let listing = try t.expect(":why")
        #expect(listing.contains(":where"))
        try t.expect(":wh")
        t.send("y\r")
        try t.expect("Why I ask:")
        try t.expect("] > ")
        t.send(":quit\r")
        #expect(try t.waitForExit() == 0)
    }

    @Test func historyIsKeptAcrossRunsInAPrivateFile() throws {
        let first = try chat()
        try first.answer(["Dana"])
        try first.expect("] > ")
        first.send("\u{4}")
        try first.expect("(y/n) ")
        first.send("\u{4}")
        #expect(try first.waitForExit() == 0)
        #expect(try String(contentsOfFile: histfile, encoding: .utf8) == "Dana\n")
        let mode = try FileManager.default.attributesOfItem(atPath: histfile)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let second = try chat()
        try second.expect("] > ")
        second.send("\u{1B}[A")
        try second.expect("Dana")
        second.send("\r")
        try second.expect("How far behind year-to-date target is Dana, in % of target?")
        try second.expect("] > ")
        try leave(second)
        #expect(try second.waitForExit() == 0)
    }

    @Test func historyLivesUnderXDGStateHomeWithPrivateModes() throws {
        let state = NSTemporaryDirectory() + "coach-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let t = try PseudoTerminal(["chat", "off-track"],
                                   environment: PseudoTerminal.environment(["COACH_HISTFILE": nil, "XDG_STATE_HOME": state]))
        try t.answer(["Dana", ":quit"])
        try t.expect("(y/n) ")
        t.send("y\r")
        #expect(try t.waitForExit() == 0)
        let fm = FileManager.default
        #expect(try fm.attributesOfItem(atPath: state + "/coach")[.posixPermissions] as? Int == 0o700)
        #expect(try fm.attributesOfItem(atPath: state + "/coach/history")[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOfFile: state + "/coach/history", encoding: .utf8) == "Dana\n:quit\n")
    }

    @Test func ctrlCClearsAHalfTypedLineAndPromptsAgain() throws {
        let t = try chat()
        try t.expect("] > ")
        t.send("half typed")
        try t.expect("half typed")
        t.send("\u{3}")
        try t.expect("^C\n[1/41] > ")
        t.send("Dana\r")
        try t.expect("How far behind year-to-date target is Dana, in % of target?")
        try t.expect("] > ")
        try leave(t)
        #expect(try t.waitForExit() == 0)
    }

    @Test func ctrlDMidDiagnosisAsksBeforeLeaving() throws {
        let t = try chat()
        try t.answer(["Dana"])
        try t.expect("[Goals 1/5 · 2/41] > ")
        t.send("\u{4}")
        try t.expect("Leave with the diagnosis unfinished? (y/n) ")
        t.send("n\r")
        try t.expect("How far behind year-to-date target is Dana, in % of target?")
        try t.expect("[Goals 1/5 · 2/41] > ")
        t.send("\u{4}")
        try t.expect("Leave with the diagnosis unfinished? (y/n) ")
        t.send("y\r")
        try t.expect("Goodbye.")
        #expect(try t.waitForExit() == 0)
    }

    @Test func ctrlDBeforeAnyAnswerLeavesAtOnce() throws {
        let t = try chat()
        try t.expect("[1/41] > ")
        t.send("\u{4}")
        try t.expect("Goodbye.")
        #expect(try t.waitForExit() == 0)
        #expect(!t.text.contains("Leave with"))
    }

    @Test func backUndoesTheLastAnswer() throws {
        let t = try chat()
        try t.answer(["Dana", "25", ":back"])
        try t.expect("Back to: How far behind year-to-date target is Dana, in % of target?")
        try t.expect("How far behind year-to-date target is Dana, in % of target?")
        try t.expect("[Goals 1/5 · 2/41] > ")
        try leave(t)
        #expect(try t.waitForExit() == 0)
        #expect(!t.text.contains("OTT."), "no node id reaches the leader")
    }

    @Test func changeTakesTheNumberOrTheNameThatSummaryShows() throws {
        let t = try chat()
        try t.answer(["Dana", "25", "no", "14", ":summary"])
        try t.expect("  3. Ever hit goal: No")
        try t.expect("To change one, type :change, its number (or name) and the new answer.")
        try t.answer([":change 3 yes"])
        try t.expect("Changed your answer to \"Ever hit goal\": Yes. Answers no longer on the path were dropped: Months in role.")
        try t.answer([":change gap to ytd target 30"])
        try t.expect("Changed your answer to \"Gap to YTD target\": 30%.")
        try t.answer([":change 40 no"])
        try t.expect("There is no answer 40; :summary lists answers 1-3.")
        try t.answer([":change goal realistic yes"])
        try t.expect("\"Goal realistic\" has not been answered on this path; :summary lists answers 1-3.")
        try t.answer([":summary"])
        try t.expect("  2. Gap to YTD target: 30%\n  3. Ever hit goal: Yes\n")
        try t.answer([":help"])
        try t.expect(":change N ANSWER changes answer N of :summary")
        try t.expect("] > ")
        try leave(t)
        #expect(try t.waitForExit() == 0)
        #expect(!t.text.contains("OTT."), "no node id reaches the leader")
    }

    @Test func tabCompletesTheNameOfAnAnswerToChange() throws {
        let t = try chat()
        try t.answer(["Dana", "25", "no"])
        try t.expect("How many months has Dana been in this role?")
        try t.expect("] > ")
        t.send(":change ev\t")
        try t.expect("Ever hit goal ")  // readline redraws only what changed: back over "ev", then the rest
        t.send("yes\r")
        try t.expect("Changed your answer to \"Ever hit goal\": Yes.")
        try t.expect("Is the sales person’s goal realistic and attainable?")
        try t.expect("] > ")
        try leave(t)
        #expect(try t.waitForExit() == 0)
    }

    @Test func aWholeDiagnosisEndsInThePrintedPlan() throws {
        let t = try chat()
        try t.answer(CoachCommandTests.ott1.dropLast() + ["Observe Dana"])
        try t.expect("Where to start: Join or listen")
        try t.expect("[done · :plan :save :quit] > ")
        t.send(":quit\r")
        #expect(try t.waitForExit() == 0)
        #expect(!t.text.contains("is not one of the choices"), "an answer was rejected")
    }

    @Test func thePromptIsColouredWhenColourIsAllowed() throws {
        let t = try chat(["NO_COLOR": nil])
        try t.expect("[1/41] > ")
        t.send(":quit\r")
        #expect(try t.waitForExit() == 0)
        let raw = String(decoding: t.raw, as: UTF8.self)
        #expect(raw.contains("\u{1B}[36m[1/41]\u{1B}[0m\u{1B}[1m > \u{1B}[0m"))
        #expect(!raw.contains("\u{1}"), "readline drops the width markers")
    }
}
