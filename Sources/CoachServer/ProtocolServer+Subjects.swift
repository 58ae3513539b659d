import CoachCLI
import DialogEngine
import DialogModel
import Logging
import Transcript

/// Coaching continuity over the protocol: the subjects diagnosed, one subject's history and the team's picture, read
/// through the `CoachingStore` from the finished diagnoses' transcripts (docs/protocol.md 4.12 to 4.14).
extension ProtocolServer {
    /// `subjects/list`: every person or team with a finished diagnosis (of one leader's, with `leader`), sorted by
    /// name (case-insensitively), then id.
    func subjectList(_ params: JSONObject, into w: JSONWriter) throws {
        let leader = try leaderFilter(params)
        let sessions = try coachingRead().sessions.filter { leader == nil || $0.leader?.lowercased() == leader!.lowercased() }
        var bySubject: [String: [CoachingSession]] = [:]
        for s in sessions { bySubject[s.subject, default: []].append(s) }
        let histories = bySubject.values.map { SubjectHistory(sessions: $0) }
            .sorted { ($0.name.lowercased(), $0.subject) < ($1.name.lowercased(), $1.subject) }
        w.raw("{\"subjects\":")
        w.value(.array(histories.map(Self.summary)))
        w.raw("}")
    }

    /// One entry of `subjects/list`: the subject, how many diagnoses, the latest one's day and problem, its headline
    /// measure's latest value and the trend.
    static func summary(_ h: SubjectHistory) -> JSONValue {
        let latest = h.sessions.last!
        let measure: JSONValue = h.measure.map { m in
            .object(["label": .string(m.label), "value": .number(CoachingSession.number(m.value)), "unit": m.unit.map(JSONValue.string) ?? .null,
                     "better": .string(m.lowerIsBetter ? "lower" : "higher")])
        } ?? .null
        return .object(["id": .string(h.subject), "name": .string(h.name), "diagnoses": .int(h.sessions.count),
                        "latest": .string(latest.date.description), "problem": .string(latest.problem), "measure": measure,
                        "trend": h.trend.map { .string($0.rawValue) } ?? .null])
    }

    /// `subjects/history`: one subject's diagnoses, as `coach history --format json` prints them.
    func subjectHistory(_ params: JSONObject, into w: JSONWriter) throws {
        guard let who = params["subject"]?.string, !who.isEmpty else {
            throw ProtocolError.invalidParams("subject", "required, a subject id such as \"dana\" or the name given in the diagnoses")
        }
        w.value(SubjectHistory(sessions: try sessions(of: who)).json())
    }

    /// One subject's sessions (an id or a name); an unknown or ambiguous subject is its protocol error.
    func sessions(of who: String) throws -> [CoachingSession] {
        let read = try coachingRead()
        do { return try read.sessions(of: who) } catch {
            switch error {
            case .unknown(let who, let known): throw ProtocolError.unknownSubject(who, known: known)
            case .ambiguous(let who, let ids): throw ProtocolError.ambiguousSubject(who, ids: ids)
            }
        }
    }

    /// What a follow-up of the subject answers for the leader: the givens of its latest diagnosis, and that
    /// diagnosis's answers (kept when the leader says they still hold).
    func followUpPlan(of who: String) throws -> FollowUpPlan {
        var plan = FollowUpPlan(sessions: try sessions(of: who))
        if let diagnosis = plan.diagnosis, let coaching { plan.earlier = (try? coaching.answers(of: diagnosis)) ?? [:] }
        return plan
    }

    /// `team/picture`: the people's latest diagnoses, open and overdue actions, trends and recurring findings, as
    /// `coach team --format json` prints them, as of the server's today.
    func teamPicture(_ params: JSONObject, into w: JSONWriter) throws {
        let leader = try leaderFilter(params)
        w.value(TeamPicture(try coachingRead().sessions, leader: leader, today: today()).json())
    }

    /// The optional `leader` param: only the diagnoses this leader ran (as `conversation/start`'s `leader` named them).
    func leaderFilter(_ params: JSONObject) throws -> String? {
        switch params["leader"] {
        case nil, .null?: return nil
        case .string(let s)?:
            let name = s.trimmed(where: { $0 == " " })
            return name.isEmpty ? nil : name
        default: throw ProtocolError.invalidParams("leader", "the leader's name, as conversation/start's leader gave it")
        }
    }

    /// What the coaching store reads now: the files the journal still holds are written first, so every diagnosis
    /// that finished or ended is seen. Transcripts left out (they do not verify or authenticate) are logged.
    func coachingRead() throws -> CoachingRead {
        guard let coaching else { throw ProtocolError.noTranscripts }
        store?.writePending()
        let read: CoachingRead
        do { read = try coaching.read() } catch {
            throw ProtocolError.storageUnavailable("could not read the transcripts: \(error)")
        }
        for why in read.skipped { logger.warning("left out of coaching continuity: \(why)") }
        return read
    }
}
