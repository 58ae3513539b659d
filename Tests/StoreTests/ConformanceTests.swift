import CoachCLI
import CoachPostgres
import DialogEngine
import DialogTesting
import Foundation
import Testing
import Transcript

/// The conformance suite on the file store: a transcripts directory.
@Suite struct FileStoreConformanceTests {
    static func suite() -> StoreConformance {
        let path = CoachProcess.scratchDirectory()
        return StoreConformance(open: { TranscriptDirectory(path: path, dialogsDirectory: Repository.path("Dialogs")) },
                                files: { ReplayRunner.files([path + "/ended", path + "/conversations"]) })
    }

    @Test func recordedTurnsComeBackElsewhere() throws { try Self.suite().recordedTurnsComeBackElsewhere() }
    @Test func anotherProcessContinues() throws { try Self.suite().anotherProcessContinues() }
    @Test func endSealsAndFreesTheID() throws { try Self.suite().endSealsAndFreesTheID() }
    @Test func aLiveIDStartsOnce() throws { try Self.suite().aLiveIDStartsOnce() }
    @Test func anUnknownIDResumesNothing() throws { try Self.suite().anUnknownIDResumesNothing() }
    @Test func aFinishedDiagnosisReplaysVerified() throws { try Self.suite().aFinishedDiagnosisReplaysVerified() }
}

/// The conformance suite on the PostgreSQL store, each test on a database of its own; and what only a shared store
/// does (turns held until commit, races between processes).
@Suite(.enabled(if: PostgresServer.isAvailable,
                "needs PostgreSQL: COACH_TEST_POSTGRES, or PostgreSQL's server programs for a throwaway cluster (.ci/run installs them)"))
struct PostgresStoreConformanceTests {
    /// A migrated database; each `open()` is a new connection to it, as another process would have.
    static func database() throws -> PostgresURL {
        let url = try PostgresURL(try PostgresServer.createDatabase())
        _ = try PostgresStoreAdmin.migrate(url)
        return url
    }

    static func open(_ url: PostgresURL, holding: Bool = true) throws -> PostgresConversationStore {
        let s = try PostgresConversationStore(url: url, dialogsDirectory: Repository.path("Dialogs"))
        s.holdsTurnsUntilCommit = holding
        return s
    }

    static func suite(holding: Bool = true) throws -> StoreConformance {
        let url = try database()
        let exported = CoachProcess.scratchDirectory()
        return StoreConformance(open: { try open(url, holding: holding) }, files: {
            let written = try PostgresExport(store: try open(url)).write(to: exported)
            return written.map { exported + "/" + $0 }
        })
    }

    @Test func recordedTurnsComeBackElsewhere() throws { try Self.suite().recordedTurnsComeBackElsewhere() }
    @Test func anotherProcessContinues() throws { try Self.suite().anotherProcessContinues() }
    @Test func endSealsAndFreesTheID() throws { try Self.suite().endSealsAndFreesTheID() }
    @Test func aLiveIDStartsOnce() throws { try Self.suite().aLiveIDStartsOnce() }
    @Test func anUnknownIDResumesNothing() throws { try Self.suite().anUnknownIDResumesNothing() }
    @Test func aFinishedDiagnosisReplaysVerified() throws { try Self.suite().aFinishedDiagnosisReplaysVerified() }

    /// At the terminal each turn is inserted as it is written (no commit to forget).
    @Test func writtenAtOnceWithoutHolding() throws {
        let conformance = try Self.suite(holding: false)
        try conformance.recordedTurnsComeBackElsewhere()
    }

