@testable import CoachServer
import DialogTesting
import Foundation
import Testing

/// Button labels longer than the bridge's `maxLabel` (protocol.md section 3): cut after a whole word, with "…".
@Suite struct ShortenedLabelTests {
    func label(_ text: String, _ max: Int) -> String { TurnWriter.label(text, maxLabel: max) }

    @Test func aLongLabelEndsOnAWordAndAnEllipsis() {
        #expect(label("Some of my sales people are not on track for hitting their sales targets.", 40) == "Some of my sales people are not on…")
        #expect(label("Yes, but only some of them", 12) == "Yes, but…", "no comma or space before the ellipsis")
        #expect(label("Never could do it", 12) == "Never could…", "the cut falls just before a space")
        #expect(label("Never could do it", 11) == "Never…", "the label and its ellipsis fit in maxLabel")
        #expect(label("Yes", 2) == "Y…", "a single word longer than the room is cut inside it")
        #expect(label("Extraordinarily long", 10) == "Extraordi…")
    }

    @Test func aLabelThatFitsIsLeftAlone() {
        #expect(label("No", 2) == "No")
        #expect(label("Never could", 11) == "Never could")
    }

    @Test func everyShortenedLabelFitsAndEndsOnAWholeWord() {
        let texts = ["Some of my sales people are not on track for hitting their sales targets.",
                     "Achieving our sales strategy demands that our sales people target a new ideal customer profile",
                     "Forecast accuracy is an ongoing problem for our sales organization"]
        for text in texts {
            for max in 8...60 {
                let short = label(text, max)
                #expect(short.count <= max)
                let body = String(short.dropLast())
                #expect(short.last == "…" && text.hasPrefix(body))
                let next = text.dropFirst(body.count).first
                #expect(next.map { $0 == " " || ",;:".contains($0) } ?? true || !body.contains(" "), "\(max): '\(short)' ends inside a word")
            }
        }
    }

    @Test func theServerAcceptsAShortenedLabelTypedAsText() {
        let s = InMemoryServer(initialize: InMemoryServer.handshake)
        let first = s.start("c", dialog: "coach")
        let choices = first.question?["choices"] as? [[String: Any]] ?? []
        let short = try? #require(choices.first?["label"] as? String)
        #expect(short == "Some of my sales people are not on…")
        let reply = s.say("c", short ?? "")
        #expect(reply.node != "intake.problem", "the shortened label answered the question")
        #expect(!(reply.messages.contains { $0["type"] as? String == "rejected" }))
    }
}
