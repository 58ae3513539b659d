import DialogModel

/// Something a placeholder needs set: a variable or a node's answer.
enum Fact: Hashable {
    case variable(Int)
    case node(Int)
}

extension DialogBuilder {
    func resolveTarget(_ name: Located<String>, _ scope: Scope) -> Int? {
        if name.value.hasPrefix("$") {
            let exit = String(name.value.dropFirst())
            guard let (bound, outer) = scope.exits[exit] else {
                if scope.declaredExits.contains(exit) { return nil } // reported at the include
                if scope.prefix == nil {
                    sink.report(.exitOutsideFragment, name.location, name.value)
                } else {
                    sink.report(.undeclaredExit, name.location, exit, hint: Suggest.didYouMean(exit, among: scope.declaredExits))
                }
                return nil
            }
            return resolveTarget(bound, outer)
        }
        let id = scope.qualify(name.value)
        if let i = index[id] { return i }
        let candidates = Array(index.keys) + scope.locals.map { $0 }
        sink.report(.undefinedNode, name.location, name.value, hint: Suggest.didYouMean(name.value, among: candidates))
        return nil
    }

    func resolveRun(_ name: Located<String>) -> Int? {
        guard let d = library.dialogs[name.value] else {
            sink.report(.undefinedDialog, name.location, name.value, hint: Suggest.didYouMean(name.value, among: library.dialogs.keys))
            return nil
        }
        return resolveTarget(d.start, Scope())
    }

    func ruleTarget(_ rule: RuleDecl, _ scope: Scope) -> Int? {
        if let g = rule.goto { return resolveTarget(g, scope) }
        if let r = rule.run { return resolveRun(r) }
        return nil
    }

    func resolveNode(_ i: Int, _ f: FlatNode) -> Node {
        let decl = f.decl
        let kind: Node.Kind
        switch decl.kind {
        case .question(let q):
            kind = .question(resolveQuestion(i, f, q))
        case .say(let text, let next):
            let t = template(text, scope: f.scope, node: i, question: nil)
            kind = .say(t ?? Template(text.value), route(next, f, question: nil) ?? Route(rules: []))
        case .decide(let rules):
            let branches = rules.map { r in
                Branch(condition: r.when.flatMap { when($0, scope: f.scope, question: nil) } ?? .always,
                       effects: effects(r.effects, f, node: i, question: nil), target: ruleTarget(r, f.scope), when: r.when?.text,
                       location: r.location)
            }
            for (r, b) in zip(rules, branches) where b.target == nil && r.goto == nil && r.run == nil {
                sink.report(.decideRuleWithoutRoute, r.location, f.id)
            }
            kind = .decide(branches)
        case .end(let text):
            kind = .end(text.flatMap { template($0, scope: f.scope, node: i, question: nil) })
        }
        return Node(id: f.id, part: f.part, step: decl.step, kind: kind, location: decl.id.location)
    }

    func route(_ next: NextDecl?, _ f: FlatNode, question: (Int, AnswerType)?) -> Route? {
        guard let next else { return nil }
        switch next {
        case .target(let t):
            return resolveTarget(t, f.scope).map(Route.to)
        case .rules(let rules, _):
            return Route(rules: rules.compactMap { r in
                guard let target = ruleTarget(r, f.scope) else { return nil }
                return Route.Rule(condition: r.when.flatMap { when($0, scope: f.scope, question: question) } ?? .always,
                                  target: target, when: r.when?.text, location: r.location)
            })
        }
    }

    func effects(_ decls: [EffectDecl], _ f: FlatNode, node: Int, question: Question?) -> [Effect] {
        decls.compactMap { e in
            switch e {
            case .finding(let id) where id.value == "item":
                guard itemsAreRecommendations(f) else {
                    sink.report(.findingOfItemWithoutRecommendations, id.location)
                    return nil
                }
                return .findingOfItem
            case .finding(let id):
                guard let i = taxonomy.findingIndex[id.value] else {
                    sink.report(.undefinedFinding, id.location, id.value, hint: Suggest.didYouMean(id.value, among: taxonomy.findingIndex.keys))
                    return nil
                }
                return .finding(i)
            case .note(let id):
                guard let i = taxonomy.noteIndex[id.value] else {
                    sink.report(.undefinedNote, id.location, id.value, hint: Suggest.didYouMean(id.value, among: taxonomy.noteIndex.keys))
                    return nil
                }
                return .note(i)
            case .verify(let t):
                return template(t, scope: f.scope, node: node, question: nil, afterAnswer: true).map(Effect.verify)
            case .example(let t):
                return template(t, scope: f.scope, node: node, question: nil, afterAnswer: true).map(Effect.example)
            case .set(let name, let value):
                if let fi = flagIndex[name.value] {
                    let flag = flags[fi]
                    if let values = flag.values {
                        guard let v = values.firstIndex(of: value.value) else {
                            sink.report(.notAFlagValue, value.location, value.value, flag.name, values.joined(separator: ", "), hint: Suggest.didYouMean(value.value, among: values))
                            return nil
                        }
                        return .setFlag(fi, Int16(v))
                    }
                    switch value.value {
                    case "true", "yes": return .setFlag(fi, 1)
                    case "false", "no": return .setFlag(fi, 0)
                    default:
                        sink.report(.booleanFlagValue, value.location, flag.name)
                        return nil
                    }
                }
                if let vi = variableIndex[name.value] {
                    return template(value, scope: f.scope, node: node, question: nil, afterAnswer: true).map { .setVariable(vi, $0) }
                }
                sink.report(.undefinedFlagOrVariable, name.location, name.value, hint: Suggest.didYouMean(name.value, among: flagIndex.keys.map { $0 } + variableIndex.keys))
                return nil
            }
        }
    }

