import DialogModel
import Yams

/// Reads one YAML file into its authoring declaration, reporting syntax and shape problems.
struct FileParser {
    let file: String
    let sink: DiagnosticSink

    func parse(_ text: String) -> FileDecl? {
        let root: Yams.Node
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                sink.report(.emptyFile, SourceLocation(file: file, line: 1, column: 1))
                return nil
            }
            root = node
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            sink.report(.yamlSyntax, SourceLocation(file: file, line: 1, column: 1), String(describing: error))
            return nil
        }
        guard let kind = root.mapping?["kind"]?.scalar?.string else {
            if root.mapping == nil {
                sink.report(.notAMapping, YAMLFields.location(root, file), "a dialog file")
            } else {
                sink.report(.fileKindMissing, YAMLFields.location(root, file))
            }
            return nil
        }
        switch kind {
        case "dialog": return dialog(root).map(FileDecl.dialog)
        case "fragment": return fragment(root).map(FileDecl.fragment)
        case "taxonomy": return taxonomy(root).map(FileDecl.taxonomy)
        default:
            let loc = YAMLFields.location(root.mapping!["kind"]!, file)
            sink.report(.unknownFileKind, loc, kind, hint: Suggest.didYouMean(kind, among: ["dialog", "fragment", "taxonomy"]))
            return nil
        }
    }

    func report(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            sink.report(.yamlSyntax, SourceLocation(file: file, line: mark.line, column: mark.column), problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            sink.report(.duplicateKey, SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                        duplicates.map { "'\($0)'" }.joined(separator: ", "))
        default:
            sink.report(.yamlSyntax, SourceLocation(file: file, line: 1, column: 1), String(describing: error))
        }
    }

    func fields(_ node: Yams.Node, _ context: String, _ allowed: [String]) -> YAMLFields? {
        YAMLFields(node, file: file, sink: sink, context: context, allowed: allowed)
    }

    func dialog(_ root: Yams.Node) -> DialogDecl? {
        guard let f = fields(root, "the dialog", ["kind", "id", "title", "version", "problem", "statement", "subject",
                                                  "start", "retries", "flags", "variables", "plan", "nodes"]) else { return nil }
        let id = f.string("id", required: true)
        let start = f.string("start", required: true)
        let subject: Part.Subject? = f.oneOf("subject", [("rep", .rep), ("team", .team)])
        var plan: PlanDecl?
        if let p = f.value("plan"), let pf = fields(p, "the plan", ["goal", "skillLow", "skillHigh", "willLow", "willHigh",
                                                                     "leaderTime", "periodEnd", "focus", "people", "measure", "decisions"]) {
            var decisions: [(Located<String>, Located<String>)] = []
            if let d = pf.value("decisions"), let df = fields(d, "the plan's decisions", d.mapping?.keys.compactMap { $0.scalar?.string } ?? []) {
                for e in df.entries {
                    if let node = df.string(e.key) {
                        decisions.append((Located(value: e.key, location: YAMLFields.location(e.keyNode, file)), node))
                    }
                }
            }
            var measure: MeasureDecl?
            if let m = pf.value("measure"), let mf = fields(m, "the plan's measure", ["node", "better"]) {
                measure = MeasureDecl(node: mf.string("node", required: true),
                                      better: mf.oneOf("better", [("lower", .lower), ("higher", .higher)], required: true))
            }
            plan = PlanDecl(goal: pf.string("goal"), skillLow: pf.string("skillLow"), skillHigh: pf.string("skillHigh"),
                            willLow: pf.string("willLow"), willHigh: pf.string("willHigh"), leaderTime: pf.string("leaderTime"),
                            periodEnd: pf.string("periodEnd"), focus: pf.string("focus"), people: pf.string("people"),
                            measure: measure, decisions: decisions)
        }
        let nodes = f.list("nodes", required: true).compactMap(nodeItem)
        guard let id, let start else { return nil }
        return DialogDecl(file: file, id: id, title: f.string("title", required: true)?.value ?? id.value,
                          version: f.int("version") ?? 1, problem: f.string("problem"), statement: f.string("statement")?.value,
                          subject: subject, start: start, retries: f.int("retries", range: 1...20) ?? 3,
                          flags: flags(f), variables: f.strings("variables"), plan: plan, nodes: nodes)
    }

    func fragment(_ root: Yams.Node) -> FragmentDecl? {
        guard let f = fields(root, "the fragment", ["kind", "id", "title", "exits", "flags", "variables", "nodes"]),
              let id = f.string("id", required: true) else { return nil }
        return FragmentDecl(file: file, id: id, exits: f.strings("exits"), flags: flags(f), variables: f.strings("variables"),
                            nodes: f.list("nodes", required: true).compactMap(nodeItem))
    }

    func flags(_ f: YAMLFields) -> [FlagDecl] {
        guard let node = f.value("flags") else { return [] }
        guard let m = fields(node, "flags", node.mapping?.keys.compactMap { $0.scalar?.string } ?? []) else { return [] }
        return m.entries.compactMap { entry in
            let name = Located(value: entry.key, location: YAMLFields.location(entry.keyNode, file))
            if entry.value.scalar?.string == "boolean" { return FlagDecl(name: name, values: nil) }
            if entry.value.sequence != nil {
                return FlagDecl(name: name, values: YAMLFields.strings(entry.value, entry.key, file: file, sink: sink, context: "flags"))
            }
            sink.report(.flagDeclaration, YAMLFields.location(entry.value, file), entry.key)
            return nil
        }
    }

    static let questionKeys = ["id", "step", "source", "ask", "label", "why", "help", "answer", "forEach", "store",
                               "branches", "next", "unsure", "fallback", "retries", "given"]

    func nodeItem(_ node: Yams.Node) -> NodeItem? {
        guard let m = node.mapping else {
            sink.report(.notAMapping, YAMLFields.location(node, file), "a node")
            return nil
        }
        let keys = Set(m.keys.compactMap { $0.scalar?.string })
        if keys.contains("include") {
            guard let f = fields(node, "the include", ["include", "prefix", "exits"]),
                  let fragment = f.string("include"), let prefix = f.string("prefix", required: true) else { return nil }
            var exits: [(String, Located<String>)] = []
            if let e = f.value("exits"), let ef = fields(e, "exits", e.mapping?.keys.compactMap { $0.scalar?.string } ?? []) {
                for entry in ef.entries {
                    if let target = ef.scalar(entry.value, entry.key) { exits.append((entry.key, target)) }
                }
            }
            return .include(IncludeDecl(fragment: fragment, prefix: prefix, exits: exits, location: f.location))
        }
        let kind: String
        let allowed: [String]
        if keys.contains("say") { kind = "say"; allowed = ["id", "step", "say", "next"] }
        else if keys.contains("decide") { kind = "decide"; allowed = ["id", "step", "decide"] }
        else if keys.contains("end") { kind = "end"; allowed = ["id", "step", "end"] }
        else if keys.contains("ask") { kind = "ask"; allowed = FileParser.questionKeys }
        else {
            let loc = YAMLFields.location(node, file)
            sink.report(.nodeKindMissing, loc)
            return nil
        }
        let idText = m["id"]?.scalar?.string ?? "?"
        guard let f = fields(node, "node '\(idText)'", allowed), let id = f.string("id", required: true) else { return nil }
        let step: Step? = f.oneOf("step", Step.allCases.map { ($0.key, $0) })
        let nodeKind: NodeDecl.Kind
        switch kind {
        case "say":
            guard let text = f.string("say") else { return nil }
            if !f.has("next") { sink.report(.sayWithoutNext, id.location, id.value) }
            nodeKind = .say(text, next(f))
        case "decide":
            let rules = f.list("decide").compactMap { rule($0, effects: true) }
            nodeKind = .decide(rules)
        case "end":
            let text = f.value("end").flatMap { $0.scalar?.string.isEmpty == false ? f.string("end") : nil }
            nodeKind = .end(text)
        default:
            guard let q = question(f, id: id.value) else { return nil }
            nodeKind = .question(q)
        }
        return .node(NodeDecl(id: id, step: step, kind: nodeKind, location: id.location))
    }

    func question(_ f: YAMLFields, id: String) -> QuestionDecl? {
        guard let ask = f.string("ask", required: true) else { return nil }
        guard let answerNode = f.value("answer") else {
            f.missing("answer")
            return nil
        }
        guard let answer = answer(answerNode, id: id) else { return nil }
        var question = QuestionDecl(ask: ask, label: f.string("label")?.value, why: f.string("why"), help: f.string("help"),
                                    source: f.string("source")?.value, answer: answer, forEach: f.string("forEach"),
                                    store: f.string("store"), branches: f.list("branches").compactMap { rule($0, effects: true) },
                                    next: next(f), unsure: f.string("unsure"), fallback: f.string("fallback"),
                                    retries: f.int("retries", range: 1...20))
        question.given = f.string("given")
        return question
    }

    func next(_ f: YAMLFields) -> NextDecl? {
        guard let node = f.value("next") else { return nil }
        if node.scalar != nil { return f.string("next").map(NextDecl.target) }
        guard let seq = node.sequence else {
            sink.report(.invalidNext, YAMLFields.location(node, file))
            return nil
        }
        return .rules(seq.compactMap { rule($0, effects: false) }, YAMLFields.location(node, file))
    }

    func rule(_ node: Yams.Node, effects: Bool) -> RuleDecl? {
        let keys = ["when", "else", "goto", "run"] + (effects ? ["finding", "findings", "set", "note", "verify", "example"] : [])
        guard let f = fields(node, effects ? "a branch" : "a route", keys) else { return nil }
        var when: WhenDecl?
        if let w = f.value("when") {
            if w.sequence != nil {
                when = .choices(YAMLFields.strings(w, "when", file: file, sink: sink, context: "a branch"))
            } else if let s = f.string("when") {
                when = .expression(s)
            }
            if f.has("else") { sink.report(.whenAndElse, f.keyLocation("else")) }
        } else if !f.has("else") {
            sink.report(.ruleWithoutCondition, f.location)
        }
        var list: [EffectDecl] = []
        for entry in f.entries {
            switch entry.key {
            case "finding": if let s = f.scalar(entry.value, "finding") { list.append(.finding(s)) }
            case "findings":
                list += YAMLFields.strings(entry.value, "findings", file: file, sink: sink, context: "a branch").map(EffectDecl.finding)
            case "note": if let s = f.scalar(entry.value, "note") { list.append(.note(s)) }
            case "verify": if let s = f.scalar(entry.value, "verify") { list.append(.verify(s)) }
            case "example": if let s = f.scalar(entry.value, "example") { list.append(.example(s)) }
            case "set":
                let names = entry.value.mapping?.keys.compactMap { $0.scalar?.string } ?? []
                if let sf = fields(entry.value, "set", names) {
                    for e in sf.entries {
                        let name = Located(value: e.key, location: YAMLFields.location(e.keyNode, file))
                        if let v = sf.scalar(e.value, e.key) { list.append(.set(name, v)) }
                    }
                }
            default: break
            }
        }
        let goto = f.string("goto"), run = f.string("run")
        if goto != nil && run != nil { sink.report(.gotoAndRun, f.keyLocation("run")) }
        if !effects && goto == nil && run == nil { sink.report(.routeRuleWithoutTarget, f.location) }
        return RuleDecl(when: when, effects: list, goto: goto, run: run, location: f.location)
    }
}
