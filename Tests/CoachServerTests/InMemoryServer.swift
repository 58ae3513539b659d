import DialogCompiler
import CoachCLI
import CoachServer
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Logging
import Testing

/// A `ProtocolServer` driven in memory, the way swift-nio's `EmbeddedChannel` drives a handler: a request line in,
/// the reply line out, no child process. Everything goes through `handle(_:)`, the server's public request API.
struct InMemoryServer {
    static let today = Day(year: 2026, month: 11, day: 27)
    /// The handshake of docs/protocol.md section 8 (buttons of at most 5, labels of at most 40 characters).
    static let handshake = #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-27","bridge":{"name":"test-bridge","version":"1"},"capabilities":{"buttons":{"max":5,"maxLabel":40},"markup":"markdown"}}}"#

    let server: ProtocolServer

    /// A server over `Dialogs/` (or `dialogs`) on 2026-11-27, initialized with `handshake` unless `initialize` is nil.
    init(transcripts: TranscriptDirectory? = nil, maxOpen: Int = .max, initialize: String? = Self.handshake,
         dialogs: [String: Dialog] = Repository.dialogs.dialogs, coaching: (any CoachingStore)? = nil) {
        server = ProtocolServer(dialogs: dialogs, today: { Self.today },
                                logger: Logger(label: "coach.test") { _ in SwiftLogNoOpLogHandler() },
                                transcripts: transcripts, maxOpen: maxOpen, coaching: coaching)
        if let initialize { _ = line(initialize) }
    }

    /// A fresh transcript directory (one per test) over `Dialogs/`.
    static func transcripts() -> TranscriptDirectory {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coach-server-tests-\(UUID().uuidString)").path
        let directory = TranscriptDirectory(path: path, dialogsDirectory: "Dialogs")
        directory.use(sources: Repository.sources("Dialogs"))  // compiled as "Dialogs/<name>.yaml"
        return directory
    }

    /// The reply line exactly as the server wrote it (newline included), nil when there is none.
    func line(_ json: String) -> String? { server.handle(Array(json.utf8)).map { String(decoding: $0, as: UTF8.self) } }

    /// The reply to a line of raw bytes (which need not be UTF-8).
    func line(bytes: [UInt8]) -> String? { server.handle(bytes).map { String(decoding: $0, as: UTF8.self) } }

    /// The reply the server loop writes in place of a line longer than the cap.
    func lineTooLong() -> String { String(decoding: server.lineTooLong(), as: UTF8.self) }

    var openConversations: Int { server.openConversations }

    /// The reply, parsed; nil when there is none.
    func send(_ json: String) -> [String: Any]? { line(json).map(parse) }

    /// A request with `id` (default 1).
    func call(_ method: String, _ params: String = "{}", id: Int = 1) -> [String: Any] {
        send(request(method, params, id: id)) ?? [:]
    }

    func start(_ conversation: String, dialog: String = "off-track") -> [String: Any] {
        call("conversation/start", #"{"conversation":\#(quoted(conversation)),"dialog":"\#(dialog)"}"#)
    }

    func say(_ conversation: String, _ text: String, messageId: String? = nil) -> [String: Any] {
        call("conversation/message", #"{"conversation":\#(quoted(conversation))\#(mid(messageId)),"text":\#(quoted(text))}"#)
    }

    func click(_ conversation: String, _ promptId: String, _ choice: String, messageId: String? = nil) -> [String: Any] {
        call("conversation/message",
             #"{"conversation":\#(quoted(conversation))\#(mid(messageId)),"choice":{"promptId":"\#(promptId)","id":"\#(choice)"}}"#)
    }

    func back(_ conversation: String, messageId: String? = nil) -> [String: Any] {
        call("conversation/back", #"{"conversation":\#(quoted(conversation))\#(mid(messageId))}"#)
    }

    func state(_ conversation: String) -> [String: Any] {
        call("conversation/state", #"{"conversation":\#(quoted(conversation))}"#).result
    }

    /// The tag of the conversation's prompt ids (`p<turn>-<tag>`), read from the question it waits on.
    func tag(_ conversation: String) -> String {
        ((state(conversation)["question"] as? [String: Any])?["promptId"] as? String).map(promptTag) ?? ""
    }

    private func mid(_ messageId: String?) -> String { messageId.map { #","messageId":\#(quoted($0))"# } ?? "" }
}

func request(_ method: String, _ params: String = "{}", id: Int = 1) -> String {
    #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
}

/// A string as a JSON string literal.
func quoted(_ s: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
}

func parse(_ json: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
}

/// A JSON value written with sorted keys, so two values compare as strings and a failure shows both whole.
func canonical(_ value: Any?) -> String {
    guard let value else { return "nil" }
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else {
        return "\(value)"
    }
    return String(decoding: data, as: UTF8.self)
}

/// `expected` (JSON text) in the same form as `canonical`.
func canonical(_ expected: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    guard let value = try? JSONSerialization.jsonObject(with: Data(expected.utf8), options: .fragmentsAllowed) else {
        Issue.record("the expected value is not JSON: \(expected)", sourceLocation: sourceLocation)
        return "not JSON"
    }
    return canonical(value)
}

extension Dictionary where Key == String, Value == Any {
    var result: [String: Any] { self["result"] as? [String: Any] ?? [:] }
    var error: [String: Any] { self["error"] as? [String: Any] ?? [:] }
    var code: Int? { error["code"] as? Int }
    var data: [String: Any] { error["data"] as? [String: Any] ?? [:] }
    var turn: Int? { result["turn"] as? Int }
    var phase: String? { result["phase"] as? String }
    var messages: [[String: Any]] { result["messages"] as? [[String: Any]] ?? [] }
    /// The types of the turn's messages, in order.
    var types: [String] { messages.compactMap { $0["type"] as? String } }
    /// The turn's question message, if any.
    var question: [String: Any]? { messages.first { $0["type"] as? String == "question" } }
    var promptId: String? { question?["promptId"] as? String }
    var node: String? { question?["node"] as? String }
    /// The tag of the turn's prompt id (`p<turn>-<tag>`).
    var tag: String? { promptId.map(promptTag) }
}

/// The tag of a prompt id `p<turn>-<tag>` (docs/protocol.md 6.2): what follows its first `-`.
func promptTag(_ promptID: String) -> String {
    promptID.split(separator: "-", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
}

/// A fresh transcript directory for one test, removed when the test is done with it.
final class TranscriptDirectoryRef {
    let directory = InMemoryServer.transcripts()
    deinit { try? FileManager.default.removeItem(atPath: directory.path) }
}