    /// True when `f` is a `forEach` question whose multi takes its choices from the taxonomy's recommendations, so
    /// each item's choice id is a finding id (`finding: item`).
    func itemsAreRecommendations(_ f: FlatNode) -> Bool {
        func target(_ name: Located<String>, _ scope: Scope) -> Int? {
            guard name.value.hasPrefix("$") else { return index[scope.qualify(name.value)] }
            return scope.exits[String(name.value.dropFirst())].flatMap { target($0.0, $0.1) }
        }
        guard case .question(let q) = f.decl.kind, let src = q.forEach, let s = target(src, f.scope),
              case .question(let sq) = flat[s].decl.kind else { return false }
        return sq.answer.kind == .multi && sq.answer.recommendations != nil
    }

    /// Parses `{placeholder}`s and records their uses for the unset-value check.
    func template(_ text: Located<String>, scope: Scope, node: Int?, question: Question?, afterAnswer: Bool = false,
                  forEach: Bool = false) -> Template? {
        // Most texts have no braces: one literal part, no scanning by scalar.
        if !text.value.utf8.contains(0x7B) && !text.value.utf8.contains(0x7D) { return Template(text.value) }
        var parts: [Template.Part] = []
        var literal = ""
        let scalars = Array(text.value.unicodeScalars)
        var i = 0
        var ok = true
        func flush() {
            if !literal.isEmpty { parts.append(.text(literal)); literal = "" }
        }
        while i < scalars.count {
            let s = scalars[i]
            if s == "{" && i + 1 < scalars.count && scalars[i + 1] == "{" { literal.unicodeScalars.append("{"); i += 2; continue }
            if s == "}" && i + 1 < scalars.count && scalars[i + 1] == "}" { literal.unicodeScalars.append("}"); i += 2; continue }
            guard s == "{" else { literal.unicodeScalars.append(s); i += 1; continue }
            guard let close = scalars[(i + 1)...].firstIndex(of: "}") else {
                sink.report(.unclosedBrace, text.location.offset(i))
                return nil
            }
            let name = String(String.UnicodeScalarView(scalars[(i + 1)..<close])).trimmed(where: { $0 == " " })
            let loc = text.location.offset(i + 1)
            flush()
            if name == "item" || name == "item.detail" {
                if forEach { parts.append(name == "item" ? .item : .itemDetail) } else {
                    sink.report(.itemOutsideForEach, loc, name)
                    ok = false
                }
            } else if let v = variableIndex[name] {
                parts.append(.variable(v))
                if let node { uses.append((node, .variable(v), loc, name, afterAnswer)) }
            } else if let n = index[scope.qualify(name)] {
                parts.append(.answer(n))
                if let node { uses.append((node, .node(n), loc, name, afterAnswer)) }
                if flat[n].decl.kind.isQuestion == false {
                    sink.report(.placeholderOfNonQuestion, loc, name)
                    ok = false
                }
            } else if let x = taxonomy.settings[name] {
                literal += Describe.n(x)
            } else {
                let names = Array(variableIndex.keys) + Array(taxonomy.settings.keys) + (forEach ? ["item", "item.detail"] : [])
                sink.report(.undefinedName, loc, name, hint: Suggest.didYouMean(name, among: names))
                ok = false
            }
            i = close + 1
        }
        flush()
        return ok ? Template(parts: parts, source: text.value) : nil
    }

    func recordUses(_ t: Template?, at node: Int, location: SourceLocation, afterAnswer: Bool) {
        guard let t else { return }
        for p in t.parts {
            switch p {
            case .variable(let v): uses.append((node, .variable(v), location, variables[v].name, afterAnswer))
            case .answer(let n): uses.append((node, .node(n), location, flat[n].id, afterAnswer))
            default: break
            }
        }
    }
}

extension NodeDecl.Kind {
    var isQuestion: Bool {
        if case .question = self { return true }
        return false
    }
}

extension SourceLocation {
    func offset(_ scalars: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column + scalars) }
}
