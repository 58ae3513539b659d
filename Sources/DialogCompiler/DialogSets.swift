public import DialogModel

/// Dialog sets: a directory with a taxonomy file, with the files below it that belong to no deeper set.
public enum DialogSets {
    /// True when a file's text declares the taxonomy (the root of a dialog set).
    public static func isTaxonomy(_ text: String) -> Bool { text.contains("kind: taxonomy") }

    /// True when a file belongs to every dialog of its set (the taxonomy, a fragment).
    public static func isShared(_ text: String) -> Bool {
        isTaxonomy(text) || text.contains("kind: fragment")
    }

    /// The directory part of a path (`.` when there is none).
    public static func directory(_ path: String) -> String { Path.directory(path) }

    /// Splits files into sets by the deepest directory holding a taxonomy above each file.
    public static func partition(_ files: [SourceFile]) -> [[SourceFile]] {
        let roots = Set(files.filter { isTaxonomy($0.text) }.map { directory($0.path) })
        var groups: [String: [SourceFile]] = [:]
        for file in files {
            var dir = directory(file.path)
            var root = ""
            while true {
                if roots.contains(dir) { root = dir; break }
                let up = Path.parent(dir)
                if up == dir || up.isEmpty { break }
                dir = up
            }
            groups[root, default: []].append(file)
        }
        return groups.keys.sorted().map { groups[$0]! }
    }
}
