import DialogModel

// The compiled dialog's values in the image: each type written field by field, in declaration order, and read back
// through its public initializer (which rebuilds what is derived: node index, word tables).

extension ImageWriter {
    mutating func dialog(_ d: Dialog) {
        string(d.id)
        string(d.title)
        int(d.version)
        array(d.parts) { $0.part($1) }
        array(d.nodes) { $0.node($1) }
        int(d.start)
        array(d.flags) { w, f in
            w.string(f.name)
            w.optional(f.values) { $0.strings($1) }
        }
        strings(d.variables.map(\.name))
        strings(d.sources)
    }

    mutating func part(_ p: Part) {
        string(p.id)
        string(p.title)
        optionalString(p.problem)
        optionalString(p.statement)
        optional(p.subject) { $0.tag($1 == .rep ? 0 : 1) }
        optional(p.goal) { $0.template($1) }
        for c in [p.style.skillLow, p.style.skillHigh, p.style.willLow, p.style.willHigh] { optional(c) { $0.condition($1) } }
        for i in [p.inputs.leaderTime, p.inputs.periodEnd, p.inputs.focus, p.inputs.people] { optionalInt(i) }
        optional(p.inputs.measure) { w, m in
            w.int(m.node)
            w.tag(m.better == .lower ? 0 : 1)
        }
        array(p.inputs.decisions) { w, d in
            w.int(d.decision)
            w.int(d.node)
        }
        int(p.version)
    }

    mutating func node(_ n: Node) {
        string(n.id)
        int(n.part)
        optional(n.step) { $0.int($1.rawValue) }
        switch n.kind {
        case .question(let q):
            tag(0)
            question(q)
        case .say(let t, let r):
            tag(1)
            template(t)
            route(r)
        case .decide(let branches):
            tag(2)
            array(branches) { $0.branch($1) }
        case .end(let t):
            tag(3)
            optional(t) { $0.template($1) }
        }
        location(n.location)
        int(n.remaining)
    }

    mutating func question(_ q: Question) {
        template(q.prompt)
        string(q.label)
        optional(q.why) { $0.template($1) }
        optional(q.help) { $0.template($1) }
        optionalString(q.source)
        answerType(q.answer)
        optionalInt(q.forEach)
        optionalInt(q.store)
        array(q.branches) { $0.branch($1) }
        optional(q.next) { $0.route($1) }
        optionalInt(q.unsureAs)
        value(q.fallback)
        int(q.retries)
        optionalString(q.given?.rawValue)
    }

    mutating func answerType(_ a: AnswerType) {
        tag(UInt8(ImageKinds.answer.firstIndex(of: a.kind)!))
        array(a.choices) { w, c in
            w.string(c.id)
            w.string(c.label)
            w.strings(c.aliases)
            w.optionalString(c.detail)
            w.bool(c.exclusive)
        }
        dictionary(a.lookup) { $0.int($1) }
        optional(a.scale) { w, s in
            w.int(s.min)
            w.int(s.max)
            w.strings(s.anchors)
        }
        optional(a.number) { w, n in
            w.optional(n.min) { $0.double($1) }
            w.optional(n.max) { $0.double($1) }
            w.optionalString(n.unit)
            w.strings(n.unitAliases)
            w.bool(n.integer)
        }
        optional(a.text) { w, t in
            w.int(t.maxLength)
            w.bool(t.optional)
        }
        bool(a.optional)
    }

    mutating func branch(_ b: Branch) {
        condition(b.condition)
        array(b.effects) { $0.effect($1) }
        optionalInt(b.target)
        optionalString(b.when)
        location(b.location)
    }

    mutating func route(_ r: Route) {
        array(r.rules) { w, rule in
            w.condition(rule.condition)
            w.int(rule.target)
            w.optionalString(rule.when)
            w.location(rule.location)
        }
    }
}

/// The enumerations written as their position in a fixed list (a tag), so a renamed raw value changes nothing.
enum ImageKinds {
    static let answer: [AnswerType.Kind] = [.yesNo, .choice, .multi, .scale, .number, .text]
    static let comparison: [Comparison] = [.lt, .le, .gt, .ge, .eq, .ne]
    static let fix: [Finding.Fix] = [.quick, .project]
    static let category: [Finding.Category] = [.people, .process, .technology]
}

extension Array {
    /// The element at a tag read from the image (`ImageReader.tag` has checked it is in range).
    subscript(tag t: UInt8) -> Element { self[Int(t)] }
}

