public import DialogEngine
public import DialogModel

/// What a follow-up session starts from: the subject's latest diagnosis (or follow-up), the follow-up dialog of its
/// problem, and the answers to that dialog's `given` questions: the name, the plan's actions (by their finding ids)
/// and the headline measure's last value.
public struct FollowUpPlan: Sendable {
    public let last: CoachingSession

    public init(last: CoachingSession) { self.last = last }

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

    /// The events that answer the follow-up dialog's `given` questions.
    public var givens: [Given: Event.Kind] {
        var out: [Given: Event.Kind] = [.subject: .answered(last.name), .actions: .chose(last.actions.map(\.findingID))]
        if let m = last.measure { out[.measure] = .answered(CoachingSession.number(m.value)) }
        return out
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
