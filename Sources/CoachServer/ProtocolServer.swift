import CoachCLI
import DialogEngine
import DialogModel
import Logging
import Transcript

/// The JSON-lines protocol of `coach serve` (JSON-RPC 2.0, one message per line; docs/protocol.md), without I/O:
/// a line in, a reply line out. `ServerLoop` connects it to stdin and stdout.
public final class ProtocolServer {
    /// The protocol versions this server speaks.
    public static let supportedVersions = ["2026-11-27"]
    /// The longest line accepted, in bytes (newline excluded).
    public static let maxLineBytes = 1 << 20

    let dialogs: [String: Dialog]
    var engines: [String: Engine] = [:]
    let today: () -> Day
    let logger: Logger
    var initialized = false
    var capabilities = ServerCapabilities()
    lazy var writer = TurnWriter(capabilities: capabilities)
    /// The conversations held live.
    var conversations: [String: Conversation] = [:]
    /// A held conversation the request in hand is decided on without having been checked against a shared store
    /// (see `conversation(_:writes:)`).
    var unverified: Conversation?
    /// Without transcripts, the conversations past `maxOpen`, least recently used first out of `conversations`,
    /// kept compact (with transcripts on they wait in their transcripts instead).
    var idle: [String: CompactConversation] = [:]
    /// The live conversations in the order of their use, to close the least recently used past `maxOpen`.
    var recency = RecencyList<Conversation>()

    /// Where conversations are recorded and resumed from (a transcripts directory, or a store shared with other
    /// processes); nil when transcripts are off.
    let store: (any ConversationStore)?
    /// The most conversations held live; past it the least recently used is closed (with transcripts on: its next
    /// request resumes it from its transcript) or kept compact (without: `CompactConversation`).
    let maxOpen: Int
    /// Where `subjects/list`, `subjects/history` and `team/picture` read the finished diagnoses; nil when transcripts
    /// are off (they answer `-32019`).
    let coaching: (any CoachingStore)?

    public init(dialogs: [String: Dialog], today: @escaping () -> Day, logger: Logger, transcripts: (any ConversationStore)? = nil,
                maxOpen: Int = .max, coaching: (any CoachingStore)? = nil) {
        self.dialogs = dialogs
        self.today = today
        self.logger = logger
        self.store = transcripts
        self.maxOpen = max(1, maxOpen)
        self.coaching = coaching
    }

    deinit {
        // The list links its conversations both ways.
        recency.removeAll()
    }

    /// Conversations held open, live or compact.
    public var openConversations: Int { conversations.count + idle.count }

    /// Conversations held live (at most `maxOpen`).
    public var liveConversations: Int { conversations.count }

    /// True when turns are recorded to the journal (`coach serve`): they are made durable as its `--durability`
    /// says. Without it (a directory without a journal, as in tests) each writer syncs as its own durability says.
    public var isJournaled: Bool { directory?.journal != nil }

    /// The transcripts directory, when conversations are recorded to files.
    var directory: TranscriptDirectory? { store as? TranscriptDirectory }

    /// The group commit of `--durability sync`: one sync of the journal covering every turn answered since the last
    /// one, before their replies are sent. Throws when it fails (the replies must not be sent). Nothing to do at
    /// other levels.
    public func commitTranscripts() throws {
        guard let journal = directory?.journal else { return }
        if journal.durability == .sync { try journal.commit() }
        if journal.isFull { rotateJournal(journal) }
    }

    /// Moves a full journal to a new segment (see `Journal.rotate`), between chunks: the old one is deleted once its
    /// frames are in their files, so a server that runs for weeks keeps a bounded journal. When the new segment
    /// cannot be created, turns go on to the old one and the next chunk tries again.
    func rotateJournal(_ journal: Journal) {
        do {
            try journal.rotate(sinks: conversations.values.compactMap { $0.recorder?.writer.sink as? JournalSink })
        } catch {
            logger.error("cannot start a new journal segment: \(error); the journal '\(journal.path)' goes on growing")
        }
    }

