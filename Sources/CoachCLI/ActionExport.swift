import DialogEngine
import Transcript

/// `coach export`: a subject's open actions and follow-up meetings where leaders keep them: iCalendar (RFC 5545:
/// each action a VTODO with its due date, each follow-up a VEVENT), CSV (RFC 4180, with a header, for a CRM
/// import) or Markdown. The open actions are those of the latest plan. UIDs are stable: an action's is its subject
/// and action id, so exporting again (or after a new plan that keeps the action) updates the calendar's task
/// instead of adding a second one; a meeting's is its diagnosis and its place in the plan.
public struct ActionExport: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case ics, csv, md
    }

    public let history: SubjectHistory

    public init(history: SubjectHistory) { self.history = history }

    var latest: CoachingSession { history.sessions.last! }

    public func render(_ format: Format) -> String {
        switch format {
        case .ics: ics()
        case .csv: csv()
        case .md: markdown()
        }
    }

    // MARK: iCalendar

    /// The calendar, lines folded at 75 octets and ended with CRLF, as RFC 5545 requires.
    public func ics() -> String {
        let s = latest
        // The diagnosis's day stands for the time the object was created, so the same plan exports to the same bytes.
        let stamp = Self.basic(s.date) + "T000000Z"
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coach//coaching plan//EN", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:" + Self.text("Coaching: " + s.name)]
        for a in s.actions {
            lines += ["BEGIN:VTODO", "UID:" + actionUID(a), "DTSTAMP:" + stamp, "SUMMARY:" + Self.text(a.text),
                      "DESCRIPTION:" + Self.text("First step: \(a.firstStep)\nOwner: \(a.owner)\nFor \(s.name), from the diagnosis of \(s.date)."),
                      "DUE;VALUE=DATE:" + Self.basic(a.due), "STATUS:NEEDS-ACTION",
                      "CATEGORIES:" + Self.text(a.project ? "Coaching,On-going project" : "Coaching,Quick fix", list: true), "END:VTODO"]
        }
        for (i, m) in s.followUps.enumerated() {
            lines += ["BEGIN:VEVENT", "UID:" + meetingUID(s, i), "DTSTAMP:" + stamp, "SUMMARY:" + Self.text("Coaching follow-up: \(s.name)"),
                      "DESCRIPTION:" + Self.text(m.what), "DTSTART;VALUE=DATE:" + Self.basic(m.date),
                      "DTEND;VALUE=DATE:" + Self.basic(m.date.adding(days: 1)), "TRANSP:TRANSPARENT", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    func actionUID(_ a: CoachingSession.Action) -> String { "\(latest.subject)-\(a.id)@coach" }

    func meetingUID(_ s: CoachingSession, _ i: Int) -> String {
        "\(s.subject)-followup-\(HashChain.sha256(s.conversation.utf8).prefix(12))-\(i + 1)@coach"
    }

    /// `20260915`.
    static func basic(_ d: Day) -> String { d.description.filter { $0 != "-" } }

    /// A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks; commas kept in a list.
    static func text(_ s: String, list: Bool = false) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case "," where !list: out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// A content line folded (RFC 5545 3.1): at most 75 octets a line, continuation lines start with a space, and
    /// a UTF-8 sequence is never split.
    static func fold(_ line: String) -> String {
        var out: [UInt8] = []
        var used = 0
        for scalar in line.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if used + bytes.count > 75 {
                out += [0x0D, 0x0A, 0x20]
                used = 1
            }
            out += bytes
            used += bytes.count
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: CSV

    public static let csvHeader = ["subject", "name", "diagnosed", "action_id", "action", "owner", "first_step", "due", "kind", "status"]

    /// One row per open action, with a header; fields quoted where RFC 4180 needs it, rows ended with CRLF.
    public func csv() -> String {
        let s = latest
        var rows = [Self.csvHeader]
        for a in s.actions {
            rows.append([s.subject, s.name, s.date.description, a.id, a.text, a.owner, a.firstStep, a.due.description,
                         a.project ? "on-going project" : "quick fix", "open"])
        }
        return rows.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    // MARK: Markdown

    public func markdown() -> String {
        let s = latest
        var out = "# Open actions: \(SubjectHistory.escape(s.name))\n\nFrom the diagnosis of \(s.date): \(s.problem)\n\n"
        out += "| Due | Action | Owner | First step | Kind |\n|---|---|---|---|---|\n"
        for a in s.actions.sorted(by: { ($0.due, $0.id) < ($1.due, $1.id) }) {
            out += "| \(a.due) | \(SubjectHistory.escape(a.text)) | \(SubjectHistory.escape(a.owner)) | \(SubjectHistory.escape(a.firstStep)) | "
                + (a.project ? "on-going project" : "quick fix") + " |\n"
        }
        if !s.followUps.isEmpty {
            out += "\n## Follow-up meetings\n\n"
            for m in s.followUps { out += "- \(m.date): \(m.what)\n" }
        }
        return out
    }
}
