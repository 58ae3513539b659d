import Foundation

/// Runs a program to its end with posix_spawn and waitpid (see `run`).
public enum Spawn {
    /// Runs a program to its end; its exit status and what it wrote. posix_spawn and waitpid rather than
    /// Foundation's `Process`, whose exit notification was seen to hang when the first run happened inside a lazy
    /// static's initialisation (`PostgresServer.server`) while tests ran in parallel.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) -> (status: Int32, output: String, error: String) {
        let base = NSTemporaryDirectory() + "coach-spawn-\(getpid())-\(UUID().uuidString)"
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer { unlink(outPath); unlink(errPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        var envp: [UnsafeMutablePointer<CChar>?] = (environment.map { $0.map { strdup($0.key + "=" + $0.value) } } ?? []) + [nil]
        defer { for p in envp { free(p) } }
        let spawned = environment == nil ? posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
            : posix_spawn(&pid, arguments[0], &actions, nil, &argv, &envp)
        guard spawned == 0 else { return (127, "", "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let read = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), read(outPath), read(errPath))
    }
}
