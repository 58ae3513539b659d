/// Wrapping text to a terminal's width: on word boundaries, by display width (East Asian wide characters and emoji
/// take two columns, combining marks none), with the continuation lines of a list item or a choice indented under
/// its text. A word longer than the whole line (a long path) is kept whole on a line of its own, never cut.
public enum TextWrap {
    /// `text` with every line wrapped to `width` columns; line breaks already in it are kept. `column` is where the
    /// cursor stands when the text starts (text written after a line that did not end).
    public static func wrap(_ text: String, width: Int, column: Int = 0) -> String {
        guard width > 0 else { return text }
        var out = ""
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { out += "\n" }
            out += wrapLine(Substring(line), width: width, column: first ? column : 0)
            first = false
        }
        return out
    }

    /// One line (no `\n` in it) wrapped.
    static func wrapLine(_ line: Substring, width: Int, column: Int) -> String {
        guard column + displayWidth(line) > width else { return String(line) }
        let indent = String(repeating: " ", count: hangingIndent(line, width: width))
        var out = ""
        var used = column
        var lineHasWord = false
        var gap = ""
        var i = line.startIndex
        // The leading blanks and the list marker stay as they are, as the first "word" of the line.
        let lead = leadingBlanks(line)
        if !lead.isEmpty {
            out += lead
            used += lead.count
            i = line.index(i, offsetBy: lead.count)
        }
        while i < line.endIndex {
            if line[i] == " " || line[i] == "\t" {
                gap.append(" ")
                i = line.index(after: i)
                continue
            }
            var j = i
            while j < line.endIndex && line[j] != " " && line[j] != "\t" { j = line.index(after: j) }
            let word = line[i..<j]
            let w = displayWidth(word)
            // A text that starts mid-line (after a prompt) moves its first word to a new line too when it does not fit.
            if (lineHasWord || used > 0) && used + gap.count + w > width {
                out += "\n" + indent + word
                used = indent.count + w
            } else {
                out += gap + word
                used += gap.count + w
            }
            lineHasWord = true
            gap = ""
            i = j
        }
        return out
    }

    static func leadingBlanks(_ line: Substring) -> String {
        String(line.prefix { $0 == " " })
    }

    /// Where continuation lines start: under the text of a list item (`  - `, `  3. `, `  2) `, `  1 = `), else
    /// under the line's own first word; never more than half the width.
    static func hangingIndent(_ line: Substring, width: Int) -> Int {
        let blanks = line.prefix { $0 == " " }.count
        var rest = line.dropFirst(blanks)
        var marker = 0
        if let first = rest.first, first == "-" || first == "*" || first == "•" {
            marker = 1
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }.count
            if digits > 0 {
                rest = rest.dropFirst(digits)
                if rest.hasPrefix(".") || rest.hasPrefix(")") { marker = digits + 1 } else if rest.hasPrefix(" = ") { marker = digits + 2 }
            }
        }
        var indent = blanks
        if marker > 0 {
            let after = line.dropFirst(blanks + marker)
            let spaces = after.prefix { $0 == " " }.count
            if spaces > 0 { indent = blanks + marker + spaces }
        }
        return indent * 2 <= width ? indent : 0
    }

    /// The columns a text takes at a terminal.
    public static func displayWidth<S: StringProtocol>(_ text: S) -> Int {
        text.reduce(0) { $0 + displayWidth($1) }
    }

    /// The columns one character (a grapheme cluster) takes: 2 when wide or an emoji, 0 for a lone combining mark
    /// or a zero-width character, else 1.
    public static func displayWidth(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x7F { return first.value < 0x20 ? 0 : 1 }
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        if scalars.contains(where: isWide) { return 2 }
        return scalars.contains { !isZeroWidth($0) } ? 1 : 0
    }

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return (0x1160...0x11FF).contains(s.value) || s.value == 0x200B
        }
    }

    /// East Asian Wide and Fullwidth characters, and emoji shown as pictures by default.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        if s.properties.isEmojiPresentation { return true }
        switch s.value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
