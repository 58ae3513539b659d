public import Transcript
import DialogEngine

/// `coach history`: one subject's diagnoses in order, with the headline measure's trend, as text for the terminal
/// (with a sparkline), Markdown (a table and a Mermaid chart) or JSON (the series as data).
public struct SubjectHistory: Sendable {
    public let subject: String
    public let name: String
    /// Oldest first.
    public let sessions: [CoachingSession]

    public init(sessions: [CoachingSession]) {
        precondition(!sessions.isEmpty, "a history has at least one session")
        self.sessions = sessions
        self.subject = sessions.last!.subject
        self.name = sessions.last!.name
    }

    /// The measure's series: the sessions of the latest session's problem that recorded it, oldest first.
    public var series: [(date: String, value: Double)] {
        guard let latest = sessions.last else { return [] }
        return sessions.filter { $0.problemDialog == latest.problemDialog }.compactMap { s in s.measure.map { (s.date.description, $0.value) } }
    }

    /// The measure of the latest session (its label, unit and direction).
    public var measure: CoachingSession.Measure? {
        sessions.last(where: { $0.problemDialog == sessions.last!.problemDialog && $0.measure != nil })?.measure
    }

    /// The trend in words: better, worse or unchanged since the first session, or nil with fewer than two values.
    public var trend: Trend? { Trend(series.map(\.value), lowerIsBetter: measure?.lowerIsBetter ?? true) }

    public enum Trend: String, Sendable {
        case better, worse, unchanged

        init?(_ values: [Double], lowerIsBetter: Bool) {
            guard values.count >= 2, let first = values.first, let last = values.last else { return nil }
            if first == last { self = .unchanged } else { self = (last < first) == lowerIsBetter ? .better : .worse }
        }
    }

    // MARK: Text

    /// The heading and the measure's trend, every session's value in order (the first lines of `text()`).
    public func summary() -> String {
        text().split(separator: "\n\n", maxSplits: 1).first.map { String($0) + "\n" } ?? ""
    }

    /// For the terminal: a heading, the trend with a sparkline, then each session.
    public func text() -> String {
        var out = "\(name): \(count(sessions.count, "diagnosis", "diagnoses"))"
        if let first = sessions.first, let last = sessions.last, sessions.count > 1 {
            out += ", \(first.date) to \(last.date)"
        }
        out += "\n"
        if let m = measure, !series.isEmpty {
            let values = series.map { Self.format(m, $0.value) }.joined(separator: " → ")
            out += "\(m.label): \(values)"
            if series.count > 1 { out += "  " + Self.sparkline(series.map(\.value)) }
            if let trend { out += "  (\(trend.words(lowerIsBetter: m.lowerIsBetter)))" }
            out += "\n"
        }
        for (i, s) in sessions.enumerated() {
            out += "\n\(s.date)  \(s.review.isEmpty ? "" : "Follow-up: ")\(s.problem)\n"
            if let m = s.measure { out += "    \(m.label): \(m.formatted)\n" }
            if let lead = s.lead { out += "    Lead finding: \(lead.text)\n" } else { out += "    No finding: nothing to fix was found.\n" }
            out += "    " + actions(i)
            if let next = s.followUps.first { out += "; first follow-up \(next.date)" }
            out += "\n"
        }
        return out
    }

    /// `3 actions`, or, once a follow-up reviewed them, `2 of 3 actions done`.
    func actions(_ i: Int) -> String {
        let all = count(sessions[i].actions.count, "action", "actions")
        return done(i).map { "\($0) of \(all) done" } ?? all
    }

    /// Actions done of all, per session (nil until a follow-up reviewed them).
    func done(_ i: Int) -> Int? {
        let s = sessions[i]
        guard i + 1 < sessions.count, !sessions[i + 1].review.isEmpty else { return nil }
        return s.actions.filter { a in sessions[i + 1].review.contains { $0.findingID == a.findingID && $0.status == "done" } }.count
    }

    /// Eight levels of block, scaled from the series' lowest to its highest value (all equal: the middle one).
    public static func sparkline(_ values: [Double]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        guard let lo = values.min(), let hi = values.max() else { return "" }
        return String(values.map { v in hi == lo ? blocks[3] : blocks[Int(((v - lo) / (hi - lo) * 7).rounded())] })
    }

    static func format(_ m: CoachingSession.Measure, _ value: Double) -> String {
        CoachingSession.Measure(label: m.label, value: value, unit: m.unit, lowerIsBetter: m.lowerIsBetter).formatted
    }

    // MARK: Markdown

    /// A table of the sessions and, with two values or more, a Mermaid `xychart-beta` of the measure.
    public func markdown() -> String {
        var out = "# \(Self.escape(name)): coaching history\n\n"
        let m = measure
        out += "| Date | Problem | \(Self.escape(m?.label ?? "Measure")) | Lead finding | Actions | Done |\n|---|---|--:|---|--:|--:|\n"
        for (i, s) in sessions.enumerated() {
            out += "| \(s.date) | \(s.review.isEmpty ? "" : "Follow-up: ")\(Self.escape(s.problem)) | \(s.measure?.formatted ?? "") | "
                + "\(Self.escape(s.lead?.text ?? "none")) | \(s.actions.count) | \(done(i).map(String.init) ?? "") |\n"
        }
        if let m, series.count > 1 {
            let values = series.map(\.value)
            let top = max(values.max() ?? 0, m.unit == "%" ? 100 : 0)
            out += "\n```mermaid\nxychart-beta\n"
            out += "    title \"\(Self.quoted(m.label))\"\n"
            out += "    x-axis [" + series.map { "\"\($0.date)\"" }.joined(separator: ", ") + "]\n"
            out += "    y-axis \"\(Self.quoted(m.unit ?? m.label))\" 0 --> \(CoachingSession.number(top))\n"
            out += "    line [" + values.map { CoachingSession.number($0) }.joined(separator: ", ") + "]\n```\n"
        }
        if let trend, let m { out += "\n\(m.label): \(trend.words(lowerIsBetter: m.lowerIsBetter)).\n" }
        return out
    }

    /// A table cell's text: pipes and line breaks would break the row.
    static func escape(_ s: String) -> String {
        s.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    /// Text inside a Mermaid double-quoted string.
    static func quoted(_ s: String) -> String { s.replacingAll("\"", with: "'") }

    // MARK: JSON

    public func json() -> JSONValue {
        let m = measure
        return .object([
            "subject": .object(["id": .string(subject), "name": .string(name)]),
            "measure": m.map { .object(["label": .string($0.label), "unit": $0.unit.map(JSONValue.string) ?? .null,
                                        "better": .string($0.lowerIsBetter ? "lower" : "higher")]) } ?? .null,
            "series": .array(series.map { .object(["date": .string($0.date), "value": .number(CoachingSession.number($0.value))]) }),
            "trend": trend.map { .string($0.rawValue) } ?? .null,
            "sessions": .array(sessions.map(\.json)),
        ])
    }
}

extension SubjectHistory.Trend {
    func words(lowerIsBetter: Bool) -> String {
        switch self {
        case .better: "better, " + (lowerIsBetter ? "lower is better" : "higher is better")
        case .worse: "worse, " + (lowerIsBetter ? "lower is better" : "higher is better")
        case .unchanged: "unchanged"
        }
    }
}

func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
