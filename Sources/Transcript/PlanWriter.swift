import DialogModel
public import DialogEngine

/// The plan's one JSON writer: the members and order of its `Codable` form (keys sorted, nil members left out),
/// written straight into a buffer. Its one reader is `PlanReader.read`; a test
/// holds the two to each other and to `JSONEncoder` with sorted keys.
public enum PlanWriter {
    /// Writes the plan as one JSON object.
    public static func write(_ plan: Plan, into w: JSONWriter) {
        var first = true
        func key(_ k: StaticString) {
            if !first { w.byte(0x2C) }
            first = false
            w.byte(0x22); w.raw(k); w.raw("\":")
        }
        func object(_ body: () -> Void) {
            let outer = first
            first = true
            w.byte(0x7B); body(); w.byte(0x7D)
            first = outer
        }
        func array<T>(_ items: [T], _ each: (T) -> Void) {
            w.byte(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { w.byte(0x2C) }
                each(item)
            }
            w.byte(0x5D)
        }
        func strings(_ items: [String]) { array(items) { w.string($0) } }
        func pair(_ k1: StaticString, _ v1: String, _ k2: StaticString, _ v2: String) {
            object { key(k1); w.string(v1); key(k2); w.string(v2) }
        }
        func line(_ a: Summary.Line) {
            object {
                key("answer"); w.string(a.answer)
                if let item = a.item { key("item"); w.string(item) }
                key("label"); w.string(a.label)
                key("nodeID"); w.string(a.nodeID)
            }
        }
        object {
            key("answers"); array(plan.answers, line)
            if let c = plan.coaching {
                key("coaching"); object { key("reason"); w.string(c.reason); key("style"); w.string(c.style.rawValue) }
            }
            if let c = plan.commitment { key("commitment"); w.string(c) }
            key("decisions"); array(plan.decisions) { d in
                object {
                    if let c = d.chosen { key("chosen"); w.string(c) }
                    if let due = d.due { key("due"); w.day(due) }
                    key("id"); w.string(d.id)
                    key("options"); array(d.options) { o in
                        object {
                            key("actionIDs"); strings(o.actionIDs)
                            key("consequence"); w.string(o.consequence)
                            key("id"); w.string(o.id)
                            key("label"); w.string(o.label)
                        }
                    }
                    key("title"); w.string(d.title)
                }
            }
            key("dropped"); array(plan.dropped) { d in
                object {
                    key("actionID"); w.string(d.actionID)
                    key("findingID"); w.string(d.findingID)
                    key("reason"); w.string(d.reason)
                    key("text"); w.string(d.text)
                }
            }
            key("findings"); array(plan.findings) { f in
                object {
                    key("category"); w.string(f.category.rawValue)
                    key("cell"); w.string(f.cell)
                    key("component"); w.string(f.component.key)
                    key("evidence"); array(f.evidence, line)
                    key("fix"); w.string(f.fix.rawValue)
                    key("id"); w.string(f.id)
                    key("source"); w.string(f.source)
                    key("text"); w.string(f.text)
                    key("weight"); w.int(f.weight)
                }
            }
            key("flags"); object {
                for (k, v) in plan.flags.sorted(by: { $0.key < $1.key }) {
                    if !first { w.byte(0x2C) }
                    first = false
                    w.string(k); w.byte(0x3A); w.string(v)
                }
            }
            key("focus"); strings(plan.focus)
            key("followUps"); array(plan.followUps) { f in object { key("date"); w.day(f.date); key("what"); w.string(f.what) } }
            if let g = plan.goal { key("goal"); w.string(g) }
            let h = plan.header
            key("header"); object {
                key("date"); w.day(h.date)
                key("dialogID"); w.string(h.dialogID)
                if let l = h.leader { key("leader"); w.string(l) }
                if let p = h.people { key("people"); w.string(p) }
                if let p = h.problem { key("problem"); w.string(p) }
                key("resultsDate"); w.day(h.resultsDate)
                if let s = h.statement { key("statement"); w.string(s) }
                if let s = h.subject { key("subject"); w.string(s) }
                if let k = h.subjectKind { key("subjectKind"); w.string(k.rawValue) }
                key("title"); w.string(h.title)
            }
            key("notes"); array(plan.notes) { pair("id", $0.id, "text", $0.text) }
            key("recommendations"); array(plan.recommendations) { r in
                object {
                    key("actions"); array(r.actions) { a in
                        object {
                            key("due"); w.day(a.due)
                            key("findingID"); w.string(a.findingID)
                            key("firstStep"); w.string(a.firstStep)
                            key("fix"); w.string(a.fix.rawValue)
                            key("id"); w.string(a.id)
                            key("owner"); w.string(a.owner)
                            if let p = a.pending { key("pending"); w.string(p) }
                            key("text"); w.string(a.text)
                            key("thisWeek"); w.bool(a.thisWeek)
                        }
                    }
                    key("findingIDs"); strings(r.findingIDs)
                    key("fix"); w.string(r.fix.rawValue)
                    key("id"); w.string(r.id)
                    let l = r.lesson
                    key("lesson"); object {
                        key("accountability"); w.string(l.accountability)
                        key("evaluation"); w.string(l.evaluation)
                        key("examples"); strings(l.examples)
                        key("materials"); strings(l.materials)
                        key("objective"); w.string(l.objective)
                    }
                    key("name"); w.string(r.name)
                    if let o = r.obstacle { key("obstacle"); w.string(o) }
                    if let s = r.support { key("support"); w.string(s) }
                }
            }
            if let c = plan.rootCause {
                key("rootCause"); object {
                    key("category"); w.string(c.category.rawValue)
                    key("component"); w.string(c.component.key)
                    key("evidence"); array(c.evidence, line)
                    key("findingID"); w.string(c.findingID)
                    key("fix"); w.string(c.fix.rawValue)
                    key("sentence"); w.string(c.sentence)
                }
            }
            if let s = plan.start { key("start"); w.string(s) }
            key("verifications"); array(plan.verifications) { pair("id", $0.id, "text", $0.text) }
            if let wl = plan.workload { key("workload"); w.string(wl) }
        }
    }

    /// The plan as JSON bytes.
    public static func bytes(_ plan: Plan) -> [UInt8] {
        let w = JSONWriter(capacity: 8192)
        write(plan, into: w)
        return w.bytes
    }
}
