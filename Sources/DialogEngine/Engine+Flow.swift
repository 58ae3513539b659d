import DialogModel

/// Moving through the dialog: accepting answers, applying branches, following routes, folding answers.
extension Engine {
    func answer(_ s: inout Session, typed: String, parsed: (AnswerType) -> AnswerParser.Result, day: Day,
                _ out: inout [Output]) {
        guard case .asking(let node, let position) = s.phase, let q = dialog.nodes[node].question else {
            out.append(.refused(.notAsking))
            return
        }
        switch parsed(q.answer) {
        case .value(let value):
            accept(&s, node: node, position: position, q, value: value, typed: typed, fellBack: false, day: day, &out)
        case .rejected(let reason):
            s.attempts += 1
            if s.attempts >= q.retries {
                out.append(.fellBack(node: dialog.nodes[node].id, value: q.fallback))
                accept(&s, node: node, position: position, q, value: q.fallback, typed: typed, fellBack: true, day: day, &out)
            } else {
                out.append(.rejected(Rejection(node: dialog.nodes[node].id, typed: typed, reason: reason,
                                               attemptsLeft: q.retries - s.attempts)))
                out.append(.ask(prompt(s)))
            }
        }
    }

    /// Records an answer at the current question (`node`, item `position`) and moves on.
    func accept(_ s: inout Session, node: Int, position: Int, _ q: Question, value: Value, typed: String, fellBack: Bool,
                day: Day, _ out: inout [Output]) {
        var effective = value
        if fellBack {
            let text = "Settle \"\(q.label)\": no usable answer was given; gather evidence before the follow-up date."
            addVerification(&s, Verification(id: "V-" + dialog.nodes[node].id, text: text), &out)
        }
        if case .choice(AnswerType.unsure) = value, q.answer.kind == .yesNo, let substitute = q.unsureAs {
            effective = .choice(substitute)
            if !fellBack {
                let text = "\(q.label): the answer was \"unsure\"; gather evidence before the follow-up date."
                addVerification(&s, Verification(id: "V-" + dialog.nodes[node].id, text: text), &out)
            }
        }
        if let v = q.store {
            s.variables[v] = value == .none ? nil : Describe.value(value, q.answer)
        }
        let item = q.forEach == nil ? -1 : s.items[position]
        s.answers.append(Answer(node: node, item: item, typed: typed, value: value, fellBack: fellBack))
        s.attempts = 0
        var target: Int?
        let eval = Evaluation(dialog: dialog, answer: effective, item: item < 0 ? nil : item, itemSource: q.forEach)
        if let b = q.branches.firstIndex(where: { eval.holds($0.condition, s) }) {
            s.answers[s.answers.count - 1].branch = b
            apply(q.branches[b].effects, at: node, to: &s, answer: effective, &out)
            target = q.branches[b].target
        }
        if q.forEach != nil, position + 1 < s.items.count {
            s.phase = .asking(node: node, position: position + 1)
            out.append(.ask(prompt(s, node: node, dialog.nodes[node], q, position: position + 1)))
            return
        }
        if target == nil, let next = q.next {
            let r = route(next, s, eval)
            s.answers[s.answers.count - 1].route = r
            target = next.rules[r].target
        }
        guard let target else { preconditionFailure("no route out of \(dialog.nodes[node].id); the compiler checks this") }
        advance(&s, to: target, day: day, &out)
    }

