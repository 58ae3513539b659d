import DialogModel

extension Library {
    /// DC0032: reports each include that closes a cycle of fragments (a fragment that includes itself, directly or
    /// through others), once per library, at the include. The walk keeps its own stack, so a long chain of
    /// fragments cannot overflow the thread's.
    func reportIncludeCycles(_ sink: DiagnosticSink) {
        enum Mark { case open, done }
        var marks: [String: Mark] = [:]
        for root in fragments.keys.sorted() where marks[root] == nil {
            // Each frame: a fragment and the index of its next include to follow.
            var stack: [(id: String, next: Int)] = [(root, 0)]
            var path: [String] = [root]
            marks[root] = .open
            while let top = stack.last {
                let includes = self.includes(of: top.id)
                guard top.next < includes.count else {
                    marks[top.id] = .done
                    stack.removeLast()
                    path.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let inc = includes[top.next]
                let target = inc.fragment.value
                guard fragments[target] != nil else { continue } // DC0022, reported where the dialog is built
                switch marks[target] {
                case .open:
                    let cycle = path[path.lastIndex(of: target)!...] + [target]
                    if cycle.count == 2 {
                        sink.report(.fragmentIncludesItself, inc.fragment.location, target)
                    } else {
                        sink.report(.includeCycle, inc.fragment.location, target,
                                    cycle.map { "'\($0)'" }.joined(separator: " -> "))
                    }
                case .done:
                    continue
                case nil:
                    marks[target] = .open
                    stack.append((target, 0))
                    path.append(target)
                }
            }
        }
    }

    /// The includes written directly in a fragment.
    func includes(of fragment: String) -> [IncludeDecl] {
        fragments[fragment]?.nodes.compactMap { item in
            if case .include(let inc) = item { return inc }
            return nil
        } ?? []
    }
}
