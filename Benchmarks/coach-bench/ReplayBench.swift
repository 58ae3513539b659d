import DialogEngine
import DialogModel
import Foundation
import Transcript

/// Benchmarks replay: reading, verifying the hash chain, and re-executing golden transcripts in one process.
enum ReplayBench {
    static func run(transcripts directory: String, dialogs: [String: Dialog], rounds: Int) throws -> String {
        // One engine per dialog, as a process replaying many transcripts keeps it.
        var engines: [String: Engine] = [:]
        var files: [(bytes: [UInt8], engine: Engine)] = []
        let names = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        for name in names {
            let bytes = Array(FileManager.default.contents(atPath: directory + "/" + name) ?? Data())
            let header = try TranscriptReader.read(bytes).header
            guard let dialog = dialogs[header.dialog] else { continue }
            if engines[dialog.id] == nil { engines[dialog.id] = Engine(dialog: dialog) }
            files.append((bytes, engines[dialog.id]!))
        }
        precondition(!files.isEmpty, "no transcripts in \(directory)")
        var verified = 0
        let start = ContinuousClock.now
        for _ in 0..<rounds {
            for f in files {
                let file = try TranscriptReader.read(f.bytes)
                if case .verified = Replayer.replay(file, engine: f.engine).verdict { verified += 1 }
            }
        }
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        let total = rounds * files.count
        let lines = files.map { $0.bytes.filter { $0 == 0x0A }.count }.reduce(0, +) / files.count
        return String(format: "replay: %d transcripts (%d golden, about %d lines each) read, verified and re-executed in %.3f s: %.0f transcripts/s (%d verified)",
                      total, files.count, lines, seconds, Double(total) / seconds, verified)
    }
}
