import DialogModel

/// Moving through the dialog: accepting answers, applying branches, following routes, folding answers.
extension Engine {
    func answer(_ s: inout Session, typed: String, parsed: (AnswerType) -> AnswerParser.Result, day: Day,
                _ out: inout [Output]) {
        guard case .asking(let node, let position) = s.phase, let reference = program.answerTypes[node] else {
            out.append(.refused(.notAsking))
            return
        }
        switch parsed(reference.type) {
        case .value(let value):
            accept(&s, node: node, position: position, value: value, typed: typed, fellBack: false, day: day, &out)
        case .rejected(let reason):
            s.attempts += 1
            let retries = Int(program.nodes[node].retries)
            if s.attempts >= retries {
                let fallback = dialog.nodes[node].question!.fallback
                out.append(.fellBack(node: dialog.nodes[node].id, value: fallback))
                accept(&s, node: node, position: position, value: fallback, typed: typed, fellBack: true, day: day, &out)
            } else {
                out.append(.rejected(Rejection(node: dialog.nodes[node].id, typed: typed, reason: reason,
                                               attemptsLeft: retries - s.attempts)))
                out.append(.ask(prompt(s, node: node, position: position)))
            }
        }
    }

    /// Records an answer at the current question (`node`, item `position`) and moves on.
    func accept(_ s: inout Session, node: Int, position: Int, value: Value, typed: String, fellBack: Bool, day: Day,
                _ out: inout [Output]) {
        let p = program.node(node)
        var effective = value
        if fellBack {
            let label = dialog.nodes[node].question!.label
            let text = "Settle \"\(label)\": no usable answer was given; gather evidence before the follow-up date."
            addVerification(&s, Verification(id: "V-" + dialog.nodes[node].id, text: text), &out)
        }
        if p.pointee.unsureAs >= 0, case .choice(AnswerType.unsure) = value {
            effective = .choice(Int(p.pointee.unsureAs))
            if !fellBack {
                let label = dialog.nodes[node].question!.label
                let text = "\(label): the answer was \"unsure\"; gather evidence before the follow-up date."
                addVerification(&s, Verification(id: "V-" + dialog.nodes[node].id, text: text), &out)
            }
        }
        if p.pointee.store >= 0 {
            s.variables[Int(p.pointee.store)] = value == .none ? nil : Describe.value(value, dialog.nodes[node].question!.answer)
        }
        let item: Int? = p.pointee.forEach < 0 ? nil : s.items[position]
        s.answers.append(Answer(node: node, item: item, typed: typed, value: value, fellBack: fellBack))
        s.attempts = 0
        var target = -1
        var b = Int(p.pointee.branchStart)
        let end = b + Int(p.pointee.branchCount)
        while b < end {
            let branch = program.branches[b]
            if program.holds(Int(branch.condition), s, effective) {
                s.answers[s.answers.count - 1].branch = b - Int(p.pointee.branchStart)
                if branch.effectCount > 0 { apply(branch, at: node, to: &s, answer: effective, &out) }
                target = Int(branch.target)
                break
            }
            b += 1
        }
        if p.pointee.forEach >= 0, position + 1 < s.items.count {
            s.phase = .asking(node: node, position: position + 1)
            out.append(.ask(prompt(s, node: node, position: position + 1)))
            return
        }
        if target < 0, p.pointee.ruleCount > 0 {
            let r = route(p, s, effective)
            s.answers[s.answers.count - 1].route = r
            target = Int(program.rules[Int(p.pointee.ruleStart) + r].target)
        }
        precondition(target >= 0, "no route out of \(dialog.nodes[node].id); the compiler checks this")
        advance(&s, to: target, day: day, &out)
    }

