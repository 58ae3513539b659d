public import DialogCompiler
import DialogModel
import Foundation

extension DialogSets {
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
            let up = Path.parent(dir)
            if up == dir || up.isEmpty { break }
            dir = up
        }
        return directory(file)
    }
}
