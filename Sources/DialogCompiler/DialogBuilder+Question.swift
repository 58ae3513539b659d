import DialogModel

extension DialogBuilder {
    func resolveQuestion(_ i: Int, _ f: FlatNode, _ q: QuestionDecl) -> Question {
        let type = answerType(q.answer, nodeID: f.id, problem: parts[f.part].problem?.value)
        let current = (i, type)
        var forEach: Int?
        if let src = q.forEach, let s = resolveTarget(src, f.scope) {
            if case .question(let sq) = flat[s].decl.kind, sq.answer.kind == .multi {
                forEach = s
            } else {
                sink.report(.forEachNotMulti, src.location, flat[s].id)
            }
        }
        let store = q.store.flatMap { variableIndex[$0.value] }
        let branches: [Branch] = q.branches.map { r in
            let target = ruleTarget(r, f.scope)
            if q.forEach != nil && (r.goto != nil || r.run != nil) {
                sink.report(.forEachBranchGoto, r.location)
            }
            let question = Question(prompt: Template(""), label: "", answer: type)
            return Branch(condition: r.when.flatMap { when($0, scope: f.scope, question: current) } ?? .always,
                          effects: effects(r.effects, f, node: i, question: question),
                          target: q.forEach != nil ? nil : target, when: r.when?.text, location: r.location)
        }
        let next = route(q.next, f, question: current)
        if next == nil && q.next == nil && (branches.isEmpty || branches.contains { $0.target == nil }) {
            sink.report(.questionWithoutRoute, f.decl.id.location, f.id)
        }
        let prompt = template(q.ask, scope: f.scope, node: i, question: nil, forEach: q.forEach != nil) ?? Template(q.ask.value)
        let why = q.why.flatMap { template($0, scope: f.scope, node: i, question: nil, forEach: q.forEach != nil) }
        let help = q.help.flatMap { template($0, scope: f.scope, node: i, question: nil, forEach: q.forEach != nil) }
        let unsureAs = type.kind == .yesNo ? inferUnsure(q, f, branches) : nil
        let fallback = fallbackValue(q, type)
        if fallback == .none, next == nil, !branches.contains(where: { $0.condition == .always && $0.target != nil }) {
            sink.report(.noFallbackRoute, f.decl.id.location, f.id, hint: "add 'fallback: <answer>', 'next', or an 'else' branch with 'goto'")
        }
        checkCoverage(f, type, branches: branches, next: next, unsureAs: unsureAs)
        var given: Given?
        if let g = q.given {
            given = Given(rawValue: g.value)
            let kinds: [Given: ([AnswerType.Kind], String)] = [.subject: ([.text], "text"), .actions: ([.multi], "multi"), .measure: ([.number], "number"), .restart: ([.choice], "choice")]
            if let given, let (allowed, name) = kinds[given], !allowed.contains(type.kind) {
                sink.report(.givenType, g.location, g.value, name, f.id)
            } else if given == nil {
                sink.report(.invalidGiven, g.location, g.value)
            }
        }
        return Question(prompt: prompt, label: q.label ?? shortLabel(q.ask.value), why: why, help: help, source: q.source,
                        answer: type, forEach: forEach, store: store, branches: branches, next: next, unsureAs: unsureAs,
                        fallback: fallback, retries: q.retries ?? root.retries, given: given)
    }

    func shortLabel(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }

    func answerType(_ a: AnswerDecl, nodeID: String, problem: String?) -> AnswerType {
        switch a.kind {
        case .yesNo:
            return .yesNo
        case .choice, .multi:
            if a.recommendations != nil { return recommendationType(a, nodeID: nodeID, problem: problem) }
            var seen: [String: SourceLocation] = [:]
            var choices: [Choice] = []
            var decls: [ChoiceDecl] = []
            for c in a.choices {
                if let first = seen[c.id.value] {
                    sink.report(.duplicateChoiceID, c.id.location, c.id.value, nodeID, hint: "first defined at \(first)")
                    continue
                }
                seen[c.id.value] = c.id.location
                choices.append(Choice(id: c.id.value, label: c.label, aliases: c.aliases.map(\.value), detail: c.detail, exclusive: c.exclusive))
                decls.append(c)
            }
            if choices.isEmpty { sink.report(.noChoices, a.location, nodeID) }
            if choices.count > 64 { sink.report(.tooManyChoices, a.location, nodeID) }
            return AnswerType(kind: a.kind, choices: choices, lookup: lookup(choices, decls: decls), optional: a.optional)
        case .scale:
            let spec = a.number ?? NumberSpec(min: 1, max: 5)
            return AnswerType(kind: .scale, scale: Scale(min: Int(spec.min ?? 1), max: Int(spec.max ?? 5), anchors: a.anchors.map(\.value)))
        case .number:
            return AnswerType(kind: .number, number: a.number ?? NumberSpec(), optional: a.optional)
        case .text:
            return AnswerType(kind: .text, text: a.text ?? TextSpec())
        }
    }

