public import DialogModel
import Foundation

/// The exact source texts a dialog was compiled from, with paths relative to the dialogs directory.
/// Its canonical text (`{"files":[{"path":…,"text":…},…]}` and a newline, files sorted by path) is what the
/// store keeps; its hash (hex SHA-256 of that text) is the transcript header's `contentHash`.
public struct DialogSnapshot: Hashable, Sendable {
    public let files: [SourceFile]

    public init(files: [SourceFile]) { self.files = files.sorted { $0.path < $1.path } }

    /// The snapshot its canonical text holds (as stored); nil when it is not one.
    public init?(canonical bytes: [UInt8]) {
        guard let json = try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)), let files = json["files"]?.array else { return nil }
        self.init(files: files.compactMap { f in
            guard let p = f["path"]?.string, let t = f["text"]?.string else { return nil }
            return SourceFile(path: p, text: t)
        })
    }

    /// Reads the files a compiled dialog came from (`Dialog.sources`), relative to its directory.
    public static func of(_ dialog: Dialog, directory: String) throws -> DialogSnapshot {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return DialogSnapshot(files: try dialog.sources.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw DialogStore.Failure.unreadable(path) }
            let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
            return SourceFile(path: relative, text: String(decoding: data, as: UTF8.self))
        })
    }

    /// The files of a compiled dialog taken from sources already read (paths as compiled), relative to their directory.
    public static func of(_ dialog: Dialog, among sources: [SourceFile], directory: String) -> DialogSnapshot {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let used = Set(dialog.sources)
        return DialogSnapshot(files: sources.filter { used.contains($0.path) }.map {
            SourceFile(path: $0.path.hasPrefix(prefix) ? String($0.path.dropFirst(prefix.count)) : $0.path, text: $0.text)
        })
    }

    public var canonical: String {
        JSONValue.object([("files", .array(files.map {
            .object([("path", .string($0.path)), ("text", .string($0.text))])
        }))]).encoded + "\n"
    }

    public var hash: String { HashChain.sha256(canonical.utf8) }
}

/// Dialog snapshots stored by content beside transcripts: `<directory>/dialogs/<sha256>.json`.
public struct DialogStore: Sendable {
    /// The directory holding `dialogs/`.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// Why a recorded dialog version is not available.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// A source file cannot be read.
        case unreadable(String)
        /// No snapshot with this hash in the store (or it does not hash to its name).
        case missing(hash: String, directory: String)
        /// The snapshot does not compile to this dialog.
        case doesNotCompile(String, [String])

        public var description: String {
            switch self {
            case .unreadable(let p): "cannot read '\(p)'"
            case .missing(let hash, let dir): "the recorded dialog version \(hash) is not in \(dir)/dialogs/"
            case .doesNotCompile(let id, let errors): "the recorded dialog '\(id)' does not compile:\n" + errors.joined(separator: "\n")
            }
        }
    }

    public func path(_ hash: String) -> String { directory + "/dialogs/" + hash + ".json" }

    /// Saves a snapshot unless it is already there; returns its hash.
    @discardableResult
    public func save(_ snapshot: DialogSnapshot) throws -> String {
        let hash = snapshot.hash
        let p = path(hash)
        if FileManager.default.fileExists(atPath: p) { return hash }
        let tmp = p + ".tmp-\(getpid())"
        let sink = try FileSink(creating: tmp)
        try sink.append(Array(snapshot.canonical.utf8))
        try sink.close()
        if rename(tmp, p) != 0 { throw FileSink.Failure(path: p, operation: "rename into", code: errno) }
        return hash
    }

    /// Loads and checks a snapshot by hash.
    public func load(_ hash: String) throws(Failure) -> DialogSnapshot {
        guard let data = FileManager.default.contents(atPath: path(hash)), HashChain.sha256(data) == hash,
              let snapshot = DialogSnapshot(canonical: Array(data)) else { throw .missing(hash: hash, directory: directory) }
        return snapshot
    }

    /// The store for a transcript: the nearest directory at or above the transcript's that holds `dialogs/`
    /// (up to three levels), else the transcript's own directory.
    public static func near(_ transcript: String) -> DialogStore {
        let own = Path.parent(transcript)
        var dir = own.isEmpty ? "." : own
        for _ in 0..<3 {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/dialogs", isDirectory: &isDir), isDir.boolValue { return DialogStore(directory: dir) }
            let up = Path.parent(dir)
            if up == dir || up.isEmpty { break }
            dir = up
        }
        return DialogStore(directory: own.isEmpty ? "." : own)
    }
}
