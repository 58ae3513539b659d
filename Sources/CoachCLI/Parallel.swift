import Foundation
import Synchronization

/// Runs independent jobs on several threads: each thread takes the next unclaimed index from a shared counter (so a
/// long job does not hold up a stripe of others), keeps its results to itself, and hands them over once at the end;
/// the results come back in index order, whatever order the jobs finished in.
public enum Parallel {
    /// The number of processors this process may run on.
    public static var processors: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `job(0) … job(count - 1)` on up to `threads` threads (the caller's among them), the results by index.
    /// With one thread, or one job, everything runs on the caller's thread in order.
    public static func map<R: Sendable>(_ count: Int, threads: Int = processors, _ job: @Sendable (Int) -> R) -> [R] {
        let threads = min(max(1, threads), count)
        if threads <= 1 { return (0..<count).map(job) }
        let work = Work<R>()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var mine: [(Int, R)] = []
            while true {
                let i = work.next.add(1, ordering: .relaxed).oldValue
                guard i < count else { break }
                mine.append((i, job(i)))
            }
            work.done.withLock { $0 += mine }
        }
        var results = work.done.withLock { $0 }
        results.sort { $0.0 < $1.0 }
        precondition(results.count == count, "every job ran once")
        return results.map(\.1)
    }

    /// What the threads share: the next index to claim, and the results handed over.
    final class Work<R: Sendable>: Sendable {
        let next = Atomic<Int>(0)
        let done = Mutex<[(Int, R)]>([])
    }
}
