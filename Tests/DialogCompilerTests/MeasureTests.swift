import DialogCompiler
import DialogModel
import DialogTesting
import Foundation
import Testing

/// The plan's headline measure (`plan: measure: {node, better}`): the number question a follow-up session re-asks and
/// `coach history` plots, compiled into `PlanInputs.measure`, checked like the other plan inputs, and kept in the
/// compiled image.
@Suite struct MeasureTests {
    // MARK: The repository's dialogs

    @Test(arguments: [("off-track", "OTT.G0", Measure.Better.lower), ("icp-reluctance", "ICP.G0", .higher),
                      ("forecast-accuracy", "FCA.G0", .lower)])
    func eachProblemDialogHasItsMeasure(_ id: String, _ node: String, _ better: Measure.Better) throws {
        let dialog = Repository.dialog(id)
        let part = try #require(dialog.parts.first { $0.id == id })
        let measure = try #require(part.inputs.measure)
        #expect(dialog.nodes[measure.node].id == node)
        #expect(measure.node == dialog.nodeIndex[node])
        #expect(measure.better == better)
        #expect(dialog.nodes[measure.node].question?.answer.kind == .number)
        #expect(dialog.nodes[measure.node].part == dialog.parts.firstIndex { $0.id == id })
    }

    /// The entry dialog runs into the three: each part keeps its measure, indexed in the entry dialog's own nodes.
    @Test func theEntryDialogsPartsKeepTheirMeasures() throws {
        let coach = Repository.dialog("coach")
        #expect(coach.parts.first { $0.id == "coach" }?.inputs.measure == nil)
        for (id, node) in [("off-track", "OTT.G0"), ("icp-reluctance", "ICP.G0"), ("forecast-accuracy", "FCA.G0")] {
            let measure = try #require(coach.parts.first { $0.id == id }?.inputs.measure, "\(id)")
            #expect(coach.nodes[measure.node].id == node)
        }
    }

    @Test func aMeasureIsReadFromAFlowOrABlockMapping() throws {
        for text in ["  measure: {node: M.gap, better: higher}\n", "  measure:\n    node: M.gap\n    better: higher\n"] {
            let result = Self.compile(text)
            #expect(result.errors.isEmpty, "\(result.errors.map(\.rendered))")
            let dialog = try #require(result.dialogs["m"])
            #expect(dialog.parts[0].inputs.measure == Measure(node: dialog.nodeIndex["M.gap"]!, better: .higher))
        }
    }

    @Test func withoutAMeasureThereIsNone() throws {
        let result = Self.compile("")
        #expect(result.errors.isEmpty, "\(result.errors.map(\.rendered))")
        #expect(try #require(result.dialogs["m"]).parts[0].inputs.measure == nil)
    }

    // MARK: Mistakes, each with its diagnostic at its line

    @Test func anUnknownNodeIsAnUndefinedNode() {
        let errors = Self.errors("  measure:\n    node: M.gpa\n    better: lower\n")
        #expect(errors == ["m.yaml:11:11: error: undefined node 'M.gpa'; did you mean 'M.gap'? [DC0001]"])
    }

    @Test func aQuestionOfAnotherKindIsAPlanInputError() {
        let errors = Self.errors("  measure:\n    node: M.who\n    better: lower\n")
        #expect(errors == ["m.yaml:11:11: error: 'measure' in the plan names 'M.who', which must be a number question [DC0038]"])
    }

    @Test func aSayNodeIsAPlanInputError() {
        let errors = Self.errors("  measure: {node: M.end, better: lower}\n")
        #expect(errors == ["m.yaml:10:19: error: 'measure' in the plan names 'M.end', which must be a number question [DC0038]"])
    }

    @Test func aQuestionOfADialogItRunsIntoIsAPlanInputError() {
        let errors = Self.errors("  measure:\n    node: O.size\n    better: lower\n", runsIntoOther: true)
        #expect(errors == ["m.yaml:11:11: error: 'measure' in the plan names 'O.size', a question of dialog 'o'; it must be a question of dialog 'm' [DC0038]"])
    }

    @Test func anUnknownBetterIsAnInvalidValue() {
        let errors = Self.errors("  measure:\n    node: M.gap\n    better: smaller\n")
        #expect(errors == ["m.yaml:12:13: error: 'smaller' is not a valid better; expected one of lower, higher [DC0016]"])
    }

