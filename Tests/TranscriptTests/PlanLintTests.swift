import CoachCLI
import DialogEngine
import DialogTesting
import Foundation
import Testing
import Transcript

/// Issue 9's plan-lint over the plan of every scripted conversation and every golden transcript: no other problem's
/// vocabulary, no lesson block twice, at most three actions this week and two due on a day, nothing due after the
/// results date, a style that fits the evidence and the plan, no internal id or code in leader text. And the lint
/// itself fails on each of those faults, planted in a real plan.
@Suite struct PlanLintTests {
    static func rendered(_ plan: Plan) -> [String] {
        [PlanRenderer.Style.text, .markdown, .slack].map { PlanRenderer(style: $0).render(plan) }
    }

    @Test(arguments: GoldenTranscriptTests.all)
    func theScriptedConversationsPlanPassesTheLint(_ g: GoldenTranscriptTests.Golden) throws {
        var c = Conversation(Repository.dialog(g.dialog))
        for a in g.answers where c.asking != nil { c.answer(a) }
        let plan = try #require(c.plan, "\(g): no plan")
        let problems = PlanLint.problems(plan, rendered: Self.rendered(plan))
        #expect(problems.isEmpty, Comment(rawValue: "\(g):\n" + problems.joined(separator: "\n")))
    }

    @Test(arguments: GoldenTranscriptTests.all)
    func theGoldenTranscriptsPlanPassesTheLint(_ g: GoldenTranscriptTests.Golden) throws {
        let file = try TranscriptReader.read(path: g.path)
        let plan = try #require(FindingTrail(file, dialog: try Repository.dialog(g.dialog)).plan,
                                "\(g): the transcript has no plan this build recomputes")
        let problems = PlanLint.problems(plan, rendered: Self.rendered(plan))
        #expect(problems.isEmpty, Comment(rawValue: "\(g):\n" + problems.joined(separator: "\n")))
    }

    // MARK: The lint fails on every fault it is there to catch

    /// A real plan (OTT-3: twenty findings) as JSON, changed by `edit`, read back.
    static func planted(_ dialog: String = "off-track", _ name: String = "OTT-3",
                        _ edit: (inout [String: Any]) -> Void) throws -> Plan {
        let g = try #require(GoldenTranscriptTests.all.first { $0.dialog == dialog && $0.name == name })
        var c = Conversation(Repository.dialog(g.dialog))
        for a in g.answers where c.asking != nil { c.answer(a) }
        let plan = try #require(c.plan)
        #expect(PlanLint.problems(plan, rendered: rendered(plan)).isEmpty, "the unplanted plan is clean")
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        edit(&json)
        return try JSONDecoder().decode(Plan.self, from: JSONSerialization.data(withJSONObject: json))
    }

    static func editRecommendation(_ json: inout [String: Any], _ i: Int, _ edit: (inout [String: Any]) -> Void) {
        var recs = json["recommendations"] as! [[String: Any]]
        edit(&recs[i])
        json["recommendations"] = recs
    }

    static func editAction(_ json: inout [String: Any], _ r: Int, _ a: Int, _ edit: (inout [String: Any]) -> Void) {
        editRecommendation(&json, r) { rec in
            var actions = rec["actions"] as! [[String: Any]]
            edit(&actions[a])
            rec["actions"] = actions
        }
    }

    static func fails(_ plan: Plan, mentioning word: String) -> Bool {
        PlanLint.problems(plan, rendered: rendered(plan)).contains { $0.contains(word) }
    }

    @Test func anotherProblemsVocabularyFails() throws {
        let plan = try Self.planted { json in
            Self.editAction(&json, 0, 0) { $0["firstStep"] = "Add a new-ICP meetings target to the rep's goals." }
        }
        #expect(Self.fails(plan, mentioning: "ICP vocabulary"))
    }

    @Test func aRepeatedLessonBlockFails() throws {
        let plan = try Self.planted { json in
            var recs = json["recommendations"] as! [[String: Any]]
            var copy = recs[0]
            copy["id"] = "copied"
            recs.append(copy)
            json["recommendations"] = recs
        }
        #expect(Self.fails(plan, mentioning: "lesson line repeated"))
    }

    @Test func fourActionsThisWeekFail() throws {
        let plan = try Self.planted { json in
            for r in 0..<2 { for a in 0..<2 { Self.editAction(&json, r, a) { $0["thisWeek"] = true } } }
        }
        #expect(Self.fails(plan, mentioning: "actions this week"))
    }

    @Test func threeActionsDueOnOneDayFail() throws {
        let plan = try Self.planted { json in
            for a in 0..<3 { Self.editAction(&json, 0, a) { $0["due"] = "2026-12-10" } }
        }
        #expect(Self.fails(plan, mentioning: "actions due on 2026-12-10"))
    }

    @Test func anActionDueAfterTheResultsDateFails() throws {
        let plan = try Self.planted { json in Self.editAction(&json, 1, 0) { $0["due"] = "2030-01-01" } }
        #expect(Self.fails(plan, mentioning: "not before the results date"))
    }

    @Test func aStyleThatContradictsThePlanFails() throws {
        let plan = try Self.planted { json in json["coaching"] = ["style": "delegate", "reason": "Step back."] }
        #expect(Self.fails(plan, mentioning: "delegate beside"))
        let monitor = try Self.planted("off-track", "OTT-2") { json in json["coaching"] = ["style": "guide", "reason": "Teach."] }
        #expect(Self.fails(monitor, mentioning: "only monitors"))
    }

    @Test func anInternalIDOrCodeInLeaderTextFails() throws {
        for text in ["Re-set the goal (G-01).", "See R-T-06.", "Answer OTT.G4 again.", "An E-incent problem.",
                     "cap=suspect", "Seed: observe them.", "L3: observed."] {
            let plan = try Self.planted { json in Self.editRecommendation(&json, 0) { $0["name"] = text } }
            #expect(PlanLint.problems(plan).contains { $0.contains("in leader text") }, "\(text)")
        }
    }
}
