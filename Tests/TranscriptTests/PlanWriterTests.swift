import DialogEngine
import DialogTesting
import Foundation
import Testing
import Transcript

/// The plan's one writer and one reader, held to its `Codable` form on every plan of the golden transcripts.
@Suite struct PlanWriterTests {
    /// The plans the golden transcripts end in, recomputed by replay (format 4 records their digests), and the plans
    /// stored whole in the format-3 fixtures, read with the one reader.
    static let plans: [Plan] = GoldenTranscriptTests.all.compactMap { golden in
        guard let file = try? TranscriptReader.read(path: golden.path), let dialog = try? Repository.dialog(golden.dialog) else { return nil }
        return Replayer.replay(file, dialog: dialog).plan
    } + storedPlans

    static let storedPlans: [Plan] = ["OTT-1", "FCA-3"].compactMap { name in
        guard let file = try? TranscriptReader.read(path: Repository.path("Tests/TranscriptTests/Fixtures/format-3/\(name).jsonl")) else { return nil }
        for line in file.lines {
            guard case .output(let message) = line.entry, let plan = message.json["plan"] else { continue }
            return PlanReader.read(plan)
        }
        return nil
    }

    @Test func everyGoldenTranscriptEndsInAPlanReplayRecomputesAndTheReaderReadsTheStoredOnes() {
        #expect(Self.plans.count == GoldenTranscriptTests.all.count + 2)
        #expect(Self.storedPlans.count == 2)
    }

    @Test func theWriterWritesExactlyWhatJSONEncoderWritesWithSortedKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for plan in Self.plans {
            let codable = String(decoding: try encoder.encode(plan), as: UTF8.self)
            let written = String(decoding: PlanWriter.bytes(plan), as: UTF8.self)
            #expect(written == codable, "\(plan.header.title)")
        }
    }

    @Test func whatTheWriterWritesTheReaderReadsBackAsTheSamePlan() throws {
        for plan in Self.plans {
            let json = try JSONParser.parse(String(decoding: PlanWriter.bytes(plan), as: UTF8.self))
            #expect(PlanReader.read(json) == plan, "\(plan.header.title)")
            #expect(try JSONDecoder().decode(Plan.self, from: Data(PlanWriter.bytes(plan))) == plan)
        }
    }
}