    /// Two processes hold the same turn; the second to commit finds it taken, commits nothing, and is behind.
    @Test func aTurnTakenFirstByAnotherProcessIsAConflict() throws {
        let url = try Self.database()
        let c = StoreConformance(open: { try Self.open(url) }, files: { [] })
        let a = try c.store(), b = try c.store()
        let first = try a.start("c1", engine: StoreConformance.engine, day: StoreConformance.day, leader: nil, subject: nil)
        try a.commit(reply: nil, messageID: nil)
        let (second, _) = try #require(try b.resume("c1") { _ in StoreConformance.engine })
        try first.send(Event(.answered("Dana"), on: StoreConformance.day), messageID: "m0")
        try second.send(Event(.answered("Robin"), on: StoreConformance.day), messageID: "m0")
        try a.commit(reply: Array("{}".utf8), messageID: "m0")
        #expect(throws: StoreConflict.turnTaken("c1")) { try b.commit(reply: Array("{}".utf8), messageID: "m0") }
        #expect(b.discardPending() == ["c1"])
        #expect(try b.isCurrent("c1", second) == false)
        let (now, _) = try #require(try c.store().resume("c1") { _ in StoreConformance.engine })
        #expect(now.session.answers.map(\.typed) == ["Dana"])
    }

    /// A turn not committed (the process died, or the request failed) never happened.
    @Test func aTurnNotCommittedNeverHappened() throws {
        let url = try Self.database()
        let c = StoreConformance(open: { try Self.open(url) }, files: { [] })
        let a = try c.store()
        let recorder = try a.start("c1", engine: StoreConformance.engine, day: StoreConformance.day, leader: nil, subject: nil)
        try a.commit(reply: nil, messageID: nil)
        try recorder.send(Event(.answered("Dana"), on: StoreConformance.day), messageID: "m0")
        _ = a.discardPending()
        let (resumed, _) = try #require(try c.store().resume("c1") { _ in StoreConformance.engine })
        #expect(resumed.session.answers.isEmpty)
    }

    /// The same id started by two processes at once: one start wins.
    @Test func twoStartsOfOneIDOneWins() throws {
        let url = try Self.database()
        let c = StoreConformance(open: { try Self.open(url) }, files: { [] })
        let a = try c.store(), b = try c.store()
        _ = try a.start("c1", engine: StoreConformance.engine, day: StoreConformance.day, leader: nil, subject: nil)
        _ = try b.start("c1", engine: StoreConformance.engine, day: StoreConformance.day, leader: nil, subject: nil)
        try a.commit(reply: nil, messageID: nil)
        #expect(throws: StoreConflict.conversationExists("c1")) { try b.commit(reply: nil, messageID: nil) }
    }

    /// The reply committed with a message's turn comes back with the conversation, for a retry at any process.
    @Test func theReplyIsKeptWithItsTurn() throws {
        let url = try Self.database()
        let c = StoreConformance(open: { try Self.open(url) }, files: { [] })
        let a = try c.store()
        let recorder = try a.start("c1", engine: StoreConformance.engine, day: StoreConformance.day, leader: nil, subject: nil)
        try a.commit(reply: Array("opening".utf8), messageID: "m-start")
        try recorder.send(Event(.answered("Dana"), on: StoreConformance.day), messageID: "m0")
        try a.commit(reply: Array(#"{"turn":1}"#.utf8), messageID: "m0")
        try recorder.send(Event(.askedWhy, on: StoreConformance.day))
        try a.commit(reply: Array("why".utf8), messageID: nil)
        let b = try c.store()
        let (resumed, _) = try #require(try b.resume("c1") { _ in StoreConformance.engine })
        let stored = try #require(b.storedReply(resumed))
        #expect(stored.messageID == "m0")
        #expect(stored.reply == Array(#"{"turn":1}"#.utf8))
    }

    /// A server refuses a database whose schema it does not know, saying what to run.
    @Test func anUnmigratedDatabaseIsRefusedWithWhatToRun() throws {
        let url = try PostgresURL(try PostgresServer.createDatabase())
        #expect { try Self.open(url) } throws: { "\($0)".contains("coach db migrate") }
        #expect(try PostgresStoreAdmin.migrate(url).count == Migrations.all.count)
        #expect(try PostgresStoreAdmin.migrate(url).isEmpty)
        _ = try Self.open(url)
    }
}
