/// Trimming text at its edges: the one helper the core uses (answers, templates, units).
extension StringProtocol {
    /// The text without the leading and trailing Unicode scalars for which `isTrimmed` is true.
    ///
    /// Works scalar by scalar, so a space followed by a combining mark loses the space only. When neither edge
    /// matches, the text comes back as it is, without scanning it.
    @inlinable
    public func trimmed(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let text = String(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isTrimmed(first) && !isTrimmed(last) { return text }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isTrimmed(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// The text without surrounding white space (Unicode `White_Space`: spaces, tabs, line breaks, no-break spaces).
    @inlinable
    public func trimmingWhitespace() -> String {
        // Fast path: ASCII edges that are not white space (tab to carriage return, space) need no scalar properties.
        let text = String(self)
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !Self.isASCIIWhitespace(first), !Self.isASCIIWhitespace(last) {
            return text
        }
        return text.trimmed(where: \.properties.isWhitespace)
    }

    @usableFromInline
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
