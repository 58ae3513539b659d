import DialogModel

/// How names in one node resolve: a fragment's local ids get the include's prefix; `$exit`s are bound by it.
final class Scope {
    let prefix: String?
    let locals: Set<String>
    let exits: [String: (Located<String>, Scope)]
    let declaredExits: Set<String>
    let includeLocation: SourceLocation?

    init(prefix: String? = nil, locals: Set<String> = [], exits: [String: (Located<String>, Scope)] = [:],
         declaredExits: Set<String> = [], includeLocation: SourceLocation? = nil) {
        self.prefix = prefix
        self.locals = locals
        self.exits = exits
        self.declaredExits = declaredExits
        self.includeLocation = includeLocation
    }

    func qualify(_ name: String) -> String {
        if let prefix, locals.contains(name) { return prefix + "." + name }
        return name
    }
}

/// A node with the scope its names resolve in and the part (dialog) it belongs to.
struct FlatNode {
    let decl: NodeDecl
    let scope: Scope
    let part: Int
    var id: String { scope.qualify(decl.id.value) }
}

/// Compiles one dialog: flattens includes and linked dialogs, resolves every name, runs the checks.
final class DialogBuilder {
    let root: DialogDecl
    let library: Library
    let taxonomy: ResolvedTaxonomy
    let sink: DiagnosticSink

    var parts: [DialogDecl] = []
    var flat: [FlatNode] = []
    var index: [String: Int] = [:]
    var flags: [Flag] = []
    var flagIndex: [String: Int] = [:]
    var variables: [Variable] = []
    var variableIndex: [String: Int] = [:]
    var files: Set<String> = []
    /// Answer types of nodes named in conditions, computed once.
    var quietTypes: [String: AnswerType] = [:]
    /// Placeholder uses to check for possibly unset values: (node, fact, location, name, after the answer).
    var uses: [(node: Int, fact: Fact, location: SourceLocation, name: String, afterAnswer: Bool)] = []

    init(root: DialogDecl, library: Library, taxonomy: ResolvedTaxonomy, sink: DiagnosticSink) {
        self.root = root
        self.library = library
        self.taxonomy = taxonomy
        self.sink = sink
    }

    func build() -> Dialog? {
        flatten()
        guard !flat.isEmpty else {
            sink.report(.dialogWithoutNodes, root.id.location, root.id.value)
            return nil
        }
        guard let start = resolveTarget(root.start, Scope()) else { return nil }
        let resolvedTaxonomy = resolveTaxonomy()
        var nodes = flat.enumerated().map { i, f in resolveNode(i, f) }
        let partValues = parts.enumerated().map { i, p in resolvePart(p, i, nodes: nodes) }
        checkProblemTexts(nodes, partValues)
        let graph = Graph(nodes: nodes, start: start)
        checkGraph(graph, nodes)
        checkDefinedness(graph, nodes)
        let remaining = graph.remainingQuestions(nodes)
        nodes = nodes.enumerated().map { i, n in
            Node(id: n.id, part: n.part, step: n.step, kind: n.kind, location: n.location, remaining: remaining[i])
        }
        return Dialog(id: root.id.value, title: root.title, version: root.version, parts: partValues, nodes: nodes,
                      start: start, flags: flags, variables: variables, taxonomy: resolvedTaxonomy,
                      sources: files.sorted())
    }

    // MARK: Flattening

    func flatten() {
        files.insert(taxonomy.decl.file)
        var queue = [root]
        var seen: Set<String> = [root.id.value]
        while !queue.isEmpty {
            let part = queue.removeFirst()
            let partIndex = parts.count
            parts.append(part)
            files.insert(part.file)
            declareFlags(part.flags)
            part.variables.forEach(declareVariable)
            add(part.nodes, scope: Scope(), part: partIndex, stack: [])
            var included: Set<String> = []
            for target in runTargets(part.nodes, included: &included) where !seen.contains(target.value) {
                seen.insert(target.value)
                if let next = library.dialogs[target.value] { queue.append(next) }
            }
        }
    }

