/// Text safety for terminals: nothing typed or authored can move the cursor or change the terminal.
public enum Terminal {
    /// Replaces control characters (C0, DEL, C1, and bidi overrides) with visible `^X` or `U+XXXX` forms; keeps `\n` and `\t`.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if !needsEscape(s) { out.append(s); continue }
            if s.value < 0x20 {
                out.append("^")
                out.append(Unicode.Scalar(s.value + 0x40)!)
            } else if s.value == 0x7F {
                out.append(contentsOf: "^?".unicodeScalars)
            } else {
                out.append(contentsOf: "<U+\(String(s.value, radix: 16, uppercase: true))>".unicodeScalars)
            }
        }
        return String(out)
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
