import Foundation
import PostgresNIO

/// Where the store is: a `postgres://` URL, as libpq writes them. `postgres://USER:PASSWORD@HOST:PORT/DATABASE`
/// over TCP, or `postgres://USER@/DATABASE?host=/run/postgresql` over the Unix socket in that directory (a `host`
/// parameter that is a path, as libpq takes it). The password may also come from `PGPASSWORD`.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public let user: String
    public let password: String?
    public let database: String
    /// The TCP host, or nil for a Unix socket.
    public let host: String?
    public let port: Int
    /// The directory of the Unix socket, or nil for TCP.
    public let socketDirectory: String?

    /// Why a URL is not a store URL.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// True when the text names a PostgreSQL store rather than a directory.
    public static func isURL(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isURL(text), let parts = URLComponents(string: text) else {
            throw Invalid(description: "'\(text)' is not a PostgreSQL URL: postgres://USER:PASSWORD@HOST:PORT/DATABASE, or postgres://USER@/DATABASE?host=/socket/directory")
        }
        let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        // URLComponents' user, password and path are decoded once already.
        user = parts.user.flatMap { $0.isEmpty ? nil : $0 } ?? query["user"] ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        password = parts.password ?? query["password"] ?? environment["PGPASSWORD"]
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = path.isEmpty ? (query["dbname"] ?? user) : path
        port = parts.port ?? query["port"].flatMap(Int.init) ?? 5432
        // TLS is not spoken: a URL that asks for it is refused rather than served in plain text.
        if let mode = query["sslmode"], !["disable", "allow", "prefer"].contains(mode) {
            throw Invalid(description: "sslmode=\(mode): coach connects without TLS (a Unix socket, or a network you trust; docs/deployment.md); give sslmode=disable or leave it out")
        }
        if let h = query["host"], h.hasPrefix("/") {
            socketDirectory = h
            host = nil
        } else {
            let h = query["host"] ?? parts.host ?? ""
            if h.isEmpty {
                // libpq's default: the Unix socket in /var/run/postgresql.
                socketDirectory = "/var/run/postgresql"
                host = nil
            } else {
                host = h
                socketDirectory = nil
            }
        }
    }

    /// The same server, another database (the tests create their own).
    public func with(database: String) -> PostgresURL {
        PostgresURL(user: user, password: password, database: database, host: host, port: port, socketDirectory: socketDirectory)
    }

    init(user: String, password: String?, database: String, host: String?, port: Int, socketDirectory: String?) {
        self.user = user
        self.password = password
        self.database = database
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
    }

    /// The connection settings: TLS is not used (a Unix socket, or a network the operator trusts; see
    /// docs/deployment.md).
    var configuration: PostgresConnection.Configuration {
        if let socketDirectory {
            return .init(unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        return .init(host: host ?? "localhost", port: port, username: user, password: password, database: database, tls: .disable)
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        "postgres://\(user)@" + (socketDirectory.map { "/\(database)?host=\($0)" } ?? "\(host ?? "localhost"):\(port)/\(database)")
    }
}
