import DialogTesting
import Foundation
import Testing

/// What `coach serve` keeps of rejected answers near the line cap, measured on the real binary: its resident memory
/// stays far below what keeping the answers would take (docs/protocol.md section 1.9).
@Suite(.timeLimit(.minutes(2))) struct MemoryBoundTests {
    /// The child's resident set, in bytes, from /proc.
    static func residentBytes(_ pid: Int32) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kB = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kB * 1024
    }

    @Test func rejectedAnswersNearTheLineCapAreNotKept() throws {
        let conversations = 40
        let s = try ServeProcess()
        s.send(ProtocolTests.initialize)
        _ = try #require(s.next())
        s.send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"warm-up","dialog":"off-track"}"#))
        _ = try #require(s.next())
        let pid = s.process.processIdentifier
        let before = Self.residentBytes(pid)
        let huge = String(repeating: "x", count: 1_000_000)
        var peak = before
        for i in 0..<conversations {
            s.send(ProtocolTests.request(2 * i + 2, "conversation/start", #"{"conversation":"c\#(i)","dialog":"off-track"}"#))
            _ = try #require(s.next())
            s.send(ProtocolTests.message(2 * i + 3, "c\(i)", huge, messageID: "big"))
            let reply = try #require(s.next())
            let rejected = try #require(ProtocolTests.messages(reply).first)
            #expect(rejected["type"] as? String == "rejected")
            #expect((rejected["typed"] as? String)?.unicodeScalars.count == 1000)
            peak = max(peak, Self.residentBytes(pid))
        }
        let afterRejections = Self.residentBytes(pid)
        for i in 0..<conversations {
            s.send(ProtocolTests.message(1000 + i, "c\(i)", "Dana", messageID: "small"))
            #expect(ProtocolTests.result(try #require(s.next()))["turn"] as? Int == 2)
        }
        let after = Self.residentBytes(pid)
        let mib = 1 << 20
        print("coach serve RSS: \(before / mib) MiB before, peak \(peak / mib) MiB, \(afterRejections / mib) MiB after \(conversations) rejected 1 MB answers, \(after / mib) MiB after each moved on")
        // Kept, they would take 40 MiB and more (80 MiB before they were cut); the bound allows the line in flight,
        // its copies and the allocator's slack.
        #expect(peak - before < 16 * mib)
        #expect(after - before < 16 * mib)
        s.close()
        #expect(s.wait() == 0)
    }
}
