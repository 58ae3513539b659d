public import DialogEngine
public import DialogModel
import Foundation

/// What replaying one transcript found.
public struct Replay: Sendable {
    /// The verdict on one transcript.
    public enum Verdict: Hashable, Sendable {
        /// The chain is intact, the transcript is sealed, every recorded output was produced again, and the
        /// conversation finished or ended.
        case verified
        /// The replayed engine said something else than the record (or more, or less) at this turn.
        case diverged(Divergence)
        /// The hash chain breaks at this line; nothing was replayed.
        case tampered(line: Int, reason: String)
        /// Everything recorded replays, but the conversation has no plan and was not ended, or the transcript is not
        /// sealed (a live conversation, one cut short, or one recorded before seals): never `verified`.
        case incomplete
        /// The dialog version to replay against is not available (missing snapshot, compile errors, unknown dialog).
        case unavailable(String)
    }

    /// Where a replay first differs from the record.
    public struct Divergence: Hashable, Sendable {
        public let turn: Int
        /// The recorded line that differs (nil when the replay produced more than was recorded).
        public let line: Int?
        /// The question that was waiting when the turn's input arrived (nil at the start or when none was).
        public let node: String?
        public let recorded: JSONValue?
        public let replayed: JSONValue?
    }

    public let verdict: Verdict
    /// Turns replayed, the opening included.
    public let turns: Int
    /// What the replay reached, for coverage.
    public let reach: Reach
    /// The last diagnosis the replayed conversation finished with, when every turn up to the end replayed as recorded
    /// (so its plan message, in format 4 the plan's digest, matched the record); nil otherwise.
    public var diagnosis: Diagnosis? = nil

    /// The plan recomputed from the replayed session: the recorded plan, whole (a format-4 record holds only its
    /// digest). Computed when asked for.
    public var plan: Plan? { diagnosis?.plan }

    public init(verdict: Verdict, turns: Int, reach: Reach) {
        self.verdict = verdict
        self.turns = turns
        self.reach = reach
    }
}

/// The nodes, choices and findings a replayed conversation reached.
public struct Reach: Hashable, Sendable {
    public var nodes = Set<Int>()
    /// [node, choice index]
    public var choices = Set<[Int]>()
    /// Taxonomy finding indices.
    public var findings = Set<Int>()

    public init() {}

    /// Adds what one turn reached: its outputs, and the passages and answers the session holds after it. Those the
    /// session held before the turn, unchanged, were added with an earlier turn.
    mutating func record(_ outputs: [Output], before: Session?, after s: Session) {
        for o in outputs {
            if case .ask(let p) = o { nodes.insert(p.node) }
            if case .recorded(.finding(let f)) = o { findings.insert(f) }
        }
        var passed = 0
        var answered = 0
        if let before {
            let n = min(before.passed.count, s.passed.count)
            while passed < n, before.passed[passed] == s.passed[passed] { passed += 1 }
            answered = Engine.commonAnswers(before, s)
        }
        for p in s.passed[passed...] { nodes.insert(p.node) }
        for a in s.answers[answered...] {
            nodes.insert(a.node)
            switch a.value {
            case .choice(let i): choices.insert([a.node, i])
            case .choices(let set): for i in set { choices.insert([a.node, i]) }
            default: break
            }
        }
    }
}

/// Replays a transcript: folds its inputs through a fresh engine and compares each turn's messages with the record.
public enum Replayer {
    /// One turn of a record: its input (none for the opening) and where its output messages are in the record's.
    struct Turn {
        var input: (Event.Kind, Day, line: Int)?
        var outputs: Range<Int>
    }

    /// A record's turns, and every output message in it with its line, in order (one array for all turns).
    static func turns(_ file: TranscriptFile) -> (turns: [Turn], outputs: [(TranscriptFile.Message, line: Int)]) {
        var turns = [Turn(input: nil, outputs: 0..<0)]
        var outputs: [(TranscriptFile.Message, line: Int)] = []
        outputs.reserveCapacity(file.lines.count)
        for line in file.lines {
            switch line.entry {
            case .input(let input, let day): turns.append(Turn(input: (input, day, line.number), outputs: outputs.count..<outputs.count))
            case .output(let m):
                outputs.append((m, line.number))
                turns[turns.count - 1].outputs = turns[turns.count - 1].outputs.lowerBound..<outputs.count
            }
        }
        return (turns, outputs)
    }

