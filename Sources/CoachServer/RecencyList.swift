/// Something a `RecencyList` holds: a class that carries its own links to its neighbours in the order of use.
protocol RecencyLinked: AnyObject {
    /// The next more recently used, while in a list.
    var newer: Self? { get set }
    /// The next less recently used, while in a list.
    var older: Self? { get set }
    /// Whether it is in a list.
    var isLinked: Bool { get set }
}

/// The live conversations in the order of their use, to find the least recently used: a doubly linked list through
/// the conversations themselves, so marking one as used is a few pointer moves (no hashing of its id, no queue of
/// stale entries to sweep). The links are strong both ways while linked; `remove` and `removeAll` break them, so
/// what leaves the list is freed as usual.
struct RecencyList<Node: RecencyLinked> {
    private(set) var oldest: Node?
    private(set) var newest: Node?
    /// Nodes held, for tests.
    private(set) var count = 0

    /// Marks a node as just used: it becomes the newest (added if it was not in the list).
    mutating func use(_ node: Node) {
        if node.isLinked {
            if node === newest { return }
            unlink(node)
        } else {
            node.isLinked = true
            count += 1
        }
        node.older = newest
        newest?.newer = node
        newest = node
        if oldest == nil { oldest = node }
    }

    /// Takes a node out of the list (nothing when it is not in it).
    mutating func remove(_ node: Node) {
        guard node.isLinked else { return }
        unlink(node)
        node.isLinked = false
        count -= 1
    }

    /// Takes the least recently used node out of the list and returns it.
    mutating func popOldest() -> Node? {
        guard let node = oldest else { return nil }
        remove(node)
        return node
    }

    /// Empties the list, breaking every link.
    mutating func removeAll() {
        while popOldest() != nil {}
    }

    private mutating func unlink(_ node: Node) {
        if let older = node.older { older.newer = node.newer } else { oldest = node.newer }
        if let newer = node.newer { newer.older = node.older } else { newest = node.older }
        node.older = nil
        node.newer = nil
    }
}
