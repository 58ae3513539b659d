import CoachCLI
import CoachServer
import Foundation
import Testing
import Transcript

/// The journal of `coach serve` keeps the write-ahead promise of the per-conversation files (issue 11): a full disk
/// refuses the turn and applies nothing, the retry applies it once; a failed group commit is an error, not a reply.
@Suite struct JournalFaultTests {
    /// A disk that can be made full, and whose syncs can be made to fail.
    final class Disk: @unchecked Sendable {
        var full = false
        var syncFails = false
        var io: FileIO {
            FileIO(write: { fd, p, n in
                if self.full { errno = ENOSPC; return -1 }
                return Foundation.write(fd, p, n)
            }, truncate: { fd, size in ftruncate(fd, off_t(size)) }, sync: { _ in
                if self.syncFails { errno = EIO; return -1 }
                return 0
            })
        }
    }

    let ref = TranscriptDirectoryRef()
    let disk = Disk()

    func journaled(_ durability: Journal.Durability) throws -> InMemoryServer {
        ref.directory.io = disk.io
        _ = try ref.directory.openJournal(durability: durability, report: { _ in })
        return InMemoryServer(transcripts: ref.directory)
    }

    @Test func aFullDiskOnTheJournalRefusesTheAnswerAppliesNothingAndTheRetryAppliesItOnce() throws {
        let s = try journaled(.process)
        _ = s.start("c1")
        #expect(s.say("c1", "Dana", messageId: "m0").turn == 1)
        disk.full = true
        let refused = s.say("c1", "25", messageId: "m1")
        #expect(refused.code == -32015)
        #expect((refused.error["message"] as? String)?.contains("nothing was applied") == true)
        #expect(s.state("c1")["turn"] as? Int == 1)
        #expect((s.state("c1")["answers"] as? [[String: Any]])?.count == 1, "nothing of the refused answer was applied")
        #expect(s.start("c2").code == -32015, "a start is refused too")
        disk.full = false
        let retried = s.say("c1", "25", messageId: "m1")
        #expect(retried.turn == 2)
        #expect(retried.node == "OTT.G1")
        #expect(s.say("c1", "25", messageId: "m1").turn == 2, "a second retry gets the same reply, applied once")
        #expect(s.start("c2").node == "OTT.who", "the failed start left nothing behind")
        #expect(!FileManager.default.fileExists(atPath: ref.directory.file(for: "c1")), "no file while serving")
        #expect(s.server.closeTranscripts())
        let bytes = Array(try #require(FileManager.default.contents(atPath: ref.directory.file(for: "c1"))))
        let file = try TranscriptReader.read(bytes, path: "c1.jsonl")
        #expect(file.integrity == .intact)
        let inputs = file.lines.filter { if case .input = $0.entry { true } else { false } }
        #expect(inputs.count == 2, "each answer recorded once")
        #expect(FileManager.default.fileExists(atPath: ref.directory.file(for: "c2")))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: ref.directory.path + "/journal")) ?? []) == ["serve.lock"])
    }

    @Test func aFailedGroupCommitIsAnErrorAndASuccessfulOneCoversEveryTurn() throws {
        let s = try journaled(.sync)
        _ = s.start("c1")
        _ = s.say("c1", "Dana", messageId: "m0")
        #expect(throws: Never.self) { try s.server.commitTranscripts() }
        disk.syncFails = true
        _ = s.say("c1", "25", messageId: "m1")
        #expect(throws: (any Error).self) { try s.server.commitTranscripts() }
        disk.syncFails = false
        #expect(throws: Never.self) { try s.server.commitTranscripts() }
        #expect(s.server.closeTranscripts())
    }

    @Test func aConversationClosedPastMaxOpenIsResumedWithItsWholeTranscript() throws {
        ref.directory.io = disk.io
        _ = try ref.directory.openJournal(durability: .process, report: { _ in })
        let s = InMemoryServer(transcripts: ref.directory, maxOpen: 1)
        for (k, answer) in RestartTests.ott1.prefix(4).enumerated() {
            for c in ["a", "b"] {
                if k == 0 { _ = s.start(c) }
                #expect(s.say(c, answer, messageId: "\(c)\(k)").turn == k + 1, "\(c) turn \(k + 1)")
            }
        }
        #expect(s.server.closeTranscripts())
        for c in ["a", "b"] {
            let bytes = Array(try #require(FileManager.default.contents(atPath: ref.directory.file(for: c))))
            let file = try TranscriptReader.read(bytes, path: c)
            #expect(file.integrity == .intact)
            #expect(file.lines.count { if case .input = $0.entry { true } else { false } } == 4)
        }
    }
}
