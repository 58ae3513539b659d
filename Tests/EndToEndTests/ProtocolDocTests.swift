import DialogTesting
import Foundation
import Testing
import Transcript

/// docs/protocol.md is a contract: every example exchange in it runs against the built `coach serve`, so the
/// server and its documentation cannot drift apart.
@Suite(.timeLimit(.minutes(2))) struct ProtocolDocTests {
    @Test func everyExampleExchangeIsMarkedSoItRuns() {
        let doc = ProtocolDoc.document
        #expect(doc.unmarkedRequests.isEmpty, "request lines outside a `jsonl exchange` block: lines \(doc.unmarkedRequests)")
        #expect(doc.malformed.isEmpty, "lines of an exchange block without `→ ` or `← `: lines \(doc.malformed)")
        #expect(doc.sections.map(\.number) == [4, 6, 8], "the sections with exchanges")
    }

    /// Each section's exchanges, in order, against one fresh server with the repository's dialogs, a fixed date and
    /// its own transcripts directory; every reply compared with the documented one as a JSON value.
    @Test(arguments: ProtocolDoc.document.sections)
    func theSectionsExchangesRunAsDocumented(_ section: ProtocolDoc.Section) throws {
        let server = try ServeProcess(arguments: ["--transcripts", CoachProcess.scratchDirectory()],
                                      environment: ["COACH_TODAY": "2026-11-27"])
        /// Documented prompt-id tag -> the tag this run's conversation got.
        var tags: [String: String] = [:]
        for (number, line) in section.lines {
            switch line {
            case .request(let text):
                var sent = text
                for (documented, actual) in tags { sent = sent.replacingOccurrences(of: "-" + documented, with: "-" + actual) }
                server.send(sent)
            case .reply(let text, let excerpt):
                let reply = try #require(server.next(), "docs/protocol.md:\(number): no reply")
                let documented = try ProtocolDoc.documented(text, excerpt: excerpt)
                let actual = try JSONParser.parse(ProtocolDoc.normalized(reply))
                let differences = ProtocolDoc.differences(documented, actual, excerpt: excerpt)
                let comment = "docs/protocol.md:\(number): the reply differs from the documented one:\n"
                    + differences.joined(separator: "\n") + "\nsent: \(reply)"
                #expect(differences.isEmpty, Comment(rawValue: comment))
                for (d, a) in zip(ProtocolDoc.tags(text), ProtocolDoc.tags(reply)) { tags[d] = a }
            }
        }
        server.close()
        #expect(server.rest() == [], "replies the section does not document")
        #expect(server.wait() == 0)
    }
}
