import DialogEngine
import DialogModel

/// An idle conversation kept in a few dozen bytes instead of its live objects: what defines it (its dialog, its
/// answers, the rejected tries at the waiting question, the leader, the day it finished) and what the exchange
/// with the bridge needs (turn, prompt id, message ids). Everything else is derived again when it comes back:
/// the session by folding the answers from the start (`Engine.restore`), the waiting question's prompt id from the
/// turn that first asked it. A conversation comes back as after a restart (docs/protocol.md 2.4): the same session,
/// the same prompt id, the same message ids; a retry of its latest message gets the question now waiting (or the
/// plan), as the rest of that turn's reply is not kept.
///
/// Without transcripts, `coach serve` keeps at most `--max-open` conversations live and the least recently used
/// of the rest in this form (with transcripts on they wait in their transcripts instead).
struct CompactConversation {
    let bytes: [UInt8]

    /// The compact form of a live conversation without a transcript.
    init(_ c: Conversation) {
        var w = Bytes()
        let s = c.session
        w.string(c.engine.dialog.id)
        w.string(c.state.tag)
        w.int(c.state.turn)
        w.int(c.state.activePrompt.map { $0.turn + 1 } ?? 0)
        w.optional(c.state.latestMessageID)
        w.int(c.state.earlier.count)
        for id in c.state.earlier { w.string(id) }
        w.optional(s.leader)
        if case .left = s.phase { w.int(1) } else { w.int(0) }
        w.int(s.attempts)
        let day = s.completion?.day ?? Day(year: 2000, month: 1, day: 1)
        w.int(day.year); w.int(day.month); w.int(day.day)
        w.int(s.answers.count)
        for a in s.answers {
            w.int(a.node)
            w.int(a.item.map { $0 + 1 } ?? 0)
            w.int(a.fellBack ? 1 : 0)
            w.string(a.typed)
            switch a.value {
            case .none: w.int(0)
            case .choice(let i): w.int(1); w.int(i)
            case .choices(let set): w.int(2); w.uint(set.bits)
            case .number(let x): w.int(3); w.uint(x.bitPattern)
            case .text(let t): w.int(4); w.string(t)
            }
        }
        bytes = w.bytes
    }

    /// The live conversation again, on the engine `engine(dialogID)` gives; nil when that dialog is gone.
    func restore(id: String, engine: (String) -> Engine?) -> Conversation? {
        var r = Reader(bytes: bytes)
        guard let engine = engine(r.string()) else { return nil }
        let tag = r.string()
        let turn = r.int()
        let promptTurn = r.int()
        let latest = r.optional()
        let earlier = (0..<r.int()).map { _ in r.string() }
        let leader = r.optional()
        let left = r.int() == 1
        let attempts = r.int()
        let day = Day(year: r.int(), month: r.int(), day: r.int())
        let answers = (0..<r.int()).map { _ -> Answer in
            let node = r.int()
            let item = r.int()
            let fellBack = r.int() == 1
            let typed = r.string()
            let value: Value = switch r.int() {
            case 1: .choice(r.int())
            case 2: .choices(ChoiceSet(bits: r.uint()))
            case 3: .number(Double(bitPattern: r.uint()))
            case 4: .text(r.string())
            default: .none
            }
            return Answer(node: node, item: item == 0 ? nil : item - 1, typed: typed, value: value, fellBack: fellBack)
        }
        let session = engine.restore(answers: answers, attempts: attempts, leader: leader, left: left, day: day)
        let c = Conversation(id: id, engine: engine, session: session, tag: tag)
        var waiting: (question: ConversationStateMachine.Question, prompt: ConversationStateMachine.PromptID)?
        var outputs: [Output] = []
        if case .asking = session.phase {
            let p = engine.prompt(session)
            if promptTurn > 0 {
                waiting = (.init(node: p.node, item: p.item), .init(turn: promptTurn - 1, tag: tag))
            }
            outputs = [.ask(p)]
        } else if let finished = engine.finished(session) {
            outputs = [finished]
        }
        c.state.resumed(turns: turn, messageIDs: earlier.map(Optional.some) + (latest == nil && earlier.isEmpty ? [] : [latest]),
                        waiting: waiting, waitingOutputs: outputs)
        return c
    }

    /// Appends unsigned LEB128 numbers and length-prefixed strings.
    struct Bytes {
        var bytes: [UInt8] = []

        mutating func uint(_ v: UInt64) { LEB128.append(v, to: &bytes) }

        /// A number a conversation holds (node, turn, count, day, choice index): never negative.
        mutating func int(_ v: Int) { uint(UInt64(max(0, v))) }

        mutating func string(_ s: String) {
            int(s.utf8.count)
            bytes.append(contentsOf: s.utf8)
        }

        mutating func optional(_ s: String?) {
            guard let s else { return int(0) }
            int(s.utf8.count + 1)
            bytes.append(contentsOf: s.utf8)
        }
    }

    /// Reads what `Bytes` wrote, in the same order.
    struct Reader {
        let bytes: [UInt8]
        var at = 0

        /// The bytes are this process's own, written by `Bytes`: a malformed number is a bug.
        mutating func uint() -> UInt64 { bytes.withUnsafeBufferPointer { LEB128.read($0, at: &at)! } }

        mutating func int() -> Int { Int(uint()) }

        mutating func string() -> String { text(count: int()) }

        mutating func optional() -> String? {
            let n = int()
            return n == 0 ? nil : text(count: n - 1)
        }

        mutating func text(count n: Int) -> String {
            defer { at += n }
            return String(decoding: bytes[at..<(at + n)], as: UTF8.self)
        }
    }
}