extension ImageReader {
    mutating func dialog(_ taxonomy: Taxonomy) throws -> Dialog {
        let id = try string(), title = try string(), version = try int()
        let parts = try array { try $0.part() }
        let nodes = try array { try $0.node() }
        let start = try int()
        let flags = try array { r in Flag(name: try r.string(), values: try r.optional { try $0.strings() }) }
        let variables = try strings().map(Variable.init(name:))
        let sources = try strings()
        guard nodes.indices.contains(start) else { throw malformed }
        return Dialog(id: id, title: title, version: version, parts: parts, nodes: nodes, start: start, flags: flags,
                      variables: variables, taxonomy: taxonomy, sources: sources)
    }

    mutating func part() throws -> Part {
        let id = try string(), title = try string(), problem = try optionalString(), statement = try optionalString()
        let subject: Part.Subject? = try optional { try $0.tag(2) == 0 ? .rep : .team }
        let goal = try optional { try $0.template() }
        let style = StyleEvidence(skillLow: try optional { try $0.condition() }, skillHigh: try optional { try $0.condition() },
                                  willLow: try optional { try $0.condition() }, willHigh: try optional { try $0.condition() })
        let leaderTime = try optionalInt(), periodEnd = try optionalInt(), focus = try optionalInt(), people = try optionalInt()
        let measure = try optional { r in Measure(node: try r.int(), better: try r.tag(2) == 0 ? .lower : .higher) }
        let decisions = try array { r in DecisionInput(decision: try r.int(), node: try r.int()) }
        let inputs = PlanInputs(leaderTime: leaderTime, periodEnd: periodEnd, focus: focus, people: people, measure: measure,
                                decisions: decisions)
        return Part(id: id, title: title, problem: problem, statement: statement, subject: subject, goal: goal, style: style,
                    inputs: inputs, version: try int())
    }

    mutating func node() throws -> Node {
        let id = try string(), part = try int()
        let step: Step? = try optional { r in
            guard let s = Step(rawValue: try r.int()) else { throw r.malformed }
            return s
        }
        let kind: Node.Kind
        switch try tag(4) {
        case 0: kind = .question(try question())
        case 1: kind = .say(try template(), try route())
        case 2: kind = .decide(try array { try $0.branch() })
        default: kind = .end(try optional { try $0.template() })
        }
        return Node(id: id, part: part, step: step, kind: kind, location: try location(), remaining: try int())
    }

    mutating func question() throws -> Question {
        let prompt = try template(), label = try string()
        let why = try optional { try $0.template() }, help = try optional { try $0.template() }
        let source = try optionalString()
        let answer = try answerType()
        let forEach = try optionalInt(), store = try optionalInt()
        let branches = try array { try $0.branch() }
        let next = try optional { try $0.route() }
        return Question(prompt: prompt, label: label, why: why, help: help, source: source, answer: answer, forEach: forEach,
                        store: store, branches: branches, next: next, unsureAs: try optionalInt(), fallback: try value(),
                        retries: try int(), given: try optionalString().flatMap(Given.init(rawValue:)))
    }

    mutating func answerType() throws -> AnswerType {
        let kind = ImageKinds.answer[tag: try tag(UInt8(ImageKinds.answer.count))]
        let choices = try array { r in
            Choice(id: try r.string(), label: try r.string(), aliases: try r.strings(), detail: try r.optionalString(),
                   exclusive: try r.bool())
        }
        let lookup = try dictionary { try $0.int() }
        let scale = try optional { r in Scale(min: try r.int(), max: try r.int(), anchors: try r.strings()) }
        let number = try optional { r in
            NumberSpec(min: try r.optional { try $0.double() }, max: try r.optional { try $0.double() }, unit: try r.optionalString(),
                       unitAliases: try r.strings(), integer: try r.bool())
        }
        let text = try optional { r in TextSpec(maxLength: try r.int(), optional: try r.bool()) }
        return AnswerType(kind: kind, choices: choices, lookup: lookup, scale: scale, number: number, text: text,
                          optional: try bool())
    }

    mutating func branch() throws -> Branch {
        Branch(condition: try condition(), effects: try array { try $0.effect() }, target: try optionalInt(),
               when: try optionalString(), location: try location())
    }

    mutating func route() throws -> Route {
        let rules = try array { r in
            Route.Rule(condition: try r.condition(), target: try r.int(), when: try r.optionalString(), location: try r.location())
        }
        guard !rules.isEmpty else { throw malformed }
        return Route(rules: rules)
    }
}
