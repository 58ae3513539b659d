import CoachCLI
import CoachPostgres
import DialogCompiler
import DialogEngine
import DialogTesting
import Foundation
import Testing
import Transcript

/// What every `ConversationStore` must do, whatever keeps the conversations: run by `FileStoreConformanceTests` on a
/// transcripts directory and by `PostgresStoreConformanceTests` on a PostgreSQL database. `open()` makes a new store
/// over the same place each time: a second one is what another process (or the next start) sees.
struct StoreConformance {
    let open: () throws -> any ConversationStore
    /// The transcript files the place holds (for a database: exported as the file store lays them out).
    let files: () throws -> [String]

    nonisolated(unsafe) static let library = try! DialogLibrary.load(directory: Repository.path("Dialogs"))
    static let key = TranscriptKey(bytes: Array(repeating: 7, count: 32))
    static let day = Day(year: 2026, month: 11, day: 27)
    static var engine: Engine { Engine(dialog: library.result.dialogs["off-track"]!) }

    func store() throws -> any ConversationStore {
        let s = try open()
        s.use(sources: Self.library.sources)
        s.key = Self.key
        return s
    }

    /// Sends answers, each committed as `coach serve` commits a request.
    func answer(_ recorder: Recorder, _ store: any ConversationStore, _ answers: [String], from first: Int = 0) throws {
        for (k, a) in answers.enumerated() {
            try recorder.send(Event(.answered(a), on: Self.day), messageID: "m\(first + k)")
            try store.commit(reply: Array(#"{"turn":\#(first + k + 1)}"#.utf8), messageID: "m\(first + k)")
        }
    }

    /// A started conversation is live; its turns come back, in another process, as they were recorded.
    func recordedTurnsComeBackElsewhere() throws {
        let a = try store()
        #expect(try a.exists("c1") == false)
        let recorder = try a.start("c1", engine: Self.engine, day: Self.day, leader: "Lee", subject: "dana")
        try a.commit(reply: nil, messageID: nil)
        try answer(recorder, a, ["Dana", "25", "no"])
        // The first process lets go (a file is written by one process at a time; a database row by any).
        try recorder.close()
        let b = try store()
        #expect(try b.exists("c1"))
        let (resumed, file) = try #require(try b.resume("c1") { _ in Self.engine })
        #expect(resumed.session.answers.count == 3)
        #expect(resumed.turn == 3)
        #expect(file.header.conversation == "c1" && file.header.subject == "dana" && file.header.leader == "Lee")
        #expect(file.header.instance == recorder.writer.header.instance)
        #expect(resumed.writer.lastHash == recorder.writer.lastHash)
        #expect(file.integrity == .intact)
        // The messages ids are in the record: a retry after a restart is recognised.
        #expect(file.lines.compactMap { if case .input(_, _) = $0.entry { $0.messageID } else { nil } } == ["m0", "m1", "m2"])
    }

    /// The other process goes on where the first stood; the first process sees it has fallen behind (a shared
    /// store) or is the only writer (files).
    func anotherProcessContinues() throws {
        let a = try store()
        let first = try a.start("c1", engine: Self.engine, day: Self.day, leader: nil, subject: nil)
        try a.commit(reply: nil, messageID: nil)
        try answer(first, a, ["Dana"])
        try first.close()
        let b = try store()
        let (second, _) = try #require(try b.resume("c1") { _ in Self.engine })
        try answer(second, b, ["25"], from: 1)
        if a.isShared {
            #expect(try a.isCurrent("c1", first) == false)
            #expect(try b.isCurrent("c1", second))
        }
        try second.close()
        let c = try store()
        let (third, _) = try #require(try c.resume("c1") { _ in Self.engine })
        #expect(third.session.answers.map(\.typed) == ["Dana", "25"])
    }

    /// Ending seals the transcript: the id is free, nothing resumes it, and it verifies and authenticates.
    func endSealsAndFreesTheID() throws {
        let a = try store()
        let recorder = try a.start("c1", engine: Self.engine, day: Self.day, leader: nil, subject: nil)
        try a.commit(reply: nil, messageID: nil)
        try answer(recorder, a, ["Dana", "25"])
        try a.end("c1", recorder: recorder)
        try a.commit(reply: nil, messageID: nil)
        let b = try store()
        #expect(try b.exists("c1") == false)
        #expect(try b.resume("c1") { _ in Self.engine } == nil)
        // The id starts afresh, as another instance.
        let again = try b.start("c1", engine: Self.engine, day: Self.day, leader: nil, subject: nil)
        try b.commit(reply: nil, messageID: nil)
        #expect(again.writer.header.instance != recorder.writer.header.instance)
        let ended = try files().filter { $0.contains("/ended/") }
        #expect(ended.count == 1)
        var runner = ReplayRunner(against: .recorded)
        runner.key = Self.key
        let outcome = runner.replay(path: try #require(ended.first))
        #expect(outcome.sealed == true)
        if case .authentic? = outcome.authentication {} else { Issue.record("the seal does not authenticate: \(String(describing: outcome.authentication))") }
    }

    /// A live id cannot be started twice, from any process.
    func aLiveIDStartsOnce() throws {
        let a = try store()
        _ = try a.start("c1", engine: Self.engine, day: Self.day, leader: nil, subject: nil)
        try a.commit(reply: nil, messageID: nil)
        let b = try store()
        #expect(try b.exists("c1"))
        if b.isShared {
            // The check is the commit's: a second start of a live id is refused when it is committed.
            _ = try b.start("c1", engine: Self.engine, day: Self.day, leader: nil, subject: nil)
            #expect(throws: StoreConflict.conversationExists("c1")) { try b.commit(reply: nil, messageID: nil) }
            _ = b.discardPending()
        }
    }

    /// An unknown id resumes nothing.
    func anUnknownIDResumesNothing() throws {
        #expect(try store().resume("nobody") { _ in Self.engine } == nil)
    }

    /// A finished diagnosis replays verified from what the store holds.
    func aFinishedDiagnosisReplaysVerified() throws {
        let a = try store()
        let recorder = try a.start("c1", engine: Self.engine, day: Self.day, leader: nil, subject: "dana")
        try a.commit(reply: nil, messageID: nil)
        try answer(recorder, a, ReferenceWalk.ott1)
        #expect(recorder.engine.finished(recorder.session) != nil)
        try a.end("c1", recorder: recorder)
        try a.commit(reply: nil, messageID: nil)
        var runner = ReplayRunner(against: .recorded)
        runner.key = Self.key
        let outcomes = try files().map { runner.replay(path: $0) }
        #expect(outcomes.count == 1)
        #expect(outcomes.allSatisfy { $0.trusted }, "\(outcomes.map { "\($0.path): \($0.replay.verdict)" })")
    }
}

/// The answers of OTT-1 (off-track), which reach a plan.
enum ReferenceWalk {
    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana"]
}
