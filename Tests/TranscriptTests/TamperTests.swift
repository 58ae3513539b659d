import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing
import Transcript

/// Every single-byte edit, line deletion, swap of two lines and truncation of a golden transcript, and each of those
/// re-chained by a forger: with the key none is trusted; with the chain only, none but full re-chains. A seeded
/// sample by default; every one with `COACH_FAULTS=large`. The counts are printed.
@Suite struct TamperTests {
    static let path = Repository.path("Transcripts/off-track/OTT-2.jsonl")
    static let large = ProcessInfo.processInfo.environment["COACH_FAULTS"] == "large"
    let golden: [UInt8]
    let dialog = Repository.dialog("off-track")

    init() throws { golden = Array(try #require(FileManager.default.contents(atPath: Self.path))) }

    /// Whether a transcript would pass as verified: the chain intact and sealed, replayed to the same outputs and a
    /// finished conversation, and, with a key, a seal that authenticates.
    func passes(_ bytes: [UInt8], key: TranscriptKey?) -> Bool {
        guard let file = try? TranscriptReader.read(bytes), file.integrity == .intact else { return false }
        if let key, key.authenticate(file.seal) != .authentic(key: key.id) { return false }
        return Replayer.replay(file, dialog: dialog).verdict == .verified
    }

    /// Whether the chain alone holds: every hash and the seal match (what a forger can always achieve).
    func chainHolds(_ bytes: [UInt8]) -> Bool {
        guard let file = try? TranscriptReader.read(bytes) else { return false }
        return file.integrity == .intact && file.seal != nil
    }

    /// The edits: at every offset, eight bit flips, a newline, a quote, a brace, and the byte deleted.
    var edits: [[UInt8]] {
        var out: [[UInt8]] = []
        for i in golden.indices {
            for v in (0..<8).map({ golden[i] ^ (1 << $0) }) + [0x0A, 0x22, 0x7D] where v != golden[i] {
                var e = golden
                e[i] = v
                out.append(e)
            }
            var d = golden
            d.remove(at: i)
            out.append(d)
        }
        return out
    }

    var lineEdits: [[UInt8]] {
        let lines = Recording.lines(golden).dropLast()  // the text ends in a newline
        var out: [[UInt8]] = []
        for i in lines.indices {
            var l = Array(lines)
            l.remove(at: i)
            out.append(Recording.join(l) + [0x0A])
        }
        for i in lines.indices { for j in lines.indices where j > i {
            var l = Array(lines)
            l.swapAt(i, j)
            out.append(Recording.join(l) + [0x0A])
        } }
        for n in 0..<golden.count { out.append(Array(golden.prefix(n))) }
        return out
    }

    func sample(_ all: [[UInt8]], _ n: Int) -> [[UInt8]] {
        if Self.large { return all }
        var rng = SplitMix(seed: 8)
        return (0..<min(n, all.count)).map { _ in all[Int.random(in: 0..<all.count, using: &rng)] }
    }

    @Test func theGoldenTranscriptItselfPassesWithTheKeyAndWithout() {
        #expect(passes(golden, key: Recording.goldenKey))
        #expect(passes(golden, key: nil))
        #expect(!passes(golden, key: TranscriptKey(bytes: Array(repeating: 7, count: 32))), "another installation's key")
    }

    @Test func noEditDeletionSwapOrTruncationPassesWithOrWithoutTheKey() {
        let byteEdits = sample(edits, 1500), others = sample(lineEdits, 1500)
        var undetected = (keyed: 0, chain: 0)
        for e in byteEdits + others where e != golden {
            if passes(e, key: Recording.goldenKey) { undetected.keyed += 1 }
            if passes(e, key: nil) { undetected.chain += 1 }
        }
        print("tamper: \(byteEdits.count) single-byte edits, \(others.count) line deletions, swaps and truncations; undetected with the key: \(undetected.keyed), with the chain only: \(undetected.chain)")
        #expect(undetected.keyed == 0)
        #expect(undetected.chain == 0)
    }

    @Test func aFullReChainPassesTheChainButNotTheKey() {
        let forged = sample(edits, 1500).map(Forger.rechain).filter { $0 != golden }
        var holds = 0, replays = 0, keyed = 0
        for f in forged where chainHolds(f) {
            holds += 1
            if passes(f, key: nil) { replays += 1 }
            if passes(f, key: Recording.goldenKey) { keyed += 1 }
        }
        print("forger: \(forged.count) edits re-chained; the chain holds for \(holds), \(replays) of them also replay as verified without the key; passed with the key: \(keyed)")
        #expect(holds > 0, "a forger can always re-chain")
        #expect(keyed == 0)
    }

    @Test func aForgedAnswerReChainedReplaysVerifiedWithoutTheKeyButNotWithIt() throws {
        // A consistent forgery: the subject's name, in the input and everywhere it was echoed.
        let text = String(decoding: golden, as: UTF8.self).replacingOccurrences(of: "Sam", with: "Kim")
        #expect(text != String(decoding: golden, as: UTF8.self))
        let forged = Forger.redigest(Forger.rechain(Array(text.utf8)), dialog: dialog)
        let file = try TranscriptReader.read(forged)
        #expect(file.integrity == .intact && file.seal != nil)
        #expect(Replayer.replay(file, dialog: dialog).verdict == .verified, "the chain and the replay cannot tell")
        #expect(Recording.goldenKey.authenticate(file.seal) == .forged)
        #expect(!passes(forged, key: Recording.goldenKey))
    }

    @Test func anUnsealedTranscriptIsIncompleteAndATornTailAfterASealIsTampering() throws {
        let lines = Recording.lines(golden).dropLast()
        let unsealed = Recording.join(Array(lines.dropLast())) + [0x0A]
        let file = try TranscriptReader.read(unsealed)
        #expect(file.integrity == .intact && file.seal == nil)
        #expect(Replayer.replay(file, dialog: dialog).verdict == .incomplete)
        #expect(Recording.goldenKey.authenticate(file.seal) == .unsealed)
        let tail = try TranscriptReader.read(golden + Array("{\"turn\":9".utf8))
        #expect(tail.integrity == .tampered(line: lines.count + 1, reason: "bytes after the seal"))
        let cutSeal = try TranscriptReader.read(Recording.join(Array(lines.dropLast())) + [0x0A] + Array(lines.last!.utf8.prefix(20)))
        #expect(cutSeal.seal == nil, "a seal cut short is no seal")
    }
}
