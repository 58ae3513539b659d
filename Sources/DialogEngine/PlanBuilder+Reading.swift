import DialogModel

/// The plan's sentences: the root cause, where to start, the coaching style and the follow-ups.
extension PlanBuilder {
    /// The driver: the recorded finding that weighs most (ties: plan order), explained in the seed's terms.
    func rootCause(_ items: [Plan.Item]) -> Plan.RootCause? {
        guard var driver = items.first else { return nil }
        for item in items.dropFirst() where item.weight > driver.weight { driver = item }
        let kind = driver.fix == .quick ? "a quick fix" : "an on-going project"
        let sentence = "\(driver.text). This is a \(driver.category.rawValue) problem in \(driver.component.name.lowercased()) "
            + "(step \(driver.component.number) of the Sales Strategy Execution System, \(driver.component.seedTitle)), and \(kind)."
        return Plan.RootCause(findingID: driver.id, component: driver.component, category: driver.category, fix: driver.fix,
                              sentence: sentence, evidence: driver.evidence)
    }

    /// Where to start: the lead action among those not waiting for a decision, and why it comes first (rule R4 in
    /// words); the decision itself when every action waits for one.
    func start(_ recommendations: [Plan.Recommendation], root: Plan.RootCause?, decisions: [Plan.Decision]) -> String? {
        // The actions are read in place, in plan order (a flattened copy retained every string of each).
        func firstAction(where holds: (Plan.Action) -> Bool) -> Plan.Action? {
            for r in recommendations.indices {
                if let k = recommendations[r].actions.firstIndex(where: holds) { return recommendations[r].actions[k] }
            }
            return nil
        }
        guard let lead = firstAction(where: { $0.pending == nil }) else {
            guard let open = decisions.first(where: { $0.chosen == nil }) else { return nil }
            return "Decide first: \(open.title.lowercasedFirst). Every action in this plan waits for that decision."
        }
        let f = taxonomy.findings.firstIndex { $0.id == lead.findingID }
        var why: String
        switch (lead.fix, f.map { taxonomy.findings[$0].isEnvironment } ?? true) {
        case (.quick, true): why = "it is a quick fix to what surrounds the work, and those come before work on the person"
        case (.quick, false): why = "it is a quick fix you can make this week"
        case (.project, true): why = "there is no quick fix, and changes to what surrounds the work come before work on the person"
        case (.project, false): why = "everything else depends on it"
        }
        if let root, root.findingID != lead.findingID, let driver = firstAction(where: { $0.findingID == root.findingID }) {
            why += driver.pending == nil
                ? "; the root cause is the bigger lever, and its action follows in the plan"
                : "; the root cause is the bigger lever, and its action waits for your decision"
        }
        return "\(lead.text). It comes first because \(why)."
    }

    /// The style from the skill and will evidence only; "verify first" where it is missing, mixed, or contradicted by
    /// the plan's own actions; none on a plan that only monitors.
    func coaching(_ items: [Plan.Item], _ recommendations: [Plan.Recommendation]) -> Plan.Coaching? {
        let conditions = program.styles[partIndex]
        guard conditions.contains(where: { $0 >= 0 }), !recommendations.isEmpty,
              !items.allSatisfy({ $0.id == "G-00" }) else { return nil }
        func holds(_ c: Int32) -> Bool { c >= 0 && program.holds(Int(c), session, .none) }
        let (skillLow, skillHigh, willLow, willHigh) = (holds(conditions[0]), holds(conditions[1]), holds(conditions[2]), holds(conditions[3]))
        let who = variable("subject") ?? (part.subject == .team ? "the team" : "the rep")
        let skillKnown = skillLow != skillHigh, willKnown = willLow != willHigh
        guard skillKnown && willKnown else {
            let unknown = [skillKnown ? nil : "skill", willKnown ? nil : "willingness"].compactMap { $0 }.joined(separator: " and ")
            return Plan.Coaching(style: .verifyFirst,
                                 reason: "Your answers leave \(who)'s \(unknown) unclear. Watch them at work and ask before "
                                     + "choosing how closely to coach; until then, agree each step and check it together.")
        }
        let families = Set(recommendations.map(\.id))
        if families.contains(Self.peopleDecisionFamily) {
            return Plan.Coaching(style: .verifyFirst,
                                 reason: "A decision about \(who)'s role is part of this plan; choose how to coach once it is made.")
        }
        let style: Plan.Style
        switch (skillLow, willLow) {
        case (true, true): style = .direct
        case (true, false): style = .guide
        case (false, true): style = .excite
        case (false, false): style = .delegate
        }
        let contradiction: String? = switch style {
        case .delegate where families.contains(Self.inspectionFamily) || families.contains(Self.skillFamily):
            "Your answers say \(who) is skilled and willing, yet the plan inspects the work closely or builds skill: check "
                + "which is true before stepping back."
        case .excite where families.contains(Self.skillFamily):
            "Your answers say \(who) has the skill, yet the plan builds skill: check which is true before choosing a style."
        case .guide where families.contains(Self.willFamily):
            "Your answers say \(who) is willing, yet the plan works on will: check which is true before choosing a style."
        default: nil
        }
        if let contradiction { return Plan.Coaching(style: .verifyFirst, reason: contradiction) }
        let reason = switch style {
        case .direct: "Low skill and low will in your answers: give clear instructions, show how, and check often."
        case .guide: "Low skill but willing, in your answers: teach and support while \(who) learns, and praise progress."
        case .excite: "Skilled but low on will, in your answers: find what motivates \(who) and reconnect it to the goal."
        case .delegate: "Skilled and willing, in your answers: agree the outcome and step back, checking results, not steps."
        case .verifyFirst: ""
        }
        return Plan.Coaching(style: style, reason: reason)
    }

