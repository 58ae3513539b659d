import PostgresNIO

/// `coach db`: the schema's migrations and a summary of what a database holds.
public enum PostgresStoreAdmin {
    public static var latest: Int { Migrations.latest }

    /// Applies the migrations the database lacks; one line per migration applied.
    public static func migrate(_ url: PostgresURL) throws -> [String] {
        let client = PostgresClient(url: url)
        defer { client.close() }
        return try Migrations.migrate(client)
    }

    /// The schema version and the counts of conversations (live and ended) and turns.
    public static func status(_ url: PostgresURL) throws -> String {
        let client = PostgresClient(url: url)
        defer { client.close() }
        let version = try Migrations.version(client)
        guard version > 0 else { return "\(url): no coach schema (run `coach db migrate`)" }
        let row = try client.query("""
            SELECT (SELECT count(*) FROM coach_conversations WHERE state = 'open'), (SELECT count(*) FROM coach_conversations WHERE state = 'ended'),
                   (SELECT count(*) FROM coach_turns), (SELECT count(*) FROM coach_subjects)
            """)[0]
        let (live, ended, turns, subjects) = try row.decode((Int, Int, Int, Int).self)
        let note = version < latest ? " (this coach needs \(latest): run `coach db migrate`)" : version > latest ? " (newer than this coach's \(latest))" : ""
        return "\(url): schema version \(version)\(note); \(live) live and \(ended) ended conversations, \(turns) turns, \(subjects) subjects"
    }
}
