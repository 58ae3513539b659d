import DialogCompiler
import DialogModel
import Transcript
import Foundation

/// The compiled contents of a dialogs directory.
public struct DialogLibrary {
    public let directory: String
    public let result: CompilationResult
    /// The texts the dialogs were compiled from (transcripts record exactly these).
    public let sources: [SourceFile]
    /// Whether the dialogs came from the compiled-dialog cache.
    public var cacheUse: DialogCache.Use = .off

    public init(directory: String, result: CompilationResult, sources: [SourceFile]) {
        self.directory = directory
        self.result = result
        self.sources = sources
    }

    /// Errors a front end reports before it starts.
    public enum LoadError: Error, CustomStringConvertible {
        /// The directory does not exist or cannot be read.
        case unreadable(String)
        /// No dialog with this id or path.
        case unknownDialog(String, known: [String])
        /// The dialogs have errors; they are listed.
        case invalid([Diagnostic])

        public var description: String {
            switch self {
            case .unreadable(let path): return "cannot read '\(path)': \(FileReason.reading(path, directoryOK: true))"
            case .unknownDialog(let id, let known):
                return "no dialog '\(id)'; known dialogs: " + known.sorted().joined(separator: ", ")
            case .invalid(let diagnostics):
                return "the dialogs have errors (run `coach check`):\n" + diagnostics.map(\.rendered).joined(separator: "\n")
            }
        }
    }

    /// Where dialogs are looked for: the option, then `$COACH_DIALOGS`, then `./Dialogs`.
    public static func defaultDirectory(_ option: String?) -> String {
        option ?? ProcessInfo.processInfo.environment["COACH_DIALOGS"] ?? "Dialogs"
    }

    /// Reads and compiles the dialogs in `directory`; with a `cache`, an image of the same files' compilation is
    /// used instead of compiling, and one is written when there is none.
    public static func load(directory: String, cache: DialogCache? = nil) throws -> DialogLibrary {
        let files = try SourceFiles.collect([directory])
        guard let cache else { return DialogLibrary(directory: directory, result: Compiler.compile(files), sources: files) }
        let key = DialogCache.key(files)
        let image = cache.imagePath(for: directory)
        if let result = DialogCache.load(image, key: key) {
            var library = DialogLibrary(directory: directory, result: result, sources: files)
            library.cacheUse = .loaded(image)
            return library
        }
        var library = DialogLibrary(directory: directory, result: Compiler.compile(files), sources: files)
        library.cacheUse = cache.store(library.result, image: image, key: key)
        return library
    }

    /// The ids of the dialogs that compiled.
    public var dialogIDs: Set<String> { Set(result.dialogs.keys) }

    /// The ids of the dialogs a conversation can start with (not the follow-ups, which start from a diagnosis).
    public var startableIDs: [String] { result.dialogs.filter { !$0.value.takesGivens }.keys.sorted() }

    /// True when `name` is a follow-up dialog (it starts from a subject's last diagnosis: `coach chat --follow-up`).
    public func isFollowUp(_ name: String) -> Bool { (try? dialog(name))?.takesGivens == true }

    /// A dialog by id, or by the path of its file.
    public func dialog(_ name: String) throws -> Dialog {
        if result.hasErrors { throw LoadError.invalid(result.errors) }
        let id = name.hasSuffix(".yaml") ? String(Path.lastComponent(name).dropLast(5)) : name
        if let d = result.dialogs[id] { return d }
        if let d = result.dialogs.values.first(where: { $0.sources.contains { $0.hasSuffix("/" + name) || $0 == name } }) { return d }
        throw LoadError.unknownDialog(name, known: startableIDs)
    }
}

/// Reads authored files from paths: a file as it is, a directory as all its `*.yaml` and `*.yml` files that are
/// authored files (a top-level `kind`, `nodes`, `findings`, ...), recursively, except in hidden directories (`.build`,
/// `.git`) and build directories (`build`, `node_modules`): `--dialogs .` in a package reads its dialogs, not its
/// dependencies' YAML or its other YAML files.
public enum SourceFiles {
    /// Directories never searched for dialogs, besides hidden ones.
    public static let skippedDirectories: Set<String> = ["build", "node_modules", "DerivedData"]

    public static func collect(_ paths: [String], bounds: SourceBounds = .standard) throws -> [SourceFile] {
        var out: [SourceFile] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw DialogLibrary.LoadError.unreadable(path) }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard let names = yamlNames(under: path) else { throw DialogLibrary.LoadError.unreadable(path) }
                for name in names.sorted() {
                    let full = path.hasSuffix("/") ? path + name : path + "/" + name
                    let file = try read(full, bounds: bounds)
                    if isAuthored(file.text) { out.append(file) }
                }
            } else {
                out.append(try read(path, bounds: bounds))
            }
        }
        return out
    }

    /// The relative paths of the entries named `*.yaml` or `*.yml` under the directory `root`, descending into its
    /// subdirectories (not into symbolic links to directories) except hidden and skipped ones; nil when `root`
    /// cannot be read. (`readdir`, not `FileManager`'s enumerator: that one cost a tenth of a cached start.)
    static func yamlNames(under root: String) -> [String]? {
        var names: [String] = []
        func walk(_ relative: String) -> Bool {
            let directory = relative.isEmpty ? root : (root.hasSuffix("/") ? root : root + "/") + relative
            guard let stream = opendir(directory) else { return false }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    isDirectory = lstat(directory + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                if name.hasPrefix(".") || skippedDirectories.contains(name) { continue }
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(path) }
                if isDirectory { _ = walk(path) }
            }
            return true
        }
        return walk("") ? names : nil
    }

    /// The top-level keys only authored files have: a YAML file found in a directory without any of them (a CI
    /// config, a test script, a compose file) is not a dialog and is not read. A file named on the command line is
    /// always read, so a dialog that forgot its `kind` is still reported.
    static let authoredKeys = ["kind:", "nodes:", "findings:", "families:", "exits:", "start:"]

    static func isAuthored(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // Lines as `split(separator: "\n")` on characters sees them: "\r\n" is one character, not a break.
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && !(bytes[end] == 0x0A && (end == 0 || bytes[end - 1] != 0x0D)) { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                for key in authoredKeyBytes where line.starts(with: key) {
                    // A key followed by a combining mark is another character: the character comparison decides.
                    if line.count == key.count || line[key.count] < 0x80 { return true }
                    if String(decoding: line, as: UTF8.self).hasPrefix(String(decoding: key, as: UTF8.self)) { return true }
                }
                start = end + 1
            }
            return false
        }
    }

    static let authoredKeyBytes = authoredKeys.map { Array($0.utf8) }

    /// One file as the compiler takes it, bytes that are not UTF-8 noted by line (the compiler reports them). A file
    /// past `bounds.fileBytes` is read only one byte past the bound: enough for the compiler to refuse it (DC0036).
    public static func read(_ path: String, bounds: SourceBounds = .standard) throws -> SourceFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DialogLibrary.LoadError.unreadable(path) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= bounds.fileBytes {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, min($0.count, bounds.fileBytes + 1 - bytes.count)) }
            if n < 0 && errno == EINTR { continue }
            // A read that fails (a directory) reads as an empty file, as it did through FileHandle.
            guard n > 0 else { return SourceFile(path: path, bytes: n < 0 ? [] : bytes) }
            bytes += chunk[..<n]
        }
        return SourceFile(path: path, bytes: bytes)
    }
}
