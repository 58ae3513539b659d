import Crypto

/// A per-installation secret that authenticates sealed transcripts: the seal carries an HMAC-SHA256 of the chain's
/// head made with it, which nobody without the key can recompute after an edit. Pure: reading and creating the key
/// file is the shared edge's work (`TranscriptKeyFile` in CoachCLI).
public struct TranscriptKey: Sendable, Hashable {
    /// The key's bytes (32 random bytes when created by coach).
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(!bytes.isEmpty, "a transcript key has bytes")
        self.bytes = bytes
    }

    /// The key's name in a seal: the first 8 hex digits of the SHA-256 of its bytes (it names, it does not reveal).
    public var id: String { String(HashChain.sha256(bytes).prefix(8)) }

    /// The hex HMAC-SHA256 of what a seal says: `<turn>:<lines>:<head>` in ASCII (the head's 64 hex digits), so no
    /// member of the seal line but the key id and the MAC itself can change without the key.
    public func mac(turn: Int, lines: Int, head: String) -> String {
        HashChain.hex(HMAC<SHA256>.authenticationCode(for: Array("\(turn):\(lines):\(head)".utf8), using: SymmetricKey(data: bytes)))
    }

    /// The hex HMAC-SHA256 of `bytes` under a purpose (`index`): what this installation writes beside its
    /// transcripts (a cache of what they say) can be told from what anyone else wrote there.
    public func mac(of bytes: [UInt8], purpose: String) -> String {
        HashChain.hex(HMAC<SHA256>.authenticationCode(for: Array("coach-\(purpose):".utf8) + bytes, using: SymmetricKey(data: self.bytes)))
    }

    /// Whether a seal was made with this key: its key id and MAC match.
    public func authenticate(_ seal: TranscriptFile.Seal?) -> Authentication {
        guard let seal else { return .unsealed }
        guard let recorded = seal.key, let mac = seal.mac else { return .unsigned }
        guard recorded == id else { return .otherKey(recorded: recorded, given: id) }
        let expected = Array(self.mac(turn: seal.turn, lines: seal.lines, head: seal.head).utf8)
        // Compared in constant time: a difference anywhere costs the same.
        guard expected.count == mac.utf8.count, zip(expected, mac.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return .forged
        }
        return .authentic(key: id)
    }
}

/// What checking a transcript's seal against a key found. Only `authentic` is proof: the rest say why not.
public enum Authentication: Hashable, Sendable {
    /// The seal's MAC was made with this key over the chain's head: no line was changed since it was sealed.
    case authentic(key: String)
    /// No seal: a live conversation, one cut short, one recorded before seals, or one whose seal was removed.
    case unsealed
    /// Sealed without a key (nothing to check it with).
    case unsigned
    /// Sealed with another key than the one given.
    case otherKey(recorded: String, given: String)
    /// The MAC does not match the head: the lines were changed and the chain recomputed (or the seal edited).
    case forged

    /// One line for people: why a transcript is or is not authentic.
    public var description: String {
        switch self {
        case .authentic(let key): "authenticated with key \(key)"
        case .unsealed: "not sealed (a live or unfinished conversation, one cut short, or its seal removed), so it cannot be authenticated"
        case .unsigned: "sealed without a key, so it cannot be authenticated"
        case .otherKey(let recorded, let given): "sealed with key \(recorded), not with this installation's key \(given) (use --key-file)"
        case .forged: "the seal's MAC does not match its lines: they were changed and the hash chain recomputed"
        }
    }
}
