import Foundation
import PostgresNIO

/// The store's schema, as versioned migrations: `coach db migrate` applies those a database lacks, each in one
/// transaction with its row in `coach_schema`, so running it again (or twice at once) changes nothing.
///
/// Only what PostgreSQL-compatible distributed databases also have: tables, primary keys, foreign keys, a partial
/// unique index; no advisory locks, no triggers, no stored procedures. The concurrency guard is the primary key of
/// `coach_turns`: a process records turn N+1 by inserting it, and a process that finds it taken loads the
/// conversation again and decides again (the event-store pattern).
public enum Migrations {
    public struct Migration: Sendable {
        public let version: Int
        public let summary: String
        let statements: [String]
    }

    /// Every migration, oldest first. Never edit one that has shipped: add the next.
    public static let all: [Migration] = [
        Migration(version: 1, summary: "conversations, their turns as transcript lines, dialog snapshots, subjects, follow-up links", statements: [
            """
            CREATE TABLE coach_dialogs (
                content_hash text PRIMARY KEY,
                dialog text NOT NULL,
                snapshot bytea NOT NULL,
                stored timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE coach_subjects (
                subject text PRIMARY KEY,
                first_seen timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE coach_conversations (
                conversation text NOT NULL,
                instance text NOT NULL,
                dialog text NOT NULL,
                dialog_version integer NOT NULL,
                content_hash text NOT NULL REFERENCES coach_dialogs (content_hash),
                subject text REFERENCES coach_subjects (subject),
                leader text,
                started timestamptz NOT NULL,
                state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'ended')),
                ended timestamptz,
                ended_as text,
                follows_conversation text,
                follows_file text,
                PRIMARY KEY (conversation, instance)
            )
            """,
            "CREATE UNIQUE INDEX coach_conversations_live ON coach_conversations (conversation) WHERE state = 'open'",
            "CREATE INDEX coach_conversations_subject ON coach_conversations (subject)",
            """
            CREATE TABLE coach_turns (
                conversation text NOT NULL,
                instance text NOT NULL,
                seq integer NOT NULL CHECK (seq >= 0),
                lines bytea NOT NULL,
                message_id text,
                reply bytea,
                recorded timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (conversation, instance, seq),
                FOREIGN KEY (conversation, instance) REFERENCES coach_conversations (conversation, instance)
            )
            """,
        ]),
    ]

    /// The newest version this coach knows.
    public static var latest: Int { all.last!.version }

    static let schemaTable = """
        CREATE TABLE IF NOT EXISTS coach_schema (
            version integer PRIMARY KEY,
            summary text NOT NULL,
            applied timestamptz NOT NULL DEFAULT now()
        )
        """

    /// The version a database is at: 0 before any migration.
    static func version(_ client: PostgresClient) throws -> Int {
        let exists = try client.query("SELECT to_regclass('coach_schema') IS NOT NULL")
        guard let row = exists.first, try row.decode(Bool.self) else { return 0 }
        let rows = try client.query("SELECT coalesce(max(version), 0) FROM coach_schema")
        return try rows.first.map { try $0.decode(Int.self) } ?? 0
    }

    /// Applies the migrations the database lacks; returns one line per migration applied (none: it was up to date).
    static func migrate(_ client: PostgresClient) throws -> [String] {
        do { try client.query(PostgresQuery(unsafeSQL: schemaTable)) } catch {
            // Two `coach db migrate` at once can both try to create it; one wins, and the other finds it there.
            guard try client.query("SELECT to_regclass('coach_schema') IS NOT NULL").first?.decode(Bool.self) == true else { throw error }
        }
        var done: [String] = []
        for m in all where try version(client) < m.version {
            do {
                try client.transaction(m.statements + [
                    "INSERT INTO coach_schema (version, summary) VALUES (\(m.version), '\(m.summary.replacingOccurrences(of: "'", with: "''"))')",
                ])
                done.append("applied migration \(m.version): \(m.summary)")
            } catch {
                // Another `coach db migrate` applied it meanwhile: its transaction won, this one rolled back.
                if try version(client) >= m.version { continue }
                throw error
            }
        }
        return done
    }
}
