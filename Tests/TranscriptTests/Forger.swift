import DialogModel
import Foundation
import Transcript

/// What someone without the key can do to a transcript: recompute every line's hash after an edit (and the seal's
/// line count and head), keeping the seal's key id and MAC, which only the key can make.
enum Forger {
    /// The same transcript with its plan's digest (format 4) made to fit the edited answers, as replay reports it on
    /// a divergence (anyone can recompute a plan), and re-chained.
    static func redigest(_ bytes: [UInt8], dialog: Dialog) -> [UInt8] {
        guard let file = try? TranscriptReader.read(bytes), case .diverged(let d) = Replayer.replay(file, dialog: dialog).verdict,
              let recorded = d.recorded?["digest"]?.string, let replayed = d.replayed?["digest"]?.string else { return bytes }
        return rechain(Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: recorded, with: replayed).utf8))
    }

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
