import CoachCLI
import DialogTesting
import Foundation
import Testing
import Transcript

/// The protocol's JSON codec: strict parsing, exact round trips, and no crash on any input.
@Suite struct JSONCodecTests {
    static let alphabet: [String] = ["a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "✓",
                                     "\u{2028}", "\u{2029}", "🚀", "{", "}", "[", "]", ":", ",", "0", "-", "e", "\u{7F}"]

    static func randomString(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    static func randomValue(_ rng: inout SplitMix, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(["0", "-1", "42", "3.25", "1e10", "-0.5E-3", "12345678901234567890"].randomElement(using: &rng)!)
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            return .object(JSONObject((0..<Int.random(in: 0...4, using: &rng)).map { _ in
                (key: randomString(&rng), value: randomValue(&rng, depth: depth + 1))
            }))
        }
    }

    static func text(_ v: JSONValue) -> String {
        let w = JSONWriter()
        w.value(v)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func writtenValuesParseBackExactly() throws {
        var rng = SplitMix(seed: 7)
        for _ in 0..<5_000 {
            let v = Self.randomValue(&rng)
            let t = Self.text(v)
            #expect(!t.contains("\n") && !t.contains("\u{2028}") && !t.contains("\u{2029}"), "a written value breaks the line: \(t)")
            #expect(try JSONParser.parse(t) == v, "\(t)")
        }
    }

    /// The writer skips eight bytes at a time when none may need escaping: every special character at every position
    /// of a longer text (inside a word, across word boundaries, at the tail) is escaped exactly as one at a time would.
    @Test func escapingIsTheSameAtEveryPositionOfALongString() {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "\u{2000}", "\u{20AC}",
                        "é", "â", "\u{7F}", " ", "~", "🚀"]
        let base = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        for special in specials {
            for at in 0...base.count {
                let s = String(base[..<at]) + special + String(base[at...])
                let w = JSONWriter()
                w.string(s)
                #expect(String(decoding: w.bytes, as: UTF8.self) == reference(s), "\(special.unicodeScalars.map(\.value)) at \(at)")
            }
            let repeated = String(repeating: special, count: 19)
            let w = JSONWriter()
            w.string(repeated)
            #expect(String(decoding: w.bytes, as: UTF8.self) == reference(repeated))
        }
    }

    @Test func writtenValuesAreJSONToFoundationToo() throws {
        var rng = SplitMix(seed: 11)
        for _ in 0..<2_000 {
            let t = Self.text(Self.randomValue(&rng))
            #expect((try? JSONSerialization.jsonObject(with: Data(t.utf8), options: .fragmentsAllowed)) != nil, "\(t)")
        }
    }

    @Test func mutatedRequestsNeverCrashAndAgreeWithFoundationOnValidity() {
        let seeds = [#"{"jsonrpc":"2.0","id":1,"method":"conversation/message","params":{"conversation":"c","text":"Zoë \u2028 ✓","n":[1,-2.5e3,true,null]}}"#,
                     #"{"a":{"b":[{"c":"\ud83d\ude80"}]},"d":"\"\\\/\b\f\n\r\t"}"#]
        var rng = SplitMix(seed: 3)
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            var bytes = Array(seeds.randomElement(using: &rng)!.utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0x20...0x7E, using: &rng)
                case 1: bytes.remove(at: i)
                default: bytes.insert(Array(#"{}[],:"\0e-."#.utf8).randomElement(using: &rng)!, at: i)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            let ours = (try? JSONParser.parse(text)) != nil
            let foundation = (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
            // Foundation on Linux accepts trailing commas, which RFC 8259 (and this parser) refuse.
            let trailingComma = text.contains(",}") || text.contains(",]")
            if ours != foundation && !(foundation && trailingComma) { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "our parser and Foundation disagree on \(disagreements.count) inputs, e.g. \(disagreements.prefix(3))")
    }

    @Test(arguments: [#"{"a":1,}"#, "[1,]", "01", "1.", ".5", "-", "1e", #""\u12""#, #""\ud800""#, "\"a\u{1}b\"", "tru", "[1] x", "{'a':1}",
                      String(repeating: "[", count: 70) + String(repeating: "]", count: 70)])
    func invalidTextIsRefused(_ text: String) {
        #expect((try? JSONParser.parse(text)) == nil)
    }

    @Test func numbersKeepTheirLiteralSoIdsEchoExactly() throws {
        #expect(try JSONParser.parse("12345678901234567890") == .number("12345678901234567890"))
        #expect(Self.text(.number("1e-7")) == "1e-7")
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude80 \u00e9\n""#) == .string("🚀 é\n"))
    }

    @Test func lineSeparatorsAndControlCharactersAreEscapedOnWrite() {
        #expect(Self.text(.string("a\u{2028}b\u{2029}c\u{1}\n")) == #""a\u2028b\u2029c\u0001\n""#)
    }
}
