import DialogTesting
import Foundation
import Testing
import Transcript

/// The example exchanges of docs/protocol.md, read from the document itself.
///
/// An exchange is a fenced block whose info string is `jsonl exchange` (or `jsonl exchange excerpt`); each of its
/// lines is a line the bridge writes (`→ ` and the line) or a line the server writes (`← ` and the line). The
/// blocks of one numbered section (`## 4. …`) run in order against one fresh server.
///
/// In an excerpt, `{…}` stands for any value, an object ending in `,…}` is compared only on the members it shows,
/// and a string ending in `…` only on its beginning (when it is not equal as written: a shortened label ends in `…`
/// too).
struct ProtocolDoc {
    /// One line of an exchange.
    enum Line: Sendable, Equatable {
        /// A line the bridge writes, as written (it need not be valid JSON).
        case request(String)
        /// A line the server writes, as documented.
        case reply(String, excerpt: Bool)
    }

    /// The exchanges of one numbered section, in document order.
    struct Section: Sendable, CustomTestStringConvertible {
        let number: Int
        let title: String
        /// Every line of every exchange block, each with its line number in the document.
        var lines: [(line: Int, content: Line)] = []
        var blocks = 0

        var testDescription: String { "section \(number), \(title) (\(blocks) exchanges)" }
    }

    let sections: [Section]
    /// Request lines (`{"jsonrpc":…,"method":…`) written outside an exchange block: an example that would not run.
    let unmarkedRequests: [Int]
    /// Lines of an exchange block that are neither `→ ` nor `← ` lines.
    let malformed: [Int]

    init(markdown: String) {
        var sections: [Section] = [], unmarked: [Int] = [], malformed: [Int] = []
        var fence: (exchange: Bool, excerpt: Bool)? = nil
        for (i, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = i + 1
            if sections.isEmpty { sections.append(Section(number: 0, title: "preamble")) }
            if line.hasPrefix("```") {
                if fence != nil { fence = nil; continue }
                let words = line.dropFirst(3).split(separator: " ")
                fence = (words.dropFirst().first == "exchange", words.contains("excerpt"))
                if fence!.exchange { sections[sections.count - 1].blocks += 1 }
                continue
            }
            if fence == nil, line.hasPrefix("## "), let n = Int(line.dropFirst(3).prefix { $0.isNumber }) {
                sections.append(Section(number: n, title: String(line.drop { $0 != " " }.dropFirst().drop { $0 != " " }.dropFirst())))
                continue
            }
            guard let f = fence, f.exchange else {
                if fence != nil, line.hasPrefix("{\"jsonrpc\""), line.contains("\"method\"") { unmarked.append(number) }
                continue
            }
            if line.hasPrefix("→ ") {
                sections[sections.count - 1].lines.append((number, .request(String(line.dropFirst(2)))))
            } else if line.hasPrefix("← ") {
                sections[sections.count - 1].lines.append((number, .reply(String(line.dropFirst(2)), excerpt: f.excerpt)))
            } else {
                malformed.append(number)
            }
        }
        self.sections = sections.filter { $0.blocks > 0 }
        unmarkedRequests = unmarked
        self.malformed = malformed
    }

    static let document: ProtocolDoc = {
        let text = (try? String(contentsOfFile: Repository.path("docs/protocol.md"), encoding: .utf8)) ?? ""
        return ProtocolDoc(markdown: text)
    }()

    // MARK: Comparing

    /// Prompt ids end in a tag chosen per conversation (`p4-9f2c1a`); the documents show one tag for all.
    static var promptTag: Regex<(Substring, Substring, Substring)> { #/(p[0-9]+)-([0-9a-f]{6})\b/# }

    /// The text with every prompt id's tag replaced by `TAG`.
    static func normalized(_ text: String) -> String {
        text.replacing(promptTag) { "\($0.output.1)-TAG" }
    }

    /// The tags of the prompt ids in a text, in order.
    static func tags(_ text: String) -> [String] {
        text.matches(of: promptTag).map { String($0.output.2) }
    }

    /// A documented reply as a JSON value; in an excerpt, `{…}` becomes the wildcard string `…` and `,…}` a member
    /// named `…` that marks the object as partial.
    static func documented(_ text: String, excerpt: Bool) throws -> JSONValue {
        var t = normalized(text)
        if excerpt {
            t = t.replacingOccurrences(of: "{…}", with: "\"…\"").replacingOccurrences(of: ",…}", with: ",\"…\":\"…\"}")
        }
        return try JSONParser.parse(t)
    }

    /// Where `actual` differs from `documented`, as JSON paths with both values; empty when they agree.
    static func differences(_ documented: JSONValue, _ actual: JSONValue, excerpt: Bool, at path: String = "$") -> [String] {
        if excerpt, documented == .string("…") { return [] }
        switch (documented, actual) {
        case (.object(let d), .object(let a)):
            let partial = excerpt && d["…"] != nil
            var out: [String] = []
            let shown = Set(d.members.map(\.key)).subtracting(["…"])
            let present = Set(a.members.map(\.key))
            for key in shown.sorted() {
                guard let av = a[key] else { out.append("\(path).\(key): documented but missing"); continue }
                out += differences(d[key]!, av, excerpt: excerpt, at: "\(path).\(key)")
            }
            if !partial {
                for key in present.subtracting(shown).sorted() { out.append("\(path).\(key): sent but not documented: \(a[key]!.encoded)") }
            }
            return out
        case (.array(let d), .array(let a)):
            guard d.count == a.count else { return ["\(path): \(d.count) elements documented, \(a.count) sent"] }
            return zip(d, a).enumerated().flatMap { i, pair in differences(pair.0, pair.1, excerpt: excerpt, at: "\(path)[\(i)]") }
        case (.string(let d), .string(let a)) where excerpt && d.hasSuffix("…") && d != a:
            return a.hasPrefix(d.dropLast()) ? [] : ["\(path): documented \(documented.encoded), sent \(actual.encoded)"]
        default:
            return documented == actual ? [] : ["\(path): documented \(documented.encoded), sent \(actual.encoded)"]
        }
    }
}
