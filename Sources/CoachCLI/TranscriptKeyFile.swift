import DialogModel
import Foundation
public import Transcript

/// Where this installation's transcript key lives, and reading or creating it: 32 random bytes, mode 0600, at
/// `--key-file`, else `$COACH_KEY_FILE`, else `$XDG_CONFIG_HOME/coach/transcript.key` (a relative `XDG_CONFIG_HOME`
/// is ignored), else `~/.config/coach/transcript.key`. `coach chat` and `coach serve` create it on first use;
/// `coach replay` and `coach report` only read it.
public enum TranscriptKeyFile {
    /// Why a key cannot be had.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The key file's path.
    public static func path(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["COACH_KEY_FILE"], !env.isEmpty { return env }
        if let xdg = environment["XDG_CONFIG_HOME"], Path.isAbsolute(xdg) { return xdg + "/coach/transcript.key" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/coach/transcript.key"
    }

    /// Reads the key; a missing, unreadable or too short file is a failure that names the path.
    public static func load(_ path: String) throws(Failure) -> TranscriptKey {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "no transcript key at '\(path)' (coach chat and coach serve create it; give one with --key-file or COACH_KEY_FILE)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read the transcript key '\(path)'") }
        guard data.count >= 16 else { throw Failure(description: "the transcript key '\(path)' is too short (\(data.count) bytes; at least 16)") }
        return TranscriptKey(bytes: Array(data))
    }

    /// Reads the key, creating it first when there is none: 32 random bytes, mode 0600, missing directories 0700.
    public static func loadOrCreate(_ path: String) throws(Failure) -> TranscriptKey {
        if !FileManager.default.fileExists(atPath: path) {
            do { try FileSink.makeDirectories(Path.parent(path)) } catch { throw Failure(description: "\(error)") }
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                var rng = SystemRandomNumberGenerator()
                let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                let synced = fsync(fd) == 0
                close(fd)
                guard written == bytes.count, synced else {
                    unlink(path)
                    throw Failure(description: "cannot write the transcript key '\(path)': \(String(cString: strerror(errno)))")
                }
            } else if errno != EEXIST {  // another process created it first: read that one
                throw Failure(description: "cannot create the transcript key '\(path)': \(String(cString: strerror(errno)))")
            }
        }
        return try load(path)
    }
}
