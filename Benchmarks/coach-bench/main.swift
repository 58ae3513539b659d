// coach-bench: compile-time and engine throughput, measured on a release build.
//   swift run -c release coach-bench [--dialogs DIR] [--diagnoses N]
//   ... --transcripts DIR [--replay-rounds N] [--replay-threads N]   replay of golden transcripts, one thread and N
//   ... --latency .build/release/coach [--conversations N]   interactive round trips, whole diagnoses to plans
//   ... --interactive STREAM --command CMD                   one request in flight: each line's round trip
import CoachCLI
import DialogCompiler
import DialogEngine
import DialogModel
import Foundation

/// A small deterministic random number generator (SplitMix64), so every run replays the same diagnoses.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let args = CommandLine.arguments
func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let directory = option("--dialogs") ?? "Dialogs"
let diagnoses = Int(option("--diagnoses") ?? "100000") ?? 100_000
/// With `--serve PATH`, also benchmark that `coach` binary's `serve` command.
let serveBinary = option("--serve")

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

// 7. One interactive client, one request in flight (issue 11's "interactive p99"): `--interactive STREAM --command
// CMD` sends STREAM's lines one at a time to CMD (a shell command: coach serve, or a peer of ../shared/bench such as
// its LIMIT) and reports each round trip; Benchmarks/interactive.sh runs coach and the LIMIT side by side.
if let stream = option("--interactive") {
    guard let command = option("--command") else { fatalError("--interactive STREAM needs --command CMD") }
    print("interactive: " + (try InteractiveBench.run(command: command, stream: stream)).line)
    exit(0)
}

// 1. Compile and check every dialog (files read once, outside the timing).
let sources = try SourceFiles.collect([directory])
var compileTimes: [Double] = []
var result = Compiler.compile(sources)
for _ in 0..<(Int(option("--compile-runs") ?? "30") ?? 30) {
    let t = ContinuousClock.now
    result = Compiler.compile(sources)
    compileTimes.append(seconds(ContinuousClock.now - t) * 1000)
}
compileTimes.sort()
if compileTimes.isEmpty { compileTimes = [0] }
guard !result.hasErrors else { fatalError("the dialogs do not compile; run coach check") }
print(String(format: "compile+check all of %@ (%d files, %d dialogs): median %.2f ms, min %.2f ms over %d runs",
             directory, sources.count, result.dialogs.count, compileTimes[compileTimes.count / 2], compileTimes[0], compileTimes.count))

// 2. Scripted diagnoses: random walks through the engine, recorded as the text a leader would type.
func typed(for type: AnswerType, _ rng: inout SplitMix) -> String {
    if Int.random(in: 0..<20, using: &rng) == 0 { return ["???", "", "maybe later", "-7"].randomElement(using: &rng)! }
    switch type.kind {
    case .yesNo: return ["y", "yes", "n", "no", "unsure", "not sure", "1", "2"].randomElement(using: &rng)!
    case .choice:
        let i = Int.random(in: 0..<type.choices.count, using: &rng)
        let c = type.choices[i]
        return [String(i + 1), c.label, c.id, c.aliases.first ?? c.label].randomElement(using: &rng)!
    case .multi:
        let picks = type.choices.indices.filter { !type.choices[$0].exclusive && Bool.random(using: &rng) }
        return picks.isEmpty ? "1" : picks.map { String($0 + 1) }.joined(separator: ", ")
    case .scale: return String(Int.random(in: 1...5, using: &rng))
    case .number:
        let lo = type.number?.min ?? 0, hi = min(type.number?.max ?? 100, 100)
        let x = Int.random(in: Int(lo)...Int(hi), using: &rng)
        return type.number?.unit == "%" && Bool.random(using: &rng) ? "\(x)%" : "\(x)"
    case .text: return ["Dana", "Alex", "Sam Okafor", "the west team"].randomElement(using: &rng)!
    }
}

var rng = SplitMix(state: 42)
let day = Day(year: 2026, month: 11, day: 27)
var scripts: [(Engine, [String])] = []
for id in ["off-track", "icp-reluctance", "forecast-accuracy", "coach"] {
    let engine = Engine(dialog: result.dialogs[id]!)
    for _ in 0..<250 {
        var (session, _) = engine.start(on: day)
        var lines: [String] = []
        while let node = session.currentNode, lines.count < 400 {
            let line = typed(for: engine.dialog.nodes[node].question!.answer, &rng)
            lines.append(line)
            _ = engine.step(&session, Event(.answered(line), on: day))
        }
        scripts.append((engine, lines))
    }
}
let averageSteps = Double(scripts.map(\.1.count).reduce(0, +)) / Double(scripts.count)

/// Runs the scripted diagnoses; returns (steps, plans).
func run(_ diagnoses: Int, _ scripts: [(Engine, [String])], _ day: Day) -> (Int, Int) {
    var steps = 0, finished = 0
    var out: [Output] = []
    for i in 0..<diagnoses {
        let (engine, lines) = scripts[i % scripts.count]
        var (session, _) = engine.start(on: day)
        for line in lines {
            out.removeAll(keepingCapacity: true)
            engine.step(&session, Event(.answered(line), on: day), into: &out)
            steps += 1
            if case .finished = out.last { finished += 1 }
        }
    }
    return (steps, finished)
}

let t = ContinuousClock.now
let (steps, finished) = run(diagnoses, scripts, day)
let elapsed = seconds(ContinuousClock.now - t)
print(String(format: "engine: %d diagnoses (%.1f typed answers each, about 5%% invalid), %d steps in %.3f s: %.0f steps/s, %.0f diagnoses/s, %d plans",
             diagnoses, averageSteps, steps, elapsed, Double(steps) / elapsed, Double(diagnoses) / elapsed, finished))