    /// Follows say and decide nodes from `target` until a question waits or an end is reached.
    func advance(_ s: inout Session, to target: Int, day: Day, _ out: inout [Output]) {
        var node = target
        let plain = Evaluation(dialog: dialog, answer: .none, item: nil, itemSource: nil)
        for _ in 0...dialog.nodes.count {
            let n = dialog.nodes[node]
            switch n.kind {
            case .question(let q):
                if let src = q.forEach {
                    s.items = itemsChosen(at: src, in: s)
                    if s.items.isEmpty, let next = q.next {
                        let r = route(next, s, plain)
                        s.passed.append(Passage(node: node, rule: r))
                        node = next.rules[r].target
                        continue
                    }
                } else if !s.items.isEmpty {
                    s.items = []
                }
                s.phase = .asking(node: node, position: 0)
                s.attempts = 0
                out.append(.ask(prompt(s, node: node, n, q, position: 0)))
                return
            case .say(let text, let next):
                out.append(.say(plain.render(text, s)))
                let r = route(next, s, plain)
                s.passed.append(Passage(node: node, rule: r))
                node = next.rules[r].target
            case .decide(let rules):
                guard let r = rules.firstIndex(where: { plain.holds($0.condition, s) }), let to = rules[r].target else {
                    preconditionFailure("decide node \(dialog.nodes[node].id) has no matching rule")
                }
                s.passed.append(Passage(node: node, rule: r))
                apply(rules[r].effects, at: node, to: &s, answer: .none, &out)
                node = to
            case .end(let text):
                if let text { out.append(.say(plain.render(text, s))) }
                s.phase = .finished
                s.items = []
                s.passed.append(Passage(node: node, rule: -1))
                s.completion = Completion(part: n.part, day: day)
                out.append(.finished(Diagnosis(dialog: dialog, session: s)))
                return
            }
        }
        preconditionFailure("a loop of say and decide nodes; the compiler checks this")
    }

    func route(_ next: Route, _ s: Session, _ eval: Evaluation) -> Int {
        if next.rules.count == 1 { return 0 }
        guard let r = next.rules.firstIndex(where: { eval.holds($0.condition, s) }) else {
            preconditionFailure("a route with no matching rule; the compiler checks this")
        }
        return r
    }

    func itemsChosen(at source: Int, in s: Session) -> [Int] {
        guard let q = dialog.nodes[source].question else { return [] }
        for a in s.answers.reversed() where a.node == source {
            if case .choices(let set) = a.value { return set.filter { !q.answer.choices[$0].exclusive } }
            return []
        }
        return []
    }

    func apply(_ effects: [Effect], at node: Int, to s: inout Session, answer: Value, _ out: inout [Output]) {
        for effect in effects {
            switch effect {
            case .finding(let f):
                if !s.findings.contains(f) {
                    s.findings.insert(f)
                    out.append(.recorded(.finding(f)))
                }
            case .setFlag(let f, let v):
                s.flags[f] = v
                out.append(.recorded(.flag(dialog.flags[f].name, dialog.flags[f].describe(v) ?? "false")))
            case .setVariable(let v, let t):
                let text = evaluation(s, answer: answer).render(t, s)
                s.variables[v] = text
                out.append(.recorded(.variable(dialog.variables[v].name, text)))
            case .note(let n):
                if !s.notes.contains(n) {
                    s.notes.append(n)
                    out.append(.recorded(.note(n)))
                }
            case .verify(let t):
                let text = evaluation(s, answer: answer).render(t, s)
                addVerification(&s, Verification(id: "V-" + dialog.nodes[node].id, text: text), &out)
            case .example(let t):
                let text = evaluation(s, answer: answer).render(t, s)
                if !s.examples.contains(text) {
                    s.examples.append(text)
                    out.append(.recorded(.example(text)))
                }
            }
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
            case .finished: out.append(.finished(Diagnosis(dialog: dialog, session: s)))
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
            let item = dialog.nodes[node].question?.forEach == nil ? -1 : s.items[position]
            guard let i = pool.firstIndex(where: { $0.node == node && $0.item == item }) else { break }
            let a = pool.remove(at: i)
            scratch.removeAll(keepingCapacity: true)
            accept(&s, node: node, position: position, dialog.nodes[node].question!, value: a.value, typed: a.typed,
                   fellBack: a.fellBack, day: day, &scratch)
        }
        return pool
    }
}
