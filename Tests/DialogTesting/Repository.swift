import DialogCompiler
import DialogModel
import Foundation

/// Paths in this repository, found from this file's location (tests run from any directory).
public enum Repository {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// The authored files under a directory, sorted by path.
    public static func sources(_ relative: String) -> [SourceFile] {
        let dir = path(relative)
        let names = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return names.map { SourceFile(path: relative + "/" + $0, bytes: FileManager.default.contents(atPath: dir + "/" + $0) ?? Data()) }
    }

    /// `Dialogs/`, compiled once.
    public static let dialogs: CompilationResult = Compiler.compile(sources("Dialogs"))

    public static func dialog(_ id: String) -> Dialog {
        guard let d = dialogs.dialogs[id] else {
            fatalError("dialog '\(id)' did not compile:\n" + dialogs.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        return d
    }
}
