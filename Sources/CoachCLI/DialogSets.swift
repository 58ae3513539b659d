import DialogCompiler
import Foundation

/// Dialog sets: a directory with a taxonomy file, with the files below it that belong to no deeper set.
public enum DialogSets {
    static func isTaxonomy(_ text: String) -> Bool { text.contains("kind: taxonomy") }

    static func isShared(_ text: String) -> Bool {
        isTaxonomy(text) || text.contains("kind: fragment")
    }

    static func directory(_ path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    /// Splits files into sets by the deepest directory holding a taxonomy above each file.
    public static func partition(_ files: [SourceFile]) -> [[SourceFile]] {
        let roots = Set(files.filter { isTaxonomy($0.text) }.map { directory($0.path) })
        var groups: [String: [SourceFile]] = [:]
        for file in files {
            var dir = directory(file.path)
            var root = ""
            while true {
                if roots.contains(dir) { root = dir; break }
                let up = (dir as NSString).deletingLastPathComponent
                if up == dir || up.isEmpty { break }
                dir = up
            }
            groups[root, default: []].append(file)
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// The directory of the set a file belongs to: the nearest directory at or above it holding a taxonomy.
    public static func root(of file: String) -> String {
        var dir = directory(file)
        for _ in 0..<4 {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names where name.hasSuffix(".yaml") {
                if let data = FileManager.default.contents(atPath: dir + "/" + name), isTaxonomy(String(decoding: data, as: UTF8.self)) {
                    return dir
                }
            }
            let up = (dir as NSString).deletingLastPathComponent
            if up == dir || up.isEmpty { break }
            dir = up
        }
        return directory(file)
    }
}