    /// Follows say and decide nodes from `target` until a question waits or an end is reached.
    func advance(_ s: inout Session, to target: Int, day: Day, _ out: inout [Output]) {
        var node = target
        for _ in 0...program.nodes.count {
            let p = program.node(node)
            switch p.pointee.kind {
            case .question:
                if p.pointee.forEach >= 0 {
                    s.items = itemsChosen(at: Int(p.pointee.forEach), in: s)
                    if s.items.isEmpty, p.pointee.ruleCount > 0 {
                        let r = route(p, s, .none)
                        s.passed.append(Passage(node: node, rule: r))
                        node = Int(program.rules[Int(p.pointee.ruleStart) + r].target)
                        continue
                    }
                } else if !s.items.isEmpty {
                    s.items = []
                }
                s.phase = .asking(node: node, position: 0)
                s.attempts = 0
                out.append(.ask(prompt(s, node: node, position: 0)))
                return
            case .say:
                if case .say(let text, _) = dialog.nodes[node].kind { out.append(.say(plainEvaluation.render(text, s))) }
                let r = route(p, s, .none)
                s.passed.append(Passage(node: node, rule: r))
                node = Int(program.rules[Int(p.pointee.ruleStart) + r].target)
            case .decide:
                var b = Int(p.pointee.branchStart)
                let end = b + Int(p.pointee.branchCount)
                while b < end, !program.holds(Int(program.branches[b].condition), s, .none) { b += 1 }
                precondition(b < end && program.branches[b].target >= 0, "decide node \(dialog.nodes[node].id) has no matching rule")
                s.passed.append(Passage(node: node, rule: b - Int(p.pointee.branchStart)))
                let branch = program.branches[b]
                if branch.effectCount > 0 { apply(branch, at: node, to: &s, answer: .none, &out) }
                node = Int(branch.target)
            case .end:
                if case .end(let text?) = dialog.nodes[node].kind { out.append(.say(plainEvaluation.render(text, s))) }
                s.phase = .finished
                s.items = []
                s.passed.append(Passage(node: node, rule: nil))
                s.completion = Completion(part: Int(p.pointee.part), day: day)
                out.append(.finished(Diagnosis(dialog: dialog, program: program, session: s)))
                return
            }
        }
        preconditionFailure("a loop of say and decide nodes; the compiler checks this")
    }

    /// The index of the first route rule of the node that holds.
    func route(_ p: UnsafePointer<Program.Node>, _ s: Session, _ answer: Value) -> Int {
        if p.pointee.ruleCount == 1 { return 0 }
        let start = Int(p.pointee.ruleStart)
        for r in 0..<Int(p.pointee.ruleCount) where program.holds(Int(program.rules[start + r].condition), s, answer) { return r }
        preconditionFailure("a route with no matching rule; the compiler checks this")
    }

    var plainEvaluation: Evaluation { Evaluation(dialog: dialog, answer: .none, item: nil, itemSource: nil) }

    func itemsChosen(at source: Int, in s: Session) -> [Int] {
        guard let q = dialog.nodes[source].question else { return [] }
        for a in s.answers.reversed() where a.node == source {
            if case .choices(let set) = a.value { return set.filter { !q.answer.choices[$0].exclusive } }
            return []
        }
        return []
    }

    /// Applies a branch's effects: findings, flags and notes from the program; texts from the dialog.
    func apply(_ branch: Program.Branch, at node: Int, to s: inout Session, answer: Value, _ out: inout [Output]) {
        for e in Int(branch.effectStart)..<Int(branch.effectStart + branch.effectCount) {
            let effect = program.effects[e]
            switch effect.kind {
            case .finding:
                let f = Int(effect.a)
                if !s.findings.contains(f) {
                    s.findings.insert(f)
                    out.append(.recorded(.finding(f)))
                }
            case .flag:
                let f = Int(effect.a)
                s.flags[f] = effect.b
                out.append(.recorded(.flag(dialog.flags[f].name, dialog.flags[f].describe(effect.b) ?? "false")))
            case .note:
                let n = Int(effect.a)
                if !s.notes.contains(n) {
                    s.notes.append(n)
                    out.append(.recorded(.note(n)))
                }
            case .text:
                applyText(originalEffect(effect.source), at: node, to: &s, answer: answer, &out)
            case .itemFinding:
                guard effect.a >= 0, let item = s.currentItem else { continue }
                let f = Int(program.itemFindings[Int(effect.a) + item])
                if f >= 0, !s.findings.contains(f) {
                    s.findings.insert(f)
                    out.append(.recorded(.finding(f)))
                }
            }
        }
    }

