import DialogCompiler
import DialogModel
import Foundation

/// `coach check`: compiles paths and reports every problem compiler-style.
public enum CheckRunner {
    /// How diagnostics are printed.
    public enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    /// The diagnostics for the given paths. A directory is checked whole, each dialog set in it on its own (a dialog
    /// set is a directory with a taxonomy, and everything below it that is not another set). A file is checked with
    /// its dialog set as context, and only problems in it, or in the set's shared taxonomy and fragments, are reported.
    public static func diagnostics(_ paths: [String], bounds: SourceBounds = .standard) throws -> [Diagnostic] {
        var all: [Diagnostic] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw DialogLibrary.LoadError.unreadable(path)
            }
            if isDir.boolValue {
                for set in DialogSets.partition(try SourceFiles.collect([path], bounds: bounds)) {
                    all += Compiler.compile(set, bounds: bounds).diagnostics
                }
                continue
            }
            let root = DialogSets.root(of: path)
            let named = normalize(path)
            let context = DialogSets.partition(try SourceFiles.collect([root], bounds: bounds))
                .first { set in set.contains { normalize($0.path) == named } } ?? []
            var files = context.filter { normalize($0.path) != named }
            files.append(try SourceFiles.read(path, bounds: bounds))
            let shared = Set(files.filter { DialogSets.isShared($0.text) }.map { normalize($0.path) })
            all += Compiler.compile(files, bounds: bounds).diagnostics.filter {
                let f = normalize($0.location.file)
                return f == named || shared.contains(f)
            }
        }
        return Array(Set(all)).sorted()
    }

    static func normalize(_ path: String) -> String {
        (path.hasPrefix("./") ? String(path.dropFirst(2)) : path).replacingOccurrences(of: "//", with: "/")
    }

    public static func render(_ diagnostics: [Diagnostic], format: Format) -> String {
        switch format {
        case .text:
            return diagnostics.map { $0.rendered + "\n" }.joined()
        case .json:
            struct Item: Encodable {
                let file: String, line: Int, column: Int, severity: String, code: String, message: String, hint: String?
            }
            let items = diagnostics.map { d in
                Item(file: d.location.file, line: d.location.line, column: d.location.column, severity: d.severity.rawValue,
                     code: d.code.rawValue, message: d.message, hint: d.hint)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? String(decoding: encoder.encode(items), as: UTF8.self)).map { $0 + "\n" } ?? "[]\n"
        }
    }
}

extension CheckRunner {
    /// What `coach check` prints and its exit status.
    public struct Report: Sendable {
        public let output: String
        public let summary: String?
        public let status: Int32
    }

    public static func run(_ paths: [String], format: Format) throws -> Report {
        let diagnostics = try diagnostics(paths)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        let summary = diagnostics.isEmpty || format != .text ? nil
            : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        return Report(output: render(diagnostics, format: format), summary: summary, status: errors > 0 ? 1 : 0)
    }
}