    /// The families whose actions a style must not contradict.
    static let inspectionFamily = "feedback-inspection"
    static let skillFamily = "skill-building"
    static let willFamily = "will-reluctance"
    static let peopleDecisionFamily = "people-decision"

    func followUps(_ recommendations: [Plan.Recommendation], decisions: [Plan.Decision], results: Day, subject: String?,
                   horizon: (days: Int, tooSoon: Int?)) -> [Plan.FollowUp] {
        var out: [Plan.FollowUp] = []
        // The quick fixes' count and latest due day, and the projects' latest, read in place (a flattened copy of
        // the actions retained every string of each).
        var quickCount = 0
        var lastQuick: Day?, lastProject: Day?
        for r in recommendations.indices {
            for k in recommendations[r].actions.indices {
                let due = recommendations[r].actions[k].due
                if recommendations[r].actions[k].fix == .quick {
                    quickCount += 1
                    lastQuick = lastQuick.map { max($0, due) } ?? due
                } else {
                    lastProject = lastProject.map { max($0, due) } ?? due
                }
            }
        }
        let settings = taxonomy.settings
        let lastDay = results.adding(days: -1)
        func at(_ d: Day) -> Day { min(d, lastDay) }
        for d in decisions where d.chosen == nil {
            out.append(.init(date: d.due ?? at(day.adding(days: 7)), what: "Decide: \(d.title.lowercasedFirst)."))
        }
        if let last = lastQuick {
            out.append(.init(date: at(max(last, day.adding(days: settings.quickFixDays))),
                             what: "Check the \(quickCount == 1 ? "quick fix is" : "\(quickCount) quick fixes are") done."))
        }
        if !session.verifications.isEmpty {
            out.append(.init(date: at(day.adding(days: settings.quickFixDays)),
                             what: "Bring the evidence for the \(session.verifications.count == 1 ? "unconfirmed answer" : "\(session.verifications.count) unconfirmed answers")."))
        }
        if let last = lastProject {
            out.append(.init(date: at(max(last, day.adding(days: settings.milestoneDays))),
                             what: "Review the first milestone of each on-going project."))
        }
        let who = subject.map { " for \($0)" } ?? ""
        out.append(.init(date: results, what: "Results: re-measure and run this diagnosis again\(who) to compare."))
        return out.sorted { $0.date < $1.date }
    }
}

extension String {
    /// The text with its first letter in lower case, unless the first word is an acronym or a name-like "I".
    var lowercasedFirst: String {
        guard let first = first, first.isUppercase else { return self }
        let word = prefix { $0 != " " && $0 != "-" }
        if word.count > 1 && word.dropFirst().contains(where: \.isUppercase) { return self }
        if word == "I" { return self }
        return first.lowercased() + dropFirst()
    }
}
