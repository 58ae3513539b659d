import Crypto

/// The hash chain over a transcript's lines. Each line ends in `,"hash":"<64 hex>"}`; the hash is the hex SHA-256
/// of the previous line's hash (its 64 ASCII hex digits; nothing for line 1) followed by the line's bytes without
/// that member (the same text with `,"hash":"…"` cut out). Editing, deleting, inserting or reordering a line
/// breaks the chain at that line or the next.
public enum HashChain {
    static let suffixLength = 9 + 64 + 2  // ,"hash":" + hex + "}

    /// Hex SHA-256 of bytes.
    public static func sha256(_ bytes: some Sequence<UInt8>) -> String {
        hex(SHA256.hash(data: Array(bytes)))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hash of a line's body (the object without its hash member) after `previous`.
    public static func link(previous: String, body: some StringProtocol) -> String {
        var h = SHA256()
        h.update(data: Array(previous.utf8))
        h.update(data: Array(body.utf8))
        return hex(h.finalize())
    }

    /// Whether `claimed` (64 hex digits) is the hash of a line's body after `previous` (the previous line's 64 hex
    /// digits, or none): the body is the line up to `cut` (see `cut(_:)`) and a closing brace, hashed where it lies,
    /// and the digest is compared digit by digit, with no buffer allocated.
    static func matches(previous: ArraySlice<UInt8>, body: ArraySlice<UInt8>, claimed: ArraySlice<UInt8>,
                        scratch: inout [UInt8]) -> Bool {
        precondition(claimed.count == 64)
        // One contiguous input, hashed in one call: each call into the digest costs more than copying a line.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: previous)
        scratch.append(contentsOf: body)
        scratch.append(0x7D)
        var h = SHA256()
        scratch.withUnsafeBytes { h.update(bufferPointer: $0) }
        let digest = h.finalize()
        let digits: StaticString = "0123456789abcdef"
        var k = claimed.startIndex
        for b in digest {
            guard claimed[k] == digits.utf8Start[Int(b >> 4)], claimed[k + 1] == digits.utf8Start[Int(b & 15)] else { return false }
            k += 2
        }
        return true
    }

    /// Seals a body into the chain in place: `head` (the previous line's 64 hex digits, or empty before the first
    /// line) becomes the hash of `body` (the line up to its closing brace, excluded) and a closing brace after it.
    /// No allocation once `head` holds 64 bytes.
    static func link(previous head: inout [UInt8], body: UnsafeBufferPointer<UInt8>) {
        var h = SHA256()
        head.withUnsafeBytes { h.update(bufferPointer: $0) }
        h.update(bufferPointer: UnsafeRawBufferPointer(body))
        withUnsafeBytes(of: UInt8(0x7D)) { h.update(bufferPointer: $0) }
        if head.count != 64 { head = [UInt8](repeating: 0, count: 64) }
        let digits: StaticString = "0123456789abcdef"
        let digest = h.finalize()
        head.withUnsafeMutableBufferPointer { out in
            var k = 0
            digest.withUnsafeBytes { d in
                for b in d {
                    out[k] = digits.utf8Start[Int(b >> 4)]
                    out[k + 1] = digits.utf8Start[Int(b & 15)]
                    k += 2
                }
            }
        }
    }

    /// Where a line's hash member starts (the index of its `,`); nil when the line does not end in one. The member's
    /// 64 characters are not looked at: `matches` compares them with a digest's hex digits, and only when they do not
    /// match does `isHex` tell a hash that differs from a member that holds no hash.
    static func cut(_ line: ArraySlice<UInt8>) -> Int? {
        guard line.count > suffixLength + 1 else { return nil }
        let cut = line.endIndex - suffixLength
        let member: StaticString = ",\"hash\":\""
        for k in 0..<9 where line[cut + k] != member.utf8Start[k] { return nil }
        guard line[line.endIndex - 2] == 0x22, line[line.endIndex - 1] == 0x7D else { return nil }
        return cut
    }

    /// Whether the bytes are lowercase hex digits only.
    static func isHex(_ digits: ArraySlice<UInt8>) -> Bool {
        digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A line: the body object's text with its hash member added last (no newline).
    public static func seal(_ body: String, previous: String) -> (line: String, hash: String) {
        precondition(body.hasPrefix("{") && body.hasSuffix("}") && body.count > 2, "a transcript line is a non-empty object")
        let hash = link(previous: previous, body: body)
        return (String(body.dropLast()) + ",\"hash\":\"" + hash + "\"}", hash)
    }

    /// Splits a line into its body and the hash it claims; nil when it does not end in a hash member.
    public static func unseal(_ line: Substring) -> (body: String, hash: String)? {
        let bytes = Array(line.utf8)
        guard bytes.count > suffixLength + 1 else { return nil }
        let cut = bytes.count - suffixLength
        guard Array(bytes[cut..<cut + 9]) == Array(",\"hash\":\"".utf8), Array(bytes[(bytes.count - 2)...]) == Array("\"}".utf8) else { return nil }
        let hash = bytes[(cut + 9)..<(bytes.count - 2)]
        guard hash.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return (String(decoding: bytes[..<cut], as: UTF8.self) + "}", String(decoding: hash, as: UTF8.self))
    }
}
