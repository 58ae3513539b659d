import DialogTesting
import Foundation
import Testing

/// `coach report` renders with a real Markdown library (Python-Markdown, the strictest about nesting: it needs four
/// spaces), and its nested lists stay nested: each finding's answers are items of a list inside the finding's item.
@Suite(.timeLimit(.minutes(2))) struct ReportMarkdownTests {
    /// The HTML Python-Markdown makes of `markdown`; fails the test, saying what to install, when it is missing.
    static func html(_ markdown: String) throws -> String {
        try Python.run("import sys, markdown; sys.stdout.write(markdown.markdown(sys.stdin.read()))", input: markdown, needs: "markdown")
    }

    @Test func theFindingsTrailRendersAsNestedLists() throws {
        let report = try CoachProcess.run(["report", "Transcripts/off-track/OTT-1.jsonl"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try Self.html(report.stdout)
        let trail = try #require(html.range(of: "<h2>Findings and the answers behind them</h2>").map { String(html[$0.upperBound...]) })
        for id in ["T-06", "T-03", "PE-02"] {
            // The finding's item holds a list of its answers: nested, not a sibling item.
            #expect(trail.contains(try Regex("<li><strong>\(id)</strong>[^<]*<ul>\\s*<li>answer to <code>OTT\\.")), "\(id) in\n\(trail)")
        }
        #expect(!html.contains("<p>- "), "no list flattened into a paragraph")
        // The plan's own nested list: a finding, then what the leader said under it.
        let plan = String(html[..<(html.range(of: "<h2>Findings and the answers behind them</h2>")?.lowerBound ?? html.endIndex)])
        #expect(plan.contains(try Regex("<li>You have not observed the rep in front of customers \\(quick fix\\)\\s*<ul>\\s*<li>You said: ")), "\(plan)")
    }
}
