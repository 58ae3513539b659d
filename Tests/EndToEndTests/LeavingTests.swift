import DialogTesting
import Foundation
import Testing

/// The commands that could lose answers ask first at a terminal, and leaving says where the answers are.
@Suite(.serialized, .timeLimit(.minutes(2))) final class LeavingTests {
    let histfile = NSTemporaryDirectory() + "coach-history-\(UUID().uuidString)"
    let data = CoachProcess.scratchDirectory()

    deinit {
        try? FileManager.default.removeItem(atPath: histfile)
        try? FileManager.default.removeItem(atPath: data)
    }

    func chat(_ arguments: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal(["chat", "off-track"] + arguments,
                           environment: PseudoTerminal.environment(["COACH_HISTFILE": histfile, "XDG_DATA_HOME": data]))
    }


    @Test func restartAsksBeforeItDropsTheAnswers() throws {
        let t = try chat()
        try t.answer(["Dana", "25", ":restart"])
        try t.expect("Starting over drops your 2 answers.")
        try t.expect("Start over? (y/n) ")
        t.send("n\r")
        try t.expect("Has the sales person ever hit their sales goal?")
        try t.expect("[Goals 1/5 · 3/40] > ")
        t.send(":restart\r")
        try t.expect("Start over? (y/n) ")
        t.send("y\r")
        try t.expect("Starting over.")
        try t.expect("[1/41] > ")
        t.send(":quit\r")
        try t.expect("Goodbye.")
        #expect(try t.waitForExit() == 0)
    }

    @Test func quitAsksThenLeavesTheConversationToContinue() throws {
        let t = try chat()
        try t.answer(["Dana", "25", ":quit"])
        try t.expect("Leave with the diagnosis unfinished? (y/n) ")
        t.send("n\r")
        try t.expect("Has the sales person ever hit their sales goal?")
        try t.expect("[Goals 1/5 · 3/40] > ")
        t.send(":quit\r")
        try t.expect("(y/n) ")
        t.send("y\r")
        // The path is one word: longer than the line, it stands whole on a line of its own.
        try t.expect("Goodbye. Your 2 answers are kept in\n\(data)/coach/transcripts/conversations/chat-")
        try t.expect("To continue: coach chat --resume chat-")
        #expect(try t.waitForExit() == 0)
        let id = try #require(t.text.firstMatch(of: /coach chat --resume (chat-[0-9-]+)/)?.1)
        #expect(FileManager.default.fileExists(atPath: "\(data)/coach/transcripts/conversations/\(id).jsonl"))
        #expect(t.text.components(separatedBy: "--resume \(id)").count == 2, "said once, not again on stderr")

        let rest = ReferenceAnswers.ott1.dropFirst(2).joined(separator: "\n") + "\n"
        let resumed = try CoachProcess.run(["chat", "--resume", String(id)], input: rest, environment: ["XDG_DATA_HOME": data])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Continuing where you left off (2 answers so far)."))
        #expect(resumed.stdout.contains("Where to start: Join or listen to the rep's customer calls"))
    }

    @Test func quitWithoutTranscriptsSaysTheAnswersAreGone() throws {
        let t = try chat(["--no-transcripts"])
        try t.answer(["Dana", ":quit"])
        try t.expect("This conversation is not recorded (--no-transcripts): leaving loses your answers.")
        try t.expect("Leave with the diagnosis unfinished? (y/n) ")
        t.send("y\r")
        try t.expect("Goodbye. This conversation was not recorded (--no-transcripts): your answers are gone.")
        #expect(try t.waitForExit() == 0)
        #expect(!t.text.contains("kept"))
    }
}
