import DialogCompiler
import DialogModel
import Foundation
import Transcript

/// Compiled dialogs kept between runs, so `coach serve` and `coach chat` start without compiling YAML.
///
/// One image per dialogs directory, `<cache>/dialogs-<hash of the directory>.image`: a header line with the image
/// format's version, the key and the digest of the payload, then the payload (`DialogImage`). The key is the
/// SHA-256 of coach's version, the image format's version, the coach executable's file identity and every source
/// file's path and text, so a changed, added or removed file, or another (or rebuilt) coach, compiles again. An
/// image whose key differs, whose digest does not match its payload or whose payload does not decode is ignored
/// and rewritten, never used. Images are written to a temporary file and renamed into place; a cache directory that
/// cannot be created or written means no cache.
///
/// The cache directory is `$COACH_CACHE`, else `$XDG_CACHE_HOME/coach` (a relative `XDG_CACHE_HOME` is ignored), else
/// `~/.cache/coach`; `COACH_CACHE=off` turns the cache off.
public struct DialogCache: Sendable {
    /// The directory images are kept in.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// What loading did with the cache.
    public enum Use: Equatable, Sendable, CustomStringConvertible {
        /// No cache (turned off, or none asked for): the dialogs were compiled.
        case off
        /// The dialogs came from this image.
        case loaded(String)
        /// There was no usable image: the dialogs were compiled and written to this image.
        case written(String)
        /// The dialogs were compiled; this image could not be written.
        case unwritable(String)

        public var description: String {
            switch self {
            case .off: "compiled (no cache)"
            case .loaded(let path): "loaded from the cache \(path)"
            case .written(let path): "compiled and cached at \(path)"
            case .unwritable(let path): "compiled; cannot write the cache \(path)"
            }
        }
    }

    /// The cache the environment asks for: `COACH_CACHE` (`off` for none), `XDG_CACHE_HOME`, `HOME`. The variables are
    /// read one by one (`ProcessInfo.environment` copies the whole environment into a dictionary at every call).
    public static func fromEnvironment(_ variable: (String) -> String? = { getenv($0).map { String(cString: $0) } }) -> DialogCache? {
        if let dir = variable("COACH_CACHE"), !dir.isEmpty {
            return dir == "off" ? nil : DialogCache(directory: dir)
        }
        if let xdg = variable("XDG_CACHE_HOME"), Path.isAbsolute(xdg) { return DialogCache(directory: xdg + "/coach") }
        guard let home = variable("HOME"), !home.isEmpty else { return nil }
        return DialogCache(directory: home + "/.cache/coach")
    }

    /// The first bytes of every image; the format's version follows.
    static let magic = "coach-dialog-image "

    /// The key of a compilation of `files`: what must be the same for an image to stand for it.
    public static func key(_ files: [SourceFile]) -> String {
        var bytes = Array("\(magic)\(DialogImage.formatVersion)\ncoach \(CoachVersion.current)\n\(executable)\n".utf8)
        for f in files {
            bytes += f.path.utf8
            bytes += "\0\(f.text.utf8.count)\0\(f.invalidUTF8Line ?? 0)\0".utf8
            bytes += f.text.utf8
        }
        return HashChain.sha256(bytes)
    }

    /// This executable's file (device, inode, size, modification time): a rebuilt coach, whose compiler may compile
    /// the same files differently while its version string stays the same, does not take an older build's image.
    static let executable: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return "executable unknown" }
        return "executable \(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()

    /// The image for the dialogs directory `dialogs` (named by its real path and by the path as given, which the
    /// compiled dialogs' source locations hold).
    public func imagePath(for dialogs: String) -> String {
        var real = dialogs
        if let resolved = realpath(dialogs, nil) {
            real = String(cString: resolved)
            free(resolved)
        }
        return directory + "/dialogs-" + HashChain.sha256(Array((real + "\n" + dialogs).utf8)).prefix(32) + ".image"
    }

    /// The compiled dialogs in the image at `path`, or nil when there is none or it does not fit `key`.
    public static func load(_ path: String, key: String) -> CompilationResult? {
        guard let bytes = contents(of: path) else { return nil }
        return Self.decode(bytes, key: key)
    }

    /// The result in an image's bytes when its header names `key` and its payload matches its digest.
    static func decode(_ bytes: [UInt8], key: String) -> CompilationResult? {
        let header = Array("\(magic)\(DialogImage.formatVersion) \(key) ".utf8)
        let length = header.count + 64 + 1
        guard bytes.count > length, bytes[..<header.count].elementsEqual(header), bytes[length - 1] == 0x0A else { return nil }
        let payload = Array(bytes[length...])
        guard HashChain.sha256(payload).utf8.elementsEqual(bytes[header.count..<(length - 1)]) else { return nil }
        return try? DialogImage.decode(payload)
    }

    /// An image's bytes: the header line, then the payload.
    static func encode(_ result: CompilationResult, key: String) -> [UInt8] {
        let payload = DialogImage.encode(result)
        return Array("\(magic)\(DialogImage.formatVersion) \(key) \(HashChain.sha256(payload))\n".utf8) + payload
    }

    /// Writes `result` as the image at `path` (in this cache's directory), to a temporary file renamed into place.
    public func store(_ result: CompilationResult, image path: String, key: String) -> Use {
        let bytes = Self.encode(result, key: key)
        let temporary = path + ".\(getpid()).tmp"
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])) != nil else { return .unwritable(path) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .unwritable(path) }
        var written = 0
        let complete = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        guard close(fd) == 0, complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            return .unwritable(path)
        }
        return .written(path)
    }

    /// A file's bytes in one read after its size; nil when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0, info.st_size < 1 << 30 else { return nil }
        let size = Int(info.st_size)
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var n = 0
            while n < size {
                let r = read(fd, buffer.baseAddress! + n, size - n)
                if r < 0 && errno == EINTR { continue }
                guard r > 0 else { break }
                n += r
            }
            count = n
        }
        return bytes.count == size ? bytes : nil
    }
}
