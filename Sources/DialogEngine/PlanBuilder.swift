import DialogModel

/// Writes the plan from a finished session (pure: the day comes from the event).
struct PlanBuilder {
    let dialog: Dialog
    let program: Program
    let session: Session
    let partIndex: Int
    let day: Day

    var part: Part { dialog.parts[partIndex] }

    func build() -> Plan {
        let taxonomy = dialog.taxonomy
        let eval = Evaluation(dialog: dialog, answer: .none, item: nil, itemSource: nil)
        let subject = variable("subject")
        let items = session.findings.map { i -> Plan.Item in
            let f = taxonomy.findings[i]
            return Plan.Item(id: f.id, component: f.component, category: f.category, cell: f.cell, fix: f.fix,
                             text: f.text, source: f.source)
        }
        let recommendations = session.findings.map { i -> Plan.Recommendation in
            let f = taxonomy.findings[i]
            let family = taxonomy.families[f.family]
            let days = f.fix == .quick ? taxonomy.settings.quickFixDays : taxonomy.settings.milestoneDays
            let lesson = Plan.LessonPlan(objective: eval.render(family.objective, session), materials: family.materials,
                                         accountability: family.accountability, evaluation: family.evaluation,
                                         examples: family.examples + session.examples)
            return Plan.Recommendation(id: "R-" + f.id, findingID: f.id, family: family.name, text: f.recommendation,
                                       fix: f.fix, owner: family.owner, firstStep: family.firstStep,
                                       due: day.adding(days: days), lesson: lesson)
        }
        var flags: [String: String] = [:]
        for (i, flag) in dialog.flags.enumerated() {
            if let v = flag.describe(session.flags[i]) { flags[flag.name] = v }
        }
        let header = Plan.Header(dialogID: part.id, title: part.title, problem: part.problem, statement: part.statement,
                                 subject: subject, subjectKind: part.subject, date: day)
        return Plan(header: header, goal: part.goal.map { eval.render($0, session) }, rootCause: rootCause(items.first),
                    findings: items, flags: flags, notes: session.notes.map { taxonomy.notes[$0] },
                    answers: Summaries.lines(session, dialog), recommendations: recommendations,
                    style: style(eval), commitment: variable("commitment"), verifications: session.verifications,
                    followUps: followUps(recommendations, subject: subject))
    }

    func variable(_ name: String) -> String? {
        guard let i = dialog.variables.firstIndex(where: { $0.name == name }) else { return nil }
        return session.variables[i]
    }

    func rootCause(_ lead: Plan.Item?) -> Plan.RootCause? {
        guard let lead else { return nil }
        let kind = lead.fix == .quick ? "a quick fix" : "an on-going project"
        let sentence = "\(lead.text): a \(lead.category.rawValue) problem in \(lead.component.name) "
            + "(step \(lead.component.number), \(lead.component.seedTitle)), and \(kind)."
        return Plan.RootCause(findingID: lead.id, component: lead.component, category: lead.category, fix: lead.fix,
                              sentence: sentence)
    }

    func style(_ eval: Evaluation) -> Plan.Style? {
        let (skill, will) = program.styles[partIndex]
        guard skill >= 0 || will >= 0 else { return nil }
        let skillLow = skill >= 0 && program.holds(Int(skill), session, .none)
        let willLow = will >= 0 && program.holds(Int(will), session, .none)
        switch (skillLow, willLow) {
        case (true, true): return .direct
        case (true, false): return .guide
        case (false, true): return .excite
        case (false, false): return .delegate
        }
    }

    func followUps(_ recommendations: [Plan.Recommendation], subject: String?) -> [Plan.FollowUp] {
        var out: [Plan.FollowUp] = []
        let quick = recommendations.filter { $0.fix == .quick }.map(\.id)
        let projects = recommendations.filter { $0.fix == .project }.map(\.id)
        let settings = dialog.taxonomy.settings
        if !quick.isEmpty {
            out.append(.init(date: day.adding(days: settings.quickFixDays),
                             what: "Check the quick fixes are done: " + quick.joined(separator: ", ") + "."))
        }
        if !session.verifications.isEmpty {
            out.append(.init(date: day.adding(days: settings.quickFixDays),
                             what: "Bring the evidence gathered: " + session.verifications.map(\.id).joined(separator: ", ") + "."))
        }
        if !projects.isEmpty {
            out.append(.init(date: day.adding(days: settings.milestoneDays),
                             what: "First milestone of each on-going project: " + projects.joined(separator: ", ") + "."))
        }
        let who = subject.map { " for \($0)" } ?? ""
        out.append(.init(date: day.endOfQuarter,
                         what: "Results at period end: run this diagnosis again\(who) and compare the first answer."))
        return out.sorted { $0.date < $1.date }
    }
}

/// Summary lines for answers, shared by `summary` and the plan.
enum Summaries {
    static func lines(_ session: Session, _ dialog: Dialog) -> [Summary.Line] {
        session.answers.map { a in
            let node = dialog.nodes[a.node]
            let q = node.question!
            var item: String?
            if let i = a.item, let src = q.forEach { item = dialog.nodes[src].question?.answer.choices[i].label }
            return Summary.Line(nodeID: node.id, label: q.label, item: item, answer: Describe.value(a.value, q.answer))
        }
    }
}
