@testable import DialogCompiler
import DialogModel
import DialogTesting
import Foundation
import Testing

/// The three dialog-language features a follow-up session needs: choices from the taxonomy's recommendations,
/// a number compared with another question's number, and `finding: item`; their checks and the compiled image.
@Suite struct FollowUpLanguageTests {
    static func errors(_ result: CompilationResult) -> [String] { result.errors.map(\.rendered) }

    // MARK: Choices from the taxonomy's recommendations

    @Test func aMultiTakesOneChoicePerRecommendationOfItsProblemInTaxonomyOrder() throws {
        let result = FollowUpSample.compile()
        #expect(Self.errors(result) == [])
        let dialog = try #require(result.dialogs["fu"])
        let type = try #require(dialog.node("FU.actions")?.question?.answer)
        #expect(type.kind == .multi)
        #expect(type.choices.map(\.id) == ["G-01", "T-06", "PE-02"], "W-01 has no OTT or default recommendation")
        #expect(type.choices.map(\.label) == ["Re-set the goal from territory potential and peer attainment",
                                              "Simplify the tool or the data entry the task needs",
                                              "An individual development plan for the gap"])
        #expect(type.choices.map(\.detail) == ["Pull territory potential for the period.", "Time the task as it is done today.",
                                               "List the skills the role needs."],
                "the finding's own first step, else its family's, as the plan builder chooses")
    }

    @Test func anotherProblemTakesItsOwnTexts() throws {
        // Without `finding: item` no finding can be recorded, so G-01 needs no ICP first step of its own.
        let result = FollowUpSample.compile(problem: "ICP", branches: "      - else:")
        #expect(Self.errors(result) == [])
        let dialog = try #require(result.dialogs["fu"])
        let type = try #require(dialog.node("FU.actions")?.question?.answer)
        #expect(type.choices.map(\.id) == ["G-01", "W-01", "T-06", "PE-02"])
        #expect(type.choices[0].label == "Re-set the goal with the rep", "ICP has no text of its own: the default")
        #expect(type.choices[0].detail == "Pull peer attainment.", "no ICP first step for the finding: the family's, never OTT's")
        #expect(type.choices[1].detail == nil, "neither the finding nor its family has a first step")
    }

    @Test func aChoiceAnswerFromRecommendationsCompilesOnItsOwn() throws {
        let result = Compiler.compile([SourceFile(path: "c.yaml", text: """
            kind: dialog
            id: c
            title: Choice
            problem: OTT
            start: C.pick
            plan:
              goal: Close the gap.
            nodes:
              - id: C.pick
                ask: Which action matters most?
                answer: {choice: {recommendations: all}}
                next:
                  - when: answer == T-06
                    goto: C.end
                  - else:
                    goto: C.end
              - id: C.end
                end: Done.

            """), SourceFile(path: "taxonomy.yaml", text: FollowUpSample.taxonomy)])
        #expect(Self.errors(result) == [])
        let type = try #require(result.dialogs["c"]?.node("C.pick")?.question?.answer)
        #expect(type.kind == .choice && type.choices.map(\.id) == ["G-01", "T-06", "PE-02"])
        #expect(type.lookup[AnswerKey.normalize("t-06")] == 1, "the finding id selects its choice when typed")
    }

    @Test func recommendationsOtherThanAllAreReported() {
        let result = FollowUpSample.compile(actions: "{multi: {recommendations: some}}")
        #expect(Self.errors(result).contains { $0.contains("'recommendations: some' is not known") && $0.hasSuffix("[DC0016]") })
    }

    @Test func choicesAndRecommendationsTogetherAreReported() {
        let result = FollowUpSample.compile(actions: "{multi: {recommendations: all, choices: [{id: a, label: A}]}}")
        #expect(Self.errors(result).contains { $0.contains("from 'choices' or from 'recommendations', not both") })
    }

    @Test func moreRecommendationsThanAQuestionHoldsAreReported() {
        var findings = "", members: [String] = []
        for i in 1...70 {
            let id = i < 10 ? "T-0\(i)" : "T-\(i)"
            members.append(id)
            findings += """
                  - {id: \(id), component: T, category: process, cell: E-data, fix: quick, finding: F\(i), recommendation: R\(i)}

                """
        }
        let taxonomy = """
            kind: taxonomy
            findings:
            \(findings)
            families:
              - {id: all, name: All, findings: [\(members.joined(separator: ", "))], objective: O, accountability: A, evaluation: E}

            """
        let result = Compiler.compile([SourceFile(path: "fu.yaml", text: FollowUpSample.dialog(branches: "      - else:")),
                                       SourceFile(path: "taxonomy.yaml", text: taxonomy)])
        #expect(Self.errors(result).contains {
            $0.contains("'FU.actions' takes its choices from the taxonomy's recommendations, 70 for problem OTT: more than the 64")
        })
    }

    // MARK: A number compared with another question's number

    @Test(arguments: ["answer < FU.before", "answer <= FU.before", "answer > FU.before", "answer >= FU.before",
                      "answer == FU.before", "answer != FU.before", "FU.now < FU.before"])
    func aNumberComparesWithAnotherQuestionsNumber(_ when: String) throws {
        let result = FollowUpSample.compile(compare: when)
        #expect(Self.errors(result) == [])
        let dialog = try #require(result.dialogs["fu"])
        let now = try #require(dialog.nodeIndex["FU.now"]), before = try #require(dialog.nodeIndex["FU.before"])
        let rule = try #require(dialog.node("FU.now")?.question?.next?.rules.first)
        let op = String(when.split(separator: " ")[1])
        let left: Condition.Subject = when.hasPrefix("answer") ? .answer : .node(now)
        #expect(rule.condition == .compareNodes(left, Comparison(rawValue: op)!, .node(before)))
        #expect(rule.when == when)
    }

    @Test func constantsKeepTheExistingForm() throws {
        let rule = try #require(FollowUpSample.compiled(compare: "answer < ramp")?.node("FU.now")?.question?.next?.rules.first)
        #expect(rule.condition == .compare(.answer, .lt, 6))
    }

    @Test func aQuestionThatIsNotANumberCannotBeCompared() {
        let result = FollowUpSample.compile(compare: "answer < FU.status")
        #expect(Self.errors(result).contains {
            $0.contains("'answer' is compared with 'FU.status', which is not answered with a number") && $0.hasSuffix("[DC0018]")
        })
    }

    @Test func aNodeThatAsksNothingCannotBeCompared() {
        let result = FollowUpSample.compile(compare: "answer < FU.better")
        #expect(Self.errors(result).contains { $0.contains("FU.better") && $0.hasSuffix("[DC0018]") })
    }

    @Test func anUndefinedNameOnTheRightIsStillAnUndefinedSetting() {
        let result = FollowUpSample.compile(compare: "answer < FU.befor")
        #expect(Self.errors(result).contains { $0.contains("undefined setting 'FU.befor'") })
    }

    /// The sample with `FU.better` a decide node whose first rule is `when` with `effect`.
    static func withDecide(when: String, effect: String = "") -> CompilationResult {
        let dialog = FollowUpSample.dialog().replacingOccurrences(of: """
              - id: FU.better
                say: The gap has closed since last time.
                next: FU.end
            """, with: """
              - id: FU.better
                decide:
                  - when: \(when)
                    \(effect.isEmpty ? "set: {}" : effect)
                    goto: FU.end
                  - else:
                    goto: FU.end
            """)
        return Compiler.compile([SourceFile(path: "fu.yaml", text: dialog), SourceFile(path: "taxonomy.yaml", text: FollowUpSample.taxonomy)])
    }

    @Test func twoQuestionsCompareInADecideNode() throws {
        let result = Self.withDecide(when: "FU.now < FU.before")
        #expect(Self.errors(result) == [])
        let dialog = try #require(result.dialogs["fu"])
        guard case .decide(let rules) = try #require(dialog.node("FU.better")).kind else { Issue.record("not a decide node"); return }
        #expect(rules[0].condition == .compareNodes(.node(dialog.nodeIndex["FU.now"]!), .lt, .node(dialog.nodeIndex["FU.before"]!)))
    }

    @Test func answerOnTheRightNeedsAQuestion() {
        let result = Self.withDecide(when: "FU.now < answer")
        #expect(Self.errors(result).contains { $0.contains("'answer'") && !$0.contains("undefined setting") })
    }

    // MARK: finding: item

    @Test func findingItemCompilesToTheItemsFinding() throws {
        let dialog = try #require(FollowUpSample.compiled())
        let branches = try #require(dialog.node("FU.status")?.question?.branches)
        #expect(branches[0].effects == [.findingOfItem])
    }

    @Test func findingItemNeedsAForEachOverRecommendations() {
        let listed = """
            {multi: [{id: call-plans, label: Call plans}, {id: notes, label: Meeting notes}]}
            """
        let result = FollowUpSample.compile(actions: listed)
        #expect(Self.errors(result).contains {
            $0.contains("'finding: item' records the current item's finding") && $0.hasSuffix("[DC0026]")
        })
    }

    @Test func findingItemOutsideAForEachIsReported() {
        let dialog = FollowUpSample.dialog().replacingOccurrences(of: "next: FU.now\n", with: """
            branches:
                  - when: answer > 50
                    finding: item
                  - else:
                next: FU.now

            """)
        let result = Compiler.compile([SourceFile(path: "fu.yaml", text: dialog), SourceFile(path: "taxonomy.yaml", text: FollowUpSample.taxonomy)])
        #expect(Self.errors(result).contains { $0.contains("'finding: item'") && $0.hasSuffix("[DC0026]") })
    }

    @Test func findingItemInADecideRuleIsReported() {
        let result = Self.withDecide(when: "FU.now < FU.before", effect: "finding: item")
        #expect(Self.errors(result).contains { $0.contains("'finding: item'") && $0.hasSuffix("[DC0026]") })
    }

    @Test func findingItemNeedsTheFirstStepsOfEveryFindingItMayRecordForTheProblem() {
        let result = FollowUpSample.compile(problem: "ICP")
        #expect(Self.errors(result) == [
            "taxonomy.yaml:14:7: error: 'firstStep' of finding 'G-01' has no text for problem ICP, whose dialog 'fu' can use it; add 'ICP:' or 'default:' [DC0037]",
        ])
    }

    @Test func findingItemNeedsTheTextsOfEveryFindingItMayRecord() {
        // T-06 may be recorded by `finding: item` in an OTT dialog, so it needs an OTT (or default) finding text.
        let taxonomy = FollowUpSample.taxonomy.replacingOccurrences(of: "finding: Tools make the task slow",
                                                                     with: "finding: {ICP: Tools make the task slow}")
        let result = Compiler.compile([SourceFile(path: "fu.yaml", text: FollowUpSample.dialog()),
                                       SourceFile(path: "taxonomy.yaml", text: taxonomy)])
        #expect(Self.errors(result).contains { $0.contains("'finding' of finding 'T-06' has no text for problem OTT") })
    }

    // MARK: The compiled image

    @Test func theImageKeepsTheNewConditionsEffectsAndGeneratedChoices() throws {
        let result = FollowUpSample.compile(compare: "answer < FU.before or FU.now >= FU.before")
        let loaded = try DialogImage.decode(DialogImage.encode(result))
        let fresh = try #require(result.dialogs["fu"]), cached = try #require(loaded.dialogs["fu"])
        #expect(cached.node("FU.actions")?.question?.answer == fresh.node("FU.actions")?.question?.answer)
        #expect(cached.node("FU.status")?.question?.branches.map(\.effects) == [[.findingOfItem], []])
        #expect(cached.node("FU.now")?.question?.next?.rules.map(\.condition)
                == fresh.node("FU.now")?.question?.next?.rules.map(\.condition))
        #expect(DialogImage.encode(loaded) == DialogImage.encode(result))
    }
}
