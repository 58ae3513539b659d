import DialogModel

/// The node graph of a compiled dialog: successors, and what can reach what.
struct Graph {
    let successors: [[Int]]
    let start: Int

    init(nodes: [Node], start: Int) {
        self.start = start
        successors = nodes.map { node in
            var out: [Int] = []
            switch node.kind {
            case .question(let q):
                out += q.branches.compactMap(\.target)
                out += q.next?.rules.map(\.target) ?? []
            case .say(_, let route): out += route.rules.map(\.target)
            case .decide(let rules): out += rules.compactMap(\.target)
            case .end: break
            }
            var seen = Set<Int>()
            return out.filter { seen.insert($0).inserted }
        }
    }

    func reachable() -> [Bool] {
        var seen = Array(repeating: false, count: successors.count)
        var stack = [start]
        seen[start] = true
        while let n = stack.popLast() {
            for s in successors[n] where !seen[s] { seen[s] = true; stack.append(s) }
        }
        return seen
    }

    func reachesEnd(_ nodes: [Node]) -> [Bool] {
        var preds = Array(repeating: [Int](), count: successors.count)
        for (n, ss) in successors.enumerated() { for s in ss { preds[s].append(n) } }
        var ok = Array(repeating: false, count: successors.count)
        var stack: [Int] = []
        for (i, n) in nodes.enumerated() {
            if case .end = n.kind { ok[i] = true; stack.append(i) }
        }
        while let n = stack.popLast() {
            for p in preds[n] where !ok[p] { ok[p] = true; stack.append(p) }
        }
        return ok
    }

    /// Strongly connected components with a cycle (Tarjan), each as its node indices. The depth-first walk keeps
    /// its own stack of frames, so a chain of any length cannot overflow the thread's stack.
    func cycles() -> [[Int]] {
        var index = 0
        var indices = Array(repeating: -1, count: successors.count)
        var low = Array(repeating: 0, count: successors.count)
        var onStack = Array(repeating: false, count: successors.count)
        var stack: [Int] = []
        var result: [[Int]] = []
        // Each frame: a node and the index of its next successor to visit.
        var frames: [(node: Int, next: Int)] = []
        func open(_ v: Int) {
            indices[v] = index; low[v] = index; index += 1
            stack.append(v); onStack[v] = true
            frames.append((v, 0))
        }
        for root in 0..<successors.count where indices[root] < 0 {
            open(root)
            while let (v, next) = frames.last {
                if next < successors[v].count {
                    frames[frames.count - 1].next += 1
                    let w = successors[v][next]
                    if indices[w] < 0 { open(w) }
                    else if onStack[w] { low[v] = min(low[v], indices[w]) }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { low[parent] = min(low[parent], low[v]) }
                if low[v] == indices[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    if component.count > 1 || successors[v].contains(v) { result.append(component.sorted()) }
                }
            }
        }
        return result
    }

    /// The most questions on a path from each node to an end, the node's own question included. A node met again
    /// on the current path (a loop) counts 0 there. Iterative, for the same reason as `cycles`.
    func remainingQuestions(_ nodes: [Node]) -> [Int] {
        var memo = Array(repeating: -1, count: nodes.count)
        var visiting = Array(repeating: false, count: nodes.count)
        // Each frame: a node, the index of its next successor, and the best successor value so far.
        var frames: [(node: Int, next: Int, best: Int)] = []
        for root in 0..<nodes.count where memo[root] < 0 {
            visiting[root] = true
            frames.append((root, 0, 0))
            while let (n, next, best) = frames.last {
                if next < successors[n].count {
                    frames[frames.count - 1].next += 1
                    let s = successors[n][next]
                    if memo[s] >= 0 { frames[frames.count - 1].best = max(best, memo[s]) }
                    else if !visiting[s] { visiting[s] = true; frames.append((s, 0, 0)) }
                    continue
                }
                frames.removeLast()
                visiting[n] = false
                memo[n] = (nodes[n].question == nil ? 0 : 1) + best
                if !frames.isEmpty { frames[frames.count - 1].best = max(frames[frames.count - 1].best, memo[n]) }
            }
        }
        return memo
    }
}

extension DialogBuilder {
    func checkGraph(_ graph: Graph, _ nodes: [Node]) {
        let reachable = graph.reachable()
        for (i, r) in reachable.enumerated() where !r {
            sink.report(.unreachableNode, nodes[i].location, nodes[i].id, nodes[graph.start].id)
        }
        let ends = graph.reachesEnd(nodes)
        var inLoop = Set<Int>()
        for cycle in graph.cycles() {
            inLoop.formUnion(cycle)
            let first = cycle.min { nodes[$0].location < nodes[$1].location }!
            if !cycle.contains(where: { ends[$0] }) {
                sink.report(.loopWithoutExit, nodes[first].location, cycle.map { "'\(nodes[$0].id)'" }.joined(separator: ", "))
            } else if !cycle.contains(where: { nodes[$0].question != nil }) {
                sink.report(.loopWithoutQuestion, nodes[first].location, cycle.map { "'\(nodes[$0].id)'" }.joined(separator: ", "))
            }
        }
        for (i, ok) in ends.enumerated() where !ok && reachable[i] && !inLoop.contains(i) {
            sink.report(.noEndReachable, nodes[i].location, nodes[i].id)
        }
        for (i, node) in nodes.enumerated() {
            let rules: [Condition]
            switch node.kind {
            case .decide(let rs): rules = rs.map(\.condition)
            case .say(_, let route): rules = route.rules.map(\.condition)
            default: continue
            }
            if !rules.isEmpty && !rules.contains(.always) {
                sink.report(.rulesWithoutElse, nodes[i].location, node.id, hint: "add '- else:' with a 'goto'")
            }
        }
    }

