@testable import CoachCLI
import Testing

/// Wrapping for the terminal: word boundaries, display width, hanging indentation.
@Suite struct TextWrapTests {
    @Test func wrapsOnWordBoundariesAndKeepsEveryWord() {
        let text = "Observe the rep on two calls this week and write down what they ask before they present."
        let wrapped = TextWrap.wrap(text, width: 30)
        #expect(wrapped == "Observe the rep on two calls\nthis week and write down what\nthey ask before they present.")
        #expect(wrapped.split(whereSeparator: \.isWhitespace) == text.split(whereSeparator: \.isWhitespace))
    }

    @Test func aShortLineAndItsBreaksAreLeftAlone() {
        #expect(TextWrap.wrap("one\n\n  two   three\n", width: 20) == "one\n\n  two   three\n")
    }

    @Test func listItemsAndChoicesContinueUnderTheirText() {
        #expect(TextWrap.wrap("  - Join or listen to the rep's customer calls", width: 24)
                == "  - Join or listen to\n    the rep's customer\n    calls")
        #expect(TextWrap.wrap("  12. Gap to YTD target: 30 percent", width: 20) == "  12. Gap to YTD\n      target: 30\n      percent")
        #expect(TextWrap.wrap("  3) Territory or region changed", width: 19) == "  3) Territory or\n     region changed")
        #expect(TextWrap.wrap("  1 = Not at all, never seen", width: 18) == "  1 = Not at all,\n      never seen")
    }

    @Test func aWordLongerThanTheLineStaysWhole() {
        #expect(TextWrap.wrap("in /a/very/long/path/to/a/file.jsonl now", width: 10) == "in\n/a/very/long/path/to/a/file.jsonl\nnow")
    }

    @Test func wideCharactersAndEmojiTakeTwoColumnsCombiningMarksNone() {
        #expect(TextWrap.displayWidth("abc") == 3)
        #expect(TextWrap.displayWidth("日本語") == 6)
        #expect(TextWrap.displayWidth("🚀") == 2)
        #expect(TextWrap.displayWidth("❤️") == 2)
        #expect(TextWrap.displayWidth("e\u{301}") == 1)
        #expect(TextWrap.displayWidth("\u{301}") == 0)
        #expect(TextWrap.displayWidth("Ｆｕｌｌ") == 8)
        #expect(TextWrap.wrap("日本語 日本語 日本語", width: 14) == "日本語 日本語\n日本語")
        #expect(TextWrap.wrap("🚀🚀 🚀🚀", width: 5) == "🚀🚀\n🚀🚀")
        #expect(TextWrap.wrap("cafe\u{301} cafe\u{301}", width: 9) == "cafe\u{301} cafe\u{301}")
    }

    @Test func aTextThatStartsMidLineCountsWhatIsAlreadyThere() {
        #expect(TextWrap.wrap("two three", width: 10, column: 4) == "two\nthree")
    }
}
