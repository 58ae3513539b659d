import CoachPostgres
import Testing

/// Store URLs as libpq writes them (docs/deployment.md, "Store URLs").
@Suite struct PostgresURLTests {
    @Test func tcpWithEverything() throws {
        let url = try PostgresURL("postgres://coach:s%40cret@db.internal:6432/coaching", environment: [:])
        #expect(url.user == "coach" && url.password == "s@cret" && url.host == "db.internal" && url.port == 6432)
        #expect(url.database == "coaching" && url.socketDirectory == nil)
        #expect(url.description == "postgres://coach@db.internal:6432/coaching", "no password in messages")
    }

    @Test func aPercentInThePasswordIsDecodedOnce() throws {
        #expect(try PostgresURL("postgres://coach:50%25off@db/coach", environment: [:]).password == "50%off")
        #expect(try PostgresURL("postgres://coach:%2541@db/coach", environment: [:]).password == "%41")
    }

    @Test func aUnixSocketDirectory() throws {
        let url = try PostgresURL("postgresql://postgres@/coach?host=/tmp/pg", environment: [:])
        #expect(url.socketDirectory == "/tmp/pg" && url.host == nil && url.port == 5432 && url.database == "coach")
        #expect(url.description == "postgres://postgres@/coach?host=/tmp/pg")
    }

    @Test func defaultsComeFromTheEnvironmentAsLibpqTakesThem() throws {
        let url = try PostgresURL("postgres:///", environment: ["PGUSER": "ops", "PGPASSWORD": "pw"])
        #expect(url.user == "ops" && url.password == "pw" && url.database == "ops")
        #expect(url.socketDirectory == "/var/run/postgresql")
    }

    @Test func aURLAskingForTLSIsRefusedNotServedInPlainText() {
        #expect(throws: PostgresURL.Invalid.self) { try PostgresURL("postgres://coach@db/coach?sslmode=require", environment: [:]) }
        #expect(throws: PostgresURL.Invalid.self) { try PostgresURL("postgres://coach@db/coach?sslmode=verify-full", environment: [:]) }
        #expect((try? PostgresURL("postgres://coach@db/coach?sslmode=disable", environment: [:])) != nil)
    }

    @Test func somethingElseIsNoStoreURL() {
        #expect(!PostgresURL.isURL("/var/lib/coach"))
        #expect { try PostgresURL("mysql://x@y/z", environment: [:]) } throws: { "\($0)".contains("is not a PostgreSQL URL") }
    }
}
