import DialogCompiler
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Transcript

/// Records conversations over the repository's dialogs, deterministically, for the tests.
enum Recording {
    static let day = Day(year: 2026, month: 11, day: 27)
    static let started = "2026-11-27T09:00:00Z"
    static let sources = Repository.sources("Dialogs")

    static func snapshot(_ dialog: Dialog) -> DialogSnapshot {
        DialogSnapshot.of(dialog, among: sources, directory: "Dialogs")
    }

    /// The key the golden transcripts are sealed with (a test fixture, not a secret): `Transcripts/golden.key`.
    static let goldenKey = TranscriptKey(bytes: Array(FileManager.default.contents(atPath: Repository.path("Transcripts/golden.key")) ?? Data([0])))

    /// The transcript of a conversation: the dialog started on the fixed day, then the events in order, then the seal
    /// (with `key`'s MAC when given), as when a conversation ends.
    static func record(_ dialog: Dialog, conversation: String, _ events: [Event.Kind], snapshot: DialogSnapshot? = nil,
                       key: TranscriptKey? = nil) throws -> [UInt8] {
        let snap = snapshot ?? Self.snapshot(dialog)
        let header = TranscriptHeader(dialog: dialog.id, dialogVersion: dialog.version, contentHash: snap.hash, coach: "0.1.0",
                                      conversation: conversation, subject: nil, started: started)
        let sink = MemorySink()
        let recorder = try Recorder(engine: Engine(dialog: dialog), writer: TranscriptWriter(header: header, sink: sink), day: day)
        for e in events { try recorder.send(Event(e, on: day)) }
        try recorder.seal(key: key)
        try recorder.close()
        return sink.bytes
    }

    static func record(_ id: String, _ answers: [String]) throws -> [UInt8] {
        try record(Repository.dialog(id), conversation: "test:\(id)", answers.map { .answered($0) })
    }

    /// OTT-1 of the scripts: the capability path to T-06, T-03 and PE-02.
    static let ott1 = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana on two calls"]

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func join(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        let dir = NSTemporaryDirectory() + "coach-transcript-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
