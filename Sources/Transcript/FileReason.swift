public import Foundation
import DialogModel

/// Why a path cannot be read or written, in plain words, for messages that name the file and the reason
/// ("cannot read 'x.jsonl': there is no such file").
public enum FileReason {
    /// Why the file at `path` cannot be read (`directoryOK`: a directory would do, so it is not the reason).
    public static func reading(_ path: String, directoryOK: Bool = false) -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { return missing(path) }
        if isDir.boolValue && !directoryOK { return "it is a directory, not a file" }
        if !fm.isReadableFile(atPath: path) { return "permission denied" }
        return "it cannot be read"
    }

    /// Why a file cannot be written at `path`; `error` is what the write threw, used when nothing plainer is known.
    public static func writing(_ path: String, error: (any Error)? = nil) -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return "it is a directory" }
            if !fm.isWritableFile(atPath: path) { return "permission denied" }
        } else {
            let parent = Path.parent(path).isEmpty ? "." : Path.parent(path)
            guard fm.fileExists(atPath: parent, isDirectory: &isDir) else { return "the directory '\(parent)' does not exist" }
            if !isDir.boolValue { return "'\(parent)' is not a directory" }
            if !fm.isWritableFile(atPath: parent) { return "permission denied in '\(parent)'" }
        }
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return error.map { "\($0.localizedDescription)" } ?? "it cannot be written"
    }

    /// A path that is not there: the file, or the directory it would be in.
    static func missing(_ path: String) -> String {
        let parent = Path.parent(path)
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) { return "the directory '\(parent)' does not exist" }
        return "there is no such file or directory"
    }
}
