import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import Transcript

/// Writes a turn's outputs as protocol messages (the `messages` array of a reply), with per-question JSON
/// fragments prepared once, so a reply is mostly copied bytes.
final class TurnWriter {
    let capabilities: ServerCapabilities
    private var fragments: [ObjectIdentifier: [Int: Fragment]] = [:]

    /// The parts of a question message that never change for a node.
    struct Fragment {
        /// `"node":"…","answerType":"…"` and the answer's shape (choices, scale, number, text limit).
        let shape: [UInt8]
        /// The answer options as text, for `fallbackText` (already escaped, without quotes).
        let listing: [UInt8]
    }

    init(capabilities: ServerCapabilities) { self.capabilities = capabilities }

    /// Writes the messages; prompt ids are numbered from `firstPrompt`. Returns the serial of the last prompt written.
    @discardableResult
    func write(_ outputs: [Output], _ c: Conversation, firstPrompt: Int, into w: JSONWriter) -> Int {
        var serial = firstPrompt - 1
        var renderer: TextRenderer { TextRenderer(engine: c.engine) }
        w.raw("[")
        var first = true
        for output in outputs {
            if case .recorded(.variable) = output { continue }
            if !first { w.raw(",") }
            first = false
            switch output {
            case .ask(let p):
                if let kept = c.state.promptKept(by: .init(node: p.node, item: p.item), attempt: p.attempt) {
                    question(p, serial: kept, c, into: w)
                } else {
                    serial += 1
                    question(p, serial: serial, c, into: w)
                }
            case .say(let text):
                w.raw("{\"type\":\"text\",\"text\":"); w.string(text); w.raw("}")
            case .rejected(let r):
                w.raw("{\"type\":\"rejected\",\"node\":"); w.string(r.node)
                w.raw(",\"reason\":"); w.string(OutputEncoder.reasonName(r.reason))
                w.raw(",\"typed\":"); w.string(r.typed)
                w.raw(",\"attemptsLeft\":"); w.int(r.attemptsLeft)
                w.raw(",\"text\":"); w.string(renderer.rejection(r)); w.raw("}")
            case .fellBack(let node, _):
                w.raw("{\"type\":\"fellBack\",\"node\":"); w.string(node)
                w.raw(",\"text\":"); w.string(renderer.render(output, in: c.session).trimmingNewlines()); w.raw("}")
            case .recorded(let record):
                recorded(record, c, into: w)
            case .undone(let node):
                w.raw("{\"type\":\"undone\",\"node\":"); w.string(node)
                w.raw(",\"text\":"); w.string(renderer.render(output, in: c.session).trimmingNewlines()); w.raw("}")
            case .refused(let r):
                w.raw("{\"type\":\"refused\",\"reason\":"); w.string(OutputEncoder.refusalName(r))
                w.raw(",\"text\":"); w.string(renderer.render(output, in: c.session).trimmingNewlines()); w.raw("}")
            case .finished(let diagnosis):
                plan(diagnosis.plan, into: w)
            case .ended:
                w.raw("{\"type\":\"ended\",\"text\":"); w.string(renderer.render(output, in: c.session).trimmingNewlines()); w.raw("}")
            default:
                w.raw("{\"type\":\"text\",\"text\":"); w.string(renderer.render(output, in: c.session).trimmingNewlines()); w.raw("}")
            }
        }
        w.raw("]")
        return serial
    }

    /// A question message: prompt id, node, answer shape, text, progress and a plain-text fallback.
    func question(_ p: Prompt, serial: Int, _ c: Conversation, into w: JSONWriter) {
        let dialog = c.engine.dialog
        let f = fragment(dialog, p.node)
        let text = c.engine.text(of: p, in: c.session)
        w.raw("{\"type\":\"question\",\"promptId\":\"p"); w.int(serial); w.raw("\",")
        w.raw(bytes: f.shape)
        w.raw(",\"text\":"); w.string(text)
        w.raw(",\"attempt\":"); w.int(p.attempt)
        w.raw(",\"progress\":{\"question\":"); w.int(p.progress.question)
        w.raw(",\"about\":"); w.int(p.progress.about)
        if let step = p.progress.step {
            w.raw(",\"step\":"); w.int(step.number); w.raw(",\"stepName\":"); w.string(step.name)
        }
        w.raw("}")
        if let item = p.item, let src = dialog.nodes[p.node].question?.forEach,
           let choice = dialog.nodes[src].question?.answer.choices[item] {
            w.raw(",\"item\":{\"id\":"); w.string(choice.id); w.raw(",\"label\":"); w.string(choice.label); w.raw("}")
        }
        w.raw(",\"fallbackText\":")
        w.stringWithEscapedTail(text, f.listing)
        w.raw("}")
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
        listing.string("\n" + renderer.answerHint(type).trimmingNewlines())
        return Fragment(shape: w.bytes, listing: Array(listing.bytes.dropFirst().dropLast()))
    }

    func recorded(_ r: Record, _ c: Conversation, into w: JSONWriter) {
        let taxonomy = c.engine.dialog.taxonomy
        switch r {
        case .finding(let f):
            w.raw("{\"type\":\"recorded\",\"finding\":"); w.string(taxonomy.findings[f].id)
            w.raw(",\"text\":"); w.string(taxonomy.findings[f].text); w.raw("}")
        case .flag(let name, let value):
            w.raw("{\"type\":\"recorded\",\"flag\":"); w.string(name); w.raw(",\"value\":"); w.string(value); w.raw("}")
        case .note(let n):
            w.raw("{\"type\":\"recorded\",\"note\":"); w.string(taxonomy.notes[n].id)
            w.raw(",\"text\":"); w.string(taxonomy.notes[n].text); w.raw("}")
        case .verification(let v):
            w.raw("{\"type\":\"recorded\",\"verification\":"); w.string(v.id); w.raw(",\"text\":"); w.string(v.text); w.raw("}")
        case .example(let text):
            w.raw("{\"type\":\"recorded\",\"example\":"); w.string(text); w.raw("}")
        case .variable:
            break
        }
    }

    func plan(_ plan: Plan, into w: JSONWriter) {
        w.raw("{\"type\":\"plan\",\"plan\":")
        w.value(OutputEncoder.planJSON(plan))
        let style: PlanRenderer.Style = switch capabilities.markup {
        case "plain": .text
        case "slack": .slack
        default: .markdown
        }
        w.raw(",\"markdown\":"); w.string(PlanRenderer(style: style).render(plan))
        w.raw("}")
    }
}

extension String {
    func trimmingNewlines() -> String {
        var s = Substring(self)
        while s.first == "\n" { s.removeFirst() }
        while s.last == "\n" { s.removeLast() }
        return String(s)
    }
}

extension JSONWriter {
    /// A string whose tail is already escaped JSON string content (without quotes).
    func stringWithEscapedTail(_ head: String, _ tail: [UInt8]) {
        byte(0x22)
        stringContent(head)
        raw(bytes: tail)
        byte(0x22)
    }
}
