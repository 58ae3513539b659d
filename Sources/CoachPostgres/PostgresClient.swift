import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to PostgreSQL, used synchronously: the serving thread waits for each statement's result (a turn
/// is committed before its reply is sent). A lost connection is opened again on the next statement.
final class PostgresClient: @unchecked Sendable {
    let url: PostgresURL
    let logger: Logger
    private var connection: PostgresConnection?
    private var nextID = 1

    init(url: PostgresURL, logger: Logger = Logger(label: "coach.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.url = url
        self.logger = logger
    }

    deinit { close() }

    /// Why a statement failed, in a sentence: the server's message and SQLSTATE, or what happened to the connection.
    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// The SQLSTATE, when the server refused the statement.
        let sqlState: String?
        /// The constraint a refused statement broke, if any.
        let constraint: String?

        var isUniqueViolation: Bool { sqlState == "23505" }
    }

    /// Opens the connection when there is none.
    func connect() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        do {
            let c = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: url.configuration,
                                                   id: nextID, logger: logger).wait()
            nextID += 1
            connection = c
            return c
        } catch {
            throw Failure(description: "cannot connect to \(url): \(Self.describe(error))", sqlState: nil, constraint: nil)
        }
    }

    /// How long a statement may take before the connection is given up (a database host gone silent would
    /// otherwise hold the serving thread until TCP gives up, many minutes later).
    static let deadline: DispatchTimeInterval = .seconds(
        ProcessInfo.processInfo.environment["COACH_STORE_TIMEOUT"].flatMap(Int.init).map { max(1, $0) } ?? 30)

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try run(query, on: try connect())
    }

    /// Runs one statement on a given connection; past `deadline` the connection is closed and the statement fails.
    @discardableResult
    func run(_ query: PostgresQuery, on c: PostgresConnection) throws -> [PostgresRow] {
        do {
            let future = c.query(query, logger: logger)
            let done = DispatchSemaphore(value: 0)
            future.whenComplete { _ in done.signal() }
            if done.wait(timeout: .now() + Self.deadline) == .timedOut {
                let closing: EventLoopFuture<Void> = c.close()
                _ = closing
                if self.connection === c { self.connection = nil }
                throw Failure(description: "PostgreSQL did not answer within \(Self.deadline) (COACH_STORE_TIMEOUT); the connection is closed",
                              sqlState: nil, constraint: nil)
            }
            return try future.wait().rows
        } catch let error as Failure {
            throw error
        } catch let error as PSQLError {
            if error.serverInfo == nil { self.connection = nil; try? c.close().wait() }
            throw Failure(description: Self.describe(error), sqlState: error.serverInfo?[.sqlState],
                          constraint: error.serverInfo?[.constraintName])
        } catch {
            self.connection = nil
            try? c.close().wait()
            throw Failure(description: Self.describe(error), sqlState: nil, constraint: nil)
        }
    }

    /// Runs statements in one transaction (simple statements, no parameters: migrations), all on one connection:
    /// when it is lost halfway, the transaction fails whole rather than going on in a new one.
    func transaction(_ statements: [String]) throws {
        let c = try connect()
        try run("BEGIN", on: c)
        do {
            for s in statements { try run(PostgresQuery(unsafeSQL: s), on: c) }
            try run("COMMIT", on: c)
        } catch {
            _ = try? run("ROLLBACK", on: c)
            throw error
        }
    }

    func close() {
        if let connection { try? connection.close().wait() }
        connection = nil
    }

    static func describe(_ error: any Error) -> String {
        guard let e = error as? PSQLError else { return "\(error)" }
        if let info = e.serverInfo {
            let message = info[.message] ?? "error"
            let detail = info[.detail].map { " (\($0))" } ?? ""
            return "PostgreSQL: \(message)\(detail) [SQLSTATE \(info[.sqlState] ?? "?")]"
        }
        switch e.code {
        case .connectionError: return "the connection failed" + (e.underlying.map { ": \($0)" } ?? "")
        case .serverClosedConnection: return "PostgreSQL closed the connection"
        case .clientClosedConnection: return "the connection was closed"
        case .authMechanismRequiresPassword: return "PostgreSQL asks for a password (give it in the URL or PGPASSWORD)"
        default: return "\(e.code)" + (e.underlying.map { ": \($0)" } ?? "")
        }
    }
}