// 3. Answer parsing alone, for the same typed answers (the share of a step spent understanding text).
do {
    var pairs: [(AnswerType, String)] = []
    for (engine, lines) in scripts.prefix(400) {
        var (session, _) = engine.start(on: day)
        for line in lines {
            if let n = session.currentNode { pairs.append((engine.dialog.nodes[n].question!.answer, line)) }
            _ = engine.step(&session, Event(.answered(line), on: day))
        }
    }
    var ok = 0
    let t2 = ContinuousClock.now
    for _ in 0..<200 { for (type, line) in pairs { if case .value = AnswerParser.parse(line, as: type) { ok += 1 } } }
    let e2 = seconds(ContinuousClock.now - t2)
    print(String(format: "answer parsing alone: %.0f parses/s (%d of %d understood)", Double(pairs.count * 200) / e2, ok, pairs.count * 200))
}

// 4. `coach serve` through a pipe (issue 3): throughput, memory per open conversation, first reply.
// 5. Replay of the golden transcripts (issue 4).
if let transcripts = option("--transcripts") {
    // On one thread, then on `--replay-threads N` (default: every processor this process may use).
    let threads = Int(option("--replay-threads") ?? "") ?? Parallel.processors
    for line in try ReplayBench.run(transcripts: transcripts, dialogs: result.dialogs,
                                    rounds: Int(option("--replay-rounds") ?? "200") ?? 200, threads: threads) { print(line) }
}

if let path = option("--write-stream") {
    try ServeBench.stream(scripts, conversations: 10_000, messages: .max).0.write(toFile: path, atomically: true, encoding: .utf8)
}
// 6. Interactive clients (issue 11): whole diagnoses to their plans, one request in flight per conversation, the
// round trip of every request; `--latency PATH` runs only this, `--conversations N` (default 10,000).
if let coach = option("--latency") {
    let n = Int(option("--conversations") ?? "10000") ?? 10_000
    print("latency, transcripts off: " + (try LatencyBench.run(coach: coach, arguments: ["--dialogs", directory, "--no-transcripts"],
                                                                scripts: scripts, conversations: n)).line)
    let dir = NSTemporaryDirectory() + "coach-bench-latency-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    print("latency, transcripts on:  " + (try LatencyBench.run(coach: coach, arguments: ["--dialogs", directory, "--transcripts", dir,
                                                                                          "--max-open", String(n)],
                                                                scripts: scripts, conversations: n)).line)
}
if let coach = serveBinary {
    let (input, count) = ServeBench.stream(scripts, conversations: 10_000, messages: .max)
    var best = Double.infinity
    for _ in 0..<3 {
        let (seconds, replies, _, _) = try ServeBench.run(coach, dialogs: directory, input: input, expected: count)
        precondition(replies == count, "expected \(count) replies, got \(replies)")
        best = min(best, seconds)
    }
    print(String(format: "serve: %d requests (10,000 interleaved conversations, whole diagnoses to their plans, typed answers, about 5%% invalid) in %.3f s: %.0f requests/s, transcripts off",
                 count, best, Double(count) / best))
    let dir = NSTemporaryDirectory() + "coach-bench-transcripts-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // Each durability level (issue 11): the time to the last reply, and to the process's exit (every transcript file
    // written from the journal and synced).
    for level in ["delayed=1000", "sync", "process"] {
        var bestOn = Double.infinity, bestExit = Double.infinity
        for round in 0..<2 {
            var exited = 0.0
            let (seconds, replies, _, _) = try ServeBench.run(coach, dialogs: directory, input: input, expected: count,
                                                              transcripts: dir + "/\(level)-\(round)", arguments: ["--durability", level],
                                                              exited: &exited)
            precondition(replies == count, "expected \(count) replies, got \(replies)")
            bestOn = min(bestOn, seconds)
            bestExit = min(bestExit, exited)
        }
        print(String(format: "serve: the same with transcripts on, --durability %@: last reply in %.3f s: %.0f requests/s; exit (files written) after %.3f s",
                     level, bestOn, Double(count) / bestOn, bestExit))
    }
    let (baseInput, baseCount) = ServeBench.stream(scripts, conversations: 1, messages: 1)
    let (_, _, baseRSS, _) = try ServeBench.run(coach, dialogs: directory, input: baseInput, expected: baseCount, keepOpen: true)
    let (openInput, openCount) = ServeBench.stream(scripts, conversations: 100_000, messages: 1)
    let (_, _, openRSS, _) = try ServeBench.run(coach, dialogs: directory, input: openInput, expected: openCount, keepOpen: true)
    print(String(format: "serve: 100,000 open conversations (started, one answer each): resident memory %.1f MiB more than with one, %.0f bytes per conversation",
                 Double(openRSS - baseRSS) / 1_048_576, Double(openRSS - baseRSS) / 100_000))
    let cache = NSTemporaryDirectory() + "coach-bench-cache-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: cache) }
    _ = try ServeBench.firstReply(coach, dialogs: directory, cache: cache)  // writes the compiled-dialog image
    for (what, cache) in [("dialogs compiled", "off"), ("compiled dialogs from the cache", cache)] {
        var firsts: [Double] = []
        for _ in 0..<15 { firsts.append(try ServeBench.firstReply(coach, dialogs: directory, cache: cache)) }
        firsts.sort()
        print(String(format: "serve: first reply %.1f ms after process start (median of 15, best %.1f ms), ",
                     firsts[firsts.count / 2], firsts[0]) + what)
    }
}
