public import DialogEngine

/// Where coaching continuity reads its sessions: every finished diagnosis, each a fold of one verified transcript.
/// The seam `coach history`, `coach team` and `coach export` read through; the file store below implements it over
/// a transcripts directory, and a database store (issue 13) will implement it over its tables.
public protocol CoachingStore {
    /// Every finished diagnosis whose transcript verifies, oldest first, and what was left out and why.
    func read() throws -> CoachingRead
    /// Forgets any cache and reads every transcript again; how many sessions it found.
    func rebuild() throws -> CoachingRead
    /// A session's answers, by node id in the order given, each as the event that gives it again (a choice by its
    /// id, a number by its digits, text as typed): what a follow-up keeps when the leader says they still hold.
    func answers(of session: CoachingSession) throws -> [String: [Event.Kind]]
    /// The file a session's transcript is read from (in the transcripts directory, or a database's local mirror).
    func path(of session: CoachingSession) -> String
}

/// What a store read.
public struct CoachingRead: Sendable {
    /// Oldest first (by the day each diagnosis finished, then conversation id).
    public let sessions: [CoachingSession]
    /// Transcripts left out: `path: reason` (they did not verify or authenticate).
    public let skipped: [String]

    public init(sessions: [CoachingSession], skipped: [String]) {
        self.sessions = sessions.sorted { ($0.date, $0.conversation) < ($1.date, $1.conversation) }
        self.skipped = skipped
    }

    /// The sessions of one subject, by id or (when no id matches) by name, case-insensitively. Throws when a name
    /// belongs to several subjects (two reps called Dana): the leader must say which id.
    public func sessions(of who: String) throws(CoachingLookupError) -> [CoachingSession] {
        let byID = sessions.filter { $0.subject == who }
        if !byID.isEmpty { return byID }
        let key = who.lowercased()
        let byName = sessions.filter { $0.name.lowercased() == key }
        let ids = Array(Set(byName.map(\.subject))).sorted()
        if ids.count > 1 { throw .ambiguous(who, ids: ids) }
        if byName.isEmpty { throw .unknown(who, known: Array(Set(sessions.map(\.subject))).sorted()) }
        return byName
    }
}

/// Why a subject could not be found.
public enum CoachingLookupError: Error, CustomStringConvertible, Equatable {
    case unknown(String, known: [String])
    case ambiguous(String, ids: [String])

    public var description: String {
        switch self {
        case .unknown(let who, let known):
            known.isEmpty ? "no finished diagnosis about '\(who)' (no finished diagnoses at all)"
                : "no finished diagnosis about '\(who)'; subjects: " + known.joined(separator: ", ")
        case .ambiguous(let who, let ids):
            "'\(who)' names \(ids.count) people: " + ids.joined(separator: ", ") + "; give the id"
        }
    }
}
