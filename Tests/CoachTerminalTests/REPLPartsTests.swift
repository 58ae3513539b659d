@testable import CoachTerminal
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing

/// The parts of the terminal chat that need no terminal: prompt, completion words, colour and history rules.
@Suite struct REPLPartsTests {
    let engine = Engine(dialog: Repository.dialog("off-track"))

    @Test func thePromptIsShortAndPlainWithoutColour() {
        #expect(ChatPrompt.text(Progress(step: .goals, question: 3, about: 36, finished: false)) == "[Goals 1/5 · 3/36] > ")
        #expect(ChatPrompt.text(Progress(step: nil, question: 3, about: 37, finished: false)) == "[3/37] > ")
        #expect(ChatPrompt.text(Progress(step: .workProducts, question: 9, about: 30, finished: false)) == "[Work Products 2/5 · 9/30] > ")
        #expect(ChatPrompt.text(Progress(step: nil, question: 30, about: 30, finished: true)) == "[done · :plan :save :quit] > ")
    }

    @Test func colourEscapesInThePromptAreMarkedForReadline() {
        let text = ChatPrompt.text(Progress(step: nil, question: 1, about: 36, finished: false), style: TerminalStyle(colour: true))
        #expect(text == "\u{1}\u{1B}[36m\u{2}[1/36]\u{1}\u{1B}[0m\u{2}\u{1}\u{1B}[1m\u{2} > \u{1}\u{1B}[0m\u{2}")
    }

    @Test func colourNeedsATerminalNoNO_COLORAndASmartTERM() {
        #expect(TerminalStyle.detect(environment: ["TERM": "xterm"], outputIsTerminal: true).colour)
        #expect(TerminalStyle.detect(environment: ["TERM": "xterm", "NO_COLOR": ""], outputIsTerminal: true).colour)
        #expect(!TerminalStyle.detect(environment: ["TERM": "xterm", "NO_COLOR": "0"], outputIsTerminal: true).colour)
        #expect(!TerminalStyle.detect(environment: ["TERM": "dumb"], outputIsTerminal: true).colour)
        #expect(!TerminalStyle.detect(environment: ["TERM": "xterm"], outputIsTerminal: false).colour)
    }

