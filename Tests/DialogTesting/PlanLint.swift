import DialogEngine
import DialogModel
import Foundation

/// Reads a plan as a sales leader's reviewer would, and lists what is wrong with it: another problem's vocabulary,
/// a lesson block given twice, more than three actions this week, more than two due on one day, an action due after
/// the results date, a coaching style that contradicts the evidence or the plan, an internal id or code in the text
/// meant for the leader. Issue 9's "Done when".
public enum PlanLint {
    /// Words written for one problem that must not appear in another problem's plan (case-insensitive, whole words).
    public static let vocabulary: [String: [String]] = [
        "OTT": ["ramp", "year-to-date", "YTD", "run-rate"],
        "ICP": ["ICP", "new-ICP", "ideal customer profile", "target-account", "target account", "comfort zone"],
        "FCA": ["forecast accuracy", "forecast call", "commit", "commits", "MEDDPICC", "sandbag", "sandbagging", "bias",
                "forecast category", "forecast categories"],
    ]

    /// Patterns of internal ids and codes: finding, recommendation and verification ids, node ids, note ids, Gilbert
    /// cells, flags, source tags and Kirkpatrick shorthand.
    public static let internalPatterns: [(name: String, test: @Sendable (String) -> Bool)] = [
        ("a finding id", { containsToken($0, prefixes: ["G-", "W-", "P-", "T-", "PE-", "R-", "V-", "N-"], digitsOrCaps: true) }),
        ("a node id", { s in ["OTT.", "ICP.", "FCA.", "intake."].contains { p in s.contains(p) && nodeID(after: p, in: s) } }),
        ("a Gilbert cell", { s in ["E-data", "E-instr", "E-incent", "I-know", "I-cap", "I-motive"].contains { s.contains($0) } }),
        ("a flag", { s in ["cap=", "cap =", "lowWP", "scope=", "bias=", "bias =", "will="].contains { s.contains($0) } }),
        ("a source tag", { s in containsWord(s, "SEED") || containsWord(s, "seed") || s.contains("Seed:") || s.contains("[conditions]") }),
        ("Kirkpatrick shorthand", { s in ["L2:", "L3:", "L4:", "L2 ", "L3 ", "L4 "].contains { s.contains($0) } }),
    ]

    /// What is wrong with the plan; empty when nothing is. `rendered` are the plan's texts as front ends print them
    /// (checked for internal ids and codes).
    public static func problems(_ plan: Plan, rendered: [String] = []) -> [String] {
        var out: [String] = []
        let problem = plan.header.problem
        // Another problem's vocabulary, in the texts coach wrote (not the leader's own answers).
        let own = leaderTexts(plan)
        for (other, words) in vocabulary where other != problem && problem != nil {
            for text in own {
                for w in words where containsWord(text, w) {
                    out.append("\(other) vocabulary '\(w)' in a \(problem!) plan: \(text)")
                }
            }
        }
        // Lesson blocks: no block, and no line of one, given twice.
        var lines: [String: String] = [:]
        for r in plan.recommendations {
            let l = r.lesson
            for line in [l.objective, l.accountability, l.evaluation] + l.materials + l.examples where !line.isEmpty {
                if let first = lines[line], first != r.id { out.append("lesson line repeated in \(first) and \(r.id): \(line)") }
                lines[line] = r.id
            }
        }
        if Set(plan.recommendations.map(\.id)).count != plan.recommendations.count { out.append("a recommendation appears twice") }
        // The schedule.
        if plan.thisWeek.count > 3 { out.append("\(plan.thisWeek.count) actions this week (at most 3)") }
        var perDay: [Day: Int] = [:]
        for a in plan.actions { perDay[a.due, default: 0] += 1 }
        for (day, n) in perDay where n > 2 { out.append("\(n) actions due on \(day) (at most 2)") }
        for a in plan.actions where a.due >= plan.header.resultsDate {
            out.append("\(a.id) due \(a.due), not before the results date \(plan.header.resultsDate)")
        }
        for a in plan.actions where a.due <= plan.header.date { out.append("\(a.id) due \(a.due), not after the plan's date") }
        for f in plan.followUps where f.date > plan.header.resultsDate { out.append("follow-up after the results date: \(f.what)") }
        // The style: never on a plan that only monitors, never beside actions that contradict it.
        let families = Set(plan.recommendations.map(\.id))
        let willAnswered = plan.findings.contains(where: { ["PE-06", "PE-07", "PE-01"].contains($0.id) })
            || plan.answers.contains { $0.label.lowercased().contains("motivat") || $0.label.lowercased().contains("comfort") || $0.label.lowercased().contains("potential") }
        if let style = plan.style {
            if plan.findings.allSatisfy({ $0.id == "G-00" }) { out.append("a coaching style on a plan that only monitors") }
            switch style {
            case .delegate where families.contains("feedback-inspection") || families.contains("skill-building"):
                out.append("delegate beside close inspection or skill building")
            case .excite where families.contains("skill-building"): out.append("excite (high skill) beside skill building")
            case .guide where families.contains("will-reluctance"): out.append("guide (high will) beside work on will")
            case .excite where !willAnswered, .direct where !willAnswered:   // a `where` binds to one pattern only
                out.append("\(style) (low will) with no answer about will")
            default: break
            }
        }
        // An unsure answer is never a premise: no finding rests only on an "Unsure".
        for f in plan.findings where !f.evidence.isEmpty && f.evidence.allSatisfy({ $0.answer == "Unsure" }) {
            out.append("\(f.id) rests only on unsure answers")
        }
        // Internal ids and codes in the text for the leader.
        for text in own + rendered {
            for (name, test) in internalPatterns where test(text) {
                out.append("\(name) in leader text: \(text.prefix(160))")
            }
        }
        return out
    }

