import DialogTesting
import Foundation
import Testing

/// The built `coach` on hostile paths and files: one-character relative directories, a relative XDG directory,
/// and the generated hostile dialogs. Each ends with an exit status, never a signal (issue 8).
@Suite(.timeLimit(.minutes(2))) struct HostileInputTests {
    static let dialogs = Repository.path("Dialogs")

    @Test func serveRecordsIntoAOneCharacterRelativeDirectory() throws {
        let cwd = CoachProcess.scratchDirectory()
        let start = ProtocolTests.request(1, "conversation/start", #"{"conversation":"c1","dialog":"off-track"}"#)
        let r = try CoachProcess.run(["serve", "--dialogs", Self.dialogs, "--transcripts", "t"], input: ProtocolTests.initialize + "\n" + start + "\n", directory: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: cwd + "/t/conversations/c1.jsonl"))
    }

    @Test func chatIgnoresARelativeXDGDataHome() throws {
        let cwd = CoachProcess.scratchDirectory()
        let home = CoachProcess.scratchDirectory()
        let r = try CoachProcess.run(["chat", "--dialogs", Self.dialogs, "off-track"], input: "\n",
                                     environment: ["XDG_DATA_HOME": "d", "HOME": home], directory: cwd)
        #expect(r.stderr.contains("input ended before the diagnosis did; continue it with: coach chat --resume chat-"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cwd + "/d"))
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/coach/transcripts/conversations"))
    }

    @Test func replayReadsATranscriptUnderAOneCharacterRelativeDirectory() throws {
        let cwd = CoachProcess.scratchDirectory()
        let fm = FileManager.default
        try fm.createDirectory(atPath: cwd + "/x", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Repository.path("Transcripts/off-track/OTT-1.jsonl"), toPath: cwd + "/x/t.jsonl")
        try fm.copyItem(atPath: Repository.path("Transcripts/dialogs"), toPath: cwd + "/x/dialogs")
        let r = try CoachProcess.run(["replay", "x/t.jsonl"], directory: cwd)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let bare = try CoachProcess.run(["replay", "t.jsonl"], directory: cwd + "/x")
        #expect(bare.status == 0, "\(bare.stdout)\(bare.stderr)")
    }

    @Test(arguments: HostileCorpus.all(chainLength: 20_000))
    func checkReportsAHostileDialogAndExitsOne(_ hostile: HostileCorpus.Case) throws {
        let dir = CoachProcess.scratchDirectory()
        try hostile.write(to: dir)
        let (run, elapsed) = try Self.timed {
            try CoachProcess.run(["check", URL(fileURLWithPath: dir).lastPathComponent],
                                 directory: URL(fileURLWithPath: dir).deletingLastPathComponent().path)
        }
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("[\(hostile.code)]"), "\(run.stdout)")
        #expect(elapsed < (Self.bounded.contains { $0.name == hostile.name } ? .seconds(10) : .seconds(60)))
    }

    /// A run of coach and how long it took.
    static func timed(_ run: () throws -> CoachProcess.Result) rethrows -> (CoachProcess.Result, Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try run()
        return (result, clock.now - start)
    }

    /// The hostile sets the bounds refuse before YAML sees them (DC0034-DC0036).
    static let bounded = HostileCorpus.all(chainLength: 1).filter { ["DC0034", "DC0035", "DC0036"].contains($0.code) }

    @Test(arguments: bounded)
    func serveRefusesToStartOnAHostileDialog(_ hostile: HostileCorpus.Case) throws {
        let dir = CoachProcess.scratchDirectory()
        try hostile.write(to: dir)
        let (run, elapsed) = try Self.timed {
            try CoachProcess.run(["serve", "--dialogs", dir, "--transcripts", CoachProcess.scratchDirectory()],
                                 input: ProtocolTests.initialize + "\n")
        }
        #expect(run.status != 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("[\(hostile.code)]"), "\(run.stderr)")
        #expect(elapsed < .seconds(10))
    }
}
