import CoachCLI
import CReadline
import DialogModel
import Foundation

/// The leader's line history on disk, kept private (file 0600, directory 0700) and to the last 1000 lines.
/// It lives in `$COACH_HISTFILE`, else `$XDG_STATE_HOME/coach/history`, else `~/.local/state/coach/history`.
public struct History: Sendable {
    /// The history file.
    public let path: String
    /// The most lines kept, in memory and in the file.
    public static let limit: Int32 = 1000

    public init(path: String) { self.path = path }

    /// Where the history lives for an environment; nil when there is no home to keep it in.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let file = environment["COACH_HISTFILE"], !file.isEmpty { return file }
        if let state = environment["XDG_STATE_HOME"], Path.isAbsolute(state) { return state + "/coach/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/coach/history" }
        return nil
    }

    /// Creates the missing directories (0700) and the file (0600); false when that cannot be done.
    @discardableResult
    public func prepare() -> Bool {
        let directory = Path.parent(path)
        if !directory.isEmpty && !Self.makeDirectories(directory) { return false }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Each missing directory of `path`, made with mode 0700 (XDG: "the directories ... should be 0700").
    static func makeDirectories(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return isDirectory.boolValue }
        let parent = Path.parent(path)
        if !parent.isEmpty && parent != path && !makeDirectories(parent) { return false }
        return mkdir(path, 0o700) == 0 || errno == EEXIST
    }

    // readline's history state is global: these run on the readline thread only.

    /// Starts readline's history, from the file when there is one, trimmed to the limit.
    static func start(from file: History?) {
        using_history()
        stifle_history(limit)
        guard let file else { return }
        _ = read_history(file.path)
        _ = history_truncate_file(file.path, limit)
    }

    /// Adds a line to the history and the file, unless it is blank or repeats the line before.
    static func record(_ line: String, to file: History?) {
        guard line.contains(where: { $0 != " " && $0 != "\t" }) else { return }
        if let newest = coach_history_newest(), String(cString: newest) == line { return }
        add_history(line)
        guard let file else { return }
        if append_history(1, file.path) != 0 { _ = write_history(file.path) }
        _ = history_truncate_file(file.path, limit)
    }
}
