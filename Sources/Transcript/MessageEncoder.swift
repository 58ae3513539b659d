public import DialogEngine
public import DialogModel

/// The one place every message is encoded, for the wire (`coach serve`'s replies) and for the record (transcript
/// lines): the engine's outputs as the protocol's messages (`question`, `text`, `rejected`, `recorded`, `fellBack`,
/// `undone`, `refused`, `plan`, `ended`, docs/protocol.md section 5), written as JSON members into one buffer.
///
/// Both modes write the same members in the same order; the wire adds what belongs to one channel (prompt ids,
/// the answer's shape and buttons, rendered texts, the plan in markup), which the front end supplies as a
/// `WireChannel`. Outputs the protocol has no message for keep the engine's names in the record (`explained`,
/// `helped`, `located`, `summarized`, `changed`, `restarted`) and go on the wire as `text` messages; the record
/// also keeps `answered` (an answer as understood) and `variable` records, which the wire leaves out.
public struct MessageEncoder {
    /// Which stream a message is written for.
    public enum Mode {
        /// A transcript line: the conversation's facts, nothing of one channel.
        case record
        /// A reply line: the facts and the channel's parts.
        case wire(any WireChannel)
    }

    public let engine: Engine
    public let mode: Mode
    /// The wire mode's channel, taken out of `mode` once (not per message, which copied and released it).
    let channel: (any WireChannel)?
    /// The transcript format record mode writes: its plan message is the compact `PlanRecord` from format 4
    /// (`TranscriptHeader.compactPlanVersion`), the whole plan before (a format-3 transcript continued or replayed).
    public var recordFormat = TranscriptHeader.currentVersion

    public init(engine: Engine, mode: Mode) {
        self.engine = engine
        self.mode = mode
        channel = if case .wire(let c) = mode { c } else { nil }
    }

    var dialog: Dialog { engine.dialog }

    /// Opens a message object: `{"turn":N,` (a record line) or `{`; its members and `}` follow.
    @inline(__always)
    public static func open(_ w: JSONWriter, turn: Int?) {
        if let turn { w.raw("{\"turn\":"); w.int(turn); w.byte(0x2C) } else { w.byte(0x7B) }
    }

    /// Writes the messages of one turn as complete objects, each passed to `each` after it is written (the record
    /// seals each as a line; the wire separates them with commas). In record mode, `answered` messages come first
    /// for each answer the event added or changed (`before` -> `after`).
    public func messages(_ outputs: [Output], before: Session?, after: Session, into w: JSONWriter, turn: Int? = nil,
                         each: (JSONWriter) throws -> Void) rethrows {
        if case .record = mode, let before {
            let common = Engine.commonAnswers(before, after)
            if common < after.answers.count {
                for i in common..<after.answers.count {
                    Self.open(w, turn: turn)
                    answered(engine.summaryLine(after, at: i), into: w)
                    w.byte(0x7D)
                    try each(w)
                }
            }
        }
        for o in outputs where writes(o) {
            Self.open(w, turn: turn)
            message(o, after, into: w)
            w.byte(0x7D)
            try each(w)
        }
    }

    /// Writes one output as a whole message object (`{…}`).
    public func write(_ output: Output, _ session: Session, into w: JSONWriter) {
        w.byte(0x7B)
        message(output, session, into: w)
        w.byte(0x7D)
    }

    /// Whether an output is a message in this mode (the wire leaves `variable` records out).
    public func writes(_ output: Output) -> Bool {
        if channel != nil, case .recorded(.variable) = output { return false }
        return true
    }

    /// An `answered` message's members: an answer as understood.
    func answered(_ line: Summary.Line, into w: JSONWriter, typed: Bool = true) {
        if typed { w.raw("\"type\":\"answered\",") }
        w.raw("\"node\":"); w.string(line.nodeID)
        w.raw(",\"label\":"); w.string(line.label)
        if let item = line.item { w.raw(",\"item\":"); w.string(item) }
        w.raw(",\"answer\":"); w.string(line.answer)
    }

