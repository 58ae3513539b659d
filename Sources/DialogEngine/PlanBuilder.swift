import DialogModel

/// Writes the plan from a finished session (pure: the day comes from the event). Every leader-facing text is the
/// taxonomy's text for the part's problem; findings sharing a remedy share one recommendation; decisions drop the
/// options the leader did not choose; the schedule fits the leader's time and the results date.
struct PlanBuilder {
    let dialog: Dialog
    let program: Program
    let session: Session
    let partIndex: Int
    let day: Day

    var part: Part { dialog.parts[partIndex] }
    var problem: String? { part.problem }
    var taxonomy: Taxonomy { dialog.taxonomy }

    func build() -> Plan {
        let eval = Evaluation(dialog: dialog, answer: .none, item: nil, itemSource: nil)
        let subject = variable("subject")
        let lines = Summaries.lines(session, dialog)
        let evidence = findingEvidence(lines)
        let recorded = session.findings.map { $0 }
        let findings = taxonomy.findings
        let items = recorded.map { i -> Plan.Item in
            Plan.Item(id: findings[i].id, component: findings[i].component, category: findings[i].category, cell: findings[i].cell,
                      fix: findings[i].fix, text: findings[i].texts.text(for: problem), source: findings[i].source,
                      weight: findings[i].weight, evidence: evidence[i])
        }
        let (decisions, dropped, pending) = decide(recorded)
        let horizon = self.horizon()
        let results = day.adding(days: horizon.days)
        var scheduler = Scheduler(day: day, results: results, hoursPerWeek: leaderHours(), settings: taxonomy.settings)
        let kept = recorded.filter { dropped[$0] == nil }
        let schedule = scheduler.schedule(kept.map { (fix: taxonomy.findings[$0].fix, pending: pending[$0] != nil) })
        let recommendations = group(kept, due: schedule, pending: pending, eval: eval)
        let header = Plan.Header(dialogID: part.id, title: part.title, problem: part.problem, statement: part.statement,
                                 subject: subject, subjectKind: part.subject, leader: session.leader,
                                 people: part.inputs.people.flatMap(answerText), date: day, resultsDate: results)
        var flags: [String: String] = [:]
        for (i, flag) in dialog.flags.enumerated() {
            if let v = flag.describe(session.flags[i]) { flags[flag.name] = v }
        }
        let droppedList = recorded.compactMap { i -> Plan.Dropped? in
            guard let reason = dropped[i] else { return nil }
            let f = taxonomy.findings[i]
            return Plan.Dropped(actionID: "R-" + f.id, findingID: f.id, text: f.recommendations.text(for: problem), reason: reason)
        }
        let datedDecisions = decisions.map { d in
            Plan.Decision(id: d.id, title: d.title, options: d.options, chosen: d.chosen,
                          due: d.chosen == nil ? min(day.adding(days: 7), results.adding(days: -1)) : nil)
        }
        // The root cause is the driver among the findings the plan still acts on: a finding whose action the leader's
        // decision dropped is not where the plan's lever is.
        let root = rootCause(items.filter { item in !droppedList.contains { $0.findingID == item.id } })
        return Plan(header: header, goal: part.goal.map { eval.render($0, session) }, rootCause: root,
                    start: start(recommendations, root: root, decisions: datedDecisions), findings: items, flags: flags,
                    notes: session.notes.map { taxonomy.notes[$0] },
                    focus: kept.contains { taxonomy.findings[$0].cell == "I-know" } ? focus() : [],
                    recommendations: recommendations,
                    decisions: datedDecisions, dropped: droppedList, workload: scheduler.workload(horizon: horizon),
                    coaching: coaching(items, recommendations), commitment: variable("commitment"),
                    verifications: session.verifications,
                    followUps: followUps(recommendations, decisions: datedDecisions, results: results, subject: subject,
                                         horizon: horizon),
                    answers: lines)
    }

    // MARK: Inputs

    func variable(_ name: String) -> String? {
        guard let i = dialog.variables.firstIndex(where: { $0.name == name }) else { return nil }
        return session.variables[i]
    }

    /// The last answer given at a node, if any.
    func answer(at node: Int) -> Value? {
        session.answers.last { $0.node == node && $0.value != .none }?.value
    }

    func answerText(_ node: Int) -> String? {
        guard let v = answer(at: node), let q = dialog.nodes[node].question else { return nil }
        return Describe.value(v, q.answer)
    }

    func leaderHours() -> Double {
        if let n = part.inputs.leaderTime, case .number(let x) = answer(at: n) { return min(168, max(0.5, x)) }
        return taxonomy.settings.hoursPerWeek
    }

    /// The days to the results date, and whether the leader's period end was too soon to use.
    func horizon() -> (days: Int, tooSoon: Int?) {
        let settings = taxonomy.settings
        guard let n = part.inputs.periodEnd, case .number(let weeks) = answer(at: n) else { return (settings.horizonDays, nil) }
        let days = Int((min(max(weeks, 0), 520) * 7).rounded())
        if days < settings.shortestHorizonDays { return (settings.horizonDays, days) }
        return (days, nil)
    }

    func focus() -> [String] {
        guard let n = part.inputs.focus, case .choices(let set) = answer(at: n), let q = dialog.nodes[n].question else { return [] }
        return set.map { q.answer.choices[$0].label }
    }

