import DialogModel
import Yams

extension FileParser {
    func answer(_ node: Yams.Node, id: String) -> AnswerDecl? {
        let loc = YAMLFields.location(node, file)
        let kinds = ["yesNo", "choice", "multi", "scale", "number", "text"]
        if let s = node.scalar {
            switch s.string {
            case "yesNo": return AnswerDecl(kind: .yesNo, choices: [], anchors: [], number: nil, text: nil, location: loc)
            case "text": return AnswerDecl(kind: .text, choices: [], anchors: [], number: nil, text: TextSpec(), location: loc)
            case "number": return AnswerDecl(kind: .number, choices: [], anchors: [], number: NumberSpec(), text: nil, location: loc)
            default:
                sink.report(.unknownAnswerType, loc, s.string, hint: Suggest.didYouMean(s.string, among: kinds))
                return nil
            }
        }
        guard let f = fields(node, "the answer of '\(id)'", Array(kinds.dropFirst())) else { return nil }
        guard f.entries.count == 1, let (key, _, value) = f.entries.first else {
            sink.report(.severalAnswerTypes, loc)
            return nil
        }
        switch key {
        case "choice", "multi":
            var list = value
            var optional = false
            // A multi may be written `{choices: [...], optional: true}`; a choice or multi may take its choices from
            // the taxonomy's recommendations, `{recommendations: all}`.
            if let m = value.mapping, key == "multi" || m.keys.contains(where: { $0.scalar?.string == "recommendations" }) {
                let keys = key == "multi" ? ["choices", "recommendations", "optional"] : ["recommendations"]
                guard let mf = fields(value, "the \(key)", keys) else { return nil }
                optional = mf.bool("optional") ?? false
                if let r = mf.string("recommendations") {
                    if mf.has("choices") { sink.report(.choicesAndRecommendations, mf.keyLocation("choices")) }
                    if r.value != "all" { sink.report(.invalidRecommendations, r.location, r.value) }
                    var decl = AnswerDecl(kind: key == "choice" ? .choice : .multi, choices: [], anchors: [], number: nil,
                                          text: nil, optional: optional, location: loc)
                    decl.recommendations = r
                    return decl
                }
                guard let l = mf.value("choices") else { mf.missing(key == "multi" ? "choices" : "recommendations"); return nil }
                list = l
            }
            guard let seq = list.sequence else {
                sink.report(.choicesNotAList, YAMLFields.location(list, file), key)
                return nil
            }
            let choices = seq.compactMap(choice)
            return AnswerDecl(kind: key == "choice" ? .choice : .multi, choices: choices, anchors: [], number: nil, text: nil,
                              optional: optional, location: loc)
        case "scale":
            guard let sf = fields(value, "the scale", ["anchors", "min", "max"]) else { return nil }
            let lo = sf.int("min") ?? 1, hi = sf.int("max") ?? 5
            let anchors = sf.strings("anchors")
            if !sf.has("anchors") { sf.missing("anchors") }
            else if anchors.count != hi - lo + 1 {
                sink.report(.scaleAnchors, sf.keyLocation("anchors"), lo, hi, hi - lo + 1, anchors.count)
            }
            let decl = AnswerDecl(kind: .scale, choices: [], anchors: anchors, number: NumberSpec(min: Double(lo), max: Double(hi), integer: true), text: nil, location: loc)
            return decl
        case "number":
            guard let nf = fields(value, "the number", ["min", "max", "unit", "unitAliases", "integer", "optional"]) else { return nil }
            let spec = NumberSpec(min: nf.double("min"), max: nf.double("max"), unit: nf.string("unit")?.value,
                                  unitAliases: nf.strings("unitAliases").map(\.value), integer: nf.bool("integer") ?? false)
            if let lo = spec.min, let hi = spec.max, lo > hi {
                sink.report(.minAboveMax, nf.location, Describe.n(lo), Describe.n(hi))
            }
            return AnswerDecl(kind: .number, choices: [], anchors: [], number: spec, text: nil, optional: nf.bool("optional") ?? false,
                              location: loc)
        default:
            guard let tf = fields(value, "the text", ["maxLength", "optional"]) else { return nil }
            let spec = TextSpec(maxLength: tf.int("maxLength", range: 1...100_000) ?? 280, optional: tf.bool("optional") ?? false)
            return AnswerDecl(kind: .text, choices: [], anchors: [], number: nil, text: spec, location: loc)
        }
    }

