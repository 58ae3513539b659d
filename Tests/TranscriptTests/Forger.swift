import Foundation
import Transcript

/// What someone without the key can do to a transcript: recompute every line's hash after an edit (and the seal's
/// line count and head), keeping the seal's key id and MAC, which only the key can make.
enum Forger {
    static func rechain(_ bytes: [UInt8]) -> [UInt8] {
        var previous = ""
        var out: [String] = []
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            guard i < lines.count - 1, var (body, _) = HashChain.unseal(line) else { out.append(String(line)); continue }
            if body.contains("\"seal\":{") {
                body = body.replacingOccurrences(of: #""lines":[0-9]+"#, with: "\"lines\":\(i)", options: .regularExpression)
                body = body.replacingOccurrences(of: #""head":"[0-9a-f]*""#, with: "\"head\":\"\(previous)\"", options: .regularExpression)
            }
            guard body.hasPrefix("{"), body.hasSuffix("}"), body.count > 2 else { out.append(String(line)); continue }
            let (sealed, hash) = HashChain.seal(body, previous: previous)
            out.append(sealed)
            previous = hash
        }
        return Array(out.joined(separator: "\n").utf8)
    }
}

/// A seeded random number generator (SplitMix64), so a sample is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