    public static func replay(_ file: TranscriptFile, dialog: Dialog) -> Replay {
        replay(file, engine: Engine(dialog: dialog))
    }

    /// Replays a transcript on an engine (one engine replays any number of transcripts of its dialog).
    public static func replay(_ file: TranscriptFile, engine: Engine) -> Replay {
        let dialog = engine.dialog
        if case .tampered(let line, let reason) = file.integrity {
            return Replay(verdict: .tampered(line: line, reason: reason), turns: 0, reach: Reach())
        }
        guard let startDay = file.header.day else {
            return Replay(verdict: .unavailable("the header's start time '\(file.header.started)' has no date"), turns: 0, reach: Reach())
        }
        let encoder = MessageEncoder(engine: engine, mode: .record, format: file.header.version)
        var diagnosis: Diagnosis?
        var reach = Reach()
        var (session, opening) = engine.start(on: startDay, leader: file.header.leader)
        let (all, recordedOutputs) = turns(file)
        let legacyPlans = file.header.version < TranscriptHeader.planVersion
        let writer = JSONWriter(capacity: 4096)
        // Each replayed message is compared with the recorded one where it is written; the first that differs (or
        // has no recorded counterpart, unless the turn's tail was torn off) is kept. One closure for every turn.
        var turn = all[0]
        var tornHere = false
        var count = 0
        var differs: (index: Int, bytes: [UInt8])?
        let compare: (JSONWriter) -> Void = { w in
            defer { count += 1; w.truncate(to: 0) }
            guard differs == nil else { return }
            if count < turn.outputs.count {
                let recordedMessage = recordedOutputs[turn.outputs.lowerBound + count].0
                if w.withBytes({ replayed in
                    recordedMessage.bytes.withUnsafeBytes { recorded in
                        replayed.count == recorded.count && (recorded.count == 0 || memcmp(replayed.baseAddress!, recorded.baseAddress!, recorded.count) == 0)
                    }
                }) { return }
                // A plan recorded before format 3 was written by the earlier plan builder: it is authenticated by
                // the chain and the seal, but not re-derived; everything that led to it still is.
                if legacyPlans, recordedMessage.json["type"]?.string == "plan",
                   TranscriptFile.Message(bytes: w.bytes).json["type"]?.string == "plan" { return }
            } else if tornHere {
                return
            }
            differs = (count, w.bytes)
        }
        for k in all.indices {
            turn = all[k]
            tornHere = k == all.count - 1 && file.torn != nil
            count = 0
            differs = nil
            var waiting: Int?
            writer.truncate(to: 0)
            if let (input, day, _) = turn.input {
                waiting = session.currentNode
                let before = session
                let out = engine.step(&session, Event(input, on: day))
                reach.record(out, before: before, after: session)
                encoder.messages(out, before: before, after: session, into: writer, each: compare)
                for case .finished(let d) in out { diagnosis = d }
            } else {
                reach.record(opening, before: nil, after: session)
                encoder.messages(opening, before: nil, after: session, into: writer, each: compare)
                for case .finished(let d) in opening { diagnosis = d }
                opening = []
            }
            if differs == nil, count < turn.outputs.count { differs = (count, []) }
            if let (i, bytes) = differs {
                let recorded = i < turn.outputs.count ? recordedOutputs[turn.outputs.lowerBound + i] : nil
                let d = Replay.Divergence(turn: k, line: recorded?.line ?? turn.input?.line, node: waiting.map { dialog.nodes[$0].id },
                                          recorded: recorded?.0.json,
                                          replayed: bytes.isEmpty ? nil : TranscriptFile.Message(bytes: bytes).json)
                return Replay(verdict: .diverged(d), turns: k + 1, reach: reach)
            }
        }
        let complete: Bool = switch session.phase {
        case .finished, .left: true
        case .asking: false
        }
        var replay = Replay(verdict: complete && file.seal != nil ? .verified : .incomplete, turns: all.count, reach: reach)
        // A plan recorded before format 3 is not the one this build computes; a torn turn's plan was not checked.
        if !legacyPlans && file.torn == nil { replay.diagnosis = diagnosis }
        return replay
    }
}