    /// Stops recording: with the journal, every open conversation's transcript is written to its own file and made
    /// durable, and the journal is deleted (the process waits for it). True when all went well.
    @discardableResult
    public func closeTranscripts() -> Bool {
        guard let directory, isJournaled else { return true }
        let problems = directory.closeJournal(open: conversations.values.compactMap(\.recorder))
        for p in problems { logger.error("\(p)") }
        return problems.isEmpty
    }

    /// Handles one line (without its newline). Returns the reply line, newline included, or nil when there is
    /// nothing to answer (an empty line, or a notification).
    public func handle(_ line: [UInt8]) -> [UInt8]? {
        let w = JSONWriter()
        handle(line[...], into: w)
        return w.isEmpty ? nil : w.bytes
    }

    /// Handles one line, appending the reply line (if any) to `out`.
    public func handle(_ line: ArraySlice<UInt8>, into out: JSONWriter) {
        line.withUnsafeBufferPointer { handle($0, into: out) }
    }

    /// Handles one line read in place (the server loop's input buffer), appending the reply line (if any) to `out`.
    public func handle(_ line: UnsafeBufferPointer<UInt8>, into out: JSONWriter) {
        if let reply = answer(line, into: out) { out.raw(bytes: reply) }
    }

    /// Writes the reply into `w` and returns nil, or returns an error reply (nothing written to `w`).
    func answer(_ line: UnsafeBufferPointer<UInt8>, into w: JSONWriter) -> [UInt8]? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let parsed: Result<JSONValue, JSONParser.Failure>
        // A line of ASCII (as nearly every request is) is valid UTF-8 as it stands: it is parsed in place, without
        // first being copied into a String to be validated.
        if line.allSatisfy({ $0 < 0x80 }) {
            do throws(JSONParser.Failure) { parsed = .success(try JSONParser.parse(utf8: line)) } catch { parsed = .failure(error) }
        } else {
            guard let text = String(validating: line, as: UTF8.self) else {
                return reply(id: .null, error: .parse("invalid_utf8"))
            }
            do throws(JSONParser.Failure) { parsed = .success(try JSONParser.parse(text)) } catch { parsed = .failure(error) }
        }
        let value: JSONValue
        switch parsed {
        case .success(let v): value = v
        case .failure(let error):
            return reply(id: .null, error: .parse("invalid_json", "\(error.message) at byte \(error.offset)"))
        }
        guard let request = value.object else {
            let detail = value.array != nil ? "batches are not supported; send one request per line" : "a request is a JSON object"
            return reply(id: .null, error: .invalidRequest(detail))
        }
        let id = request["id"]
        if let id, !id.isRequestID {
            return reply(id: .null, error: .invalidRequest("'id' must be a string or a number"))
        }
        guard request["jsonrpc"]?.string == "2.0" else {
            return reply(id: id ?? .null, error: .invalidRequest("'jsonrpc' must be \"2.0\""))
        }
        guard let method = request["method"]?.string else {
            return reply(id: id ?? .null, error: .invalidRequest("'method' must be a string"))
        }
        let params = request["params"]?.object ?? JSONObject()
        if request["params"] != nil, request["params"]?.object == nil {
            return id.map { reply(id: $0, error: .invalidParams("params", "must be an object")) }
        }
        guard let id else {
            notification(method, params)
            return nil
        }
        var conflicts = 0
        while true {
            let start = w.count
            w.raw("{\"jsonrpc\":\"2.0\",\"id\":")
            w.value(id)
            w.raw(",\"result\":")
            let result = w.count
            unverified = nil
            do {
                try dispatch(method, params, into: w)
                // A shared store: the request's turns are committed with its reply, before the reply is sent.
                if let store, store.isShared {
                    let reply = w.withBytes { Array($0[result...]) }
                    // Only a turn's reply is kept for a retry (why, help and end are not deduplicated).
                    let turnID = Self.turnMethods.contains(method) ? try? messageID(params) : nil
                    do { try store.commit(reply: reply, messageID: turnID) } catch let conflict as StoreConflict {
                        throw conflict
                    } catch {
                        throw ProtocolError.storageUnavailable("could not commit the turn: \(error)")
                    }
                }
            } catch let conflict as StoreConflict {
                w.truncate(to: start)
                dropPending()
                conflicts += 1
                switch conflict {
                case .turnTaken where conflicts < Self.maxConflicts:
                    // Another process took the turn: decide again on the conversation as the store now holds it.
                    logger.debug("\(conflict); deciding again")
                    continue
                case .turnTaken(let c):
                    return reply(id: id, error: .storageUnavailable("\(c) kept changing in the store while this request was decided; try again"))
                case .conversationExists(let c):
                    return reply(id: id, error: .conversationExists(c))
                }
            } catch let error as ProtocolError {
                w.truncate(to: start)
                dropPending()
                // A refusal decided on a copy not checked against the store may be the copy's, not the conversation's.
                if let c = unverified, conflicts < Self.maxConflicts {
                    let stale: Bool
                    do { stale = try isStale(c) } catch {
                        return reply(id: id, error: .storageUnavailable("could not check the conversation against the store: \(error)"))
                    }
                    if stale {
                        release(c)
                        conflicts += 1
                        continue
                    }
                }
                return reply(id: id, error: error)
            } catch {
                w.truncate(to: start)
                dropPending()
                return reply(id: id, error: .internalError("\(error)"))
            }
            w.raw("}\n")
            return nil
        }
    }

    /// The methods that take a turn, whose reply a retry of their message id gets again.
    static let turnMethods: Set<String> = ["conversation/start", "conversation/message", "conversation/back"]

    /// How many times a request is decided again after another process took its turn first.
    static let maxConflicts = 8

    /// Forgets the turns a failed request recorded, and the conversations they were recorded in (they are ahead of
    /// the store; their next request loads them from it).
    func dropPending() {
        guard let store, store.isShared else { return }
        for id in store.discardPending() {
            if let c = conversations[id] { release(c) }
            idle[id] = nil
        }
    }

    /// The reply to a line longer than `maxLineBytes` (which is discarded unread).
    public func lineTooLong() -> [UInt8] {
        reply(id: .null, error: .parse("line_too_long", "lines are limited to \(Self.maxLineBytes) bytes"))
    }

    func reply(id: JSONValue, error: ProtocolError) -> [UInt8] {
        let w = JSONWriter()
        w.raw("{\"jsonrpc\":\"2.0\",\"id\":")
        w.value(id)
        w.raw(",\"error\":{\"code\":"); w.int(error.code)
        w.raw(",\"message\":"); w.string(error.message)
        if !error.data.isEmpty { w.raw(",\"data\":"); w.value(.object(JSONObject(error.data.map { (key: $0.0, value: $0.1) }))) }
        w.raw("}}\n")
        if error.code == -32700 || error.code == -32600 || error.code == -32603 {
            let data = JSONWriter()
            data.value(.object(JSONObject(error.data.map { (key: $0.0, value: $0.1) })))
            logger.warning("answered with error \(error.code): \(error.message) \(String(decoding: data.bytes, as: UTF8.self))")
        }
        return w.bytes
    }

    func notification(_ method: String, _ params: JSONObject) {
        switch method {
        case "notifications/initialized", "notifications/cancelled": break
        default: logger.notice("ignored notification '\(method)'")
        }
    }

    func dispatch(_ method: String, _ params: JSONObject, into w: JSONWriter) throws {
        if method == "initialize" { return try initialize(params, into: w) }
        guard initialized else { throw ProtocolError.notInitialized }
        switch method {
        case "ping": w.raw("{}")
        case "dialogs/list": w.raw("{\"dialogs\":"); dialogList(into: w); w.raw("}")
        case "conversation/start": try start(params, into: w)
        case "conversation/message": try message(params, into: w)
        case "conversation/back": try back(params, into: w)
        case "conversation/why": try explain(params, help: false, into: w)
        case "conversation/help": try explain(params, help: true, into: w)
        case "conversation/state": try state(params, into: w)
        case "conversation/plan": try plan(params, into: w)
        case "conversation/end": try end(params, into: w)
        case "subjects/list": try subjectList(params, into: w)
        case "subjects/history": try subjectHistory(params, into: w)
        case "team/picture": try teamPicture(params, into: w)
        default: throw ProtocolError.methodNotFound(method)
        }
    }

    func initialize(_ params: JSONObject, into w: JSONWriter) throws {
        guard !initialized else { throw ProtocolError.invalidRequest("already initialized") }
        guard let version = params["protocolVersion"]?.string else {
            throw ProtocolError.invalidParams("protocolVersion", "required, a string such as \"\(Self.supportedVersions[0])\"")
        }
        guard Self.supportedVersions.contains(version) else {
            throw ProtocolError.unsupportedVersion(version, supported: Self.supportedVersions)
        }
        var requested = ServerCapabilities()
        if let caps = params["capabilities"]?.object {
            if let buttons = caps["buttons"] {
                if let b = buttons.bool { requested.buttons = b }
                else if let o = buttons.object {
                    requested.buttons = true
                    if let m = o["max"] {
                        guard let n = m.int, (1...100).contains(n) else { throw ProtocolError.invalidParams("capabilities.buttons.max", "a whole number from 1 to 100") }
                        requested.maxButtons = n
                    }
                    if let l = o["maxLabel"] {
                        guard let n = l.int, (2...1000).contains(n) else { throw ProtocolError.invalidParams("capabilities.buttons.maxLabel", "a whole number from 2 to 1000") }
                        requested.maxLabel = n
                    }
                } else {
                    throw ProtocolError.invalidParams("capabilities.buttons", "true, false, or {\"max\": N, \"maxLabel\": N}")
                }
            }
            if let markup = caps["markup"] {
                guard let m = markup.string, ServerCapabilities.markups.contains(m) else {
                    throw ProtocolError.invalidParams("capabilities.markup", "one of markdown, slack, plain, none")
                }
                requested.markup = m
            }
            if let limit = caps["maxMessageChars"] {
                let range = ServerCapabilities.minMessageChars...ServerCapabilities.maxMessageCharsLimit
                guard let n = limit.int, range.contains(n) else {
                    throw ProtocolError.invalidParams("capabilities.maxMessageChars", "a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                requested.maxMessageChars = n
            }
        }
        capabilities = requested
        initialized = true
        let bridge = params["bridge"]?.object?["name"]?.string ?? "an unnamed bridge"
        logger.info("initialized by \(bridge), protocol \(version)")
        w.raw("{\"protocolVersion\":"); w.string(version)
        w.raw(",\"server\":{\"name\":\"coach\",\"version\":"); w.string(CoachVersion.current); w.raw("}")
        w.raw(",\"capabilities\":{\"buttons\":"); w.bool(capabilities.buttons)
        w.raw(",\"maxButtons\":"); w.int(capabilities.maxButtons)
        w.raw(",\"maxLabel\":"); w.int(capabilities.maxLabel)
        w.raw(",\"markup\":"); w.string(capabilities.markup)
        if let n = capabilities.maxMessageChars { w.raw(",\"maxMessageChars\":"); w.int(n) }
        w.raw("}")
        w.raw(",\"limits\":{\"maxLineBytes\":"); w.int(Self.maxLineBytes); w.raw("}")
        w.raw(",\"dialogs\":"); dialogList(into: w)
        w.raw("}")
    }

    /// The dialogs a bridge may start by id: not the follow-ups (they start with `followUp`).
    var startableDialogs: [String] { dialogs.filter { !$0.value.takesGivens }.keys.sorted() }

    func dialogList(into w: JSONWriter) {
        w.raw("[")
        for (i, id) in startableDialogs.enumerated() {
            let d = dialogs[id]!
            let part = d.parts[0]
            if i > 0 { w.raw(",") }
            w.raw("{\"id\":"); w.string(d.id)
            w.raw(",\"title\":"); w.string(d.title)
            w.raw(",\"version\":"); w.int(d.version)
            if let p = part.problem { w.raw(",\"problem\":"); w.string(p) }
            if let s = part.subject { w.raw(",\"subject\":"); w.string(s.rawValue) }
            if let s = part.statement { w.raw(",\"statement\":"); w.string(s) }
            w.raw("}")
        }
        w.raw("]")
    }
}
