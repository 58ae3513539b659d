/// Writes JSON text into a byte buffer, escaping strings so that a line never breaks: `\n`, `\r`, control
/// characters and U+2028/U+2029 are escaped; everything else is written as UTF-8.
public struct JSONWriter {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// Raw JSON text or punctuation, written as is.
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func raw(bytes other: [UInt8]) { bytes.append(contentsOf: other) }

    /// Bytes that may need escaping: control characters, `"`, `\`, and 0xE2 (which starts U+2028 and U+2029).
    private static let special: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }

    public mutating func string(_ s: String) {
        bytes.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            var start = 0
            var k = 0
            let special = JSONWriter.special
            while k < utf8.count {
                let b = utf8[k]
                if !special[Int(b)] { k += 1; continue }
                if b == 0xE2 && !(k + 2 < utf8.count && utf8[k + 1] == 0x80 && (utf8[k + 2] == 0xA8 || utf8[k + 2] == 0xA9)) {
                    k += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<k]))
                switch b {
                case 0x22: bytes += [0x5C, 0x22]
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x0A: bytes += [0x5C, 0x6E]
                case 0x0D: bytes += [0x5C, 0x72]
                case 0x09: bytes += [0x5C, 0x74]
                case 0xE2:
                    bytes += utf8[k + 2] == 0xA8 ? Array("\\u2028".utf8) : Array("\\u2029".utf8)
                    k += 2
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                }
                k += 1
                start = k
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(0x22)
    }

    public mutating func int(_ n: Int) {
        if n >= 0 && n < 10 { bytes.append(UInt8(0x30 + n)); return }
        if n < 0 { bytes.append(0x2D) }
        var v = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(0x30 + v % 10)
                v /= 10
                count += 1
            } while v > 0
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[k]) }
        }
    }

    public mutating func number(_ x: Double) {
        if x == x.rounded(), abs(x) < 1e15 { int(Int(x)) } else { bytes.append(contentsOf: String(x).utf8) }
    }

    public mutating func bool(_ b: Bool) { b ? raw("true") : raw("false") }

    /// Any parsed value, written back.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .number(let n): bytes.append(contentsOf: n.utf8)
        case .string(let s): string(s)
        case .array(let items):
            bytes.append(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { bytes.append(0x2C) }
                value(item)
            }
            bytes.append(0x5D)
        case .object(let o):
            bytes.append(0x7B)
            for (k, m) in o.members.enumerated() {
                if k > 0 { bytes.append(0x2C) }
                string(m.key)
                bytes.append(0x3A)
                value(m.value)
            }
            bytes.append(0x7D)
        }
    }
}
