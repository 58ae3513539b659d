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
    private var fragments: [ObjectIdentifier: [Int: Fragment]] = [:]
    /// The conversation being written.
    private var conversation: Conversation?
    /// The serial of the last prompt id given out in this write.
    private var serial = 0
    /// A prompt id every question of this write gets (the `state` method's waiting question).
    private var fixedSerial: Int?

    /// The parts of a question message that never change for a node.
    struct Fragment {
        /// `"answerType":"…"` and the answer's shape (choices, scale, number, text limit).
        let shape: [UInt8]
        /// The answer options as text, for `fallbackText` (already escaped, without quotes).
        let listing: [UInt8]
    }

    init(capabilities: ServerCapabilities) { self.capabilities = capabilities }

    /// Writes the messages as a JSON array; prompt ids are numbered from `firstPrompt`. Returns the serial of the
    /// last prompt written (below `firstPrompt` when none was new).
    @discardableResult
    func write(_ outputs: [Output], _ c: Conversation, firstPrompt: Int, into w: JSONWriter) -> Int {
        conversation = c
        serial = firstPrompt - 1
        defer { conversation = nil }
        let encoder = MessageEncoder(engine: c.engine, mode: .wire(self))
        w.byte(0x5B)
        var first = true
        for output in outputs where encoder.writes(output) {
            if !first { w.byte(0x2C) }
            first = false
            MessageEncoder.object(into: w) { encoder.message(output, c.session, into: w) }
        }
        w.byte(0x5D)
        return serial
    }

    /// A question message with a given prompt id.
    func question(_ p: Prompt, serial: Int, _ c: Conversation, into w: JSONWriter) {
        conversation = c
        fixedSerial = serial
        defer { conversation = nil; fixedSerial = nil }
        let encoder = MessageEncoder(engine: c.engine, mode: .wire(self))
        MessageEncoder.object(into: w) { encoder.message(.ask(p), c.session, into: w) }
    }

    func promptID(for prompt: Prompt) -> Int {
        if let fixedSerial { return fixedSerial }
        if let kept = conversation?.state.promptKept(by: .init(node: prompt.node, item: prompt.item), attempt: prompt.attempt) {
            return kept
        }
        serial += 1
        return serial
    }

    func shape(of node: Int) -> [UInt8] { fragment(conversation!.engine.dialog, node).shape }

    func listing(of node: Int) -> [UInt8] { fragment(conversation!.engine.dialog, node).listing }

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

    func fragment(_ dialog: Dialog, _ node: Int) -> Fragment {
        let key = ObjectIdentifier(dialog)
        if let f = fragments[key]?[node] { return f }
        let f = makeFragment(dialog, node)
        fragments[key, default: [:]][node] = f
        return f
    }

    func makeFragment(_ dialog: Dialog, _ node: Int) -> Fragment {
        let n = dialog.nodes[node]
        let type = n.question!.answer
        let w = JSONWriter()
        w.raw("\"answerType\":"); w.string(type.kind.rawValue)
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
        return Fragment(shape: w.bytes, listing: Array(listing.bytes.dropFirst().dropLast()))
    }
}
