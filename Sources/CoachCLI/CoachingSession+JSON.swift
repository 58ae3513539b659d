public import Transcript
import DialogEngine

/// A session as JSON: the index's entry and the `--format json` outputs' unit, one encoding for both.
extension CoachingSession {
    public var json: JSONValue {
        func string(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        let measure: JSONValue = self.measure.map { m in
            .object(["label": .string(m.label), "value": .number(Self.number(m.value)), "unit": string(m.unit),
                     "better": .string(m.lowerIsBetter ? "lower" : "higher")])
        } ?? .null
        return .object([
            "conversation": .string(conversation), "file": .string(file), "leader": string(leader),
            "subject": .string(subject), "name": .string(name), "team": .bool(team), "dialog": .string(dialog),
            "problem": .string(problem), "date": .string(date.description), "measure": measure,
            "findings": .array(findings.map { .object(["id": .string($0.id), "text": .string($0.text)]) }),
            "actions": .array(actions.map {
                .object(["id": .string($0.id), "text": .string($0.text), "owner": .string($0.owner), "firstStep": .string($0.firstStep),
                         "due": .string($0.due.description), "project": .bool($0.project)])
            }),
            "followUps": .array(followUps.map { .object(["date": .string($0.date.description), "what": .string($0.what)]) }),
            "review": .array(review.map { .object(["finding": .string($0.findingID), "status": .string($0.status)]) }),
        ])
    }

    /// A number as JSON writes it: whole numbers without a fraction.
    public static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The session a `json` value holds; nil when it is not one.
    public init?(json j: JSONValue) {
        guard let conversation = j["conversation"]?.string, let file = j["file"]?.string, let subject = j["subject"]?.string,
              let name = j["name"]?.string, let team = j["team"]?.bool, let dialog = j["dialog"]?.string,
              let problem = j["problem"]?.string, let date = j["date"]?.string.flatMap(Day.init(iso:)),
              let findings = j["findings"]?.array, let actions = j["actions"]?.array, let followUps = j["followUps"]?.array
        else { return nil }
        var measure: Measure?
        if let m = j["measure"]?.object {
            guard let label = m["label"]?.string, case .number(let text)? = m["value"], let value = Double(text),
                  let better = m["better"]?.string else { return nil }
            measure = Measure(label: label, value: value, unit: m["unit"]?.string, lowerIsBetter: better == "lower")
        }
        var fs: [Finding] = []
        for f in findings {
            guard let id = f["id"]?.string, let text = f["text"]?.string else { return nil }
            fs.append(Finding(id: id, text: text))
        }
        var acts: [Action] = []
        for a in actions {
            guard let id = a["id"]?.string, let text = a["text"]?.string, let owner = a["owner"]?.string,
                  let first = a["firstStep"]?.string, let due = a["due"]?.string.flatMap(Day.init(iso:)),
                  let project = a["project"]?.bool else { return nil }
            acts.append(Action(id: id, text: text, owner: owner, firstStep: first, due: due, project: project))
        }
        var meetings: [Meeting] = []
        for m in followUps {
            guard let date = m["date"]?.string.flatMap(Day.init(iso:)), let what = m["what"]?.string else { return nil }
            meetings.append(Meeting(date: date, what: what))
        }
        self.init(conversation: conversation, file: file, leader: j["leader"]?.string, subject: subject, name: name, team: team,
                  dialog: dialog, problem: problem, date: date, measure: measure, findings: fs, actions: acts, followUps: meetings)
        for r in j["review"]?.array ?? [] {
            guard let finding = r["finding"]?.string, let status = r["status"]?.string else { return nil }
            review.append(Review(findingID: finding, status: status))
        }
    }
}
