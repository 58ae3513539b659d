/// The normal form in which typed answers and choice words are compared: lower case, single spaces,
/// no surrounding space or double quotes, no trailing `.` or `!`, straight apostrophes.
public enum AnswerKey {
    public static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var ascii = true
        for s in text.unicodeScalars {
            if s.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            switch s.value {
            case 0x2019, 0x2018: out.append("'")
            case 0x41...0x5A: out.append(Unicode.Scalar(s.value + 32)!)
            default:
                if s.value >= 0x80 { ascii = false }
                out.append(s)
            }
        }
        var result = String(out)
        if !ascii { result = result.lowercased() }
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
