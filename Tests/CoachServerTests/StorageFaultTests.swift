import CoachCLI
import Foundation
import Testing
import Transcript

/// The record is written before a turn is applied (issue 8): a full disk refuses the request with -32015 and
/// applies nothing, so the bridge's retry with the same message id works once space returns; a conversation that
/// could not start, or whose transcript a crash left without a whole opening, does not block its id.
@Suite struct StorageFaultTests {
    /// A disk that can be made full: every write fails with ENOSPC while `full` is set.
    final class Disk: @unchecked Sendable {
        var full = false
        var io: FileIO {
            FileIO(write: { fd, p, n in
                if self.full { errno = ENOSPC; return -1 }
                return Foundation.write(fd, p, n)
            }, truncate: { fd, size in ftruncate(fd, off_t(size)) }, sync: { _ in 0 })
        }
    }

    let ref = TranscriptDirectoryRef()
    let disk = Disk()

    init() { ref.directory.io = disk.io }

    @Test func aFullDiskRefusesTheAnswerAppliesNothingAndTheRetryAppliesItOnce() {
        let s = InMemoryServer(transcripts: ref.directory)
        _ = s.start("c1")
        #expect(s.say("c1", "Dana", messageId: "m0").turn == 1)
        disk.full = true
        let refused = s.say("c1", "25", messageId: "m1")
        #expect(refused.code == -32015)
        #expect((refused.error["message"] as? String)?.contains("nothing was applied") == true)
        let state = s.state("c1")
        #expect(state["turn"] as? Int == 1)
        #expect((state["answers"] as? [[String: Any]])?.count == 1, "nothing of the refused answer was applied")
        #expect(s.say("c1", "25", messageId: "m1").code == -32015, "still full: still refused, still nothing applied")
        disk.full = false
        let retried = s.say("c1", "25", messageId: "m1")
        #expect(retried.turn == 2)
        #expect(retried.node == "OTT.G1")
        #expect(s.say("c1", "25", messageId: "m1").turn == 2, "a second retry gets the same reply, applied once")
        var last = retried
        for (k, answer) in RestartTests.ott1.enumerated().dropFirst(2) { last = s.say("c1", answer, messageId: "m\(k)") }
        #expect(last.phase == "finished")
        let plan = last.messages.first { $0["type"] as? String == "plan" }?["plan"] as? [String: Any]
        #expect((plan?["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["T-06", "T-03", "PE-02"])
    }

    @Test func aConversationThatCouldNotStartLeavesItsIdFree() {
        let s = InMemoryServer(transcripts: ref.directory)
        disk.full = true
        #expect(s.start("c2").code == -32015)
        #expect(!FileManager.default.fileExists(atPath: ref.directory.file(for: "c2")))
        disk.full = false
        #expect(s.start("c2").node == "OTT.who", "not -32012: the failed start left nothing behind")
    }

    @Test func anEmptyTranscriptLeftByACrashDoesNotWedgeItsId() throws {
        let path = ref.directory.file(for: "c3")
        try FileSink.makeDirectories((path as NSString).deletingLastPathComponent)
        FileManager.default.createFile(atPath: path, contents: Data())
        let s = InMemoryServer(transcripts: ref.directory)
        #expect(s.say("c3", "Dana").code == -32010, "a conversation that never started is unknown, not an internal error")
        #expect(s.start("c3").node == "OTT.who")
        #expect(s.say("c3", "Dana").turn == 1)
    }

    @Test func aTranscriptTornInsideItsOpeningDoesNotWedgeItsId() throws {
        let first = InMemoryServer(transcripts: ref.directory)
        _ = first.start("c4")
        let path = ref.directory.file(for: "c4")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let headerEnd = try #require(bytes.firstIndex(of: 0x0A))
        FileManager.default.createFile(atPath: path, contents: bytes[...(headerEnd + 20)])
        let second = InMemoryServer(transcripts: ref.directory)
        #expect(second.say("c4", "Dana").code == -32010)
        #expect(second.start("c4").node == "OTT.who")
    }
}
