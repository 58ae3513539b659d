import DialogModel

/// The plan side of a dialog: the taxonomy's per-problem texts, the style evidence and the plan's inputs.
extension DialogBuilder {
    func resolveTaxonomy() -> Taxonomy {
        let families = taxonomy.families.map { f in
            Family(id: f.id.value, name: f.name.value, objective: objectiveTemplates(f.objective),
                   owner: f.owner?.value ?? ProblemText("You"), firstStep: f.firstStep?.value,
                   materials: f.materials?.value ?? ProblemText([]), accountability: f.accountability.value,
                   evaluation: f.evaluation.value, examples: f.examples?.value ?? ProblemText([]),
                   obstacle: f.obstacle?.value, support: f.support?.value)
        }
        return Taxonomy(findings: taxonomy.findings, families: families, notes: taxonomy.notes, decisions: taxonomy.decisions,
                        settings: Settings(values: taxonomy.settings))
    }

    /// Each problem's objective as a template (placeholders such as `{subject}` resolve in the dialog).
    func objectiveTemplates(_ decl: ProblemTextDecl<String>) -> ProblemText<Template> {
        func compile(_ text: String, _ key: String) -> Template {
            let located = Located(value: text, location: decl.locations[key] ?? decl.location)
            return template(located, scope: Scope(), node: nil, question: nil) ?? Template(text)
        }
        var byProblem: [String: Template] = [:]
        for (k, v) in decl.value.byProblem { byProblem[k] = compile(v, k) }
        return ProblemText(fallback: decl.value.fallback.map { compile($0, "default") }, byProblem: byProblem)
    }

    func resolvePart(_ d: DialogDecl, _ i: Int, nodes: [Node]) -> Part {
        let scope = Scope()
        var goal: Template?
        if let g = d.plan?.goal {
            goal = template(g, scope: scope, node: nil, question: nil)
            for (n, node) in nodes.enumerated() where node.part == i {
                if case .end = node.kind { recordUses(goal, at: n, location: g.location, afterAnswer: false) }
            }
        }
        if d.problem != nil && d.plan == nil {
            sink.report(.planGoalMissing, d.id.location, d.id.value, d.problem!.value)
        }
        func cond(_ text: Located<String>?) -> Condition? { text.flatMap { condition($0, scope: scope, question: nil) } }
        let style = StyleEvidence(skillLow: cond(d.plan?.skillLow), skillHigh: cond(d.plan?.skillHigh),
                                  willLow: cond(d.plan?.willLow), willHigh: cond(d.plan?.willHigh))
        var inputs = PlanInputs()
        if let plan = d.plan {
            func input(_ name: String, _ ref: Located<String>?, _ kinds: [AnswerType.Kind], _ what: String) -> Int? {
                guard let ref else { return nil }
                guard let n = resolveTarget(ref, scope) else { return nil }
                guard let q = nodes[n].question, kinds.contains(q.answer.kind) else {
                    sink.report(.planInputKind, ref.location, name, ref.value, what)
                    return nil
                }
                return n
            }
            var decisions: [DecisionInput] = []
            for (id, ref) in plan.decisions {
                guard let di = taxonomy.decisionIndex[id.value] else {
                    sink.report(.undefinedDecision, id.location, id.value, hint: Suggest.didYouMean(id.value, among: taxonomy.decisionIndex.keys))
                    continue
                }
                guard let n = input(id.value, ref, [.choice], "choice") else { continue }
                let options = taxonomy.decisions[di].options.map(\.id) + ["later"]
                let choices = nodes[n].question?.answer.choices.map(\.id) ?? []
                if Set(choices) != Set(options) {
                    sink.report(.decisionChoices, ref.location, ref.value, id.value, options.joined(separator: ", "))
                }
                decisions.append(DecisionInput(decision: di, node: n))
            }
            var measure: Measure?
            if let m = plan.measure, let ref = m.node, let n = input("measure", ref, [.number], "number") {
                if nodes[n].part != i {
                    sink.report(.planInputOtherDialog, ref.location, "measure", ref.value, parts[nodes[n].part].id.value, d.id.value)
                } else if let better = m.better {
                    measure = Measure(node: n, better: better)
                }
            }
            inputs = PlanInputs(leaderTime: input("leaderTime", plan.leaderTime, [.number], "number"),
                                periodEnd: input("periodEnd", plan.periodEnd, [.number], "number"),
                                focus: input("focus", plan.focus, [.multi], "multi"),
                                people: input("people", plan.people, [.text], "text"), measure: measure,
                                decisions: decisions)
        }
        return Part(id: d.id.value, title: d.title, problem: d.problem?.value, statement: d.statement, subject: d.subject,
                    goal: goal, style: style, inputs: inputs, version: d.version)
    }

    /// DC0037: every taxonomy text a part's plan can use has a value for the part's problem.
    func checkProblemTexts(_ nodes: [Node], _ parts: [Part]) {
        for (pi, part) in parts.enumerated() {
            // A dialog with no problem code takes each text's default.
            let problem = part.problem
            var recorded = Set<Int>()
            for node in nodes where node.part == pi {
                var effects: [Effect] = []
                switch node.kind {
                case .question(let q): effects = q.branches.flatMap(\.effects)
                case .decide(let rules): effects = rules.flatMap(\.effects)
                default: break
                }
                for case .finding(let f) in effects { recorded.insert(f) }
                // `finding: item` may record the finding of any item of the forEach's multi.
                if effects.contains(.findingOfItem), let src = node.question?.forEach, let items = nodes[src].question?.answer.choices {
                    for c in items { if let f = taxonomy.findingIndex[c.id] { recorded.insert(f) } }
                }
            }
            var reported = Set<String>()
            func need<V>(_ t: ProblemTextDecl<V>?, _ key: String, _ owner: String, optional: Bool = false) {
                guard let t else { return }
                guard t.value.value(for: problem) == nil, reported.insert(owner + key).inserted else { return }
                if let problem {
                    sink.report(.noTextForProblem, t.location, key, owner, problem, part.id)
                } else {
                    sink.report(.noDefaultText, t.location, key, owner, part.id)
                }
            }
            var families = Set<Int>()
            for f in recorded.sorted() {
                let finding = taxonomy.findings[f]
                guard let d = taxonomy.decl.findings.first(where: { $0.id.value == finding.id }) else { continue }
                let owner = "finding '\(finding.id)'"
                need(d.text, "finding", owner)
                need(d.recommendation, "recommendation", owner)
                let family = taxonomy.families[finding.family]
                if let step = d.firstStep { need(step, "firstStep", owner) } else { need(family.firstStep, "firstStep", "family '\(family.id.value)'") }
                families.insert(finding.family)
            }
            for fi in families.sorted() {
                let f = taxonomy.families[fi]
                let owner = "family '\(f.id.value)'"
                need(f.name, "name", owner)
                need(f.objective, "objective", owner)
                need(f.owner, "owner", owner)
                need(f.materials, "materials", owner)
                need(f.accountability, "accountability", owner)
                need(f.evaluation, "evaluation", owner)
                need(f.examples, "examples", owner)
                need(f.obstacle, "obstacle", owner)
                need(f.support, "support", owner)
            }
            for input in part.inputs.decisions {
                let d = taxonomy.decisionDecls[input.decision]
                let owner = "decision '\(d.id.value)'"
                need(d.title, "title", owner)
                for o in d.options {
                    need(o.label, "label", owner)
                    need(o.consequence, "consequence", owner)
                    need(o.reason, "reason", owner)
                }
            }
        }
    }
}
