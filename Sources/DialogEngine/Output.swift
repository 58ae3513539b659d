public import DialogModel
import Synchronization

/// What the engine tells a front end to do; the REPL renders it as text, the server as JSON.
public enum Output: Hashable, Sendable {
    /// Show a text from a say or end node.
    case say(String)
    /// Ask a question and wait for the answer.
    case ask(Prompt)
    /// The answer did not fit; say why (the question is asked again right after).
    indirect case rejected(Rejection)
    /// The retries ran out; the question was settled with its fallback answer.
    indirect case fellBack(node: String, value: Value)
    /// A branch recorded something (for the audit trail; front ends may stay quiet about it).
    case recorded(Record)
    /// Why the current question is asked.
    indirect case explained(Explanation)
    /// Help with the current question.
    indirect case helped(Help)
    /// Where the leader is.
    indirect case located(Progress)
    /// The answers and findings so far.
    indirect case summarized(Summary)
    /// The last answer (given at this node) was undone.
    indirect case undone(node: String)
    /// The answer at a node was changed; later answers no longer on the path were dropped.
    indirect case changed(node: String, dropped: [String])
    /// The conversation started over.
    case restarted
    /// The request could not be carried out; nothing changed.
    indirect case refused(Refusal)
    /// The diagnosis is complete; its plan is written on demand.
    indirect case finished(Diagnosis)
    /// The leader left; the answers so far are kept.
    case ended
}

/// A question to ask: which node, for which item, which attempt, and where it stands. Its text is the node's
/// prompt with the session's values filled in (`Engine.text(of:in:)`); the edge renders it when it shows it.
public struct Prompt: Hashable, Sendable {
    private let node32: Int32
    private let item16: Int16
    private let attempt16: Int16
    public let progress: Progress

    public init(node: Int, item: Int?, attempt: Int, progress: Progress) {
        node32 = Int32(node)
        item16 = Int16(item ?? -1)
        attempt16 = Int16(attempt)
        self.progress = progress
    }

    /// Node index in the dialog (for its id, answer type and choices).
    public var node: Int { Int(node32) }
    /// For `forEach` questions: the choice index of the item being asked about.
    public var item: Int? { item16 < 0 ? nil : Int(item16) }
    /// 1 for the first asking, 2 after one rejection, ...
    public var attempt: Int { Int(attempt16) }
}

/// Why an answer was rejected, as data.
public struct Rejection: Hashable, Sendable {
    /// The reasons an answer does not fit.
    public enum Reason: Hashable, Sendable {
        /// Nothing was typed.
        case empty
        /// The text matches none of the choices.
        case notAChoice
        /// The text starts several choices' labels.
        case ambiguous([Int])
        /// A choice id sent by a button does not exist.
        case unknownChoiceID(String)
        /// The text is not a number.
        case notANumber
        /// The number must be whole.
        case notWhole
        /// The number is outside the range.
        case outOfRange(min: Double?, max: Double?)
        /// The number carries a unit other than the question's.
        case wrongUnit(String)
        /// Only one choice may be given.
        case oneOnly
        /// An exclusive choice (by index) was combined with others.
        case exclusive(Int)
        /// The text is longer than the limit.
        case tooLong(limit: Int, length: Int)
        /// The text is a small typo of one answer (its label or anchor), offered, not taken.
        case didYouMean(String)
    }

    /// The most Unicode scalars of a typed text a rejection (or an answer) keeps: a longer text is cut to its first
    /// `maxTyped - 1` scalars and `…`, so what the engine keeps of a rejected answer is bounded by this, not by the
    /// line cap of a front end (docs/protocol.md section 1.9).
    public static let maxTyped = 1000

    public let node: String
    /// What was typed, cut to `maxTyped` Unicode scalars (`kept(_:)`).
    public let typed: String
    public let reason: Reason
    /// Rejections still allowed before the fallback.
    public let attemptsLeft: Int

    public init(node: String, typed: String, reason: Reason, attemptsLeft: Int) {
        self.node = node
        self.typed = Self.kept(typed)
        self.reason = reason
        self.attemptsLeft = attemptsLeft
    }

    /// `typed` as kept: unchanged up to `maxTyped` Unicode scalars, else its first `maxTyped - 1` and `…`.
    public static func kept(_ typed: String) -> String {
        if typed.utf8.count <= maxTyped { return typed }
        let scalars = typed.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: maxTyped, limitedBy: scalars.endIndex),
              cut != scalars.endIndex else { return typed }
        let end = scalars.index(scalars.startIndex, offsetBy: maxTyped - 1)
        return String(scalars[..<end]) + "…"
    }
}

