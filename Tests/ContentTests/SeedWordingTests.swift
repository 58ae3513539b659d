import DialogCompiler
import DialogModel
import DialogTesting
import Foundation
import Testing

/// The content follows the seed: its own questions, verbatim, in its reverse order, and the brief's ids.
@Suite struct SeedWordingTests {
    /// The seed's questions, in the seed's order (steps 1 to 5), read from the seed document itself.
    static let seedQuestions: [String] = {
        let dir = Repository.path("../shared/seed")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        let text = files.sorted().compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined()
        var out: [String] = []
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("•") else { continue }
            let body = t.dropFirst().trimmingCharacters(in: .whitespaces)
            guard let q = body.firstIndex(of: "?") else { continue }
            let question = String(body[...q])
            if question.hasPrefix("What is the quality") || question.first?.isUppercase == true { out.append(question) }
        }
        return out.filter { !$0.hasPrefix("Perhaps") }
    }()

    @Test func theDialogsCompileWithoutAnyDiagnostic() {
        #expect(Repository.dialogs.diagnostics.map(\.rendered) == [])
    }

    @Test func theSeedHasEighteenQuestions() {
        #expect(Self.seedQuestions.count == 18, "\(Self.seedQuestions)")
    }

    @Test func offTrackAsksEverySeedQuestionVerbatimInTheSeedsOrder() {
        let dialog = Repository.dialog("off-track")
        let prompts = dialog.nodes.compactMap { $0.question?.prompt.source }
        var last = -1
        for question in Self.seedQuestions {
            let at = prompts.firstIndex { $0.hasPrefix(question) }
            #expect(at != nil, "off-track does not ask the seed's \"\(question)\"")
            if let at {
                #expect(at > last, "\"\(question)\" is asked out of the seed's order")
                last = at
            }
        }
    }

    @Test(arguments: ["icp-reluctance", "forecast-accuracy"])
    func verbatimSeedQuestionsKeepTheSeedsOrder(_ id: String) {
        let prompts = Repository.dialog(id).nodes.compactMap { $0.question?.prompt.source }
        let positions = Self.seedQuestions.compactMap { q in prompts.firstIndex { $0.hasPrefix(q) } }
        #expect(positions.count >= 5, "\(id) keeps only \(positions.count) seed questions verbatim")
        #expect(positions == positions.sorted(), "\(id) asks the seed's questions out of order")
    }

    @Test(arguments: ["off-track", "icp-reluctance", "forecast-accuracy"])
    func stepsRunInTheSeedsReverseOrder(_ id: String) {
        let steps = Repository.dialog(id).nodes.compactMap(\.step)
        #expect(steps == steps.sorted(), "\(id): a node of an earlier step comes after a later one")
    }

    @Test func neverHitGoalLeadsToTheCapabilityPath() {
        var c = Conversation(Repository.dialog("off-track"))
        for text in ["Dana", "25", "no", "14"] { c.answer(text) }
        #expect(c.flag("cap") == "suspect")
        #expect(c.asking == "OTT.G2")
    }
}
