import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing

/// Phrasings as people type them, each with the reading or the refusal expected: `Corpus/answers.tsv`.
@Suite struct AnswerCorpusTests {
    static let choices = [
        Choice(id: "territory", label: "Territory or region", aliases: ["region", "territory change"]),
        Choice(id: "opportunity-analyses", label: "Opportunity analyses"),
        Choice(id: "call-plans", label: "Call plans"),
        Choice(id: "call-reviews", label: "Call reviews"),
        Choice(id: "nothing", label: "Nothing"),
    ]

    static func choiceType(_ kind: AnswerType.Kind, _ choices: [Choice]) -> AnswerType {
        var lookup: [String: Int] = [:]
        for (i, c) in choices.enumerated() {
            for word in [c.id, c.label] + c.aliases where lookup[AnswerKey.normalize(word)] == nil {
                lookup[AnswerKey.normalize(word)] = i
            }
        }
        return AnswerType(kind: kind, choices: choices, lookup: lookup)
    }

    /// The question types the corpus names in its first column.
    static let types: [String: AnswerType] = [
        "yesno": .yesNo,
        "pct": AnswerType(kind: .number, number: NumberSpec(min: 0, max: 100, unit: "%", unitAliases: ["percent", "pct"])),
        "months": AnswerType(kind: .number, number: NumberSpec(min: 0, max: 600, unit: "months")),
        "monthsInt": AnswerType(kind: .number, number: NumberSpec(min: 0, max: 600, unit: "months", integer: true)),
        "weeks": AnswerType(kind: .number, number: NumberSpec(min: 0, max: 520, unit: "weeks")),
        "count": AnswerType(kind: .number, number: NumberSpec(min: 0, max: 500, integer: true)),
        "std": AnswerType(kind: .scale, scale: Scale(anchors: ["Well below the standard", "Below the standard",
                                                               "Meets it with gaps", "Meets the standard", "Sets the example"])),
        "scale5": AnswerType(kind: .scale, scale: Scale(anchors: ["Very poor", "Poor", "Acceptable", "Good", "Excellent"])),
        "choice": choiceType(.choice, choices),
        "multi": choiceType(.multi, choices + [Choice(id: "none", label: "None of these", exclusive: true)]),
    ]

    /// What a result looks like in the corpus's third column.
    static func describe(_ result: AnswerParser.Result, _ type: AnswerType) -> String {
        switch result {
        case .value(.choice(let i)): return type.choices[i].id
        case .value(.choices(let set)): return set.sorted().map { type.choices[$0].id }.joined(separator: "+")
        case .value(.number(let x)): return "=" + (x == x.rounded() ? String(Int(x)) : String(x))
        case .value(let other): return "\(other)"
        case .rejected(.didYouMean(let s)): return "!didYouMean:" + s
        case .rejected(let reason): return "!" + String("\(reason)".prefix(while: { $0 != "(" }))
        }
    }

    @Test func everyPhrasingReadsAsTheCorpusSays() throws {
        let text = try String(contentsOfFile: Repository.path("Tests/DialogEngineTests/Corpus/answers.tsv"), encoding: .utf8)
        var count = 0, passed = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 3, "bad corpus line: \(line)")
            let type = try #require(Self.types[fields[0]], "unknown type \(fields[0])")
            let got = Self.describe(AnswerParser.parse(fields[1], as: type), type)
            count += 1
            if got == fields[2] { passed += 1 }
            #expect(got == fields[2], "\(fields[0]): \"\(fields[1])\"")
        }
        print("answer corpus: \(passed) of \(count) phrasings read as expected")
        #expect(count >= 300)
    }
}
