public import DialogEngine
public import Transcript

/// `coach team`: the picture across a leader's people. For each person: their latest diagnosis, its open and
/// overdue actions, and whether their measure moved the right way; for each finding, how many people's latest
/// diagnosis has it, with a note where one recurs across several (a finding shared by many people is usually a
/// process problem, not many people problems).
public struct TeamPicture: Sendable {
    public struct Person: Sendable {
        public let history: SubjectHistory
        public var latest: CoachingSession { history.sessions.last! }
        /// The latest plan's actions (all open until a follow-up records them done).
        public var open: [CoachingSession.Action] { latest.actions }
        public func overdue(on today: Day) -> [CoachingSession.Action] { open.filter { $0.due < today } }
    }

    public struct Recurring: Sendable {
        public let finding: CoachingSession.Finding
        /// The names of the people whose latest diagnosis has it (a name two people share is followed by the id:
        /// `Dana (dana-k)`).
        public let people: [String]
        /// Their subject ids, in the same order.
        public let subjects: [String]
    }

    public let people: [Person]
    public let today: Day
    /// Every finding of the people's latest diagnoses, most people first.
    public let findings: [Recurring]

    /// The people of `read` (those diagnosed alone, not teams), optionally only one leader's.
    public init(_ sessions: [CoachingSession], leader: String? = nil, today: Day) {
        let mine = sessions.filter { !$0.team && (leader == nil || $0.leader?.lowercased() == leader!.lowercased()) }
        var bySubject: [String: [CoachingSession]] = [:]
        for s in mine { bySubject[s.subject, default: []].append(s) }
        people = bySubject.values.map { Person(history: SubjectHistory(sessions: $0)) }
            .sorted { ($0.latest.name.lowercased(), $0.latest.subject) < ($1.latest.name.lowercased(), $1.latest.subject) }
        self.today = today
        var holders: [String: (finding: CoachingSession.Finding, people: [String], subjects: [String])] = [:]
        let shared = Dictionary(grouping: people.map(\.latest.name), by: { $0.lowercased() }).filter { $0.value.count > 1 }
        for p in people {
            let name = shared[p.latest.name.lowercased()] == nil ? p.latest.name : "\(p.latest.name) (\(p.latest.subject))"
            for f in p.latest.findings {
                holders[f.id, default: (f, [], [])].people.append(name)
                holders[f.id]!.subjects.append(p.latest.subject)
            }
        }
        findings = holders.values.map { Recurring(finding: $0.finding, people: $0.people, subjects: $0.subjects) }
            .sorted { ($1.people.count, $0.finding.id) < ($0.people.count, $1.finding.id) }
    }

    /// How many people a finding must recur in to be called out: three, or a third of a larger team (every person
    /// of a team of two).
    public var recurrenceThreshold: Int { max(2, min(people.count, max(3, (people.count + 2) / 3))) }

    /// The findings that recur in at least `recurrenceThreshold` people.
    public var recurring: [Recurring] { findings.filter { $0.people.count >= recurrenceThreshold } }

    // MARK: Text

    public func text() -> String {
        guard !people.isEmpty else { return "No finished diagnosis of a single person yet: run one with `coach chat off-track`.\n" }
        var out = "Your team: \(count(people.count, "person", "people")), as of \(today)\n"
        for p in people {
            let s = p.latest
            out += "\n\(s.name): last diagnosed \(s.date) (\(count(p.history.sessions.count, "diagnosis", "diagnoses")))\n"
            if let m = p.history.measure, let last = p.history.series.last {
                out += "    \(m.label): \(SubjectHistory.format(m, last.value))"
                if let trend = p.history.trend, let first = p.history.series.first {
                    out += ", \(trend == .better ? "improved" : trend == .worse ? "worse" : "unchanged") since \(first.date) (\(SubjectHistory.format(m, first.value)))"
                }
                out += "\n"
            }
            if let lead = s.lead { out += "    Lead finding: \(lead.text)\n" }
            let overdue = p.overdue(on: today)
            out += "    \(count(p.open.count, "open action", "open actions"))"
            out += overdue.isEmpty ? "\n" : ", \(overdue.count) overdue (the first was due \(overdue.map(\.due).min()!))\n"
        }
        let shared = recurring
        out += "\nFindings across the team\n"
        for r in findings {
            out += "    \(r.people.count) of \(people.count): \(r.finding.text)\n"
        }
        for r in shared {
            out += "\nRecurs in \(r.people.count) people (\(r.people.joined(separator: ", "))): \(r.finding.text) "
                + "A finding that recurs across people usually has its cause in how the team works, not in each person: "
                + "consider diagnosing it once for the team (the ideal customer profile and forecast diagnoses are asked about the whole team).\n"
        }
        return out
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = "# Team picture, \(today)\n\n| Person | Last diagnosed | Measure | Trend | Lead finding | Open actions | Overdue |\n|---|---|--:|---|---|--:|--:|\n"
        for p in people {
            let s = p.latest
            let measure = p.history.measure.flatMap { m in p.history.series.last.map { "\(m.label) \(SubjectHistory.format(m, $0.value))" } } ?? ""
            out += "| \(SubjectHistory.escape(s.name)) | \(s.date) | \(SubjectHistory.escape(measure)) | \(p.history.trend?.rawValue ?? "") | "
                + "\(SubjectHistory.escape(s.lead?.text ?? "none")) | \(p.open.count) | \(p.overdue(on: today).count) |\n"
        }
        out += "\n## Findings across the team\n\n| Finding | People | Who |\n|---|--:|---|\n"
        for r in findings {
            out += "| \(SubjectHistory.escape(r.finding.text)) | \(r.people.count) of \(people.count) | \(SubjectHistory.escape(r.people.joined(separator: ", "))) |\n"
        }
        for r in recurring {
            out += "\n> **Recurs in \(r.people.count) people**: \(SubjectHistory.escape(r.finding.text)) A finding shared by several people "
                + "is usually a process problem, not several people problems: consider diagnosing it once for the team.\n"
        }
        return out
    }

    // MARK: JSON

    public func json() -> JSONValue {
        .object([
            "today": .string(today.description),
            "people": .array(people.map { p in
                .object(["subject": .string(p.latest.subject), "name": .string(p.latest.name), "sessions": .int(p.history.sessions.count),
                         "latest": p.latest.json, "trend": p.history.trend.map { .string($0.rawValue) } ?? .null,
                         "open": .int(p.open.count), "overdue": .array(p.overdue(on: today).map { .string($0.id) })])
            }),
            "findings": .array(findings.map { r in
                .object(["id": .string(r.finding.id), "text": .string(r.finding.text), "people": .array(r.people.map(JSONValue.string)), "subjects": .array(r.subjects.map(JSONValue.string)),
                         "recurring": .bool(r.people.count >= recurrenceThreshold)])
            }),
        ])
    }
}