    @Test func aMissingBetterOrNodeIsAMissingKey() {
        #expect(Self.errors("  measure:\n    node: M.gap\n") == ["m.yaml:11:5: error: the plan's measure needs 'better' [DC0014]"])
        #expect(Self.errors("  measure:\n    better: lower\n") == ["m.yaml:11:5: error: the plan's measure needs 'node' [DC0014]"])
    }

    @Test func anUnknownKeyIsReported() {
        let errors = Self.errors("  measure:\n    node: M.gap\n    better: lower\n    unit: percent\n")
        #expect(errors == ["m.yaml:13:5: error: unknown key 'unit' in the plan's measure [DC0012]"])
    }

    @Test func aMeasureThatIsNotAMappingIsReported() {
        let errors = Self.errors("  measure: M.gap\n")
        #expect(errors.count == 1 && errors[0].hasPrefix("m.yaml:10:12: error:") && errors[0].hasSuffix("[DC0015]"), "\(errors)")
    }

    /// A mistake in `better` still checks the node, and a wrong node still checks `better`: one line per mistake.
    @Test func bothHalvesAreCheckedTogether() {
        let errors = Self.errors("  measure:\n    node: M.who\n    better: less\n")
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("m.yaml:11:11:") && $0.hasSuffix("[DC0038]") })
        #expect(errors.contains { $0.hasPrefix("m.yaml:12:13:") && $0.hasSuffix("[DC0016]") })
    }

    // MARK: The compiled image

    @Test func theImageKeepsTheMeasures() throws {
        let loaded = try DialogImage.decode(DialogImage.encode(Repository.dialogs))
        var seen = 0
        for (id, fresh) in Repository.dialogs.dialogs {
            let cached = try #require(loaded.dialogs[id])
            #expect(cached.parts.map(\.inputs.measure) == fresh.parts.map(\.inputs.measure), "\(id)")
            seen += fresh.parts.compactMap(\.inputs.measure).count
        }
        #expect(seen == 3 + 3 + 3 * 2, "three problem dialogs, the entry dialog's three parts, and the three follow-ups with the problem each runs into")
    }

    @Test(arguments: [Measure.Better.lower, .higher])
    func theImageKeepsWhichWayIsBetter(_ better: Measure.Better) throws {
        let result = Self.compile("  measure: {node: M.gap, better: \(better.rawValue)}\n")
        let loaded = try DialogImage.decode(DialogImage.encode(result))
        let measure = try #require(loaded.dialogs["m"]?.parts[0].inputs.measure)
        #expect(measure == result.dialogs["m"]?.parts[0].inputs.measure)
        #expect(measure.better == better)
    }

    @Test func anImageOfTheOldLayoutIsNotReadAsTheNewOne() {
        #expect(DialogImage.formatVersion == 3)
    }

    // MARK: Helpers

    /// A one-part dialog `m` whose plan block ends with `measure` (the plan's lines 9 onward: `measure` is line 10),
    /// with the fixtures' taxonomy; with `runsIntoOther`, `M.gap` may run into dialog `o`, which asks `O.size`.
    static func compile(_ measure: String, runsIntoOther: Bool = false) -> CompilationResult {
        let dialog = """
            kind: dialog
            id: m
            title: Measure
            problem: OTT
            statement: A rep is not on track to hit target.
            subject: rep
            start: M.gap
            plan:
              goal: Close the gap by period end.

            """ + measure + """
            nodes:
              - id: M.gap
                ask: How far behind year-to-date target is the rep, in % of target?
                answer: {number: {min: 0, max: 100}}
                \(runsIntoOther ? "next:\n      - when: answer > 50\n        run: o\n      - else:\n        goto: M.who" : "next: M.who")
              - id: M.who
                ask: Who is behind?
                answer: text
                next: M.end
              - id: M.end
                end: That completes the diagnosis.

            """
        let other = """
            kind: dialog
            id: o
            title: Other
            start: O.size
            nodes:
              - id: O.size
                ask: How many reps?
                answer: {number: {min: 0, max: 100}}
                next: O.end
              - id: O.end
                end: Done.

            """
        let taxonomy = (try? String(contentsOfFile: Repository.path("Tests/DialogCompilerTests/Fixtures/taxonomy.yaml"), encoding: .utf8)) ?? ""
        var sources = [SourceFile(path: "m.yaml", text: dialog), SourceFile(path: "taxonomy.yaml", text: taxonomy)]
        if runsIntoOther { sources.append(SourceFile(path: "o.yaml", text: other)) }
        return Compiler.compile(sources)
    }

    static func errors(_ measure: String, runsIntoOther: Bool = false) -> [String] {
        compile(measure, runsIntoOther: runsIntoOther).errors.map(\.rendered)
    }
}