    @Test func tabOffersTheAnswersOfTheQuestionThenTheCommands() {
        var session = engine.start(on: Day(year: 2026, month: 11, day: 27)).0
        #expect(TabCompletion.words(session, engine) == Command.names)
        for a in ["Dana", "25"] { _ = engine.step(&session, Event(.answered(a), on: Day(year: 2026, month: 11, day: 27))) }
        #expect(TabCompletion.words(session, engine) == ["yes", "no", "unsure"] + Command.names + [":change Rep", ":change Gap to YTD target"])
        for a in ["no", "14", "yes"] { _ = engine.step(&session, Event(.answered(a), on: Day(year: 2026, month: 11, day: 27))) }
        #expect(Array(TabCompletion.words(session, engine).prefix(4 + Command.names.count))
                == ["Nothing", "Territory or region", "Personal life", "Both"] + Command.names)
    }

    @Test func afterChangeTabOffersTheAnsweredQuestionsByNameAndOnlyThere() {
        var session = engine.start(on: Day(year: 2026, month: 11, day: 27)).0
        for a in ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4"] {
            _ = engine.step(&session, Event(.answered(a), on: Day(year: 2026, month: 11, day: 27)))
        }
        let words = TabCompletion.words(session, engine)
        #expect(TabCompletion.matches(":change ev", in: words) == [":change Ever hit goal"])
        #expect(TabCompletion.matches(":CHANGE g", in: words) == [":change Gap to YTD target", ":change Goal realistic"])
        #expect(!words.contains(":change Work-product quality"), "asked once per item: :change refuses it")
        #expect(TabCompletion.matches(":c", in: words) == [":change"], "the names wait for :change and a blank")
        #expect(TabCompletion.matches("", in: words).allSatisfy { !$0.hasPrefix(":change ") })
    }

    @Test func matchesIgnoreCaseAndKeepTheBlanksAfterAComma() {
        let words = ["Call planning", "Opportunity analyses", ":where", ":why"]
        #expect(TabCompletion.matches("terr", in: ["Territory or region"]) == ["Territory or region"])
        #expect(TabCompletion.matches(" opp", in: words) == [" Opportunity analyses"])
        #expect(TabCompletion.matches(":wh", in: words) == [":where", ":why"])
        #expect(TabCompletion.matches("x", in: words) == [])
    }

    @Test func ctrlDMidDiagnosisAsksAndNoAsksTheQuestionAgain() {
        let reader = ScriptedTerminalReader(["Dana", nil, "n", nil, "maybe", "y", "never read"])
        let writer = CapturingWriter()
        let loop = ChatLoop(dialog: engine.dialog, reader: reader, writer: writer, today: { Day(year: 2026, month: 11, day: 27) })
        #expect(loop.run() == 0)
        let leave = "Leave with the diagnosis unfinished? (y/n) "
        #expect(reader.prompts == ["", "", leave, "", leave, leave])
        #expect(reader.keys == ["never read"])
        #expect(writer.text.components(separatedBy: "How far behind year-to-date target is Dana").count == 3)
        #expect(writer.text.contains("This conversation is not recorded (--no-transcripts): leaving loses your answers.\n"))
        #expect(writer.text.hasSuffix("\nGoodbye. This conversation was not recorded (--no-transcripts): your answers are gone.\n"))
    }

    @Test func ctrlDBeforeAnyAnswerLeavesWithoutAsking() {
        let reader = ScriptedTerminalReader([nil, "never read"])
        let writer = CapturingWriter()
        #expect(ChatLoop(dialog: engine.dialog, reader: reader, writer: writer).run() == 0)
        #expect(!reader.prompts.contains { $0.hasPrefix("Leave") })
        #expect(reader.keys == ["never read"])
        #expect(writer.text.hasSuffix("\nGoodbye.\n"))
    }

    @Test func quitAfterAnUnsavedPlanThatIsNotRecordedAsksFirst() {
        let reader = ScriptedTerminalReader(ReferenceAnswers.ott1 + [":quit", "n", nil, "y", "never read"])
        let writer = CapturingWriter()
        #expect(ChatLoop(dialog: engine.dialog, reader: reader, writer: writer).run() == 0)
        #expect(reader.prompts.filter { $0 == "Leave without saving the plan? (y/n) " }.count == 2)
        #expect(reader.keys == ["never read"])
        #expect(writer.text.contains("This conversation is not recorded (--no-transcripts): :save keeps the plan.\n"))
        #expect(writer.text.hasSuffix("\nGoodbye. This conversation was not recorded (--no-transcripts): your answers are gone.\n"))
    }

    @Test func restartAtATerminalAsksAndNoKeepsTheAnswers() {
        let reader = ScriptedTerminalReader(["Dana", "25", ":restart", "n", ":restart", nil, ":restart", "y"])
        let writer = CapturingWriter()
        let loop = ChatLoop(dialog: engine.dialog, reader: reader, writer: writer)
        #expect(loop.run() == 0)
        #expect(reader.prompts.filter { $0 == "Start over? (y/n) " }.count == 3)
        #expect(writer.text.components(separatedBy: "Starting over drops your 2 answers.\n").count == 4)
        #expect(writer.text.components(separatedBy: "Starting over.\n").count == 2, "only the third :restart starts over")
        #expect(loop.session.answers.isEmpty)
    }

    @Test func pipedRestartAndQuitDoNotAsk() {
        let reader = ScriptedReader(["Dana", "25", ":restart", "Sam", ":quit"])
        let writer = CapturingWriter()
        #expect(ChatLoop(dialog: engine.dialog, reader: reader, writer: writer).run() == 0)
        #expect(!writer.text.contains("(y/n)") && !writer.text.contains("drops your"))
        #expect(writer.text.hasSuffix("Goodbye. This conversation was not recorded (--no-transcripts): your answers are gone.\n"))
    }

    @Test func endOfAPipeEndsTheChatSilently() {
        let writer = CapturingWriter()
        #expect(ChatLoop(dialog: engine.dialog, reader: ScriptedReader(["Dana"]), writer: writer).run() == 0)
        #expect(!writer.text.contains("Goodbye"))
        #expect(writer.text.hasSuffix("(a number from 0 to 100, in %)\n"))
    }

    @Test func historyFollowsCOACH_HISTFILEThenXDGThenHome() {
        #expect(History.path(environment: ["COACH_HISTFILE": "/tmp/h", "XDG_STATE_HOME": "/s", "HOME": "/home/a"]) == "/tmp/h")
        #expect(History.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/a"]) == "/s/coach/history")
        #expect(History.path(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.local/state/coach/history")
        #expect(History.path(environment: [:]) == nil)
    }
}

/// The chat's commands are the engine's events, spelled as a leader types them; only `:save` is the terminal's own.
@Suite struct CommandTests {
    @Test func aLineThatIsNoCommandIsAnAnswerAsTyped() {
        #expect(Command(parsing: "  25% ") == .event(.answered("  25% ")))
    }

    @Test func everyCommandAndItsShortFormsBecomeTheEngineEvent() {
        #expect(Command(parsing: ":back") == .event(.wentBack))
        #expect(Command(parsing: ":undo") == .event(.wentBack))
        #expect(Command(parsing: ":?") == .event(.askedWhy))
        #expect(Command(parsing: ":h") == .event(.askedHelp))
        #expect(Command(parsing: ":progress") == .event(.askedWhere))
        #expect(Command(parsing: ":s") == .event(.askedSummary))
        #expect(Command(parsing: ":restart") == .event(.restarted))
        #expect(Command(parsing: ":q") == .event(.quit))
    }

    @Test func changeKeepsWhatFollowsForTheSessionToResolve() {
        #expect(Command(parsing: ":change 3 yes") == .change("3 yes"))
        #expect(Command(parsing: " :c  ever hit goal   yes ") == .change("ever hit goal   yes"))
        #expect(Command(parsing: ":change OTT.G0 30") == .change("OTT.G0 30"))
        #expect(Command(parsing: ":change") == .change(""))
    }

    @Test func saveIsTheTerminalsOwnAndAnUnknownWordIsSaidSo() {
        #expect(Command(parsing: ":save plan.md") == .save("plan.md"))
        #expect(Command(parsing: ":save  my plan.md") == .save("my plan.md"))
        #expect(Command(parsing: ":save") == .save(nil))
        #expect(Command(parsing: ":frobnicate") == .unknown(":frobnicate"))
    }
}
