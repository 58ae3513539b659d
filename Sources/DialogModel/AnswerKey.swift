/// The normal form in which typed answers and choice words are compared: lower case, single spaces,
/// no surrounding space or double quotes, no trailing `.` or `!`, straight apostrophes.
public enum AnswerKey {
    public static func normalize(_ text: String) -> String {
        if let ascii = normalizeASCII(text) { return ascii }
        return normalizeUnicode(text)
    }

    /// The common case, on bytes: nil when the text has non-ASCII bytes or surrounding quotes.
    static func normalizeASCII(_ text: String) -> String? {
        let result: String?? = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var start = 0, end = bytes.count
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) || bytes[end - 1] == 0x2E || bytes[end - 1] == 0x21 { end -= 1 }
            if end > start, bytes[start] == 0x22 { return nil }
            var clean = true
            var previousSpace = false
            for i in start..<end {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                if (b >= 0x41 && b <= 0x5A) || (isSpace(b) && (previousSpace || b != 0x20)) { clean = false }
                previousSpace = isSpace(b)
            }
            if clean {
                if start == 0 && end == bytes.count { return text }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            return String(unsafeUninitializedCapacity: end - start) { out in
                var n = 0
                var pendingSpace = false
                for i in start..<end {
                    let b = bytes[i]
                    if isSpace(b) { pendingSpace = n > 0; continue }
                    if pendingSpace { out[n] = 0x20; n += 1; pendingSpace = false }
                    out[n] = (b >= 0x41 && b <= 0x5A) ? b + 32 : b
                    n += 1
                }
                return n
            }
        }
        if let result { return result }
        var copy = text
        copy.makeContiguousUTF8()
        return normalizeASCII(copy)
    }

    public static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static func normalizeUnicode(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            if s.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            switch s.value {
            case 0x2019, 0x2018: out.append("'")
            default: out.append(s)
            }
        }
        var result = String(out).lowercased()
        while let last = result.unicodeScalars.last, last == "." || last == "!" || last == " " {
            result.unicodeScalars.removeLast()
        }
        if result.unicodeScalars.count >= 2, result.unicodeScalars.first == "\"", result.unicodeScalars.last == "\"" {
            result.unicodeScalars.removeFirst()
            result.unicodeScalars.removeLast()
            return normalize(result)
        }
        return result
    }
}
