import DialogModel
public import DialogEngine

/// The plan's one JSON writer: the members and order of its `Codable` form (keys sorted, nil members left out),
/// written straight into a buffer. Its one reader is `PlanReader.read`; a test
/// holds the two to each other and to `JSONEncoder` with sorted keys.
public enum PlanWriter {
    /// Writes the plan as one JSON object. Straight-line code over one buffer: no closures (a closure capturing the
    /// "first member" flag boxed it on the heap for every object), dates written as digits, keys as static text.
    public static func write(_ plan: Plan, into w: JSONWriter) {
        var o = Members(w)
        o.open()
        o.key("answers"); lines(plan.answers, w)
        if let c = plan.coaching {
            o.key("coaching")
            var m = Members(w); m.open()
            m.key("reason"); w.string(c.reason); m.key("style"); w.string(c.style.rawValue)
            m.close()
        }
        if let c = plan.commitment { o.key("commitment"); w.string(c) }
        o.key("decisions"); w.byte(0x5B)
        for i in plan.decisions.indices {
            let d = plan.decisions[i]
            if i > 0 { w.byte(0x2C) }
            var m = Members(w); m.open()
            if let c = d.chosen { m.key("chosen"); w.string(c) }
            if let due = d.due { m.key("due"); w.day(due) }
            m.key("id"); w.string(d.id)
            m.key("options"); w.byte(0x5B)
            for k in d.options.indices {
                let option = d.options[k]
                if k > 0 { w.byte(0x2C) }
                var n = Members(w); n.open()
                n.key("actionIDs"); strings(option.actionIDs, w)
                n.key("consequence"); w.string(option.consequence)
                n.key("id"); w.string(option.id)
                n.key("label"); w.string(option.label)
                n.close()
            }
            w.byte(0x5D)
            m.key("title"); w.string(d.title)
            m.close()
        }
        w.byte(0x5D)
        o.key("dropped"); w.byte(0x5B)
        for i in plan.dropped.indices {
            let d = plan.dropped[i]
            if i > 0 { w.byte(0x2C) }
            var m = Members(w); m.open()
            m.key("actionID"); w.string(d.actionID)
            m.key("findingID"); w.string(d.findingID)
            m.key("reason"); w.string(d.reason)
            m.key("text"); w.string(d.text)
            m.close()
        }
        w.byte(0x5D)
        o.key("findings"); w.byte(0x5B)
        for i in plan.findings.indices {
            let f = plan.findings[i]
            if i > 0 { w.byte(0x2C) }
            var m = Members(w); m.open()
            m.key("category"); w.string(f.category.rawValue)
            m.key("cell"); w.string(f.cell)
            m.key("component"); w.string(f.component.key)
            m.key("evidence"); lines(f.evidence, w)
            m.key("fix"); w.string(f.fix.rawValue)
            m.key("id"); w.string(f.id)
            m.key("source"); w.string(f.source)
            m.key("text"); w.string(f.text)
            m.key("weight"); w.int(f.weight)
            m.close()
        }
        w.byte(0x5D)
        o.key("flags"); w.byte(0x7B)
        for (i, (k, v)) in plan.flags.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(k); w.byte(0x3A); w.string(v)
        }
        w.byte(0x7D)
        o.key("focus"); strings(plan.focus, w)
        o.key("followUps"); w.byte(0x5B)
        for i in plan.followUps.indices {
            let f = plan.followUps[i]
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"date\":"); w.day(f.date); w.raw(",\"what\":"); w.string(f.what); w.byte(0x7D)
        }
        w.byte(0x5D)
        if let g = plan.goal { o.key("goal"); w.string(g) }
        let h = plan.header
        o.key("header")
        var m = Members(w); m.open()
        m.key("date"); w.day(h.date)
        m.key("dialogID"); w.string(h.dialogID)
        if let l = h.leader { m.key("leader"); w.string(l) }
        if let p = h.people { m.key("people"); w.string(p) }
        if let p = h.problem { m.key("problem"); w.string(p) }
        m.key("resultsDate"); w.day(h.resultsDate)
        if let s = h.statement { m.key("statement"); w.string(s) }
        if let s = h.subject { m.key("subject"); w.string(s) }
        if let k = h.subjectKind { m.key("subjectKind"); w.string(k.rawValue) }
        m.key("title"); w.string(h.title)
        m.close()
        o.key("notes"); w.byte(0x5B)
        for i in plan.notes.indices {
            let n = plan.notes[i]
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"id\":"); w.string(n.id); w.raw(",\"text\":"); w.string(n.text); w.byte(0x7D)
        }
        w.byte(0x5D)
        o.key("recommendations"); w.byte(0x5B)
        for i in plan.recommendations.indices {
            let r = plan.recommendations[i]
            if i > 0 { w.byte(0x2C) }
            recommendation(r, w)
        }
        w.byte(0x5D)
        if let c = plan.rootCause {
            o.key("rootCause")
            var m = Members(w); m.open()
            m.key("category"); w.string(c.category.rawValue)
            m.key("component"); w.string(c.component.key)
            m.key("evidence"); lines(c.evidence, w)
            m.key("findingID"); w.string(c.findingID)
            m.key("fix"); w.string(c.fix.rawValue)
            m.key("sentence"); w.string(c.sentence)
            m.close()
        }
        if let s = plan.start { o.key("start"); w.string(s) }
        o.key("verifications"); w.byte(0x5B)
        for i in plan.verifications.indices {
            let v = plan.verifications[i]
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"id\":"); w.string(v.id); w.raw(",\"text\":"); w.string(v.text); w.byte(0x7D)
        }
        w.byte(0x5D)
        if let wl = plan.workload { o.key("workload"); w.string(wl) }
        o.close()
    }

    static func recommendation(_ r: Plan.Recommendation, _ w: JSONWriter) {
        var m = Members(w); m.open()
        m.key("actions"); w.byte(0x5B)
        for i in r.actions.indices {
            let a = r.actions[i]
            if i > 0 { w.byte(0x2C) }
            var n = Members(w); n.open()
            n.key("due"); w.day(a.due)
            n.key("findingID"); w.string(a.findingID)
            n.key("firstStep"); w.string(a.firstStep)
            n.key("fix"); w.string(a.fix.rawValue)
            n.key("id"); w.string(a.id)
            n.key("owner"); w.string(a.owner)
            if let p = a.pending { n.key("pending"); w.string(p) }
            n.key("text"); w.string(a.text)
            n.key("thisWeek"); w.bool(a.thisWeek)
            n.close()
        }
        w.byte(0x5D)
        m.key("findingIDs"); strings(r.findingIDs, w)
        m.key("fix"); w.string(r.fix.rawValue)
        m.key("id"); w.string(r.id)
        let l = r.lesson
        m.key("lesson")
        var n = Members(w); n.open()
        n.key("accountability"); w.string(l.accountability)
        n.key("evaluation"); w.string(l.evaluation)
        n.key("examples"); strings(l.examples, w)
        n.key("materials"); strings(l.materials, w)
        n.key("objective"); w.string(l.objective)
        n.close()
        m.key("name"); w.string(r.name)
        if let o = r.obstacle { m.key("obstacle"); w.string(o) }
        if let s = r.support { m.key("support"); w.string(s) }
        m.close()
    }

    /// An object's members: a comma before every key but the first.
    struct Members {
        let w: JSONWriter
        var first = true

        init(_ w: JSONWriter) { self.w = w }

        @inline(__always) func open() { w.byte(0x7B) }
        @inline(__always) func close() { w.byte(0x7D) }

        @inline(__always) mutating func key(_ k: StaticString) {
            if first { w.byte(0x22) } else { w.raw(",\"") }
            first = false
            w.raw(k); w.raw("\":")
        }
    }

    static func strings(_ items: [String], _ w: JSONWriter) {
        w.byte(0x5B)
        for i in items.indices {
            let s = items[i]
            if i > 0 { w.byte(0x2C) }
            w.string(s)
        }
        w.byte(0x5D)
    }

    static func lines(_ items: [Summary.Line], _ w: JSONWriter) {
        w.byte(0x5B)
        for i in items.indices {
            let a = items[i]
            if i > 0 { w.byte(0x2C) }
            w.raw("{\"answer\":"); w.string(a.answer)
            if let item = a.item { w.raw(",\"item\":"); w.string(item) }
            w.raw(",\"label\":"); w.string(a.label)
            w.raw(",\"nodeID\":"); w.string(a.nodeID)
            w.byte(0x7D)
        }
        w.byte(0x5D)
    }

    /// The plan as JSON bytes.
    public static func bytes(_ plan: Plan) -> [UInt8] {
        let w = JSONWriter(capacity: 8192)
        write(plan, into: w)
        return w.bytes
    }
}
