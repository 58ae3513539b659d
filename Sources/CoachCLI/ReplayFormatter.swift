public import Transcript
import DialogEngine
/// Writes replay outcomes and coverage as text for people or JSONValue for scripts.
public enum ReplayFormatter {
    static func short(_ hash: String) -> String { String(hash.prefix(12)) }

    public static func text(_ outcomes: [ReplayRunner.Outcome], coverage: CoverageReport?) -> String {
        var out = ""
        var counts: [String: Int] = [:]
        for o in outcomes {
            let v = o.replay.verdict
            counts[name(o), default: 0] += 1
            if let why = o.refused {
                out += "\(o.path): refused: \(why)\n"
                continue
            }
            let dialog = o.header.map { " (\($0.dialog) v\($0.dialogVersion), recorded with \(short($0.contentHash)))" } ?? ""
            switch v {
            case .verified:
                out += "\(o.path): verified, \(o.replay.turns) turns\(dialog)\n"
                if let h = o.header, h.version < TranscriptHeader.planVersion {
                    out += "  format \(h.version): its plan was written by an earlier coach; the plan is authenticated by the seal, not re-derived\n"
                }
                if let h = o.header, h.version >= TranscriptHeader.compactPlanVersion, let plan = o.replay.plan {
                    out += "  plan \"\(plan.header.title)\" recomputed from the answers; its digest matches the record\n"
                }
            case .incomplete where o.sealed == false:
                out += "\(o.path): incomplete: not sealed (not ended or finished, or cut short) after \(o.replay.turns) turns\(dialog)\n"
            case .incomplete: out += "\(o.path): incomplete: no plan and not ended after \(o.replay.turns) turns\(dialog)\n"
            case .tampered(let line, let reason): out += "\(o.path):\(line): tampered: \(reason)\n"
            case .unavailable(let why): out += "\(o.path): cannot replay: \(why)\n"
            case .diverged(let d):
                out += "\(o.path)\(d.line.map { ":\($0)" } ?? ""): diverged at turn \(d.turn)\(d.node.map { ", question \($0)" } ?? "")\(dialog)\n"
                out += "  recorded: \(d.recorded?.encoded ?? "(nothing)")\n"
                out += "  replayed: \(d.replayed?.encoded ?? "(nothing)")\n"
                if d.recorded?["type"]?.string == "plan", d.replayed?["type"]?.string == "plan",
                   let recorded = d.recorded?["digest"]?.string, let replayed = d.replayed?["digest"]?.string, recorded != replayed {
                    out += "  the plan recomputed from the answers is not the plan recorded: its digest differs\n"
                }
            }
            if let to = o.changedTo, let h = o.header { out += "  the dialog changed since recording: \(short(h.contentHash)) -> \(short(to))\n" }
            if let a = o.authentication, case .authentic = a {} else { out += "  unverified: \(o.authentication?.description ?? "no key given")\n" }
            if let t = o.torn { out += "  torn last line \(t.line) (\(t.bytes) bytes, a write cut short) left out\n" }
        }
        if let coverage {
            for e in coverage.entries {
                out += "coverage of \(e.dialog): nodes \(e.nodes.reached)/\(e.nodes.total), choices \(e.choices.reached)/\(e.choices.total), findings \(e.findings.reached)/\(e.findings.total)\n"
                for g in e.gaps { out += "  \(g)\n" }
            }
        }
        let parts = ["verified", "diverged", "tampered", "incomplete", "unavailable", "refused"].compactMap { k in counts[k].map { "\($0) \(k)" } }
        out += "\(outcomes.count) transcript\(outcomes.count == 1 ? "" : "s"): \(parts.isEmpty ? "none" : parts.joined(separator: ", "))\n"
        return out
    }

    public static func json(_ outcomes: [ReplayRunner.Outcome], coverage: CoverageReport?) -> String {
        var items: [JSONValue] = []
        for o in outcomes {
            var m: [(key: String, value: JSONValue)] = [("path", .string(o.path)), ("status", .string(name(o)))]
            if let h = o.header {
                m += [("dialog", .string(h.dialog)), ("dialogVersion", .int(h.dialogVersion)),
                      ("contentHash", .string(h.contentHash)), ("conversation", .string(h.conversation))]
            }
            if let to = o.changedTo { m.append(("replayedWith", .string(to))) }
            m.append(("turns", .int(o.replay.turns)))
            switch o.replay.verdict {
            case _ where o.refused != nil: m.append(("reason", .string(o.refused!)))
            case .tampered(let line, let reason): m += [("line", .int(line)), ("reason", .string(reason))]
            case .unavailable(let why): m.append(("reason", .string(why)))
            case .diverged(let d):
                m.append(("turn", .int(d.turn)))
                if let l = d.line { m.append(("line", .int(l))) }
                if let n = d.node { m.append(("node", .string(n))) }
                m += [("recorded", d.recorded ?? .null), ("replayed", d.replayed ?? .null)]
            case .verified, .incomplete: break
            }
            if o.refused == nil {
                if let a = o.authentication, case .authentic(let key) = a { m.append(("authenticated", .string(key))) } else {
                    m.append(("unverified", .string(o.authentication?.description ?? "no key given")))
                }
            }
            if let t = o.torn { m.append(("torn", .object([("line", .int(t.line)), ("bytes", .int(t.bytes))]))) }
            // The plan whole, as recomputed by the replay (a format-4 record holds only its digest).
            if o.refused == nil, let plan = o.replay.plan,
               let json = try? JSONParser.parse(String(decoding: PlanWriter.bytes(plan), as: UTF8.self)) {
                m.append(("plan", json))
            }
            items.append(.object(JSONObject(m)))
        }
        var root: [(key: String, value: JSONValue)] = [("transcripts", .array(items))]
        if let coverage {
            root.append(("coverage", .array(coverage.entries.map { e in
                func pair(_ p: (reached: Int, total: Int)) -> JSONValue { .object([("reached", .int(p.reached)), ("total", .int(p.total))]) }
                return .object([
                    ("dialog", .string(e.dialog)), ("nodes", pair(e.nodes)), ("choices", pair(e.choices)),
                    ("findings", pair(e.findings)),
                    ("gaps", .array(e.gaps.map { .object([("file", .string($0.file)), ("line", .int($0.line)), ("what", .string($0.what))]) })),
                ])
            })))
        }
        return JSONValue.object(JSONObject(root)).encoded + "\n"
    }

    /// An outcome's status in both formats: its verdict's name, or `refused`.
    public static func name(_ o: ReplayRunner.Outcome) -> String { o.refused == nil ? name(o.replay.verdict) : "refused" }

    /// The verdict's name in both formats.
    public static func name(_ v: Replay.Verdict) -> String {
        switch v {
        case .verified: "verified"
        case .diverged: "diverged"
        case .tampered: "tampered"
        case .incomplete: "incomplete"
        case .unavailable: "unavailable"
        }
    }
}
