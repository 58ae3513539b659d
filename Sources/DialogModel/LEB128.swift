/// Unsigned LEB128: seven bits a byte, lowest first, the high bit set on every byte but the last. The compact byte
/// forms coach keeps (the compiled-dialog image, a conversation kept compact in memory) write their numbers with it.
public enum LEB128 {
    /// Appends `value` to `bytes`.
    public static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Reads one number from `bytes` at `offset` and moves `offset` past it; nil when the bytes end first or the
    /// number runs past 64 bits (then `offset` is where it failed).
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let b = bytes[offset]
            offset += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
