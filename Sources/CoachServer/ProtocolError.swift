import CoachCLI
import Transcript

/// A JSON-RPC error the server answers with; codes are documented in docs/protocol.md.
public struct ProtocolError: Error, Equatable, Sendable {
    public let code: Int
    public let message: String
    /// Extra members of the error's `data` object (values are JSON).
    public let data: [(String, JSONValue)]

    public static func == (a: ProtocolError, b: ProtocolError) -> Bool { a.code == b.code && a.message == b.message }

    /// -32700: the line is not JSON, not UTF-8, or too long.
    public static func parse(_ reason: String, _ detail: String? = nil) -> ProtocolError {
        ProtocolError(code: -32700, message: "Parse error.", data: [("reason", .string(reason))] + (detail.map { [("detail", .string($0))] } ?? []))
    }
    /// -32600: JSON, but not a JSON-RPC 2.0 request.
    public static func invalidRequest(_ detail: String) -> ProtocolError {
        ProtocolError(code: -32600, message: "Invalid request.", data: [("detail", .string(detail))])
    }
    /// -32601: no such method.
    public static func methodNotFound(_ method: String) -> ProtocolError {
        ProtocolError(code: -32601, message: "Method not found.", data: [("method", .string(method))])
    }
    /// -32602: a parameter is missing or has the wrong type.
    public static func invalidParams(_ field: String, _ detail: String) -> ProtocolError {
        ProtocolError(code: -32602, message: "Invalid params.", data: [("field", .string(field)), ("detail", .string(detail))])
    }
    /// -32602: the bridge speaks a protocol version this server does not.
    public static func unsupportedVersion(_ requested: String, supported: [String]) -> ProtocolError {
        ProtocolError(code: -32602, message: "Unsupported protocol version.",
                      data: [("requested", .string(requested)), ("supported", .array(supported.map(JSONValue.string)))])
    }
    /// -32603: a bug in coach.
    public static func internalError(_ detail: String) -> ProtocolError {
        ProtocolError(code: -32603, message: "Internal error.", data: [("detail", .string(detail))])
    }
    /// -32002: a request before `initialize`.
    public static let notInitialized = ProtocolError(code: -32002, message: "Server not initialized; send initialize first.", data: [])
    /// -32010: no conversation with this id.
    public static func unknownConversation(_ id: String) -> ProtocolError {
        ProtocolError(code: -32010, message: "Unknown conversation.", data: [("conversation", .string(id))])
    }
    /// -32011: a choice for a question that is no longer the one being asked.
    public static func stalePrompt(_ promptID: String, active: String?) -> ProtocolError {
        ProtocolError(code: -32011, message: "That choice is no longer active.",
                      data: [("promptId", .string(promptID)), ("activePromptId", active.map(JSONValue.string) ?? .null)])
    }
    /// -32012: `conversation/start` for an id already in use.
    public static func conversationExists(_ id: String) -> ProtocolError {
        ProtocolError(code: -32012, message: "Conversation already exists; end it first or use another id.", data: [("conversation", .string(id))])
    }
    /// -32013: no dialog with this id.
    public static func unknownDialog(_ id: String, known: [String]) -> ProtocolError {
        ProtocolError(code: -32013, message: "Unknown dialog.", data: [("dialog", .string(id)), ("known", .array(known.map(JSONValue.string)))])
    }
    /// -32014: a message id seen before, but not the latest, so its reply is no longer kept.
    public static func duplicateMessage(_ id: String) -> ProtocolError {
        ProtocolError(code: -32014, message: "Duplicate message; it was already processed.", data: [("messageId", .string(id))])
    }
    /// -32015: the transcript could not be written (a full disk, an I/O error); nothing was applied, and the same
    /// request (with the same `messageId`) may be sent again later.
    public static func storageUnavailable(_ detail: String) -> ProtocolError {
        ProtocolError(code: -32015, message: "Storage unavailable; nothing was applied. Retry later with the same messageId.",
                      data: [("detail", .string(detail))])
    }
    /// -32016: `conversation/plan` for a conversation whose diagnosis has not finished.
    public static func noPlan(_ id: String) -> ProtocolError {
        ProtocolError(code: -32016, message: "No plan yet; the diagnosis has not finished.", data: [("conversation", .string(id))])
    }
    /// -32017: `subjects/history` for a subject no finished diagnosis is about (by id or by name).
    public static func unknownSubject(_ subject: String, known: [String]) -> ProtocolError {
        ProtocolError(code: -32017, message: "Unknown subject.", data: [("subject", .string(subject)), ("known", .array(known.map(JSONValue.string)))])
    }
    /// -32018: `subjects/history` for a name several subjects have (two reps called Dana): the bridge must give an id.
    public static func ambiguousSubject(_ subject: String, ids: [String]) -> ProtocolError {
        ProtocolError(code: -32018, message: "Ambiguous subject; give one of its ids.",
                      data: [("subject", .string(subject)), ("ids", .array(ids.map(JSONValue.string)))])
    }
    /// -32019: coaching continuity (`subjects/list`, `subjects/history`, `team/picture`) asked of a server that runs
    /// with `--no-transcripts`: there are no diagnoses to read.
    public static let noTranscripts = ProtocolError(code: -32019, message: "No transcripts to read; the server runs with --no-transcripts.", data: [])
}
