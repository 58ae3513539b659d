@testable import CoachServer
import DialogTesting
import Testing

/// The list that finds the least recently used live conversation (issue 11: eviction and compaction past
/// `--max-open`).
@Suite struct RecencyListTests {
    final class Node: RecencyLinked {
        let id: String
        var newer: Node?
        var older: Node?
        var isLinked = false
        init(_ id: String) { self.id = id }
    }

    /// A model of the server's uses: the nodes by id, and the list.
    struct Uses {
        var nodes: [String: Node] = [:]
        var list = RecencyList<Node>()

        mutating func use(_ id: String) {
            let node = nodes[id] ?? Node(id)
            nodes[id] = node
            list.use(node)
        }

        mutating func oldest() -> String? {
            guard let node = list.popOldest() else { return nil }
            nodes[node.id] = nil
            return node.id
        }

        /// The ids from the least to the most recently used, following the links both ways.
        var forward: [String] { sequence(first: list.oldest) { $0?.newer }.prefix { $0 != nil }.map { $0!.id } }
        var backward: [String] { sequence(first: list.newest) { $0?.older }.prefix { $0 != nil }.map { $0!.id } }
    }

    @Test func theOldestIsTheOneUsedLongestAgo() {
        var u = Uses()
        for id in ["a", "b", "c", "a", "d", "b", "b"] { u.use(id) }
        #expect(u.forward == ["c", "a", "d", "b"])
        #expect(u.backward == ["b", "d", "a", "c"])
        #expect(u.oldest() == "c")
        #expect(u.oldest() == "a")
        #expect(u.oldest() == "d")
        #expect(u.oldest() == "b")
        #expect(u.oldest() == nil)
        #expect(u.list.count == 0 && u.list.newest == nil)
    }

    @Test func aRemovedNodeLeavesItsNeighboursLinked() {
        var u = Uses()
        for id in ["a", "b", "c", "d"] { u.use(id) }
        let b = u.nodes["b"]!, d = u.nodes["d"]!, a = u.nodes["a"]!
        u.list.remove(b)
        u.list.remove(b)  // not in the list: nothing
        #expect(u.forward == ["a", "c", "d"] && u.backward == ["d", "c", "a"])
        #expect(b.newer == nil && b.older == nil && !b.isLinked)
        u.list.remove(d)
        u.list.remove(a)
        #expect(u.forward == ["c"] && u.backward == ["c"] && u.list.count == 1)
        u.list.use(b)
        #expect(u.forward == ["c", "b"] && u.list.count == 2)
    }

    /// Any mix of uses and removals keeps the list in the order of last use.
    @Test func manyUsesKeepTheOrderOfLastUse() {
        var u = Uses()
        var last: [String: Int] = [:]
        var rng = SplitMix(seed: 5)
        for clock in 0..<20_000 {
            let id = "c\(Int.random(in: 0..<50, using: &rng))"
            if Int.random(in: 0..<10, using: &rng) == 0, let node = u.nodes[id] {
                u.list.remove(node)
                u.nodes[id] = nil
                last[id] = nil
            } else {
                u.use(id)
                last[id] = clock
            }
        }
        let order = last.sorted { $0.value < $1.value }.map(\.key)
        #expect(u.forward == order && u.backward == order.reversed() && u.list.count == order.count)
        u.list.removeAll()
        #expect(u.list.count == 0 && u.nodes.values.allSatisfy { !$0.isLinked && $0.newer == nil && $0.older == nil })
    }
}
