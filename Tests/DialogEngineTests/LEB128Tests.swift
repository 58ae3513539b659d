import DialogModel
import DialogTesting
import Testing

/// The one LEB128 coder of the compiled-dialog image and of conversations kept compact.
@Suite struct LEB128Tests {
    static func read(_ bytes: [UInt8], at start: Int = 0) -> (UInt64?, Int) {
        var offset = start
        let value = bytes.withUnsafeBufferPointer { LEB128.read($0, at: &offset) }
        return (value, offset)
    }

    @Test func numbersReadBackAfterOneAnother() {
        var rng = SplitMix(seed: 3)
        var values: [UInt64] = [0, 1, 127, 128, 255, 16_383, 16_384, UInt64(UInt32.max), .max - 1, .max]
        values += (0..<500).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0..<64, using: &rng) }
        var bytes: [UInt8] = []
        for v in values { LEB128.append(v, to: &bytes) }
        var offset = 0
        for v in values {
            let read = bytes.withUnsafeBufferPointer { LEB128.read($0, at: &offset) }
            #expect(read == v)
        }
        #expect(offset == bytes.count)
    }

    @Test func sevenBitsAByteLowestFirst() {
        var bytes: [UInt8] = []
        LEB128.append(300, to: &bytes)
        #expect(bytes == [0xAC, 0x02])
        bytes = []
        LEB128.append(.max, to: &bytes)
        #expect(bytes.count == 10 && bytes.last == 0x01)
    }

    @Test func aCutOrOverlongNumberIsNil() {
        #expect(Self.read([0x80, 0x80]).0 == nil, "the bytes end inside the number")
        #expect(Self.read([]).0 == nil)
        #expect(Self.read([UInt8](repeating: 0xFF, count: 11) + [0x01]).0 == nil, "more than 64 bits")
        #expect(Self.read([0x05, 0xAC, 0x02], at: 1) == (300, 3))
    }
}