    func choice(_ node: Yams.Node) -> ChoiceDecl? {
        guard let f = fields(node, "a choice", ["id", "label", "aliases", "detail", "exclusive"]),
              let id = f.string("id", required: true) else { return nil }
        if !isID(id.value) {
            sink.report(.invalidChoiceID, id.location, id.value)
        }
        return ChoiceDecl(id: id, label: f.string("label", required: true)?.value ?? id.value, aliases: f.strings("aliases"),
                          detail: f.string("detail")?.value, exclusive: f.bool("exclusive") ?? false)
    }

    func isID(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    func taxonomy(_ root: Yams.Node) -> TaxonomyDecl? {
        guard let f = fields(root, "the taxonomy", ["kind", "settings", "findings", "families", "notes", "decisions"]) else { return nil }
        var settings: [(Located<String>, Double)] = []
        if let s = f.value("settings"), let sf = fields(s, "settings", s.mapping?.keys.compactMap { $0.scalar?.string } ?? []) {
            for e in sf.entries {
                if let x = sf.double(e.key) { settings.append((Located(value: e.key, location: YAMLFields.location(e.keyNode, file)), x)) }
            }
        }
        let findings = f.list("findings", required: true).compactMap(finding)
        let families = f.list("families", required: true).compactMap(family)
        let notes = f.list("notes").compactMap { n -> NoteDecl? in
            guard let nf = fields(n, "a note", ["id", "text"]), let id = nf.string("id", required: true),
                  let text = nf.string("text", required: true) else { return nil }
            return NoteDecl(id: id, text: text.value)
        }
        var decl = TaxonomyDecl(file: file, location: f.location, settings: settings, findings: findings, families: families, notes: notes)
        decl.decisions = f.list("decisions").compactMap(decision)
        return decl
    }

    func finding(_ node: Yams.Node) -> FindingDecl? {
        guard let f = fields(node, "a finding", ["id", "component", "category", "cell", "fix", "finding", "recommendation",
                                                "firstStep", "weight", "source"]),
              let id = f.string("id", required: true) else { return nil }
        let component: Step? = f.oneOf("component", Step.allCases.map { ($0.code, $0) }, required: true)
        let category: Finding.Category? = f.oneOf("category", Finding.Category.allCases.map { ($0.rawValue, $0) }, required: true)
        let cells = ["E-data", "E-instr", "E-incent", "I-know", "I-cap", "I-motive"]
        let cell: String? = f.oneOf("cell", cells.map { ($0, $0) }, required: true)
        let fix: Finding.Fix? = f.oneOf("fix", [("quick", .quick), ("project", .project)], required: true)
        guard let component, let category, let cell, let fix,
              let text = f.problemText("finding", required: true), let rec = f.problemText("recommendation", required: true) else { return nil }
        return FindingDecl(id: id, component: component, category: category, cell: cell, fix: fix, text: text,
                           recommendation: rec, firstStep: f.problemText("firstStep"), weight: f.int("weight", range: 1...9) ?? 5,
                           source: f.string("source")?.value ?? "")
    }

    func family(_ node: Yams.Node) -> FamilyDecl? {
        guard let f = fields(node, "a family", ["id", "name", "findings", "objective", "owner", "firstStep", "materials",
                                               "accountability", "evaluation", "examples", "obstacle", "support"]),
              let id = f.string("id", required: true), let objective = f.problemText("objective", required: true),
              let name = f.problemText("name", required: true), let accountability = f.problemText("accountability", required: true),
              let evaluation = f.problemText("evaluation", required: true) else { return nil }
        return FamilyDecl(id: id, name: name, findings: f.strings("findings"), objective: objective, owner: f.problemText("owner"),
                          firstStep: f.problemText("firstStep"), materials: f.problemTexts("materials"),
                          accountability: accountability, evaluation: evaluation, examples: f.problemTexts("examples"),
                          obstacle: f.problemText("obstacle"), support: f.problemText("support"))
    }

    func decision(_ node: Yams.Node) -> DecisionDecl? {
        guard let f = fields(node, "a decision", ["id", "title", "options"]), let id = f.string("id", required: true),
              let title = f.problemText("title", required: true) else { return nil }
        let options = f.list("options", required: true).compactMap { o -> DecisionDecl.Option? in
            guard let of = fields(o, "an option of '\(id.value)'", ["id", "label", "keeps", "consequence", "reason"]),
                  let oid = of.string("id", required: true), let label = of.problemText("label", required: true),
                  let consequence = of.problemText("consequence", required: true),
                  let reason = of.problemText("reason", required: true) else { return nil }
            return DecisionDecl.Option(id: oid, label: label, keeps: of.strings("keeps"), consequence: consequence, reason: reason)
        }
        return DecisionDecl(id: id, title: title, options: options)
    }
}

enum Describe {
    static func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
}
