import DialogModel

// The taxonomy in the image: findings, families, notes, decisions and settings, each text per problem.

extension ImageWriter {
    mutating func taxonomy(_ t: Taxonomy) {
        array(t.findings) { $0.finding($1) }
        array(t.families) { $0.family($1) }
        array(t.notes) { w, n in
            w.string(n.id)
            w.string(n.text)
        }
        array(t.decisions) { w, d in
            w.string(d.id)
            w.problemText(d.title) { $0.string($1) }
            w.array(d.options) { w, o in
                w.string(o.id)
                w.problemText(o.label) { $0.string($1) }
                w.array(o.keeps) { $0.int($1) }
                w.problemText(o.consequence) { $0.string($1) }
                w.problemText(o.reason) { $0.string($1) }
            }
        }
        dictionary(t.settings.values) { $0.double($1) }
    }

    mutating func finding(_ f: Finding) {
        string(f.id)
        int(f.component.rawValue)
        tag(UInt8(ImageKinds.category.firstIndex(of: f.category)!))
        string(f.cell)
        tag(UInt8(ImageKinds.fix.firstIndex(of: f.fix)!))
        problemText(f.texts) { $0.string($1) }
        problemText(f.recommendations) { $0.string($1) }
        optional(f.firstSteps) { $0.problemText($1) { $0.string($1) } }
        int(f.weight)
        string(f.source)
        int(f.family)
    }

    mutating func family(_ f: Family) {
        string(f.id)
        problemText(f.name) { $0.string($1) }
        problemText(f.objective) { $0.template($1) }
        problemText(f.owner) { $0.string($1) }
        optional(f.firstStep) { $0.problemText($1) { $0.string($1) } }
        problemText(f.materials) { $0.strings($1) }
        problemText(f.accountability) { $0.string($1) }
        problemText(f.evaluation) { $0.string($1) }
        problemText(f.examples) { $0.strings($1) }
        optional(f.obstacle) { $0.problemText($1) { $0.string($1) } }
        optional(f.support) { $0.problemText($1) { $0.string($1) } }
    }

    mutating func problemText<V>(_ p: ProblemText<V>, _ write: (inout ImageWriter, V) -> Void) {
        optional(p.fallback, write)
        dictionary(p.byProblem, write)
    }
}

extension ImageReader {
    mutating func taxonomy() throws -> Taxonomy {
        let findings = try array { try $0.finding() }
        let families = try array { try $0.family() }
        let notes = try array { r in Note(id: try r.string(), text: try r.string()) }
        let decisions = try array { r in
            Decision(id: try r.string(), title: try r.problemText { try $0.string() }, options: try r.array { r in
                Decision.Option(id: try r.string(), label: try r.problemText { try $0.string() }, keeps: try r.array { try $0.int() },
                                consequence: try r.problemText { try $0.string() }, reason: try r.problemText { try $0.string() })
            })
        }
        let settings = Settings(values: try dictionary { try $0.double() })
        return Taxonomy(findings: findings, families: families, notes: notes, decisions: decisions, settings: settings)
    }

    mutating func finding() throws -> Finding {
        let id = try string()
        guard let component = Step(rawValue: try int()) else { throw malformed }
        let category = ImageKinds.category[tag: try tag(UInt8(ImageKinds.category.count))]
        let cell = try string()
        let fix = ImageKinds.fix[tag: try tag(UInt8(ImageKinds.fix.count))]
        let texts = try problemText { try $0.string() }, recommendations = try problemText { try $0.string() }
        let firstSteps = try optional { try $0.problemText { try $0.string() } }
        return Finding(id: id, component: component, category: category, cell: cell, fix: fix, texts: texts,
                       recommendations: recommendations, firstSteps: firstSteps, weight: try int(), source: try string(),
                       family: try int())
    }

    mutating func family() throws -> Family {
        let id = try string(), name = try problemText { try $0.string() }, objective = try problemText { try $0.template() }
        let owner = try problemText { try $0.string() }
        let firstStep = try optional { try $0.problemText { try $0.string() } }
        let materials = try problemText { try $0.strings() }
        let accountability = try problemText { try $0.string() }, evaluation = try problemText { try $0.string() }
        let examples = try problemText { try $0.strings() }
        let obstacle = try optional { try $0.problemText { try $0.string() } }
        let support = try optional { try $0.problemText { try $0.string() } }
        return Family(id: id, name: name, objective: objective, owner: owner, firstStep: firstStep, materials: materials,
                      accountability: accountability, evaluation: evaluation, examples: examples, obstacle: obstacle,
                      support: support)
    }

    mutating func problemText<V>(_ read: (inout ImageReader) throws -> V) throws -> ProblemText<V> {
        ProblemText(fallback: try optional(read), byProblem: try dictionary(read))
    }
}
