import CoachCLI
import DialogEngine
import DialogModel
import Logging
import Transcript

/// The conversations a server holds: looked up by the id a request names, checked against a shared store, resumed,
/// held live past `maxOpen` or kept compact; and the ids requests carry.
extension ProtocolServer {
    func engine(_ dialogID: String) throws -> Engine {
        if let e = engines[dialogID] { return e }
        guard let d = dialogs[dialogID] else { throw ProtocolError.unknownDialog(dialogID, known: startableDialogs) }
        let e = Engine(dialog: d)
        engines[dialogID] = e
        return e
    }

    func conversationID(_ params: JSONObject) throws -> String {
        guard let id = params["conversation"]?.string, !id.isEmpty, id.utf8.count <= 256 else {
            throw ProtocolError.invalidParams("conversation", "required, a non-empty string of at most 256 bytes")
        }
        return id
    }

    /// The conversation a request names: held (live or compact), else resumed from the store. With a shared store a
    /// held copy is checked against the store first, unless the request `writes`: its commit checks it (a turn
    /// another process took first fails it), and a refusal or a retry decided on it is checked then (`verify`).
    func conversation(_ params: JSONObject, writes: Bool = false) throws -> Conversation {
        let id = try conversationID(params)
        if let c = conversations[id] {
            if writes, let store, store.isShared {
                unverified = c
                touch(c)
                return c
            }
            if try isStale(c) {
                release(c)
            } else {
                touch(c)
                return c
            }
        }
        if let compact = idle.removeValue(forKey: id) {
            guard let c = compact.restore(id: id, engine: { try? self.engine($0) }) else { throw ProtocolError.unknownConversation(id) }
            hold(c)
            return c
        }
        guard let store, let c = try resume(id, store) else { throw ProtocolError.unknownConversation(id) }
        return c
    }

    /// Checks a held copy the request is decided on against the store, when that was left to the commit: a copy
    /// another process has changed is dropped, and the request is decided again (`StoreConflict.turnTaken`).
    func verify(_ c: Conversation) throws {
        guard c === unverified else { return }
        unverified = nil
        if try isStale(c) {
            release(c)
            throw StoreConflict.turnTaken(c.id)
        }
    }

    /// True when another process changed a conversation this one holds (a shared store): it must be loaded again.
    func isStale(_ c: Conversation) throws -> Bool {
        guard let store, store.isShared, let recorder = c.recorder else { return false }
        do { return try !store.isCurrent(c.id, recorder) } catch {
            throw ProtocolError.storageUnavailable("could not read the store: \(error)")
        }
    }

    /// Whether a conversation with this id is held, live or compact.
    func holds(_ id: String) -> Bool { conversations[id] != nil || idle[id] != nil }

    /// Marks a conversation as just used.
    func touch(_ c: Conversation) { recency.use(c) }

    /// Takes a conversation out of the live ones.
    func release(_ c: Conversation) {
        if conversations[c.id] === c { conversations[c.id] = nil }
        recency.remove(c)
    }

    /// Adds a conversation; with more than `maxOpen` live, closes the least recently used one: with transcripts on
    /// its transcript is closed (written to its file from the journal, off the serving thread) and its next request
    /// resumes it; without, it is kept compact.
    func hold(_ c: Conversation) {
        touch(c)
        if let replaced = conversations.updateValue(c, forKey: c.id), replaced !== c { recency.remove(replaced) }
        guard conversations.count > maxOpen, let oldest = recency.popOldest() else { return }
        guard oldest !== c else { return recency.use(c) }
        conversations[oldest.id] = nil
        if let recorder = oldest.recorder {
            do { try recorder.close() } catch { logger.error("could not close the transcript of \(oldest.id): \(error)") }
            logger.info("closed \(oldest.id), the least recently used of \(maxOpen + 1) open; its next request resumes it")
        } else {
            idle[oldest.id] = CompactConversation(oldest)
        }
    }

    /// The longest message id accepted, in bytes: each conversation remembers nine (docs/protocol.md section 1.9).
    static let maxMessageIDBytes = 256

    func messageID(_ params: JSONObject) throws -> String? {
        guard let m = params["messageId"] else { return nil }
        let id: String
        if let s = m.string { id = s } else if case .number(let n) = m { id = n } else {
            throw ProtocolError.invalidParams("messageId", "a string or a number")
        }
        guard id.utf8.count <= Self.maxMessageIDBytes else {
            throw ProtocolError.invalidParams("messageId", "at most \(Self.maxMessageIDBytes) bytes")
        }
        return id
    }
}

extension JSONValue {
    /// True for the ids JSON-RPC requests may carry here: strings and numbers (not null).
    var isRequestID: Bool {
        switch self {
        case .string, .number: true
        default: false
        }
    }
}
