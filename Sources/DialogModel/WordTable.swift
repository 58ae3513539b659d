/// A small, fixed hash table from normalized words to choice indices, built once per question: an FNV-1a hash over
/// the word's bytes and linear probing, which is several times cheaper than `Dictionary`'s seeded hashing for the
/// few dozen short words a question has.
public struct WordTable: Hashable, Sendable {
    private let slots: [Int32]
    private let words: [String]
    private let values: [Int32]
    private let mask: Int

    public init(_ entries: [String: Int]) {
        var size = 8
        while size < entries.count * 3 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        var words: [String] = []
        var values: [Int32] = []
        for (word, value) in entries.sorted(by: { $0.key < $1.key }) {
            var i = Int(WordTable.hash(word) & UInt64(size - 1))
            while slots[i] >= 0 { i = (i + 1) & (size - 1) }
            slots[i] = Int32(words.count)
            words.append(word)
            values.append(Int32(value))
        }
        self.slots = slots
        self.words = words
        self.values = values
        self.mask = size - 1
    }

    public subscript(word: String) -> Int? {
        var i = Int(WordTable.hash(word) & UInt64(mask))
        while true {
            let slot = slots[i]
            if slot < 0 { return nil }
            if words[Int(slot)] == word { return Int(values[Int(slot)]) }
            i = (i + 1) & mask
        }
    }

    static func hash(_ word: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in word.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