    /// A choice or multi with one choice per taxonomy finding that has a recommendation for `problem`, in taxonomy
    /// (plan) order: the finding's id, its recommendation as the label and its first step as the detail, chosen as
    /// the plan builder chooses them (a problem's own text, else the default; the first step else the family's).
    func recommendationType(_ a: AnswerDecl, nodeID: String, problem: String?) -> AnswerType {
        var choices: [Choice] = []
        for f in taxonomy.findings {
            guard let label = f.recommendations.value(for: problem) else { continue }
            let step = f.firstSteps?.value(for: problem) ?? taxonomy.families[f.family].firstStep?.value.value(for: problem)
            choices.append(Choice(id: f.id, label: label, detail: step))
        }
        if choices.isEmpty { sink.report(.noChoices, a.location, nodeID) }
        if choices.count > 64 {
            sink.report(.tooManyRecommendations, a.location, nodeID, choices.count, problem.map { "problem " + $0 } ?? "no problem")
            choices = Array(choices.prefix(64))
        }
        return AnswerType(kind: a.kind, choices: choices, lookup: lookup(choices, decls: nil), optional: a.optional)
    }

    /// Normalized id, label and aliases -> choice; two choices claiming one word is DC0028.
    func lookup(_ choices: [Choice], decls: [ChoiceDecl]?) -> [String: Int] {
        var table: [String: Int] = [:]
        for (i, c) in choices.enumerated() {
            let words: [(String, SourceLocation?)] = [(c.id, decls?[i].id.location), (c.label, decls?[i].id.location)]
                + c.aliases.enumerated().map { ($1, decls?[i].aliases[$0].location) }
            for (word, loc) in words {
                let key = AnswerKey.normalize(word)
                if let other = table[key], other != i {
                    if let loc {
                        sink.report(.ambiguousChoiceWord, loc, word, choices[other].id, c.id)
                    }
                    continue
                }
                table[key] = i
            }
        }
        return table
    }

    func fallbackValue(_ q: QuestionDecl, _ type: AnswerType) -> Value {
        guard let f = q.fallback else {
            switch type.kind {
            case .yesNo: return .choice(AnswerType.unsure)
            case .scale: return .number(Double(type.scale?.middle ?? 3))
            default: return .none
            }
        }
        switch type.kind {
        case .yesNo, .choice:
            if let i = type.lookup[AnswerKey.normalize(f.value)] { return .choice(i) }
        case .multi:
            let ids = f.value.split(separator: ",").map { AnswerKey.normalize(String($0)) }
            let found = ids.compactMap { type.lookup[$0] }
            if found.count == ids.count, !found.isEmpty { return .choices(ChoiceSet(found)) }
        case .scale, .number:
            if let x = Double(f.value) { return .number(x) }
        case .text:
            return .text(f.value)
        }
        sink.report(.invalidFallback, f.location, f.value, hint: Suggest.didYouMean(f.value, among: type.choices.map(\.id)))
        return .none
    }

    /// Rule R1: "unsure" continues as whichever of yes/no records no finding.
    func inferUnsure(_ q: QuestionDecl, _ f: FlatNode, _ branches: [Branch]) -> Int? {
        let unsure = ChoiceSet([AnswerType.unsure])
        if branches.contains(where: { Coverage.mentions($0.condition, unsure) }) { return nil }
        if let u = q.unsure {
            switch u.value {
            case "yes": return AnswerType.yes
            case "no": return AnswerType.no
            default:
                sink.report(.invalidUnsure, u.location)
                return AnswerType.no
            }
        }
        func records(_ choice: Int) -> Bool {
            branches.contains { b in
                AnswerSpace.choices(3).sets(b.condition).over & (1 << UInt64(choice)) != 0
                    && b.effects.contains {
                        switch $0 {
                        case .finding, .findingOfItem: return true
                        default: return false
                        }
                    }
            }
        }
        switch (records(AnswerType.yes), records(AnswerType.no)) {
        case (true, false): return AnswerType.no
        case (false, true): return AnswerType.yes
        default:
            sink.report(records(0) ? .unsureBothRecord : .unsureNeitherRecords, f.decl.id.location, f.id,
                        hint: "add 'unsure: yes' or 'unsure: no'")
            return AnswerType.no
        }
    }
}