/// Something a branch recorded.
public enum Record: Hashable, Sendable {
    /// A finding, by taxonomy index.
    case finding(Int)
    /// A flag and its new value (text).
    indirect case flag(String, String)
    /// A variable and its new value.
    indirect case variable(String, String)
    /// A note, by taxonomy index.
    case note(Int)
    /// A verification task.
    indirect case verification(Verification)
    /// An example for the lesson plans.
    indirect case example(String)
}

/// A task to gather evidence before the follow-up date (`V-OTT.G1`).
public struct Verification: Hashable, Sendable {
    public let id: String
    public let text: String
}

/// The rationale for the current question.
public struct Explanation: Hashable, Sendable {
    public let node: String
    public let text: String?
    public let source: String?
}

/// Help for the current question.
public struct Help: Hashable, Sendable {
    public let node: Int
    public let text: String?
}

/// Where a conversation stands.
public struct Progress: Hashable, Sendable {
    public let step: Step?
    public let finished: Bool
    private let question32: Int32
    private let about32: Int32

    public init(step: Step?, question: Int, about: Int, finished: Bool) {
        self.step = step
        self.finished = finished
        question32 = Int32(question)
        about32 = Int32(about)
    }

    /// The number of the question being asked (answers so far + 1).
    public var question: Int { Int(question32) }
    /// About how many questions there are in all on this path.
    public var about: Int { Int(about32) }
}

/// The conversation so far.
public struct Summary: Hashable, Sendable {
    /// One answer as understood.
    public struct Line: Hashable, Sendable {
        public let nodeID: String
        public let label: String
        public let item: String?
        public let answer: String
    }

    public let answers: [Line]
    /// Taxonomy indices, in plan order.
    public let findings: [Int]
    public let flags: [String: String]
    public let notes: [Int]
}

/// Why a request was refused.
public enum Refusal: Hashable, Sendable {
    /// `back` with no answer to undo.
    case nothingToUndo
    /// `change` for a node that was not answered on this path.
    case notAnswered(String)
    /// `change` for a node id the dialog does not have.
    case unknownNode(String)
    /// `change` for a question asked once per item; go back instead.
    case perItem(String)
    /// An answer or `why`/`help` when no question is waiting (the diagnosis is finished).
    case notAsking
    /// Anything but restart after the leader left.
    case ended
}
extension Summary.Line: Codable {}
extension Verification: Codable {}

/// A finished diagnosis: the dialog and the session as they were at the end. Its plan is computed when first asked
/// for, so finishing costs nothing until a front end shows the plan, and once: the record and the wire of the turn
/// that finished (and any copy of this value) share the one plan.
public struct Diagnosis: Hashable, Sendable {
    public let dialog: Dialog
    let program: Program
    public let session: Session
    /// The plan once built. A plan is a pure function of the session, so the memo changes no result.
    let memo = PlanMemo()

    init(dialog: Dialog, program: Program, session: Session) {
        precondition(session.completion != nil, "a diagnosis needs a finished session")
        self.dialog = dialog
        self.program = program
        self.session = session
    }

    /// The coaching plan.
    public var plan: Plan {
        memo.plan.withLock { memo in
            if let plan = memo { return plan }
            let c = session.completion!
            let plan = PlanBuilder(dialog: dialog, program: program, session: session, partIndex: c.part, day: c.day).build()
            memo = plan
            return plan
        }
    }

    /// The plan's canonical encoding (the structured plan as the transcript module's `PlanWriter` writes it),
    /// made by `encode` when first asked for and kept with the plan: the record's digest of the plan and the reply
    /// that carries it share one encoding. Callers pass the one canonical encoder; the bytes are not this module's
    /// to interpret.
    public func canonicalEncoding(_ encode: (Plan) -> [UInt8]) -> [UInt8] {
        if let bytes = memo.encoding.withLock({ $0 }) { return bytes }
        let bytes = encode(plan)
        return memo.encoding.withLock { kept in
            if let kept { return kept }
            kept = bytes
            return bytes
        }
    }

    public static func == (a: Diagnosis, b: Diagnosis) -> Bool { a.dialog === b.dialog && a.session == b.session }
    public func hash(into h: inout Hasher) { h.combine(session) }
}

/// A diagnosis's plan and its canonical encoding, each made at most once, behind locks (a `Diagnosis` is `Sendable`).
final class PlanMemo: Sendable {
    let plan = Mutex<Plan?>(nil)
    let encoding = Mutex<[UInt8]?>(nil)
}
