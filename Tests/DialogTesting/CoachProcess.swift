import Foundation

/// Runs the built `coach` binary through real pipes, the way a script or a user's shell would.
public enum CoachProcess {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `coach` executable built beside the test bundle.
    public static let executable: String = {
        let beside = Bundle.main.bundleURL.appendingPathComponent("coach").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let url = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("coach").path
        if FileManager.default.isExecutableFile(atPath: url) { return url }
        return Repository.path(".build/debug/coach")
    }()

    /// The transcript key every run uses unless told otherwise: the fixture that seals the golden transcripts, so no
    /// run reads or creates a key in the real home.
    public static let goldenKey = Repository.path("Transcripts/golden.key")

    /// The one directory under which this test process keeps every scratch directory; removed when the process exits,
    /// so a test run leaves nothing behind in the system's temporary directory.
    static let scratchRoot: String = {
        let root = NSTemporaryDirectory() + "coach-test-\(getpid())-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: CoachProcess.scratchRoot) }
        return root
    }()

    /// A new empty directory for one run's transcripts and state, so runs never see each other's files.
    public static func scratchDirectory() -> String {
        let dir = scratchRoot + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A started `coach` and the pipes to its standard streams.
    public struct Launched {
        public let process: Process
        public let stdin: Pipe, stdout: Pipe, stderr: Pipe
    }

    /// Starts `coach` with a fixed date, no colour, its own scratch data, config and cache directories and the golden
    /// key; `environment` overrides those.
    public static func launch(_ arguments: [String], environment: [String: String] = [:],
                              directory: String = Repository.root) throws -> Launched {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = Self.environment(environment)
        let launched = Launched(process: process, stdin: Pipe(), stdout: Pipe(), stderr: Pipe())
        process.standardInput = launched.stdin
        process.standardOutput = launched.stdout
        process.standardError = launched.stderr
        try process.run()
        return launched
    }

    /// The environment `coach` runs in under the tests: a fixed date, no colour, scratch data, config and cache
    /// directories, the golden key; `overrides` on top.
    public static func environment(_ overrides: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["COACH_TODAY"] = "2026-11-27"
        env["NO_COLOR"] = "1"
        env["XDG_DATA_HOME"] = scratchDirectory()
        env["XDG_CONFIG_HOME"] = scratchDirectory()
        env["XDG_CACHE_HOME"] = scratchDirectory()
        env["COACH_CACHE"] = nil
        env["COACH_KEY_FILE"] = goldenKey
        for (k, v) in overrides { env[k] = v }
        return env
    }

    /// Runs another program (a client that starts `coach` itself) in `coach`'s test environment, to its end.
    public static func runProgram(_ path: String, _ arguments: [String]) throws -> Result {
        let r = Spawn.run([path] + arguments, environment: environment())
        return Result(status: r.status, stdout: r.output, stderr: r.error)
    }

    public static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:],
                           directory: String = Repository.root) throws -> Result {
        let launched = try launch(arguments, environment: environment, directory: directory)
        let (process, stdin, stdout, stderr) = (launched.process, launched.stdin, launched.stdout, launched.stderr)
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }
}
