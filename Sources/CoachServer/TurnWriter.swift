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
    /// The turn of the reply being written, and whether it is the latest reply sent again (a retry).
    private var turn = 0
    private var resent = false
    /// A prompt id every question of this write gets (the `state` method's waiting question).
    private var fixedPrompt: ConversationStateMachine.PromptID?
    /// The markup of the plan being written, when a request named one (`conversation/plan`); nil: the bridge's.
    private var markup: String?

    /// The question fragments of one dialog, made on first use.
    final class FragmentTable {
        var fragments: [QuestionFragment?]
        init(count: Int) { fragments = Array(repeating: nil, count: count) }
    }

    init(capabilities: ServerCapabilities) { self.capabilities = capabilities }

    /// Starts writing for a conversation: its engine and its dialog's fragment table, looked up once.
    private func begin(_ c: Conversation) {
        conversation = c
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
        fixedPrompt = nil
        markup = nil
    }

    /// Writes the messages of the reply of turn `turn` as a JSON array (`resent`: the latest reply again, for a
    /// retry); its question's prompt id is the state machine's (`promptID(for:attempt:turn:resent:)`).
    func write(_ outputs: [Output], _ c: Conversation, turn: Int, resent: Bool, into w: JSONWriter) {
        begin(c)
        defer { end() }
        self.turn = turn
        self.resent = resent
        let encoder = MessageEncoder(engine: c.engine, mode: .wire(self))
        w.byte(0x5B)
        c.withSession { session in
            var first = true
            for output in outputs where encoder.writes(output) {
                if !first { w.byte(0x2C) }
                first = false
                encoder.write(output, session, into: w)
            }
        }
        w.byte(0x5D)
    }

    /// A question message with a given prompt id.
    func question(_ p: Prompt, id: ConversationStateMachine.PromptID, _ c: Conversation, into w: JSONWriter) {
        begin(c)
        defer { end() }
        fixedPrompt = id
        MessageEncoder(engine: c.engine, mode: .wire(self)).write(.ask(p), c.session, into: w)
    }

    /// One message that asks nothing (a `plan`), outside a turn; `markup` overrides the bridge's choice for it.
    func message(_ output: Output, _ c: Conversation, markup: String? = nil, into w: JSONWriter) {
        begin(c)
        defer { end() }
        self.markup = markup
        MessageEncoder(engine: c.engine, mode: .wire(self)).write(output, c.session, into: w)
    }

    func writePromptID(for prompt: Prompt, into w: JSONWriter) {
        let id = fixedPrompt ?? conversation!.state.promptID(for: .init(node: prompt.node, item: prompt.item),
                                                            attempt: prompt.attempt, turn: turn, resent: resent)
        id.write(into: w)
    }

    func fragment(of node: Int) -> QuestionFragment {
        let table = table!
        if let f = table.fragments[node] { return f }
        let f = makeFragment(conversation!.engine.dialog, node)
        table.fragments[node] = f
        return f
    }

    func text(of output: Output, in session: Session) -> String {
        TextRenderer(engine: conversation!.engine, channel: .chat).said(output, in: session)
    }

    func writeRenderings(of plan: Plan, into w: JSONWriter) {
        guard let style = Self.style(markup ?? capabilities.markup) else { return }
        let renderer = PlanRenderer(style: style)
        w.raw(",\"markdown\":"); w.string(renderer.render(plan))
        guard let limit = capabilities.maxMessageChars else { return }
        w.raw(",\"parts\":[")
        for (i, part) in renderer.parts(plan, maxLength: limit).enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(part)
        }
        w.byte(0x5D)
    }

    /// The renderer's style for a markup name; nil for `none` (the structured plan only).
    static func style(_ markup: String) -> PlanRenderer.Style? {
        switch markup {
        case "plain": .text
        case "slack": .slack
        case "markdown": .markdown
        default: nil
        }
    }

    /// A choice's label as a button shows it: when longer than `maxLabel`, its words that fit in `maxLabel - 1`
    /// characters and "…" ("Yes, but only some" at 12 is "Yes, but…"); a first word longer than that is cut.
    static func label(_ label: String, maxLabel: Int) -> String {
        guard label.count > maxLabel else { return label }
        let room = max(1, maxLabel - 1)
        let head = label.prefix(room)
        let cut = head.endIndex
        // The cut falls between words when the next character is a space; else it goes back to the last space.
        var end = label[cut].isWhitespace ? cut : (head.lastIndex(where: \.isWhitespace) ?? head.startIndex)
        // No comma, colon or space before the ellipsis.
        while end > head.startIndex, let c = head[..<end].last, c.isWhitespace || ",;:-–—".contains(c) { end = head.index(before: end) }
        return end > head.startIndex ? String(head[..<end]) + "…" : String(head) + "…"
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
                let label = Self.label(choice.label, maxLabel: capabilities.maxLabel)
                w.raw(",\"label\":"); w.string(label)
                if label != choice.label { w.raw(",\"title\":"); w.string(choice.label) }
                if choice.exclusive { w.raw(",\"exclusive\":true") }
                w.raw("}")
            }
            w.raw("]")
            if type.kind == .multi {
                w.raw(",\"multiple\":true")
                // An empty answer (`"text": ""`) skips an optional multi question; only written when it does.
                if type.optional { w.raw(",\"optional\":true") }
            }
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
            // As for multi: an empty answer skips an optional number question.
            if type.optional { w.raw(",\"optional\":true") }
        case .text:
            let t = type.text!
            w.raw(",\"maxLength\":"); w.int(t.maxLength); w.raw(",\"optional\":"); w.bool(t.optional)
        }
        let renderer = TextRenderer(engine: Engine(dialog: dialog), channel: .chat)
        let listing = JSONWriter()
        listing.string("\n" + renderer.answerHint(type).trimmed(where: { $0 == "\n" }))
        return QuestionFragment(shape: w.bytes, listing: Array(listing.bytes.dropFirst().dropLast()))
    }
}
