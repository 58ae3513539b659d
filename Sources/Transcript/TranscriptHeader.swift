public import DialogEngine
import Foundation

/// Line 1 of a transcript: which format, which dialog in which version, which conversation, and when it started.
public struct TranscriptHeader: Hashable, Sendable {
    /// The transcript format this build writes: 2 adds the seal line (version 1 transcripts have none); 3 writes the
    /// plan with one recommendation per remedy, a schedule, decisions and per-problem texts; 4 records the plan
    /// compactly (its lead, findings, dates and a digest of the whole plan: `PlanRecord`), and replay recomputes it.
    public static let currentVersion = 4
    /// The first format whose plans this build re-derives on replay; earlier plans are authenticated, not re-derived.
    public static let planVersion = 3
    /// The first format whose plan message is the compact `PlanRecord` rather than the whole plan: readers get the
    /// plan by replaying the conversation and checking the digest.
    public static let compactPlanVersion = 4
    /// The oldest format version this build still reads.
    public static let minimumVersion = 1
    /// The `format` member's value: says what the file is.
    public static let formatName = "coach-transcript"

    public let version: Int
    public let dialog: String
    public let dialogVersion: Int
    /// Hex SHA-256 of the dialog's source snapshot (`DialogSnapshot.hash`), the key of its file in the store.
    public let contentHash: String
    /// The coach version that recorded it.
    public let coach: String
    public let conversation: String
    /// Who the diagnosis is about, when the front end knows it at the start (else null).
    public let subject: String?
    /// When the conversation started: ISO 8601 local time with its offset (`2026-11-27T09:00:00+01:00`).
    public let started: String
    /// A random value naming this conversation instance (hex), so two conversations started under the same id in
    /// the same second still have different headers (and prompt id tags); nil in transcripts recorded without one.
    public let instance: String?
    /// The sales leader the conversation is with, when the front end knew (format 3; the plan's header names them).
    public let leader: String?

    public init(version: Int = TranscriptHeader.currentVersion, dialog: String, dialogVersion: Int, contentHash: String,
                coach: String, conversation: String, subject: String?, started: String, instance: String? = nil,
                leader: String? = nil) {
        self.version = version
        self.dialog = dialog
        self.dialogVersion = dialogVersion
        self.contentHash = contentHash
        self.coach = coach
        self.conversation = conversation
        self.subject = subject
        self.started = started
        self.instance = instance
        self.leader = leader
    }

    /// A short name for this conversation instance: the first six hex digits of its header line's hash. It is in
    /// the record, so it is the same after a restart; `coach serve` ends its prompt ids with it.
    public var tag: String { String(HashChain.sha256(json.encoded.utf8).prefix(6)) }

    /// The day the conversation started (the date part of `started`), the day of its opening outputs.
    public var day: Day? { Day(iso: String(started.prefix(10))) }

    /// A timestamp for `started`: local time with its UTC offset, to the second (`2026-11-27T09:00:00+01:00`, or `Z` at
    /// UTC), as `ISO8601DateFormatter` with `.withInternetDateTime` writes it, without building a formatter (about
    /// 120 us) per conversation.
    public static func timestamp(_ date: Date, timeZone: TimeZone = .current) -> String {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
        var out = Day(ordinal: days).description + "T" + two(seconds / 3600) + ":" + two(seconds % 3600 / 60) + ":" + two(seconds % 60)
        if offset == 0 { return out + "Z" }
        let minutes = abs(offset) / 60
        out += (offset < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
        return out
    }

    var json: JSONValue {
        var object: JSONObject = [
            ("format", .string(Self.formatName)),
            ("version", .int(version)),
            ("dialog", .string(dialog)),
            ("dialogVersion", .int(dialogVersion)),
            ("contentHash", .string(contentHash)),
            ("coach", .string(coach)),
            ("conversation", .string(conversation)),
            ("subject", subject.map(JSONValue.string) ?? .null),
            ("started", .string(started)),
        ]
        if let instance { object.members.append((key: "instance", value: .string(instance))) }
        if let leader { object.members.append((key: "leader", value: .string(leader))) }
        return .object(object)
    }

    /// Reads a header line's object; nil when it is not a header.
    init?(json j: JSONValue) {
        guard j["format"]?.string == Self.formatName, let version = j["version"]?.int,
              let dialog = j["dialog"]?.string, let dialogVersion = j["dialogVersion"]?.int,
              let hash = j["contentHash"]?.string, let coach = j["coach"]?.string,
              let conversation = j["conversation"]?.string, let started = j["started"]?.string else { return nil }
        self.init(version: version, dialog: dialog, dialogVersion: dialogVersion, contentHash: hash, coach: coach,
                  conversation: conversation, subject: j["subject"]?.string, started: started,
                  instance: j["instance"]?.string, leader: j["leader"]?.string)
    }
}
