import DialogEngine
import DialogTesting
import Foundation
import Testing
@testable import Transcript

/// The hash chain names the first line that was edited, deleted, inserted or moved; a torn last line is not fatal.
@Suite struct HashChainTests {
    let bytes: [UInt8]
    init() throws { bytes = try Recording.record("off-track", Recording.ott1) }

    @Test func anIntactTranscriptVerifiesAndReplays() throws {
        let file = try TranscriptReader.read(bytes)
        #expect(file.integrity == .intact)
        #expect(file.torn == nil)
        #expect(file.header.dialog == "off-track")
        #expect(Replayer.replay(file, dialog: Repository.dialog("off-track")).verdict == .verified)
    }

    @Test func oneEditedByteIsReportedWithItsLine() throws {
        var edited = bytes
        let lines = Recording.lines(bytes)
        let offset = lines[0..<6].map { $0.utf8.count + 1 }.reduce(0, +) + 20  // a byte inside line 7
        edited[offset] = edited[offset] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        let file = try TranscriptReader.read(edited)
        guard case .tampered(let line, _) = file.integrity else { Issue.record("not reported: \(file.integrity)"); return }
        #expect(line == 7)
        #expect(file.lines.count == 5, "the lines before the bad one are kept")
        guard case .tampered(7, _) = Replayer.replay(file, dialog: Repository.dialog("off-track")).verdict else {
            Issue.record("replay does not say tampered at line 7"); return
        }
    }

    @Test func aDeletedLineIsReportedAtTheLineThatFollowedIt() throws {
        var lines = Recording.lines(bytes)
        lines.remove(at: 9)
        let file = try TranscriptReader.read(Recording.join(lines))
        #expect(file.integrity.line == 10)
    }

    @Test func anInsertedOrMovedLineIsReported() throws {
        var lines = Recording.lines(bytes)
        lines.swapAt(4, 5)
        #expect(try TranscriptReader.read(Recording.join(lines)).integrity.line == 5)
        lines = Recording.lines(bytes)
        lines.insert(lines[3], at: 3)
        #expect(try TranscriptReader.read(Recording.join(lines)).integrity.line == 5)
    }

    @Test func anEditedHeaderIsReportedAsLineOne() throws {
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"conversation\":\"test:off-track\"", with: "\"conversation\":\"test:other\"")
        #expect(try TranscriptReader.read(Array(text.utf8)).integrity.line == 1)
    }

    @Test func aLastLineCutInHalfIsReportedAsTornAndTheRestReplays() throws {
        let lines = Recording.lines(bytes)  // ends with "" after the last newline
        let last = lines[lines.count - 2]
        let cut = Array(bytes.dropLast(last.utf8.count / 2 + 1))
        let file = try TranscriptReader.read(cut)
        #expect(file.integrity == .intact)
        #expect(file.torn?.line == lines.count - 1)
        #expect(file.lines.count == lines.count - 3, "the header and the torn line are not entries")
        let verdict = Replayer.replay(file, dialog: Repository.dialog("off-track")).verdict
        #expect(verdict == .incomplete || verdict == .verified, "a torn line is not a divergence: \(verdict)")
    }

    @Test func aLastLineWithoutItsNewlineIsTorn() throws {
        let file = try TranscriptReader.read(Array(bytes.dropLast()))
        #expect(file.integrity == .intact)
        #expect(file.torn != nil)
    }

    @Test func typedAnswersReadTheSameWithOrWithoutEscapesAndMessageIDs() throws {
        let dialog = try Repository.dialog("off-track")
        let typed = ["Dana", "Dana \"D\" O'Neil", "back\\slash", "tab\there", "Zoë ☃", "", "25%"]
        let bytes = try Recording.record(dialog, conversation: "typed", typed.map { .answered($0) })
        let inputs = try TranscriptReader.read(bytes).lines.compactMap { line -> Event.Kind? in
            if case .input(let kind, let day) = line.entry, day == Recording.day { return kind }
            return nil
        }
        #expect(inputs == typed.map { .answered($0) })
        // A serve input carries its message id after the day: read by the JSON path, the same input.
        let withID = #"{"turn":1,"input":"text","text":"Dana","day":"2026-11-27","messageId":"m1"}"#
        #expect(TranscriptReader.textInput(ArraySlice(withID.utf8.dropLast())) == nil)
        let plain = #"{"turn":12,"input":"text","text":"Dana","day":"2026-11-27"}"#
        let read = try #require(TranscriptReader.textInput(ArraySlice(plain.utf8.dropLast())))
        #expect(read.turn == 12 && read.text == "Dana" && read.day == Recording.day)
        #expect(TranscriptReader.textInput(ArraySlice(#"{"turn":1,"input":"text","text":"Dana","day":"2026-02-30""#.utf8)) == nil)
    }

    @Test func aNewerFormatVersionIsRefusedNamingBothVersions() throws {
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"version\":4,", with: "\"version\":9,")
        #expect(throws: TranscriptReader.Failure.unsupportedVersion(path: "<memory>", found: 9, supported: 1...4)) {
            try TranscriptReader.read(Array(text.utf8))
        }
    }
}

extension TranscriptFile.Integrity {
    var line: Int? {
        if case .tampered(let line, _) = self { return line }
        return nil
    }
}
