/// Pure helpers for slash-separated file paths: what Foundation's `NSString` path functions do, without their traps
/// on short relative paths (issue 8: `coach serve --transcripts t` died in `deletingLastPathComponent`).
public enum Path {
    /// The path without its last component, as `NSString.deletingLastPathComponent` gives it: `""` for a bare name,
    /// `/` for a name at the root (`/` stays `/`); trailing slashes are ignored.
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.last == "/" { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var head = p[..<slash]
        while head.count > 1, head.last == "/" { head.removeLast() }
        return String(head)
    }

    /// The directory part of a path: its parent, or `.` when it has none.
    public static func directory(_ path: String) -> String {
        let d = parent(path)
        return d.isEmpty ? "." : d
    }

    /// The last component of a path, trailing slashes ignored (`/` for the root, `""` for an empty path).
    public static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.last == "/" { p.removeLast() }
        if p == "/" { return "/" }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }

    /// Two paths joined with one slash between them (the second as it is when the first is empty).
    public static func join(_ head: String, _ tail: String) -> String {
        if head.isEmpty { return tail }
        return head.hasSuffix("/") ? head + tail : head + "/" + tail
    }

    /// True when the path starts at the root (`/`).
    public static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }
}
