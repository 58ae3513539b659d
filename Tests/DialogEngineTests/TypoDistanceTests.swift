@testable import DialogEngine
import DialogTesting
import Testing

/// The typo distance behind "Did you mean …?": its early stop past a limit never changes which words are within it.
@Suite struct TypoDistanceTests {
    @Test func knownDistances() {
        func d(_ a: String, _ b: String) -> Int { AnswerParser.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) }
        #expect(d("yeha", "yeah") == 1, "a transposition is one edit")
        #expect(d("yes", "yes") == 0)
        #expect(d("kitten", "sitting") == 3)
        #expect(d("", "abc") == 3)
    }

    @Test func stoppingEarlyPastTheLimitAgreesWithTheFullTableOnSeededWords() {
        var rng = SplitMix(seed: 11)
        let letters = Array("abcde".unicodeScalars)
        for _ in 0..<3_000 {
            let a = (0..<Int.random(in: 1...9, using: &rng)).map { _ in letters.randomElement(using: &rng)! }
            let b = (0..<Int.random(in: 1...9, using: &rng)).map { _ in letters.randomElement(using: &rng)! }
            let full = AnswerParser.distance(a, b)
            for limit in 0...3 {
                let early = AnswerParser.distance(a, b, limit: limit)
                #expect((early <= limit) == (full <= limit), "\(a) \(b) limit \(limit)")
                if full <= limit { #expect(early == full) }
            }
        }
    }
}