    func add(_ items: [NodeItem], scope: Scope, part: Int, stack: [String]) {
        for item in items {
            switch item {
            case .node(let decl):
                let node = FlatNode(decl: decl, scope: scope, part: part)
                if let first = index[node.id] {
                    sink.report(.duplicateNodeID, decl.id.location, node.id, hint: "first defined at \(flat[first].decl.id.location)")
                    continue
                }
                index[node.id] = flat.count
                flat.append(node)
                if case .question(let q) = decl.kind, let store = q.store { declareVariable(store) }
            case .include(let inc):
                guard let fragment = library.fragments[inc.fragment.value] else {
                    sink.report(.undefinedFragment, inc.fragment.location, inc.fragment.value, hint: Suggest.didYouMean(inc.fragment.value, among: library.fragments.keys))
                    continue
                }
                // An include cycle (DC0032) is reported once for the library; here its closing include is skipped.
                guard !stack.contains(fragment.id.value) else { continue }
                files.insert(fragment.file)
                declareFlags(fragment.flags)
                fragment.variables.forEach(declareVariable)
                let declared = Set(fragment.exits.map(\.value))
                var exits: [String: (Located<String>, Scope)] = [:]
                for (name, target) in inc.exits {
                    if !declared.contains(name) {
                        sink.report(.noSuchExit, target.location, fragment.id.value, name, hint: Suggest.didYouMean(name, among: declared))
                    }
                    exits[name] = (target, scope)
                }
                for exit in fragment.exits where exits[exit.value] == nil {
                    sink.report(.unboundExit, inc.location, fragment.id.value, exit.value, hint: "add 'exits: {\(exit.value): <node id>}'")
                }
                let locals = Set(fragment.nodes.compactMap { item -> String? in
                    if case .node(let n) = item { return n.id.value }
                    return nil
                })
                let inner = Scope(prefix: scope.qualify(inc.prefix.value), locals: locals, exits: exits, declaredExits: declared,
                                  includeLocation: inc.location)
                add(fragment.nodes, scope: inner, part: part, stack: stack + [fragment.id.value])
            }
        }
    }

    /// The dialogs a part's rules `run`, its included fragments' included (each fragment once, so a cycle ends).
    func runTargets(_ items: [NodeItem], included: inout Set<String>) -> [Located<String>] {
        var out: [Located<String>] = []
        func rules(_ rs: [RuleDecl]) { out += rs.compactMap(\.run) }
        for item in items {
            switch item {
            case .node(let n):
                switch n.kind {
                case .question(let q):
                    rules(q.branches)
                    if case .rules(let rs, _) = q.next { rules(rs) }
                case .say(_, let next): if case .rules(let rs, _) = next { rules(rs) }
                case .decide(let rs): rules(rs)
                case .end: break
                }
            case .include(let inc):
                if let f = library.fragments[inc.fragment.value], included.insert(f.id.value).inserted {
                    out += runTargets(f.nodes, included: &included)
                }
            }
        }
        return out
    }

    func declareFlags(_ decls: [FlagDecl]) {
        for d in decls {
            let values = d.values?.map(\.value)
            if let i = flagIndex[d.name.value] {
                if flags[i].values != values {
                    sink.report(.flagRedeclared, d.name.location, d.name.value)
                }
                continue
            }
            flagIndex[d.name.value] = flags.count
            flags.append(Flag(name: d.name.value, values: values))
        }
    }

    func declareVariable(_ name: Located<String>) {
        guard variableIndex[name.value] == nil else { return }
        if flagIndex[name.value] != nil {
            sink.report(.flagAndVariable, name.location, name.value)
            return
        }
        variableIndex[name.value] = variables.count
        variables.append(Variable(name: name.value))
    }
}
