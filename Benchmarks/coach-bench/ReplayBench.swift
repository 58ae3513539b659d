import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import Transcript

/// Benchmarks replay: reading, verifying the hash chain, and re-executing golden transcripts in one process, on one
/// thread and then on `threads` (each transcript replayed independently, as `coach replay` does).
enum ReplayBench {
    static func run(transcripts directory: String, dialogs: [String: Dialog], rounds: Int, threads: Int) throws -> [String] {
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
        let lines = files.map { $0.bytes.filter { $0 == 0x0A }.count }.reduce(0, +) / files.count
        let total = rounds * files.count
        let all = files
        return Array(Set([1, threads])).sorted().map { threads in
            let start = ContinuousClock.now
            let verdicts = Parallel.map(total, threads: threads) { i in
                let f = all[i % all.count]
                guard let file = try? TranscriptReader.read(f.bytes) else { return false }
                if case .verified = Replayer.replay(file, engine: f.engine).verdict { return true }
                return false
            }
            let d = ContinuousClock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            let verified = verdicts.filter { $0 }.count
            return String(format: "replay, %d thread%@: %d transcripts (%d golden, about %d lines each) read, verified and re-executed in %.3f s: %.0f transcripts/s (%d verified)",
                          threads, threads == 1 ? "" : "s", total, files.count, lines, seconds, Double(total) / seconds, verified)
        }
    }
}
