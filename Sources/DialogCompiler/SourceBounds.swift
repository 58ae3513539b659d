public import DialogModel

/// The bounds a file is held to before YAML sees it, so a hostile file costs bounded time and memory (issue 8):
/// its size (DC0036), its nesting depth (DC0035) and its aliases (DC0034).
public struct SourceBounds: Sendable {
    /// The most bytes a dialog file may hold: 4 MiB.
    public var fileBytes: Int
    /// The most collections a value may be nested in: 64.
    public var depth: Int
    /// The most aliases (`*name`) a file may use: 16.
    public var aliases: Int

    public init(fileBytes: Int = 4 << 20, depth: Int = 64, aliases: Int = 16) {
        self.fileBytes = fileBytes
        self.depth = depth
        self.aliases = aliases
    }

    /// The bounds `coach check` and `coach serve` hold every file to.
    public static let standard = SourceBounds()

    /// What a scan of a file found past the bounds.
    public enum Excess: Equatable, Sendable {
        /// Nested past `depth`, first at this line and column.
        case tooDeep(line: Int, column: Int)
        /// Past `aliases` aliases, the first one too many at this line and column.
        case tooManyAliases(line: Int, column: Int)
        /// An alias used as a mapping key, at this line and column.
        case aliasKey(line: Int, column: Int)
    }

    /// Scans the text's nesting and aliases without parsing it: a block collection counts one level per indentation
    /// it is under (and per `- ` that opens a line), a flow collection one level per open `[` or `{`. Text in quotes
    /// and comments is skipped. The count may run high on odd plain text, never low.
    public func scan(_ text: String) -> Excess? {
        var scanner = Scanner(bounds: self)
        return scanner.run(Array(text.utf8))
    }

    private struct Scanner {
        let bounds: SourceBounds
        var indents: [Int] = []
        var flow = 0
        var aliases = 0
        var quote: UInt8?

        init(bounds: SourceBounds) { self.bounds = bounds }

        mutating func run(_ bytes: [UInt8]) -> Excess? {
            var line = 1
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if let excess = scanLine(bytes[start..<end], line: line) { return excess }
                line += 1
                start = end + 1
            }
            return nil
        }

        static let space = UInt8(ascii: " "), dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")

        /// A byte of an anchor's name, as libyaml reads one: a letter, a digit, `_` or `-`.
        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == dash
        }

        mutating func level(line: Int, column: Int) -> Excess? {
            indents.count + flow > bounds.depth ? .tooDeep(line: line, column: column) : nil
        }

        mutating func scanLine(_ text: ArraySlice<UInt8>, line: Int) -> Excess? {
            var i = text.startIndex
            let column = { (index: Int) in index - text.startIndex + 1 }
            var valuePosition = true
            if quote == nil && flow == 0 {
                while i < text.endIndex && text[i] == Self.space { i += 1 }
                if i == text.endIndex || text[i] == UInt8(ascii: "#") { return nil }
                let indent = i - text.startIndex
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                if let excess = level(line: line, column: column(i)) { return excess }
                while i + 1 < text.endIndex && text[i] == Self.dash && text[i + 1] == Self.space {
                    i += 2
                    while i < text.endIndex && text[i] == Self.space { i += 1 }
                    indents.append(i - text.startIndex)
                    if let excess = level(line: line, column: column(i)) { return excess }
                }
            }
            var previous: UInt8 = Self.space
            var explicitKey = false
            while i < text.endIndex {
                let b = text[i]
                if let q = quote {
                    if q == UInt8(ascii: "\"") && b == UInt8(ascii: "\\") { i += 2; continue }
                    if b == q {
                        if q == UInt8(ascii: "'") && i + 1 < text.endIndex && text[i + 1] == q { i += 2; continue }
                        quote = nil
                    }
                    previous = b
                    i += 1
                    continue
                }
                let tokenStart = previous == Self.space || (flow > 0 && "[{,:".utf8.contains(previous))
                switch b {
                case UInt8(ascii: "#") where previous == Self.space:
                    return nil
                // Each pattern carries its own `where` (one after the last pattern guards that pattern only).
                case UInt8(ascii: "\"") where tokenStart && (valuePosition || flow > 0),
                     UInt8(ascii: "'") where tokenStart && (valuePosition || flow > 0):
                    quote = b
                case UInt8(ascii: "[") where flow > 0 || (tokenStart && valuePosition),
                     UInt8(ascii: "{") where flow > 0 || (tokenStart && valuePosition):
                    flow += 1
                    if let excess = level(line: line, column: column(i)) { return excess }
                case UInt8(ascii: "]") where flow > 0, UInt8(ascii: "}") where flow > 0:
                    flow -= 1
                case UInt8(ascii: "*") where tokenStart && (valuePosition || flow > 0):
                    aliases += 1
                    if aliases > bounds.aliases { return .tooManyAliases(line: line, column: column(i)) }
                    var j = i + 1
                    while j < text.endIndex && Self.isNameByte(text[j]) { j += 1 }
                    var k = j
                    while k < text.endIndex && text[k] == Self.space { k += 1 }
                    if explicitKey || (k < text.endIndex && text[k] == Self.colon) { return .aliasKey(line: line, column: column(i)) }
                    i = j
                    previous = UInt8(ascii: "x")
                    valuePosition = false
                    continue
                case UInt8(ascii: "?") where tokenStart && valuePosition:
                    explicitKey = true
                case Self.colon where i + 1 == text.endIndex || text[i + 1] == Self.space:
                    valuePosition = true
                    explicitKey = false
                case Self.space:
                    break
                case UInt8(ascii: "&") where tokenStart, UInt8(ascii: "!") where tokenStart, UInt8(ascii: "-") where tokenStart:
                    // An anchor or a tag leaves the value to come; so does a `- ` later in the line.
                    while i + 1 < text.endIndex && text[i + 1] != Self.space { i += 1 }
                default:
                    if flow == 0 { valuePosition = false }
                }
                previous = text[i]
                i += 1
            }
            return nil
        }
    }
}
