import DialogModel

/// What a name in a condition refers to.
private enum Referent {
    case answer(AnswerType)
    case node(Int, AnswerType)
    case flag(Int)
    case variable(Int)
    case setting(Double)
    case choice(Int)
}

extension DialogBuilder {
    func when(_ w: WhenDecl, scope: Scope, question: (Int, AnswerType)?) -> Condition? {
        switch w {
        case .expression(let text):
            return condition(text, scope: scope, question: question)
        case .choices(let ids):
            guard let (_, type) = question, type.hasChoices else {
                if let first = ids.first { sink.report(.choiceListWithoutChoices, first.location) }
                return nil
            }
            var set = ChoiceSet()
            for id in ids {
                guard let i = type.choices.firstIndex(where: { $0.id == id.value }) else {
                    sink.report(.undefinedChoice, id.location, id.value, hint: Suggest.didYouMean(id.value, among: type.choices.map(\.id)) ?? Suggest.oneOf(type.choices.map(\.id)))
                    return nil
                }
                set.insert(i)
            }
            return .choice(.answer, set)
        }
    }

    func condition(_ text: Located<String>, scope: Scope, question: (Int, AnswerType)?) -> Condition? {
        switch ConditionParser.parse(text.value) {
        case .failure(let e):
            sink.report(.conditionSyntax, text.location.offset(e.offset), text.value, e.message)
            return nil
        case .success(let expr):
            return resolve(expr, text.location, scope, question)
        }
    }

    private func resolve(_ e: Expr, _ at: SourceLocation, _ scope: Scope, _ question: (Int, AnswerType)?) -> Condition? {
        switch e {
        case .and(let a, let b):
            guard let x = resolve(a, at, scope, question), let y = resolve(b, at, scope, question) else { return nil }
            return .all([x, y])
        case .or(let a, let b):
            guard let x = resolve(a, at, scope, question), let y = resolve(b, at, scope, question) else { return nil }
            return .any([x, y])
        case .not(let a, _):
            return resolve(a, at, scope, question).map(Condition.not)
        case .call(let fn, let arg, let o):
            guard fn == "found" else {
                sink.report(.unknownFunction, at.offset(o), fn)
                return nil
            }
            return found(arg, at.offset(o + fn.count + 1))
        case .number(_, let o), .list(_, let o):
            sink.report(.valueAloneIsNoCondition, at.offset(o))
            return nil
        case .name(let name, let o):
            guard let r = referent(name, at.offset(o), scope, question) else { return nil }
            switch r {
            case .answer: return .isSet(.answer)
            case .node(let n, _): return .isSet(.node(n))
            case .flag(let f): return .flag(f, flags[f].values.map { (0..<$0.count).map(Int16.init) } ?? [1])
            case .variable(let v): return .isSet(.variable(v))
            case .choice(let c): return .choice(.answer, ChoiceSet([c]))
            case .setting:
                sink.report(.settingAloneIsNoCondition, at.offset(o), name)
                return nil
            }
        case .compare(let lhs, let op, let rhs, let o):
            guard case .name(let name, let lo) = lhs else {
                sink.report(.leftSideNotComparable, at.offset(lhs.offset), op)
                return nil
            }
            guard let r = referent(name, at.offset(lo), scope, question, preferChoice: false) else { return nil }
            return compare(r, name, op, rhs, at, o, scope, question)
        }
    }

    private func compare(_ r: Referent, _ name: String, _ op: String, _ rhs: Expr, _ at: SourceLocation, _ o: Int,
                         _ scope: Scope, _ question: (Int, AnswerType)?) -> Condition? {
        let subject: Condition.Subject
        let type: AnswerType
        switch r {
        case .answer(let t): subject = .answer; type = t
        case .node(let n, let t): subject = .node(n); type = t
        case .flag(let f): return compareFlag(f, op, rhs, at, o)
        case .variable, .setting, .choice:
            sink.report(.notComparable, at.offset(o), name, op)
            return nil
        }
        if type.hasChoices {
            guard ["==", "!=", "in"].contains(op) else {
                sink.report(.numericComparisonOfChoices, at.offset(o), op, name)
                return nil
            }
            guard let set = choiceValues(rhs, type, at, name) else { return nil }
            return op == "!=" ? .not(.choice(subject, set)) : .choice(subject, set)
        }
        guard type.kind == .number || type.kind == .scale else {
            sink.report(.freeTextComparison, at.offset(o), name)
            return nil
        }
        guard let cmp = Comparison(rawValue: op) else {
            sink.report(.operatorNotForNumbers, at.offset(o), op)
            return nil
        }
        switch rhs {
        case .number(let x, _): return .compare(subject, cmp, x)
        case .name(let s, let so):
            if let x = taxonomy.settings[s] { return .compare(subject, cmp, x) }
            if s == "answer" {
                guard let (_, other) = question else {
                    sink.report(.answerOutsideQuestion, at.offset(so))
                    return nil
                }
                guard other.kind == .number || other.kind == .scale else {
                    sink.report(.nodeComparedWithNonNumber, at.offset(so), name, s)
                    return nil
                }
                return .compareNodes(subject, cmp, .answer)
            }
            if let n = index[scope.qualify(s)] { return compareNodes(subject, name, cmp, n, s, at.offset(so)) }
            sink.report(.undefinedSetting, at.offset(so), s, hint: Suggest.didYouMean(s, among: taxonomy.settings.keys))
            return nil
        default:
            sink.report(.numberComparedWithNonNumber, at.offset(rhs.offset), name)
            return nil
        }
    }

