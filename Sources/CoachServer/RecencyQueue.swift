/// Conversation ids in the order of their use, to find the least recently used live one in amortised O(1) (a scan of
/// every conversation per eviction was O(n)). Each use pushes the id with its stamp (the server's use count); an
/// entry is current while the conversation's last use is still that stamp, and a later push of the same id makes the
/// earlier one stale. Stale entries are dropped as the oldest are taken, and in one pass whenever they outnumber the
/// live conversations, so the queue stays within a small multiple of them however many requests go by.
struct RecencyQueue {
    private var entries: [(id: String, stamp: Int)] = []
    private var start = 0

    /// Entries held (current and stale), for tests.
    var count: Int { entries.count - start }

    /// Records a use; `live` is how many conversations are live and `isCurrent` tells a current entry.
    mutating func push(_ id: String, stamp: Int, live: Int, isCurrent: (String, Int) -> Bool) {
        entries.append((id, stamp))
        guard count > max(4096, 2 * live) else { return }
        entries = entries[start...].filter { isCurrent($0.id, $0.stamp) }
        start = 0
    }

    /// The id of the least recently used live conversation (the oldest current entry, taken off the queue).
    mutating func popOldest(isCurrent: (String, Int) -> Bool) -> String? {
        defer {
            // The entries already passed are given back once they are most of the array.
            if start > 4096, start * 2 > entries.count {
                entries.removeFirst(start)
                start = 0
            }
        }
        while start < entries.count {
            let (id, stamp) = entries[start]
            start += 1
            if isCurrent(id, stamp) { return id }
        }
        return nil
    }
}