    /// One output's members (without braces).
    public func message(_ output: Output, _ session: Session, into w: JSONWriter) {
        func text(_ t: String) { w.raw(",\"text\":"); w.string(t) }
        func channelText() { if let channel { text(channel.text(of: output, in: session)) } }
        /// The question's short name (as in `answered` and the plan's answers), for a person to read; wire only, so
        /// the record keeps its form.
        func channelLabel(_ node: String) {
            if channel != nil, let label = dialog.node(node)?.question?.label { w.raw(",\"label\":"); w.string(label) }
        }
        switch output {
        case .say(let t):
            w.raw("\"type\":\"text\""); text(t)
        case .ask(let p):
            let node = dialog.nodes[p.node]
            w.raw("\"type\":\"question\"")
            let fragment = channel?.fragment(of: p.node)
            if let channel, let fragment {
                w.raw(",\"promptId\":\""); channel.writePromptID(for: p, into: w); w.raw("\",")
                w.raw(bytes: fragment.shape)
            } else {
                w.raw(",\"node\":"); w.string(node.id)
            }
            if let item = p.item, let src = node.question?.forEach, let choice = dialog.nodes[src].question?.answer.choices[item] {
                w.raw(",\"item\":{\"id\":"); w.string(choice.id); w.raw(",\"label\":"); w.string(choice.label); w.byte(0x7D)
            }
            w.raw(",\"attempt\":"); w.int(p.attempt)
            w.raw(",\"progress\":"); progress(p.progress, into: w)
            let question = engine.text(of: p, in: session)
            text(question)
            if let fragment {
                w.raw(",\"fallbackText\":\""); w.stringContent(question); w.raw(bytes: fragment.listing); w.byte(0x22)
            }
        case .rejected(let r):
            w.raw("\"type\":\"rejected\"")
            w.raw(",\"node\":"); w.string(r.node)
            w.raw(",\"reason\":"); w.string(Self.reasonName(r.reason))
            w.raw(",\"typed\":"); w.string(r.typed)
            w.raw(",\"attemptsLeft\":"); w.int(r.attemptsLeft)
            channelText()
        case .fellBack(let node, _):
            w.raw("\"type\":\"fellBack\""); w.raw(",\"node\":"); w.string(node); channelLabel(node); channelText()
        case .recorded(let record):
            w.raw("\"type\":\"recorded\""); recorded(record, problem: engine.problem(of: session), into: w)
        case .undone(let node):
            w.raw("\"type\":\"undone\""); w.raw(",\"node\":"); w.string(node); channelLabel(node); channelText()
        case .refused(let r):
            w.raw("\"type\":\"refused\""); w.raw(",\"reason\":"); w.string(Self.refusalName(r))
            switch r {
            case .notAnswered(let n), .unknownNode(let n), .perItem(let n): w.raw(",\"node\":"); w.string(n)
            default: break
            }
            channelText()
        case .finished(let diagnosis):
            // Built and encoded once (the record's digest and the reply share the encoding): the structured plan
            // (or, in a format-4 record, its compact form), then whatever renderings the channel adds from it.
            w.raw("\"type\":\"plan\"")
            if channel == nil, recordFormat >= TranscriptHeader.compactPlanVersion { PlanRecord.write(diagnosis, into: w); break }
            w.raw(",\"plan\":"); w.raw(bytes: PlanWriter.canonical(diagnosis))
            channel?.writeRenderings(of: diagnosis.plan, into: w)
        case .ended:
            w.raw("\"type\":\"ended\""); channelText()
        case .explained, .helped, .located, .summarized, .changed, .restarted:
            if channel != nil { w.raw("\"type\":\"text\""); channelText() } else { engineMessage(output, into: w) }
        }
    }

