@testable import CoachCLI
import DialogEngine
import Foundation
import Testing
import Transcript

/// The pieces of coaching continuity that need no transcript: subject ids, the sparkline, the iCalendar and CSV
/// encodings, and the session's JSON round trip.
@Suite struct CoachingRenderTests {
    @Test func subjectIDsAreShortLowerCaseWordsJoinedByHyphens() {
        for good in ["dana", "dana-m", "emea-team-2", String(repeating: "a", count: 40)] { #expect(SubjectID.problem(good) == nil, "\(good)") }
        for bad in ["", "Dana", "dana m", "-dana", "dana-", "da--na", "dana_m", "dänä", String(repeating: "a", count: 41)] {
            #expect(SubjectID.problem(bad) != nil, "\(bad)")
        }
        #expect(SubjectID.from(name: "Dana Miller") == "dana-miller")
        #expect(SubjectID.from(name: "  Zoë  O'Brien ") == "zoe-o-brien")
        #expect(SubjectID.from(name: "李") == "unnamed")
        #expect(SubjectID.from(name: String(repeating: "ab ", count: 30)).count <= 40)
        for name in ["Dana Miller", "Zoë", "x--y", "  -a- ", String(repeating: "ab ", count: 30)] {
            #expect(SubjectID.problem(SubjectID.from(name: name)) == nil, "a made id is always a valid id: \(name)")
        }
    }

    @Test func theSparklineScalesFromTheLowestToTheHighestValue() {
        #expect(SubjectHistory.sparkline([25, 15, 5]) == "█▅▁")
        #expect(SubjectHistory.sparkline([0, 100]) == "▁█")
        #expect(SubjectHistory.sparkline([7, 7, 7]) == "▄▄▄")
        #expect(SubjectHistory.sparkline([]) == "")
    }

    @Test func iCalendarTextIsEscapedAndLinesAreFoldedAt75OctetsWithoutSplittingACharacter() {
        #expect(ActionExport.text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne")
        #expect(ActionExport.text("Coaching,Quick fix", list: true) == "Coaching,Quick fix")
        let long = "SUMMARY:" + String(repeating: "é", count: 60)
        let folded = ActionExport.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[1].hasPrefix(" "))
        #expect(lines[0] + lines[1].dropFirst() == long, "unfolding gives the line back")
    }

    @Test func csvFieldsAreQuotedOnlyWhereNeeded() {
        #expect(ActionExport.field("plain") == "plain")
        #expect(ActionExport.field("a, b") == "\"a, b\"")
        #expect(ActionExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ActionExport.field("two\nlines") == "\"two\nlines\"")
    }

    @Test func aSessionRoundTripsThroughItsJSON() throws {
        let s = CoachingSession(conversation: "c-1", file: "ended/c-1.jsonl", leader: "Pat", subject: "dana", name: "Dana", team: false,
                                dialog: "off-track", problem: "Off track", date: Day(year: 2026, month: 9, day: 1),
                                measure: .init(label: "Gap to YTD target", value: 12.5, unit: "%", lowerIsBetter: true),
                                findings: [.init(id: "T-06", text: "Not observed")],
                                actions: [.init(id: "R-T-06", text: "Observe", owner: "You", firstStep: "Book a call",
                                                due: Day(year: 2026, month: 9, day: 15), project: false)],
                                followUps: [.init(date: Day(year: 2026, month: 9, day: 15), what: "Check")])
        let text = s.json.encoded
        #expect(CoachingSession(json: try JSONParser.parse(text)) == s)
        #expect(text.contains("\"value\":12.5"))
    }
}
