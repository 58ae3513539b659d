/// A small, fixed hash table from normalized words (see `AnswerKey`) to choice indices, built once per question.
/// It hashes with FNV-1a and probes linearly, and `lookup(typed:)` normalizes typed ASCII text on the fly into a
/// stack buffer, so the common answer (`y`, `2`, `Territory or region`) is found without allocating.
public struct WordTable: Hashable, Sendable {
    /// Per slot: offset of the word's bytes, its length (-1: empty slot), and its value.
    private let slots: [Int32]
    private let bytes: [UInt8]
    private let mask: Int

    public init(_ table: [String: Int]) {
        var size = 8
        while size < table.count * 3 { size *= 2 }
        var slots = [Int32](repeating: -1, count: 3 * size)
        var bytes: [UInt8] = []
        for (word, value) in table.sorted(by: { $0.key < $1.key }) {
            let utf8 = Array(word.utf8)
            var i = Int(WordTable.hash(utf8) & UInt64(size - 1))
            while slots[3 * i + 1] >= 0 { i = (i + 1) & (size - 1) }
            slots[3 * i] = Int32(bytes.count)
            slots[3 * i + 1] = Int32(utf8.count)
            slots[3 * i + 2] = Int32(value)
            bytes += utf8
        }
        self.slots = slots
        self.bytes = bytes
        self.mask = size - 1
    }

    /// The value of an already normalized word.
    public subscript(word: String) -> Int? {
        var word = word
        return word.withUTF8 { find($0) }
    }

    /// The value of typed text, normalized here without allocating when it is short ASCII; nil when not found
    /// (or when the text needs the full Unicode normalization, which the caller then does).
    public func lookup(typed text: String) -> Int? {
        var text = text
        return text.withUTF8 { raw -> Int? in
            guard raw.count <= 96 else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 96) { buffer -> Int? in
                var n = 0
                var pendingSpace = false
                for b in raw {
                    if b >= 0x80 || b == 0x22 { return nil }
                    if AnswerKey.isSpace(b) { pendingSpace = n > 0; continue }
                    if pendingSpace { buffer[n] = 0x20; n += 1; pendingSpace = false }
                    buffer[n] = (b >= 0x41 && b <= 0x5A) ? b + 32 : b
                    n += 1
                }
                while n > 0, buffer[n - 1] == 0x2E || buffer[n - 1] == 0x21 || buffer[n - 1] == 0x20 { n -= 1 }
                return find(UnsafeBufferPointer(rebasing: buffer[0..<n]))
            }
        }
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                var i = Int(WordTable.hash(key) & UInt64(mask))
                while true {
                    let length = Int(slots[3 * i + 1])
                    if length < 0 { return nil }
                    if length == key.count {
                        let start = Int(slots[3 * i])
                        var k = 0
                        while k < length, bytes[start + k] == key[k] { k += 1 }
                        if k == length { return Int(slots[3 * i + 2]) }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