    /// `answer < FU.before`: a number compared with the latest answer of question `n`, which must be a number or scale.
    private func compareNodes(_ subject: Condition.Subject, _ name: String, _ cmp: Comparison, _ n: Int, _ other: String,
                              _ loc: SourceLocation) -> Condition? {
        guard case .question(let q) = flat[n].decl.kind else {
            sink.report(.answerOfNonQuestion, loc, other)
            return nil
        }
        guard q.answer.kind == .number || q.answer.kind == .scale else {
            sink.report(.nodeComparedWithNonNumber, loc, name, other)
            return nil
        }
        return .compareNodes(subject, cmp, .node(n))
    }

    private func choiceValues(_ rhs: Expr, _ type: AnswerType, _ at: SourceLocation, _ name: String) -> ChoiceSet? {
        let items: [(String, Int)]
        switch rhs {
        case .name(let s, let so): items = [(s, so)]
        case .list(let l, _): items = l
        case .number(let x, let so): items = [(Describe.n(x), so)]
        default:
            sink.report(.choiceComparedWithNonChoice, at.offset(rhs.offset), name)
            return nil
        }
        var set = ChoiceSet()
        for (id, so) in items {
            guard let i = type.choices.firstIndex(where: { $0.id == id }) else {
                sink.report(.undefinedChoiceOf, at.offset(so), id, name, hint: Suggest.didYouMean(id, among: type.choices.map(\.id)) ?? Suggest.oneOf(type.choices.map(\.id)))
                return nil
            }
            set.insert(i)
        }
        return set
    }

    private func compareFlag(_ f: Int, _ op: String, _ rhs: Expr, _ at: SourceLocation, _ o: Int) -> Condition? {
        let flag = flags[f]
        guard ["==", "!=", "in"].contains(op) else {
            sink.report(.flagOperator, at.offset(o), flag.name, op)
            return nil
        }
        var names: [(String, Int)] = []
        switch rhs {
        case .name(let s, let so): names = [(s, so)]
        case .list(let l, _): names = l
        default:
            sink.report(.flagComparedWithNonValue, at.offset(rhs.offset), flag.name)
            return nil
        }
        let values = flag.values ?? ["false", "true"]
        var raw: [Int16] = []
        for (n, so) in names {
            guard let v = values.firstIndex(of: n) else {
                sink.report(.notAFlagValue, at.offset(so), n, flag.name, values.joined(separator: ", "), hint: Suggest.didYouMean(n, among: values))
                return nil
            }
            raw.append(Int16(v))
        }
        let c = Condition.flag(f, raw)
        return op == "!=" ? .not(c) : c
    }

    private func found(_ pattern: String, _ loc: SourceLocation) -> Condition? {
        var set = FindingSet()
        if pattern.hasSuffix("*") {
            let prefix = String(pattern.dropLast())
            for (i, f) in taxonomy.findings.enumerated() where f.id.hasPrefix(prefix) || f.cell.hasPrefix(prefix) { set.insert(i) }
            if set.isEmpty { sink.report(.findingPatternMatchesNothing, loc, pattern) }
        } else if let i = taxonomy.findingIndex[pattern] {
            set.insert(i)
        } else {
            sink.report(.undefinedFinding, loc, pattern, hint: Suggest.didYouMean(pattern, among: taxonomy.findingIndex.keys))
            return nil
        }
        return .found(set)
    }

    private func referent(_ name: String, _ loc: SourceLocation, _ scope: Scope, _ question: (Int, AnswerType)?,
                          preferChoice: Bool = true) -> Referent? {
        if name == "answer" {
            guard let (_, type) = question else {
                sink.report(.answerOutsideQuestion, loc)
                return nil
            }
            return .answer(type)
        }
        if preferChoice, let (_, type) = question, type.hasChoices, let c = type.choices.firstIndex(where: { $0.id == name }) {
            return .choice(c)
        }
        if let f = flagIndex[name] { return .flag(f) }
        if let v = variableIndex[name] { return .variable(v) }
        if let n = index[scope.qualify(name)] {
            guard case .question(let q) = flat[n].decl.kind else {
                sink.report(.answerOfNonQuestion, loc, name)
                return nil
            }
            return .node(n, answerType(q.answer, nodeID: name, problem: parts[flat[n].part].problem?.value, quiet: true))
        }
        if let x = taxonomy.settings[name] { return .setting(x) }
        if name.contains(".") || name.first?.isUppercase == true {
            sink.report(.undefinedNode, loc, name, hint: Suggest.didYouMean(name, among: index.keys))
            return nil
        }
        var names = Array(flagIndex.keys) + Array(variableIndex.keys) + Array(taxonomy.settings.keys) + ["answer"]
        if let (_, type) = question { names += type.choices.map(\.id) }
        let descriptor: DiagnosticDescriptor = question?.1.hasChoices == true ? .undefinedChoiceFlagOrVariable : .undefinedFlagOrVariable
        sink.report(descriptor, loc, name, hint: Suggest.didYouMean(name, among: names))
        return nil
    }

    /// The answer type of another node, without reporting its problems again (they are reported at that node).
    func answerType(_ a: AnswerDecl, nodeID: String, problem: String?, quiet: Bool) -> AnswerType {
        if let cached = quietTypes[nodeID] { return cached }
        let saved = DiagnosticSink()
        let type = DialogBuilder(root: root, library: library, taxonomy: taxonomy, sink: saved)
            .answerType(a, nodeID: nodeID, problem: problem)
        quietTypes[nodeID] = type
        return type
    }
}
