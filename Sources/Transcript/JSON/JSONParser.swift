/// A strict JSON parser (RFC 8259) over UTF-8 bytes: no trailing commas, no comments, no control characters in
/// strings, nesting at most 64 deep. Errors carry the byte offset.
public struct JSONParser {
    /// Why a text is not JSON.
    public struct Failure: Error, Equatable, Sendable {
        public let message: String
        public let offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses one JSON text; surrounding white space is allowed, anything else after it is not.
    public static func parse(_ text: String) throws(Failure) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer -> Result<JSONValue, Failure> in
            do throws(Failure) { return .success(try parse(utf8: buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON text from bytes that are valid UTF-8 (the caller has checked; strings are not validated again).
    public static func parse(utf8 buffer: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var p = JSONParser(buffer)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.i == buffer.count else { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    /// The keys and values most requests repeat (`docs/protocol.md`), each returned as this one string instead of a
    /// new one decoded from the bytes.
    private static func common(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        /// The literal when these are its bytes (a literal's bytes are contiguous; it is never copied or freed).
        func pick(_ s: String) -> String? {
            let same = s.utf8.withContiguousStorageIfAvailable { p in
                for k in 0..<p.count where p[k] != b[k] { return false }
                return true
            }
            return same == true ? s : nil
        }
        switch b.count {
        case 2: return pick("id")
        case 3: return pick("2.0") ?? pick("ids")
        case 4: return pick("text")
        case 6: return pick("method") ?? pick("params") ?? pick("choice") ?? pick("dialog") ?? pick("leader")
        case 7: return pick("jsonrpc") ?? pick("choices")
        case 8: return pick("promptId")
        case 9: return pick("messageId")
        case 12: return pick("conversation")
        case 16: return pick("conversation/end")
        case 17: return pick("conversation/back") ?? pick("conversation/plan")
        case 18: return pick("conversation/start") ?? pick("conversation/state")
        case 20: return pick("conversation/message")
        default: return nil
        }
    }

    private func fail(_ message: String) -> Failure { Failure(message: message, offset: i) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case 0x7B: return .object(try object())
        case 0x5B: return .array(try array())
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end of input") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("invalid literal") }
        i += n
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > 64 { throw fail("nesting deeper than 64") }
    }

    private mutating func object() throws(Failure) -> JSONObject {
        try enter()
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(8)  // one allocation for a request's objects, not one per doubling
        skipSpace()
        if i < bytes.count, bytes[i] == 0x7D { i += 1; depth -= 1; return JSONObject(members) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x22 else { throw fail("expected a string key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x3A else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            members.append((key, try value()))
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input") }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { i += 1; depth -= 1; return JSONObject(members) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array() throws(Failure) -> [JSONValue] {
        try enter()
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == 0x5D { i += 1; depth -= 1; return items }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of input") }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x5D { i += 1; depth -= 1; return items }
            throw fail("expected ',' or ']'")
        }
    }

    private mutating func number() throws(Failure) -> String {
        let start = i
        if bytes[i] == 0x2D { i += 1 }
        guard i < bytes.count else { throw fail("invalid number") }
        if bytes[i] == 0x30 {
            i += 1
        } else if bytes[i] >= 0x31 && bytes[i] <= 0x39 {
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
        } else {
            throw fail("invalid number")
        }
        if i < bytes.count, bytes[i] == 0x2E {
            i += 1
            let digits = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            guard i > digits else { throw fail("invalid number") }
        }
        if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            let digits = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            guard i > digits else { throw fail("invalid number") }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return Self.common(raw) ?? String(decoding: raw, as: UTF8.self)
            }
            if b == 0x5C { break }
            if b < 0x20 { throw fail("control character in a string") }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 { i += 1; return String(decoding: out, as: UTF8.self) }
            if b < 0x20 { throw fail("control character in a string") }
            if b != 0x5C { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            switch bytes[i] {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 2 < bytes.count, bytes[i + 1] == 0x5C, bytes[i + 2] == 0x75 else { throw fail("lone surrogate") }
                    i += 2
                    let low = try hex4()
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail("lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw fail("lone surrogate")
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
            default:
                throw fail("invalid escape")
            }
            i += 1
        }
        throw fail("unterminated string")
    }

    /// Reads `XXXX` after `\u`, leaving `i` on the last hex digit.
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 < bytes.count else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for k in 1...4 {
            let c = bytes[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }
}