    /// DC0008: every placeholder's variable or answer must be set on every path to where it is used.
    func checkDefinedness(_ graph: Graph, _ nodes: [Node]) {
        let v = variables.count
        func bit(_ f: Fact) -> Int { switch f { case .variable(let i): i; case .node(let n): v + n } }
        let size = v + nodes.count
        let all = Bits(size: size, full: true)
        var into = Array(repeating: all, count: nodes.count)
        into[graph.start] = Bits(size: size, full: false)
        let edges = nodes.enumerated().map { i, n in outEdges(i, n, bit) }
        var work = [graph.start]
        var queued = Set([graph.start])
        while let n = work.popLast() {
            queued.remove(n)
            for (target, gen) in edges[n] {
                let facts = into[n].union(gen)
                let met = into[target].intersection(facts)
                if met != into[target] {
                    into[target] = met
                    if queued.insert(target).inserted { work.append(target) }
                }
            }
        }
        for use in uses {
            var facts = into[use.node]
            if use.afterAnswer { facts = facts.union(answeredFacts(use.node, nodes[use.node], bit, size)) }
            if !facts.contains(bit(use.fact)) {
                sink.report(.mayBeUnset, use.location, use.name, nodes[use.node].id)
            }
        }
    }

    private func answeredFacts(_ i: Int, _ node: Node, _ bit: (Fact) -> Int, _ size: Int) -> Bits {
        var b = Bits(size: size, full: false)
        guard let q = node.question, q.forEach == nil else { return b }
        let optional = q.answer.kind == .text && q.answer.text?.optional == true
        if !optional {
            b.insert(bit(.node(i)))
            if let s = q.store { b.insert(bit(.variable(s))) }
        }
        return b
    }

    private func outEdges(_ i: Int, _ node: Node, _ bit: (Fact) -> Int) -> [(Int, Bits)] {
        let size = variables.count + flat.count
        func facts(_ c: Condition) -> Bits {
            var b = Bits(size: size, full: false)
            func walk(_ c: Condition) {
                switch c {
                case .all(let cs): cs.forEach(walk)
                case .isSet(.variable(let v)): b.insert(bit(.variable(v)))
                case .isSet(.node(let n)), .choice(.node(let n), _), .compare(.node(let n), _, _): b.insert(bit(.node(n)))
                case .compareNodes(let l, _, let r):
                    if case .node(let n) = l { b.insert(bit(.node(n))) }
                    if case .node(let n) = r { b.insert(bit(.node(n))) }
                default: break
                }
            }
            walk(c)
            return b
        }
        func sets(_ effects: [Effect]) -> Bits {
            var b = Bits(size: size, full: false)
            for case .setVariable(let v, _) in effects { b.insert(bit(.variable(v))) }
            return b
        }
        switch node.kind {
        case .question(let q):
            let base = answeredFacts(i, node, bit, size)
            var out: [(Int, Bits)] = []
            for b in q.branches { if let t = b.target { out.append((t, base.union(sets(b.effects)).union(facts(b.condition)))) } }
            if let next = q.next {
                let open = q.branches.filter { $0.target == nil }
                var common = Bits(size: size, full: false)
                if q.branches.last?.condition == .always, !open.isEmpty {
                    common = open.dropFirst().reduce(sets(open[0].effects)) { $0.intersection(sets($1.effects)) }
                }
                for r in next.rules { out.append((r.target, base.union(common).union(facts(r.condition)))) }
            }
            return out
        case .say(_, let route):
            return route.rules.map { ($0.target, facts($0.condition)) }
        case .decide(let rules):
            return rules.compactMap { r in r.target.map { ($0, sets(r.effects).union(facts(r.condition))) } }
        case .end:
            return []
        }
    }
}

/// A fixed-size bit set for the data-flow check.
struct Bits: Equatable {
    var words: [UInt64]

    init(size: Int, full: Bool) {
        words = Array(repeating: full ? .max : 0, count: (size + 63) / 64)
    }

    func contains(_ i: Int) -> Bool { words[i / 64] & (1 << UInt64(i % 64)) != 0 }
    mutating func insert(_ i: Int) { words[i / 64] |= 1 << UInt64(i % 64) }
    func union(_ o: Bits) -> Bits { var r = self; for k in words.indices { r.words[k] |= o.words[k] }; return r }
    func intersection(_ o: Bits) -> Bits { var r = self; for k in words.indices { r.words[k] &= o.words[k] }; return r }
}
