public import DialogEngine
public import DialogModel

/// What a follow-up session starts from, and the answers a front end gives on the leader's behalf.
///
/// - The follow-up dialog's `given` questions: the subject's name, the last plan's actions (by their finding ids),
///   the headline measure's last value, and the step of the last diagnosis's root cause (`given: restart`).
/// - When the follow-up runs into the problem's dialog to diagnose again: the name, and the headline measure just
///   given in the follow-up; and, when the leader said their earlier answers still hold (the choice `keep-earlier`),
///   the last diagnosis's answers to every question of the steps before the root cause's, so the new diagnosis asks
///   from that step on. A question the last diagnosis did not answer (another path) is asked.
public struct FollowUpPlan: Sendable {
    /// The subject's latest session (a diagnosis or a follow-up): the plan followed up.
    public let last: CoachingSession
    /// The subject's latest diagnosis of the problem (not a follow-up that stopped short of one): its root cause is
    /// where a new diagnosis starts, and its answers are the earlier answers.
    public let diagnosis: CoachingSession?
    /// The last diagnosis's answers, by node id, in the order given (a `forEach` question has one per item).
    public var earlier: [String: [Event.Kind]] = [:]

    /// `sessions`: the subject's sessions, oldest first.
    public init(sessions: [CoachingSession]) {
        last = sessions.last!
        diagnosis = sessions.last { !$0.dialog.hasPrefix(CoachingSession.followUpPrefix) && $0.dialog == sessions.last!.problemDialog }
    }

    /// Why a follow-up cannot start.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The problem dialog the last session diagnosed (a follow-up's own dialog is `follow-up-<problem dialog>`).
    public var problemDialog: String { last.problemDialog }

    static let prefix = CoachingSession.followUpPrefix

    /// The follow-up dialog's id, when the library has it.
    public func dialog(in ids: Set<String>) throws(Failure) -> String {
        let id = Self.prefix + problemDialog
        guard ids.contains(id) else {
            throw Failure(description: "there is no follow-up for '\(problemDialog)' diagnoses yet (no dialog '\(id)')")
        }
        guard !last.actions.isEmpty else {
            throw Failure(description: "\(last.name)'s last plan (\(last.date)) has no actions to follow up; run a new diagnosis instead")
        }
        guard last.measure != nil else {
            throw Failure(description: "\(last.name)'s last diagnosis (\(last.date)) has no headline measure to compare with; run a new diagnosis instead")
        }
        return id
    }

    /// The events that answer the follow-up dialog's `given` questions (the restart step needs the dialog's
    /// taxonomy: see `answer(for:in:dialog:)`).
    public var givens: [Given: Event.Kind] {
        var out: [Given: Event.Kind] = [.subject: .answered(last.name), .actions: .chose(last.actions.map(\.findingID))]
        if let m = last.measure { out[.measure] = .answered(CoachingSession.number(m.value)) }
        return out
    }

    /// The step of the last diagnosis's root cause (its lead finding's component); goals when there is none.
    public func restart(in dialog: Dialog) -> Step {
        guard let lead = (diagnosis ?? last).lead else { return .goals }
        return dialog.taxonomy.findings.first { $0.id == lead.id }?.component ?? .goals
    }

    /// The answer a front end gives for the leader to the question at `node` (asked now in `session`), or nil when
    /// the leader answers it. `used` counts the earlier answers already given per node id (a `forEach` question
    /// takes them in order); the caller keeps it across turns.
    public func answer(for node: Int, in session: Session, dialog: Dialog, used: inout [String: Int]) -> Event.Kind? {
        guard let q = dialog.nodes[node].question else { return nil }
        if let given = q.given {
            switch given {
            case .restart: return .chose([restart(in: dialog).choiceID])
            case .actions:
                // Only the actions this dialog can name (a taxonomy may have changed since the last plan).
                let known = Set(q.answer.choices.map(\.id))
                let ids = last.actions.map(\.findingID).filter(known.contains)
                return ids.isEmpty ? nil : .chose(ids)
            case .subject, .measure: return givens[given]
            }
        }
        // Only in the problem's dialog, run into after the leader chose to diagnose again.
        let home = dialog.nodes[dialog.start].part
        guard dialog.nodes[node].part != home, let keep = restartChoice(session, dialog) else { return nil }
        if let store = q.store, dialog.variables[store].name == "subject" { return .answered(last.name) }
        let part = dialog.parts[dialog.nodes[node].part]
        if part.inputs.measure?.node == node, let now = measureNow(session, dialog) { return .answered(now) }
        guard keep, let step = dialog.nodes[node].step, step < restart(in: dialog) else { return nil }
        let id = dialog.nodes[node].id
        let taken = used[id, default: 0]
        guard let answers = earlier[id], taken < answers.count else { return nil }
        used[id] = taken + 1
        return answers[taken]
    }

    /// Whether the leader chose to diagnose again keeping their earlier answers (true), answering everything again
    /// (false), or did not choose to diagnose again (nil).
    func restartChoice(_ session: Session, _ dialog: Dialog) -> Bool? {
        guard let restart = dialog.nodes.firstIndex(where: { $0.question?.given == .restart }) else { return nil }
        // The question right after the restart step's: the leader's choice to diagnose again.
        for a in session.answers.reversed() where a.node != restart {
            guard let q = dialog.nodes[a.node].question, case .choice(let i) = a.value,
                  q.answer.choices.contains(where: { $0.id == keepEarlierChoice }) else { continue }
            return q.answer.choices[i].id == keepEarlierChoice
        }
        return nil
    }

    /// The headline measure the follow-up asked now, as typed for the problem's own measure question.
    func measureNow(_ session: Session, _ dialog: Dialog) -> String? {
        let home = dialog.nodes[dialog.start].part
        guard let node = dialog.parts[home].inputs.measure?.node,
              let a = session.answers.last(where: { $0.node == node }), case .number(let x) = a.value else { return nil }
        return CoachingSession.number(x)
    }
}

extension CoachingSession {
    /// A follow-up dialog's id is this prefix and its problem dialog's id.
    public static let followUpPrefix = "follow-up-"

    /// The problem dialog of the session: its own dialog, or the one a follow-up followed up.
    public var problemDialog: String {
        dialog.hasPrefix(Self.followUpPrefix) ? String(dialog.dropFirst(Self.followUpPrefix.count)) : dialog
    }
}

extension CoachingSession.Action {
    /// The finding the action answers (`R-T-06` -> `T-06`).
    public var findingID: String { id.hasPrefix("R-") ? String(id.dropFirst(2)) : id }
}
