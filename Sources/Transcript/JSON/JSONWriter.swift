/// Writes JSON text into a growing byte buffer, escaping strings so that a line never breaks: `\n`, `\r`, control
/// characters and U+2028/U+2029 are escaped; everything else is written as UTF-8. A class over raw memory, so the
/// many small appends of a reply are plain copies.
public final class JSONWriter {
    /// The buffer's state, kept behind a pointer so the hot appends carry no dynamic exclusivity checks.
    @usableFromInline
    struct State {
        @usableFromInline var base: UnsafeMutablePointer<UInt8>
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
    }

    @usableFromInline let state: UnsafeMutablePointer<State>

    public init(capacity: Int = 512) {
        let capacity = max(16, capacity)
        state = .allocate(capacity: 1)
        state.initialize(to: State(base: .allocate(capacity: capacity), count: 0, capacity: capacity))
    }

    deinit {
        state.pointee.base.deallocate()
        state.deallocate()
    }

    /// Bytes written so far.
    @inlinable public var count: Int { state.pointee.count }

    /// A copy of what was written.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: state.pointee.base, count: state.pointee.count)) }

    public var isEmpty: Bool { state.pointee.count == 0 }

    /// Forgets everything after the first `n` bytes.
    public func truncate(to n: Int) { state.pointee.count = min(state.pointee.count, n) }

    /// Forgets everything, and gives the memory back when the buffer grew past `limit` bytes (one large line, such
    /// as a rejected answer near the line cap, must not stay allocated in a buffer that is kept).
    public func reset(keepingAtMost limit: Int) {
        let s = state
        s.pointee.count = 0
        guard s.pointee.capacity > limit else { return }
        let capacity = max(16, limit)
        s.pointee.base.deallocate()
        s.pointee.base = .allocate(capacity: capacity)
        s.pointee.capacity = capacity
    }

    /// Calls `body` with the bytes written.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: state.pointee.base, count: state.pointee.count))
    }

    @inlinable @inline(__always)
    func reserve(_ n: Int) {
        if state.pointee.count + n > state.pointee.capacity { grow(n) }
    }

    @usableFromInline
    func grow(_ n: Int) {
        let s = state
        var newCapacity = s.pointee.capacity * 2
        while newCapacity < s.pointee.count + n { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: s.pointee.base, count: s.pointee.count)
        s.pointee.base.deallocate()
        s.pointee.base = grown
        s.pointee.capacity = newCapacity
    }

    /// Always inlined: a literal's length is then a constant, and the copy a few moves instead of a call to memmove.
    @inlinable @inline(__always)
    func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        let s = state
        (s.pointee.base + s.pointee.count).update(from: p, count: n)
        s.pointee.count += n
    }

    @inlinable
    public func byte(_ b: UInt8) {
        reserve(1)
        let s = state
        s.pointee.base[s.pointee.count] = b
        s.pointee.count += 1
    }

    /// Raw JSON text or punctuation, written as is.
    @inlinable @inline(__always)
    public func raw(_ text: StaticString) { append(text.utf8Start, text.utf8CodeUnitCount) }

    public func raw(bytes other: [UInt8]) {
        other.withUnsafeBufferPointer { if let p = $0.baseAddress { append(p, $0.count) } }
    }

    public func raw(_ buffer: UnsafeRawBufferPointer) {
        if let p = buffer.baseAddress { append(p.assumingMemoryBound(to: UInt8.self), buffer.count) }
    }

    /// Bytes that may need escaping: control characters, `"`, `\`, and 0xE2 (which starts U+2028 and U+2029).
    private static let special: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public func string(_ s: String) {
        byte(0x22)
        stringContent(s)
        byte(0x22)
    }

    /// A string's escaped content, without quotes.
    public func stringContent(_ s: String) {
        // Read in place (a native string's bytes are contiguous); `withUTF8` is mutating, so it took a copy of the
        // string, retained and released per string written.
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) != nil { return }
        var s = s
        s.withUTF8 { escaped($0) }
    }

    /// Writes UTF-8 bytes escaped.
    private func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let p = utf8.baseAddress else { return }
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
            append(p + start, k - start)
            switch b {
            case 0x22: byte(0x5C); byte(0x22)
            case 0x5C: byte(0x5C); byte(0x5C)
            case 0x0A: byte(0x5C); byte(0x6E)
            case 0x0D: byte(0x5C); byte(0x72)
            case 0x09: byte(0x5C); byte(0x74)
            case 0xE2:
                raw(utf8[k + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                k += 2
            default:
                raw("\\u00")
                byte(JSONWriter.hex[Int(b >> 4)])
                byte(JSONWriter.hex[Int(b & 0xF)])
            }
            k += 1
            start = k
        }
        append(p + start, utf8.count - start)
    }

    public func int(_ n: Int) {
        if n >= 0 && n < 10 { byte(UInt8(0x30 + n)); return }
        if n < 0 { byte(0x2D) }
        var v = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { d in
            var k = 0
            repeat {
                d[k] = UInt8(0x30 + v % 10)
                v /= 10
                k += 1
            } while v > 0
            while k > 0 { k -= 1; byte(d[k]) }
        }
    }

    public func number(_ x: Double) {
        if x == x.rounded(), abs(x) < 1e15 { int(Int(x)) } else { raw(bytes: Array(String(x).utf8)) }
    }

    public func bool(_ b: Bool) { b ? raw("true") : raw("false") }

    /// Any parsed value, written back.
    public func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): bool(b)
        case .number(let n): raw(bytes: Array(n.utf8))
        case .string(let s): string(s)
        case .array(let items):
            byte(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { byte(0x2C) }
                value(item)
            }
            byte(0x5D)
        case .object(let o):
            byte(0x7B)
            for (k, m) in o.members.enumerated() {
                if k > 0 { byte(0x2C) }
                string(m.key)
                byte(0x3A)
                value(m.value)
            }
            byte(0x7D)
        }
    }
}
