import DialogTesting
import Foundation
import Testing

/// What the leader sees at terminals of different sizes: every line wrapped to the width on word boundaries.
@Suite(.serialized, .timeLimit(.minutes(3))) final class TerminalLayoutTests {
    let histfile = NSTemporaryDirectory() + "coach-history-\(UUID().uuidString)"

    deinit { try? FileManager.default.removeItem(atPath: histfile) }

    func chat(columns: UInt16, rows: UInt16 = 24, _ arguments: [String] = ["--no-transcripts"],
              environment: [String: String?] = [:]) throws -> PseudoTerminal {
        try PseudoTerminal(["chat", "off-track"] + arguments,
                           environment: PseudoTerminal.environment(["COACH_HISTFILE": histfile].merging(environment) { $1 }),
                           columns: columns, rows: rows)
    }

    /// Answers at each prompt in turn.

    /// The reference answers with the commands that print the most text in between.
    static let session: [String] = Array(ReferenceAnswers.ott1.prefix(8)) + [":help", ":why", ":summary", ":where", ":frobnicate"]
        + ReferenceAnswers.ott1.dropFirst(8)

    /// The lines coach printed that are wider than `columns`. Of a prompt line only the prompt counts: what the leader
    /// typed after it is readline's echo, which the terminal wraps itself.
    static func tooWide(_ text: String, columns: Int) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let printed = line.range(of: "] > ").map { line[..<$0.upperBound] } ?? line
            return printed.count > columns
        }
    }

    @Test func everyLineFitsTheTerminalAndNoWordIsBroken() throws {
        var words: [[Substring]] = []
        for columns in [60, 80, 120] as [UInt16] {
            let t = try chat(columns: columns)
            try t.answer(Self.session)
            try t.expect("] > ")
            t.send(":quit\r")
            try t.expect("Leave without saving the plan? (y/n) ")
            t.send("y\r")
            #expect(try t.waitForExit() == 0)
            #expect(Self.tooWide(t.text, columns: Int(columns)) == [], "at \(columns) columns")
            #expect(t.text.contains("Where to start:"))
            words.append(t.text.split(whereSeparator: \.isWhitespace))
        }
        // The same words in the same order at every width: only the line breaks differ.
        #expect(words[0] == words[2], "a word was broken at 60 columns")
        #expect(words[1] == words[2], "a word was broken at 80 columns")
    }

    @Test func withoutATerminalSizeTheChatWrapsToCOLUMNSOr80() throws {
        // A terminal that reports no size (0x0): the width falls back to COLUMNS.
        let t = try chat(columns: 0, rows: 0, environment: ["COLUMNS": "50"])
        try t.answer(["Dana", "25", ":help"])
        try t.expect("] > ")
        t.send("\u{4}")
        try t.expect("(y/n) ")
        t.send("y\r")
        #expect(try t.waitForExit() == 0)
        #expect(Self.tooWide(t.text, columns: 50) == [])
        #expect(t.text.contains("Commands: :back (undo the last answer), :why (why\nthis question)"), "wrapped at 50 columns")
    }

    @Test func aWholeDiagnosisAt80x24EndsOnASummaryThatFitsTheScreenAndPlanPagesTheRest() throws {
        let paged = NSTemporaryDirectory() + "coach-paged-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: paged) }
        let t = try chat(columns: 80, rows: 24, environment: ["PAGER": "cat > \(paged)"])
        try t.answer(Array(ReferenceAnswers.ott1.dropLast()))
        try t.expect("] > ")
        t.send(ReferenceAnswers.ott1.last! + "\r")
        // From the last answer to the prompt after the summary: one screen.
        let end = try t.expect("[done · :plan :save :quit] > ")
        #expect(end.split(separator: "\n", omittingEmptySubsequences: false).count <= 24, "\(end)")
        for part in ["YOUR COACHING PLAN: ", "Where to start: ", "Root cause: ", "This week:\n  - ", "Next follow-up: ",
                     "\n:plan for the whole plan, :save to keep it.\n"] {
            #expect(end.contains(part), "\(part)")
        }
        #expect(!end.contains("LESSON PLANS"))
        t.send(":plan\r")
        try t.expect("[done · :plan :save :quit] > ")
        let plan = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(plan.contains("LESSON PLANS") && plan.contains("FOLLOW-UP"))
        #expect(plan.split(separator: "\n").count > 24)
        #expect(Self.tooWide(plan, columns: 80) == [], "the pager gets the plan wrapped to the terminal")
        #expect(!t.text.contains("LESSON PLANS"), "the whole plan went to the pager, not the screen")
        t.send(":quit\r")
        try t.expect("Leave without saving the plan? (y/n) ")
        t.send("y\r")
        #expect(try t.waitForExit() == 0)
    }

    @Test func aPagerThatCannotRunLeavesThePlanOnTheScreen() throws {
        let t = try chat(columns: 80, rows: 24, environment: ["PAGER": "no-such-pager-\(UUID().uuidString.prefix(8))"])
        try t.answer(Array(ReferenceAnswers.ott1.dropLast()))
        try t.expect("] > ")
        t.send(ReferenceAnswers.ott1.last! + "\r")
        try t.expect("[done · :plan :save :quit] > ")
        t.send(":plan\r")
        try t.expect("FOLLOW-UP")
        try t.expect("[done · :plan :save :quit] > ")
        #expect(t.text.contains("LESSON PLANS"), "the plan is printed when the pager is not there")
        t.send(":quit\r")
        try t.expect("Leave without saving the plan? (y/n) ")
        t.send("y\r")
        #expect(try t.waitForExit() == 0)
    }

    @Test func pipedPlanIsPrintedNeverPaged() throws {
        let r = try CoachProcess.run(["chat", "off-track", "--no-transcripts"], input: (ReferenceAnswers.ott1 + [":plan"]).joined(separator: "\n") + "\n",
                                     environment: ["PAGER": "false"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: "LESSON PLANS").count == 3, "the plan when the diagnosis ends, then on :plan")
        #expect(!r.stdout.contains("YOUR COACHING PLAN"), "a pipe gets the whole plan, no summary")
    }
}