    func originalEffect(_ source: (Int32, Int32, Int32)) -> Effect {
        let (n, b, k) = (Int(source.0), Int(source.1), Int(source.2))
        switch dialog.nodes[n].kind {
        case .question(let q): return q.branches[b].effects[k]
        case .decide(let rules): return rules[b].effects[k]
        default: preconditionFailure("effects belong to questions and decide nodes")
        }
    }

    /// The effects that write text: variables, verification tasks and examples.
    func applyText(_ effect: Effect, at node: Int, to s: inout Session, answer: Value, _ out: inout [Output]) {
        let eval = evaluation(s, answer: answer)
        switch effect {
        case .setVariable(let v, let t):
            let text = eval.render(t, s)
            s.variables[v] = text
            out.append(.recorded(.variable(dialog.variables[v].name, text)))
        case .verify(let t):
            addVerification(&s, Verification(id: "V-" + dialog.nodes[node].id, text: eval.render(t, s)), &out)
        case .example(let t):
            let text = eval.render(t, s)
            if !s.examples.contains(text) {
                s.examples.append(text)
                out.append(.recorded(.example(text)))
            }
        default:
            break
        }
    }

    func addVerification(_ s: inout Session, _ v: Verification, _ out: inout [Output]) {
        guard !s.verifications.contains(where: { $0.id == v.id }) else { return }
        s.verifications.append(v)
        out.append(.recorded(.verification(v)))
    }

    func goBack(_ s: inout Session, day: Day, _ out: inout [Output]) {
        guard let last = s.answers.last else {
            out.append(.refused(.nothingToUndo))
            if case .asking = s.phase { out.append(.ask(prompt(s))) }
            return
        }
        var answers = s.answers
        answers.removeLast()
        _ = rebuild(&s, answers: answers, day: day)
        out.append(.undone(node: dialog.nodes[last.node].id))
        if case .asking = s.phase { out.append(.ask(prompt(s))) }
    }

    func change(_ s: inout Session, node id: String, to text: String, day: Day, _ out: inout [Output]) {
        func refuse(_ r: Refusal) {
            out.append(.refused(r))
            if case .asking = s.phase { out.append(.ask(prompt(s))) }
        }
        guard let node = dialog.nodeIndex[id], let q = dialog.nodes[node].question else { return refuse(.unknownNode(id)) }
        guard q.forEach == nil else { return refuse(.perItem(id)) }
        guard let at = s.answers.firstIndex(where: { $0.node == node }) else { return refuse(.notAnswered(id)) }
        switch AnswerParser.parse(text, as: q.answer) {
        case .rejected(let reason):
            out.append(.rejected(Rejection(node: id, typed: text, reason: reason, attemptsLeft: q.retries)))
            if case .asking = s.phase { out.append(.ask(prompt(s))) }
        case .value(let value):
            var answers = s.answers
            answers[at] = Answer(node: node, typed: text, value: value)
            let dropped = rebuild(&s, answers: answers, day: day)
            out.append(.changed(node: id, dropped: dropped.map { dialog.nodes[$0.node].id }))
            switch s.phase {
            case .asking: out.append(.ask(prompt(s)))
            case .finished: out.append(.finished(Diagnosis(dialog: dialog, program: program, session: s)))
            case .left: break
            }
        }
    }

    /// Replays answers from the start; each is applied when its question comes up. Returns those never reached.
    func rebuild(_ s: inout Session, answers: [Answer], day: Day) -> [Answer] {
        s = Session(dialog: dialog)
        var scratch: [Output] = []
        advance(&s, to: dialog.start, day: day, &scratch)
        var pool = answers
        while case .asking(let node, let position) = s.phase {
            let item: Int? = dialog.nodes[node].question?.forEach == nil ? nil : s.items[position]
            guard let i = pool.firstIndex(where: { $0.node == node && $0.item == item }) else { break }
            let a = pool.remove(at: i)
            scratch.removeAll(keepingCapacity: true)
            accept(&s, node: node, position: position, value: a.value, typed: a.typed, fellBack: a.fellBack, day: day, &scratch)
        }
        return pool
    }
}
