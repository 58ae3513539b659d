import Foundation

/// The PostgreSQL server the store's tests run against: `$COACH_TEST_POSTGRES` (a URL, as `.ci/run` exports it),
/// else a throwaway cluster this test process starts with `scripts/postgres-cluster` (initdb and pg_ctl as an
/// unprivileged user, a Unix socket in a temporary directory, stopped and deleted when the process exits). Without
/// either, the tests that need it are skipped, and the reason is printed.
public enum PostgresServer {
    /// The server's URL (its `postgres` database), or why there is none.
    public static let server: Result<String, Unavailable> = start()

    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// True when a server is there to test against.
    public static var isAvailable: Bool {
        switch server {
        case .success: return true
        case .failure(let why):
            // Skipped tests say so in the test report; this says why, once.
            reportOnce(why)
            return false
        }
    }

    nonisolated(unsafe) private static var reported = false
    private static let lock = NSLock()
    private static func reportOnce(_ why: Unavailable) {
        lock.lock()
        defer { lock.unlock() }
        guard !reported else { return }
        reported = true
        FileHandle.standardError.write(Data("PostgreSQL tests skipped: \(why)\n".utf8))
    }

    static func start() -> Result<String, Unavailable> {
        if let url = ProcessInfo.processInfo.environment["COACH_TEST_POSTGRES"], !url.isEmpty { return .success(url) }
        var template = Array("/tmp/coach-pg-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return .failure(Unavailable(description: "cannot create a temporary directory")) }
        let dir = String(cString: made)
        let result = Spawn.run([Repository.path("scripts/postgres-cluster"), "start", dir, "--watch", "\(getpid())"])
        switch result.status {
        case 0: return .success(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        case 2: return .failure(Unavailable(description: "PostgreSQL's server programs are not installed (Debian: apt-get install postgresql; .ci/run installs them), and COACH_TEST_POSTGRES is not set"))
        default: return .failure(Unavailable(description: "the throwaway cluster did not start: \(result.error)"))
        }
    }

    nonisolated(unsafe) private static var databases = 0

    /// A new, empty database on the server (each test makes its own); its URL.
    public static func createDatabase() throws -> String {
        let server = try server.get()
        lock.lock()
        databases += 1
        let name = "coach_test_\(getpid())_\(databases)"
        lock.unlock()
        let result = Spawn.run(["/usr/bin/env", "psql", server, "-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        guard result.status == 0 else { throw Unavailable(description: "cannot create a database: \(result.error)") }
        return url(of: name, on: server)
    }

    /// The URL of another database on the same server.
    public static func url(of database: String, on url: String) -> String {
        var parts = URLComponents(string: url)!
        parts.path = "/" + database
        return parts.string!
    }

    /// Runs a statement on a database (for tests that look at the tables themselves); its output, unaligned.
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let result = Spawn.run(["/usr/bin/env", "psql", url, "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw Unavailable(description: "psql: \(result.error)") }
        return result.output
    }
}