    /// The record's messages for the outputs the protocol has no message for.
    func engineMessage(_ output: Output, into w: JSONWriter) {
        switch output {
        case .explained(let e):
            w.raw("\"type\":\"explained\",\"node\":"); w.string(e.node)
            if let t = e.text { w.raw(",\"text\":"); w.string(t) }
            if let s = e.source { w.raw(",\"source\":"); w.string(s) }
        case .helped(let h):
            w.raw("\"type\":\"helped\",\"node\":"); w.string(dialog.nodes[h.node].id)
            if let t = h.text { w.raw(",\"text\":"); w.string(t) }
        case .located(let p):
            w.raw("\"type\":\"located\",\"progress\":"); progress(p, into: w)
            w.raw(",\"finished\":"); w.bool(p.finished)
        case .summarized(let s):
            w.raw("\"type\":\"summarized\",\"answers\":[")
            for (i, line) in s.answers.enumerated() {
                if i > 0 { w.byte(0x2C) }
                w.byte(0x7B); answered(line, into: w, typed: false); w.byte(0x7D)
            }
            w.raw("],\"findings\":[")
            for (i, f) in s.findings.enumerated() {
                if i > 0 { w.byte(0x2C) }
                w.string(dialog.taxonomy.findings[f].id)
            }
            w.raw("],\"flags\":{")
            for (i, (k, v)) in s.flags.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { w.byte(0x2C) }
                w.string(k); w.byte(0x3A); w.string(v)
            }
            w.raw("},\"notes\":[")
            for (i, n) in s.notes.enumerated() {
                if i > 0 { w.byte(0x2C) }
                w.string(dialog.taxonomy.notes[n].id)
            }
            w.byte(0x5D)
        case .changed(let node, let dropped):
            w.raw("\"type\":\"changed\",\"node\":"); w.string(node)
            w.raw(",\"dropped\":[")
            for (i, d) in dropped.enumerated() {
                if i > 0 { w.byte(0x2C) }
                w.string(d)
            }
            w.byte(0x5D)
        case .restarted:
            w.raw("\"type\":\"restarted\"")
        default:
            preconditionFailure("not an engine-only output: \(output)")
        }
    }

    func progress(_ p: DialogEngine.Progress, into w: JSONWriter) {
        w.raw("{\"question\":"); w.int(p.question)
        w.raw(",\"about\":"); w.int(p.about)
        if let step = p.step { w.raw(",\"step\":"); w.int(step.number); w.raw(",\"stepName\":"); w.string(step.name) }
        w.byte(0x7D)
    }

    func recorded(_ r: Record, problem: String?, into w: JSONWriter) {
        let taxonomy = dialog.taxonomy
        switch r {
        case .finding(let f):
            w.raw(",\"finding\":"); w.string(taxonomy.findings[f].id)
            w.raw(",\"text\":"); w.string(taxonomy.findings[f].texts.text(for: problem))
        case .flag(let name, let value):
            w.raw(",\"flag\":"); w.string(name); w.raw(",\"value\":"); w.string(value)
        case .variable(let name, let value):
            w.raw(",\"variable\":"); w.string(name); w.raw(",\"value\":"); w.string(value)
        case .note(let n):
            w.raw(",\"note\":"); w.string(taxonomy.notes[n].id); w.raw(",\"text\":"); w.string(taxonomy.notes[n].text)
        case .verification(let v):
            w.raw(",\"verification\":"); w.string(v.id); w.raw(",\"text\":"); w.string(v.text)
        case .example(let text):
            w.raw(",\"example\":"); w.string(text)
        }
    }

    /// The protocol's reason codes (docs/protocol.md 5.5).
    public static func reasonName(_ r: Rejection.Reason) -> String {
        switch r {
        case .empty: "empty"
        case .notAChoice: "notAChoice"
        case .ambiguous: "ambiguous"
        case .unknownChoiceID: "unknownChoiceId"
        case .notANumber: "notANumber"
        case .notWhole: "notWhole"
        case .outOfRange: "outOfRange"
        case .wrongUnit: "wrongUnit"
        case .oneOnly: "oneOnly"
        case .exclusive: "exclusive"
        case .tooLong: "tooLong"
        case .didYouMean: "didYouMean"
        }
    }

    /// The protocol's refusal codes (docs/protocol.md 5.9).
    public static func refusalName(_ r: Refusal) -> String {
        switch r {
        case .nothingToUndo: "nothingToUndo"
        case .notAnswered: "notAnswered"
        case .unknownNode: "unknownNode"
        case .perItem: "perItem"
        case .notAsking: "notAsking"
        case .ended: "ended"
        }
    }
}

/// What a front end adds to a message on its wire: prompt ids, the answer's shape (buttons, choices, ranges) and
/// its listing as text, the texts it renders for people, and the plan in its markup.
public protocol WireChannel: AnyObject {
    /// Writes the prompt id of a question being asked (an opaque string, as escaped JSON string content, without
    /// quotes): a new one, or the waiting question's if this asks it again.
    func writePromptID(for prompt: Prompt, into w: JSONWriter)
    /// The prepared parts of a question's message on this channel.
    func fragment(of node: Int) -> QuestionFragment
    /// The text shown to a person for an output (a rejection, a fallback, an undo, a refusal, an ending, an
    /// explanation).
    func text(of output: Output, in session: Session) -> String
    /// Writes the members a plan message carries besides the structured plan on this channel (the plan in the
    /// markup the bridge asked for, and cut into parts within its message length), each starting with a comma;
    /// nothing when it asked for none.
    func writeRenderings(of plan: Plan, into w: JSONWriter)
}

/// The parts of a question message that never change for a node on one channel, prepared once.
public struct QuestionFragment: Sendable {
    /// The question's node and the members describing its answer (`"node":…,"answerType":…` and its shape:
    /// buttons, choices, scale, number, text limit), JSON without braces.
    public let shape: [UInt8]
    /// The answer options as text, appended to the question for `fallbackText` (escaped JSON string content).
    public let listing: [UInt8]

    public init(shape: [UInt8], listing: [UInt8]) {
        self.shape = shape
        self.listing = listing
    }
}
