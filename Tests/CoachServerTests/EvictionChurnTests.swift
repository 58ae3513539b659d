import CoachCLI
import DialogTesting
import Foundation
import Testing
import Transcript

/// Eviction churn (issue 8): many interleaved conversations through a server that holds few open (`--max-open`),
/// so nearly every request resumes its conversation from its transcript, with stale button clicks mixed in, as a
/// busy bridge sends them. Every stale click must be refused, and every plan must be the uninterrupted run's.
///
/// Seeded. `swift test` runs 80 conversations held at most 10 open; `COACH_FAULTS=large` runs 2,000 held at most 50.
@Suite struct EvictionChurnTests {
    static let large = ProcessInfo.processInfo.environment["COACH_FAULTS"] == "large"

    /// What one conversation does: OTT-1's answers, a yes/no sometimes clicked as a button instead of typed.
    struct Walk {
        let id: String
        var next = 0
        var promptIDs: [String] = []
    }

    /// Drives every conversation to its plan, interleaved by a seeded order; returns the plans by conversation and
    /// the counts of stale clicks sent and applied.
    static func run(conversations: Int, maxOpen: Int, transcripts: TranscriptDirectory?, staleClicks: Bool,
                    seed: UInt64) -> (plans: [String: String], stale: Int, staleApplied: Int) {
        let server = InMemoryServer(transcripts: transcripts, maxOpen: maxOpen)
        var rng = SplitMix(seed: seed)
        var walks = (0..<conversations).map { Walk(id: "c\($0)") }
        var plans: [String: String] = [:]
        var stale = 0, staleApplied = 0
        var live = Array(walks.indices)
        for i in walks.indices {
            let reply = server.start(walks[i].id)
            if let p = reply.promptId { walks[i].promptIDs.append(p) }
        }
        let answers = RestartTests.ott1
        while !live.isEmpty {
            let pick = Int.random(in: 0..<live.count, using: &rng)
            let i = live[pick]
            var w = walks[i]
            // A stale click: a button of a question this conversation has already moved past.
            let olds = w.promptIDs.filter { $0 != w.promptIDs.last }
            if staleClicks, !olds.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 {
                let old = olds[Int.random(in: 0..<olds.count, using: &rng)]
                let reply = server.click(w.id, old, "no", messageId: "\(w.id)-stale-\(stale)")
                stale += 1
                if reply.code != -32011 { staleApplied += 1 }
            }
            let answer = answers[w.next]
            let state = server.state(w.id)
            let question = state["question"] as? [String: Any]
            let reply: [String: Any]
            if (answer == "yes" || answer == "no"), let prompt = question?["promptId"] as? String, Bool.random(using: &rng) {
                reply = server.click(w.id, prompt, answer, messageId: "\(w.id)-\(w.next)")
            } else {
                reply = server.say(w.id, answer, messageId: "\(w.id)-\(w.next)")
            }
            w.next += 1
            if let p = reply.promptId { w.promptIDs.append(p) }
            if let plan = reply.messages.first(where: { $0["type"] as? String == "plan" }) {
                plans[w.id] = canonical(plan["plan"])
                live.remove(at: pick)
            } else if w.next == answers.count {
                plans[w.id] = "no plan: \(reply)"
                live.remove(at: pick)
            }
            walks[i] = w
        }
        return (plans, stale, staleApplied)
    }

    @Test func underEvictionChurnNoStaleClickIsAppliedAndEveryPlanIsTheUninterruptedOne() {
        let n = Self.large ? 2_000 : 80
        let maxOpen = Self.large ? 50 : 10
        let reference = Self.run(conversations: n, maxOpen: .max, transcripts: nil, staleClicks: false, seed: 42)
        let ref = TranscriptDirectoryRef()
        // Every eviction closes (and syncs) a transcript: the logic is under test, not the disk, so no real fsync.
        let system = FileIO.system
        ref.directory.io = FileIO(write: system.write, truncate: system.truncate, sync: { _ in 0 })
        let churn = Self.run(conversations: n, maxOpen: maxOpen, transcripts: ref.directory, staleClicks: true, seed: 42)
        let wrong = (0..<n).filter { churn.plans["c\($0)"] != reference.plans["c\($0)"] }.count
        print("eviction churn: \(n) conversations, at most \(maxOpen) open, \(churn.stale) stale clicks, \(churn.staleApplied) applied, \(wrong) wrong plans")
        #expect(reference.plans.count == n)
        #expect(reference.plans.values.allSatisfy { !$0.hasPrefix("no plan") })
        #expect(churn.stale > n / 2)
        #expect(churn.staleApplied == 0)
        #expect(wrong == 0)
    }
}