    /// The answers whose branches recorded each finding, by finding index (an array of mostly empty arrays, no
    /// hashing).
    func findingEvidence(_ lines: [Summary.Line]) -> [[Summary.Line]] {
        var out = [[Summary.Line]](repeating: [], count: taxonomy.findings.count)
        for (a, answer) in session.answers.enumerated() {
            guard let b = answer.branch, let q = dialog.nodes[answer.node].question, b < q.branches.count else { continue }
            for case .finding(let f) in q.branches[b].effects where session.findings.contains(f) {
                out[f].append(lines[a])
            }
            // `finding: item`: the item's choice id is the finding's id.
            if q.branches[b].effects.contains(.findingOfItem), let i = answer.item, let src = q.forEach,
               let id = dialog.nodes[src].question?.answer.choices[i].id,
               let f = taxonomy.findings.firstIndex(where: { $0.id == id }), session.findings.contains(f) {
                out[f].append(lines[a])
            }
        }
        return out
    }

    // MARK: Decisions

    /// Each decision that applies, the dropped findings with the reason, and the findings waiting for an open one.
    func decide(_ recorded: [Int]) -> (decisions: [Plan.Decision], dropped: [Int: String], pending: [Int: String]) {
        let found = Set(recorded)
        var decisions: [Plan.Decision] = []
        var dropped: [Int: String] = [:]
        var pending: [Int: String] = [:]
        for (di, d) in taxonomy.decisions.enumerated() {
            let node = part.inputs.decisions.first { $0.decision == di }?.node
            var chosen: Int?
            var asked = false
            if let node, case .choice(let c) = answer(at: node), let q = dialog.nodes[node].question {
                asked = true
                chosen = d.options.firstIndex { $0.id == q.answer.choices[c].id }
            }
            let sides = d.options.filter { !found.isDisjoint(with: $0.keeps) }.count
            guard asked || sides >= 2 else { continue }
            let options = d.options.map { o in
                Plan.Decision.Option(id: o.id, label: o.label.text(for: problem), consequence: o.consequence.text(for: problem),
                                     actionIDs: o.keeps.filter(found.contains).map { "R-" + taxonomy.findings[$0].id })
            }
            if let c = chosen {
                let keep = Set(d.options[c].keeps)
                for (oi, o) in d.options.enumerated() where oi != c {
                    for f in o.keeps where found.contains(f) && !keep.contains(f) {
                        dropped[f] = d.options[c].reason.text(for: problem)
                    }
                }
            } else {
                for o in d.options { for f in o.keeps where found.contains(f) { pending[f] = d.id } }
            }
            decisions.append(Plan.Decision(id: d.id, title: d.title.text(for: problem), options: options,
                                           chosen: chosen.map { d.options[$0].id }, due: nil))
        }
        return (decisions, dropped, pending)
    }

    // MARK: Recommendations

    /// One recommendation per family, in plan order of its first finding, with an action per finding. The examples the
    /// leader gave (what the best reps do differently) go with the lead recommendation, once.
    /// One recommendation per family of the kept findings, in the order their families first come; `due` is the
    /// schedule's slot of each kept finding, in the same order as `kept`.
    func group(_ kept: [Int], due: [Scheduler.Slot], pending: [Int: String], eval: Evaluation) -> [Plan.Recommendation] {
        // Families in order of first finding, each with its findings' positions in `kept` (a handful: no hashing).
        var families: [(family: Int, members: [Int])] = []
        for (k, f) in kept.enumerated() {
            let family = taxonomy.findings[f].family
            if let i = families.firstIndex(where: { $0.family == family }) { families[i].members.append(k) }
            else { families.append((family, [k])) }
        }
        // Findings and families are read in place, member by member (a copy of either retained every text of it).
        let findings = taxonomy.findings, all = taxonomy.families
        return families.enumerated().map { position, entry in
            let owner = all[entry.family].owner.text(for: problem)
            let actions = entry.members.map { k -> Plan.Action in
                let f = kept[k]
                let id = findings[f].id
                let step = findings[f].firstSteps?.text(for: problem) ?? all[entry.family].firstStep?.text(for: problem) ?? ""
                let slot = due[k]
                return Plan.Action(id: "R-" + id, findingID: id, text: findings[f].recommendations.text(for: problem),
                                   fix: findings[f].fix, owner: owner, firstStep: step, due: slot.due, thisWeek: slot.thisWeek,
                                   pending: pending.isEmpty ? nil : pending[f])
            }
            let f = entry.family
            let objective = all[f].objective.value(for: problem).map { eval.render($0, session) } ?? ""
            let lesson = Plan.LessonPlan(objective: objective, materials: all[f].materials.list(for: problem),
                                         accountability: all[f].accountability.text(for: problem),
                                         evaluation: all[f].evaluation.text(for: problem),
                                         examples: all[f].examples.list(for: problem) + (position == 0 ? session.examples : []))
            return Plan.Recommendation(id: all[f].id, name: all[f].name.text(for: problem),
                                       fix: actions.contains { $0.fix == .project } ? .project : .quick,
                                       findingIDs: actions.map(\.findingID), actions: actions, lesson: lesson,
                                       obstacle: all[f].obstacle?.value(for: problem), support: all[f].support?.value(for: problem))
        }
    }
}

/// Summary lines for answers, shared by `summary` and the plan.
enum Summaries {
    static func lines(_ session: Session, _ dialog: Dialog) -> [Summary.Line] {
        session.answers.map { line($0, dialog) }
    }

    /// One answer as understood.
    static func line(_ a: Answer, _ dialog: Dialog) -> Summary.Line {
        let node = dialog.nodes[a.node]
        let q = node.question!
        var item: String?
        if let i = a.item, let src = q.forEach { item = dialog.nodes[src].question?.answer.choices[i].label }
        return Summary.Line(nodeID: node.id, label: q.label, item: item, answer: Describe.value(a.value, q.answer))
    }
}
