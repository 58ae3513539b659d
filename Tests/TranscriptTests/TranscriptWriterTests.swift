import DialogEngine
import DialogTesting
import Foundation
import Testing
import Transcript

/// The writer appends sealed lines, one write per line, a sync per turn, into a private file.
@Suite struct TranscriptWriterTests {
    static let header = TranscriptHeader(dialog: "off-track", dialogVersion: 1, contentHash: String(repeating: "0", count: 64),
                                         coach: "0.1.0", conversation: "c1", subject: nil, started: Recording.started)

    @Test func aTranscriptFileIsReadableOnlyByItsOwner() throws {
        let dir = Recording.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a/b/c1.jsonl"
        let writer = try TranscriptWriter(path: path, header: Self.header)
        try writer.close()
        let mode = { (p: String) in ((try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? NSNumber)?.intValue ?? 0) & 0o777 }
        #expect(try mode(path) == 0o600)
        #expect(try mode(dir + "/a") == 0o700)
        #expect(try mode(dir + "/a/b") == 0o700)
        #expect(throws: FileSink.Failure.self, "an existing transcript is never overwritten") {
            try TranscriptWriter(path: path, header: Self.header)
        }
    }

    @Test func eachTurnEndsWithASyncAndTheHeaderComesFirst() throws {
        let sink = MemorySink()
        let recorder = try Recorder(engine: Engine(dialog: Repository.dialog("off-track")),
                                    writer: TranscriptWriter(header: Self.header, sink: sink), day: Recording.day)
        try recorder.send(Event(.answered("Dana"), on: Recording.day))
        #expect(sink.syncs == 2)
        try recorder.close()
        #expect(sink.syncs == 3)
        let lines = sink.text.split(separator: "\n")
        #expect(lines[0].hasPrefix("{\"format\":\"coach-transcript\",\"version\":4,\"dialog\":\"off-track\",\"dialogVersion\":1,"))
        #expect(lines[1].hasPrefix("{\"turn\":0,\"type\":\"question\",\"node\":\"OTT.who\",\"attempt\":1,"))
        #expect(lines[2].hasPrefix("{\"turn\":1,\"input\":\"text\",\"text\":\"Dana\",\"day\":\"2026-11-27\",\"hash\":\""))
        #expect(lines[3].hasPrefix("{\"turn\":1,\"type\":\"answered\",\"node\":\"OTT.who\",\"label\":\"Rep\",\"answer\":\"Dana\","))
        #expect(lines.allSatisfy { $0.wholeMatch(of: /\{.*,"hash":"[0-9a-f]{64}"\}/) != nil })
    }
}

/// The header's timestamp, written by hand, is what `ISO8601DateFormatter` writes, in zones with whole, half and
/// quarter hour offsets, before 1970 and across daylight saving changes.
@Suite struct TimestampTests {
    @Test(arguments: ["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "America/Los_Angeles"])
    func theTimestampIsTheFormattersOwn(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        var rng = SplitMix(seed: 42)
        for _ in 0..<2_000 {
            let seconds = Double(Int64(rng.next() % 4_000_000_000) - 1_000_000_000)
            let date = Date(timeIntervalSince1970: seconds + Double(rng.next() % 1000) / 1000)
            #expect(TranscriptHeader.timestamp(date, timeZone: timeZone) == formatter.string(from: date), "\(zone) \(date)")
        }
    }
}
