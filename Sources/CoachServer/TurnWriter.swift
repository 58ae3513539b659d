import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import Transcript

/// The server's side of the one message encoder: a turn's outputs as protocol messages (the `messages` array of a
/// reply), written by `MessageEncoder` in wire mode with what this channel adds (prompt ids, buttons and the
/// answer's shape from per-question fragments prepared once, rendered texts, the plan in the bridge's markup).
final class TurnWriter: WireChannel {
    let capabilities: ServerCapabilities
    /// The prepared question fragments of each dialog, by node index.
    private var tables: [ObjectIdentifier: FragmentTable] = [:]
    /// The conversation being written and its dialog's fragments.
    private var conversation: Conversation?
    private var table: FragmentTable?
    private var tableKey: ObjectIdentifier?
    /// The question waiting when the write began and its prompt id: a question asked again keeps it.
    private var waiting: (question: ConversationStateMachine.Question, prompt: Int)?
    /// The serial of the last prompt id given out in this write.
    private var serial = 0
    /// A prompt id every question of this write gets (the `state` method's waiting question).
    private var fixedSerial: Int?

    /// The question fragments of one dialog, made on first use.
    final class FragmentTable {
        var fragments: [QuestionFragment?]
        init(count: Int) { fragments = Array(repeating: nil, count: count) }
    }

    init(capabilities: ServerCapabilities) { self.capabilities = capabilities }

    /// Starts writing for a conversation: its engine and its dialog's fragment table, looked up once.
    private func begin(_ c: Conversation) {
        conversation = c
        if case .awaiting(let prompt, let question) = c.state.phase { waiting = (question, prompt) } else { waiting = nil }
        let key = ObjectIdentifier(c.engine.dialog)
        if key == tableKey { return }
        tableKey = key
        if let t = tables[key] {
            table = t
        } else {
            let t = FragmentTable(count: c.engine.dialog.nodes.count)
            tables[key] = t
            table = t
        }
    }

    private func end() {
        conversation = nil
        fixedSerial = nil
    }

    /// Writes the messages as a JSON array; prompt ids are numbered from `firstPrompt`. Returns the serial of the
    /// last prompt written (below `firstPrompt` when none was new).
    @discardableResult
    func write(_ outputs: [Output], _ c: Conversation, firstPrompt: Int, into w: JSONWriter) -> Int {
        begin(c)
        defer { end() }
        serial = firstPrompt - 1
        let session = c.session
        let encoder = MessageEncoder(engine: c.engine, mode: .wire(self))
        w.byte(0x5B)
        var first = true
        for output in outputs where encoder.writes(output) {
            if !first { w.byte(0x2C) }
            first = false
            encoder.write(output, session, into: w)
        }
        w.byte(0x5D)
        return serial
    }

    /// A question message with a given prompt id.
    func question(_ p: Prompt, serial: Int, _ c: Conversation, into w: JSONWriter) {
        begin(c)
        defer { end() }
        fixedSerial = serial
        MessageEncoder(engine: c.engine, mode: .wire(self)).write(.ask(p), c.session, into: w)
    }

    func promptID(for prompt: Prompt) -> Int {
        if let fixedSerial { return fixedSerial }
        // The state machine's rule (`promptKept`), read from the phase taken when the write began.
        if prompt.attempt > 1, let waiting, waiting.question == .init(node: prompt.node, item: prompt.item) { return waiting.prompt }
        serial += 1
        return serial
    }

    func fragment(of node: Int) -> QuestionFragment {
        let table = table!
        if let f = table.fragments[node] { return f }
        let f = makeFragment(conversation!.engine.dialog, node)
        table.fragments[node] = f
        return f
    }

    func text(of output: Output, in session: Session) -> String {
        let renderer = TextRenderer(engine: conversation!.engine)
        if case .rejected(let r) = output { return renderer.rejection(r) }
        return renderer.render(output, in: session).trimmed(where: { $0 == "\n" })
    }

    func markup(of plan: Plan) -> String {
        let style: PlanRenderer.Style = switch capabilities.markup {
        case "plain": .text
        case "slack": .slack
        default: .markdown
        }
        return PlanRenderer(style: style).render(plan)
    }

    func makeFragment(_ dialog: Dialog, _ node: Int) -> QuestionFragment {
        let n = dialog.nodes[node]
        let type = n.question!.answer
        let w = JSONWriter()
        w.raw("\"node\":"); w.string(n.id)
        w.raw(",\"answerType\":"); w.string(type.kind.rawValue)
        switch type.kind {
        case .yesNo, .choice, .multi:
            let buttons = capabilities.buttons && type.choices.count <= capabilities.maxButtons
            w.raw(",\"buttons\":"); w.bool(buttons)
            w.raw(",\"choices\":[")
            for (i, choice) in type.choices.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"id\":"); w.string(choice.id)
                let label = choice.label.count > capabilities.maxLabel
                    ? String(choice.label.prefix(max(1, capabilities.maxLabel - 1))) + "…" : choice.label
                w.raw(",\"label\":"); w.string(label)
                if label != choice.label { w.raw(",\"title\":"); w.string(choice.label) }
                if choice.exclusive { w.raw(",\"exclusive\":true") }
                w.raw("}")
            }
            w.raw("]")
            if type.kind == .multi { w.raw(",\"multiple\":true") }
        case .scale:
            let s = type.scale!
            w.raw(",\"scale\":{\"min\":"); w.int(s.min); w.raw(",\"max\":"); w.int(s.max); w.raw(",\"anchors\":[")
            for (i, a) in s.anchors.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(a)
            }
            w.raw("]}")
        case .number:
            let spec = type.number!
            w.raw(",\"number\":{\"integer\":"); w.bool(spec.integer)
            if let lo = spec.min { w.raw(",\"min\":"); w.number(lo) }
            if let hi = spec.max { w.raw(",\"max\":"); w.number(hi) }
            if let unit = spec.unit { w.raw(",\"unit\":"); w.string(unit) }
            w.raw("}")
        case .text:
            let t = type.text!
            w.raw(",\"maxLength\":"); w.int(t.maxLength); w.raw(",\"optional\":"); w.bool(t.optional)
        }
        let renderer = TextRenderer(engine: Engine(dialog: dialog))
        let listing = JSONWriter()
        listing.string("\n" + renderer.answerHint(type).trimmed(where: { $0 == "\n" }))
        return QuestionFragment(shape: w.bytes, listing: Array(listing.bytes.dropFirst().dropLast()))
    }
}
