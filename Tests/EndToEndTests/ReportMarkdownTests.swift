import DialogTesting
import Foundation
import Testing

/// `coach report` renders with a real Markdown library (Python-Markdown, the strictest about nesting: it needs four
/// spaces), and its nested lists stay nested: each finding's answers are items of a list inside the finding's item.
@Suite(.timeLimit(.minutes(2))) struct ReportMarkdownTests {
    /// The HTML Python-Markdown makes of `markdown`; fails the test, saying what to install, when it is missing.
    static func html(_ markdown: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys, markdown; sys.stdout.write(markdown.markdown(sys.stdin.read()))"]
        let (input, output, errors) = (Pipe(), Pipe(), Pipe())
        p.standardInput = input
        p.standardOutput = output
        p.standardError = errors
        try p.run()
        nonisolated(unsafe) var out = Data(), err = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = errors.fileHandleForReading.readDataToEndOfFile() }
        try input.fileHandleForWriting.write(contentsOf: Data(markdown.utf8))
        try input.fileHandleForWriting.close()
        group.wait()
        p.waitUntilExit()
        let stderr = String(decoding: err, as: UTF8.self)
        #expect(p.terminationStatus == 0, "python3 with the markdown package is needed (pip install markdown): \(stderr)")
        return String(decoding: out, as: UTF8.self)
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
