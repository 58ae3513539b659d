@testable import CoachServer
import DialogTesting
import Testing

/// The queue that finds the least recently used live conversation (issue 11: eviction and compaction past
/// `--max-open`).
@Suite struct RecencyQueueTests {
    /// A model of the server's use stamps: id -> last use.
    struct Uses {
        var last: [String: Int] = [:]
        var clock = 0
        var queue = RecencyQueue()

        mutating func use(_ id: String) {
            clock += 1
            last[id] = clock
            let snapshot = last
            queue.push(id, stamp: clock, live: last.count) { snapshot[$0] == $1 }
        }

        mutating func oldest() -> String? {
            let snapshot = last
            guard let id = queue.popOldest(isCurrent: { snapshot[$0] == $1 }) else { return nil }
            last[id] = nil
            return id
        }
    }

    @Test func theOldestIsTheOneUsedLongestAgo() {
        var u = Uses()
        for id in ["a", "b", "c", "a", "d", "b"] { u.use(id) }
        #expect(u.oldest() == "c")
        #expect(u.oldest() == "a")
        #expect(u.oldest() == "d")
        #expect(u.oldest() == "b")
        #expect(u.oldest() == nil)
    }

    /// A server under `--max-open` that never evicts still pushes one entry per request: the stale ones must go.
    @Test func manyRequestsToFewConversationsKeepTheQueueSmall() {
        var u = Uses()
        var rng = SplitMix(seed: 5)
        for _ in 0..<200_000 { u.use("c\(Int.random(in: 0..<50, using: &rng))") }
        #expect(u.queue.count <= 4096 + 1, "\(u.queue.count) entries for 50 conversations")
        // And it still answers in order of last use.
        let order = u.last.sorted { $0.value < $1.value }.map(\.key)
        #expect((0..<order.count).map { _ in u.oldest() } == order)
    }
}