    /// Every text coach wrote for the leader into the plan (not the leader's own answers, which are theirs).
    public static func leaderTexts(_ plan: Plan) -> [String] {
        var out: [String] = []
        out += [plan.goal, plan.rootCause?.sentence, plan.start, plan.workload, plan.coaching?.reason].compactMap { $0 }
        out += plan.findings.map(\.text) + plan.notes.map(\.text) + plan.followUps.map(\.what) + plan.verifications.map(\.text)
        for r in plan.recommendations {
            out += [r.name, r.lesson.objective, r.lesson.accountability, r.lesson.evaluation] + r.lesson.materials + r.lesson.examples
            out += [r.obstacle, r.support].compactMap { $0 }
            for a in r.actions { out += [a.text, a.firstStep, a.owner] }
        }
        for d in plan.decisions { out += [d.title] + d.options.flatMap { [$0.label, $0.consequence] } }
        out += plan.dropped.flatMap { [$0.text, $0.reason] }
        return out
    }

    /// True when `word` appears in `text` with no letter or digit either side (case-insensitive).
    public static func containsWord(_ text: String, _ word: String) -> Bool {
        let t = Array(text.lowercased().unicodeScalars), w = Array(word.lowercased().unicodeScalars)
        guard w.count <= t.count else { return false }
        func isWordScalar(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) }
        var i = 0
        while i + w.count <= t.count {
            if Array(t[i..<(i + w.count)]) == w {
                let before = i == 0 || !isWordScalar(t[i - 1])
                let after = i + w.count == t.count || !isWordScalar(t[i + w.count])
                if before && after { return true }
            }
            i += 1
        }
        return false
    }

    /// True when a token such as `G-03`, `PE-02`, `R-T-06` or `N-TRAINED` appears: a prefix at a word start followed by
    /// two digits or capitals.
    static func containsToken(_ text: String, prefixes: [String], digitsOrCaps: Bool) -> Bool {
        let s = Array(text.unicodeScalars)
        for p in prefixes {
            let ps = Array(p.unicodeScalars)
            var i = 0
            while i + ps.count + 2 <= s.count {
                if Array(s[i..<(i + ps.count)]) == ps, i == 0 || !s[i - 1].properties.isAlphabetic {
                    let a = s[i + ps.count], b = s[i + ps.count + 1]
                    let digits = ("0"..."9").contains(a) && ("0"..."9").contains(b)
                    let caps = ("A"..."Z").contains(a) && ("A"..."Z").contains(b)
                    let ref = ("A"..."Z").contains(a) && b == "-"
                    if digits || caps || ref { return true }
                }
                i += 1
            }
        }
        return false
    }

    /// True when `prefix` (`OTT.`) is followed by a node-id character (`G1a`) somewhere in `text`.
    static func nodeID(after prefix: String, in text: String) -> Bool {
        var rest = text[...]
        while let r = rest.range(of: prefix) {
            if let c = rest[r.upperBound...].first, c.isLetter || c.isNumber { return true }
            rest = rest[r.upperBound...]
        }
        return false
    }
}
