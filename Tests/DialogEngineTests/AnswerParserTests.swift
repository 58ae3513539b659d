import DialogEngine
import DialogModel
import Testing

/// Typed text to answers, per answer type.
@Suite struct AnswerParserTests {
    static let yesNo = AnswerType.yesNo

    @Test(arguments: [("y", 0), ("Yes", 0), ("1", 0), ("no", 1), ("N", 1), ("2", 1), ("not sure", 2), ("Don’t know", 2), ("?", 2)])
    func yesNoUnderstandsShortAndLongForms(_ typed: String, _ choice: Int) {
        #expect(AnswerParser.parse(typed, as: Self.yesNo) == .value(.choice(choice)))
    }

    @Test func yesNoDoesNotGuessFromPrefixes() {
        #expect(AnswerParser.parse("ye", as: Self.yesNo) == .rejected(.notAChoice))
    }

    @Test(arguments: [("2.5", 2.5), ("14 months", 14), ("14 month", 14), ("0", 0)])
    func numbersTakeDecimalsAndTheirUnit(_ typed: String, _ value: Double) {
        let type = AnswerType(kind: .number, number: NumberSpec(min: 0, max: 600, unit: "months"))
        #expect(AnswerParser.parse(typed, as: type) == .value(.number(value)))
    }

    @Test func aNumberWithAnotherUnitIsRejected() {
        let type = AnswerType(kind: .number, number: NumberSpec(min: 0, max: 600, unit: "months"))
        #expect(AnswerParser.parse("3 kg", as: type) == .rejected(.wrongUnit("kg")))
    }

    @Test func aDurationInAnotherUnitIsConverted() {
        let type = AnswerType(kind: .number, number: NumberSpec(min: 0, max: 600, unit: "months"))
        #expect(AnswerParser.parse("3 years", as: type) == .value(.number(36)))
        #expect(AnswerParser.parse("a year and a half", as: type) == .value(.number(18)))
    }

    @Test func aSmallTypoIsOfferedNotTaken() {
        #expect(AnswerParser.parse("nopr", as: Self.yesNo) == .rejected(.didYouMean("No")))
    }

    @Test func aWholeNumberIsRequiredWhenTheQuestionSaysSo() {
        let type = AnswerType(kind: .number, number: NumberSpec(min: 0, max: 10, integer: true))
        #expect(AnswerParser.parse("2.5", as: type) == .rejected(.notWhole))
    }

    @Test func scalesTakePointsOutOfTheMaximumAndAnchors() {
        let type = AnswerType(kind: .scale, scale: Scale(anchors: ["Very poor", "Poor", "Acceptable", "Good", "Excellent"]))
        #expect(AnswerParser.parse("4/5", as: type) == .value(.number(4)))
        #expect(AnswerParser.parse("excellent", as: type) == .value(.number(5)))
        #expect(AnswerParser.parse("6", as: type) == .rejected(.outOfRange(min: 1, max: 5)))
    }

    @Test func textIsTrimmedAndLimited() {
        let type = AnswerType(kind: .text, text: TextSpec(maxLength: 5))
        #expect(AnswerParser.parse("  Dana ", as: type) == .value(.text("Dana")))
        #expect(AnswerParser.parse("Danielle", as: type) == .rejected(.tooLong(limit: 5, length: 8)))
        #expect(AnswerParser.parse("   ", as: type) == .rejected(.empty))
    }

    @Test func anAmbiguousPrefixNamesTheCandidates() {
        let choices = [Choice(id: "call", label: "Call plans"), Choice(id: "close", label: "Call reviews")]
        let type = AnswerType(kind: .choice, choices: choices, lookup: ["call": 0, "call plans": 0, "close": 1, "call reviews": 1])
        #expect(AnswerParser.parse("call", as: type) == .value(.choice(0)))
        let both = AnswerType(kind: .choice, choices: choices, lookup: ["call plans": 0, "call reviews": 1])
        #expect(AnswerParser.parse("call", as: both) == .rejected(.ambiguous([0, 1])))
    }
}

/// Calendar arithmetic for follow-up dates.
@Suite struct DayTests {
    @Test func addingDaysCrossesMonthsAndLeapYears() {
        #expect(Day(year: 2028, month: 2, day: 20).adding(days: 14) == Day(year: 2028, month: 3, day: 5))
        #expect(Day(year: 2026, month: 12, day: 25).adding(days: 30) == Day(year: 2027, month: 1, day: 24))
    }

    @Test func theQuarterEndsOnItsLastDay() {
        #expect(Day(year: 2026, month: 2, day: 3).endOfQuarter == Day(year: 2026, month: 3, day: 31))
        #expect(Day(year: 2026, month: 11, day: 27).endOfQuarter == Day(year: 2026, month: 12, day: 31))
    }

    @Test func isoDatesRoundTrip() {
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "2028-02-29")?.description == "2028-02-29")
    }
}
