import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// Every scripted conversation runs through the engine to a plan with exactly the expected findings.
@Suite struct ScriptedConversationTests {
    @Test(arguments: Script.all)
    func scriptReachesItsPlan(_ script: Script) throws {
        var c = Conversation(Repository.dialog(script.dialog))
        for (node, text) in script.answers {
            let asking = try #require(c.asking, "\(script.name): the dialog ended before \(node)=\(text)")
            #expect(asking.isNode(node), "\(script.name): expected to be asked \(node), but \(asking) was asked")
            guard asking.isNode(node) else { return }
            let out = c.answer(text)
            let rejected = out.contains { if case .rejected = $0 { return true } else { return false } }
            #expect(!rejected, "\(script.name): '\(text)' was rejected at \(asking)")
        }
        let plan = try #require(c.plan, "\(script.name): no plan; still asking \(c.asking ?? "-")")
        #expect(plan.findings.map(\.id) == script.findings, "\(script.name): findings")
        #expect(plan.lead?.findingID == (script.lead ?? script.findings.first), "\(script.name): lead")
        if let style = script.style { #expect((plan.style?.rawValue ?? "none") == style, "\(script.name): style") }
        for (name, value) in script.flags { #expect(c.flag(name) == value, "\(script.name): flag \(name)") }
        if let notes = script.notes { #expect(plan.notes.map(\.id) == notes, "\(script.name): notes") }
        if let verify = script.verify { #expect(plan.verifications.map(\.id) == verify, "\(script.name): verification tasks") }
    }

    @Test func theBriefsWorkedExamplesAreScripted() {
        let names = Script.all.map(\.name)
        for example in ["OTT-1", "ICP-1", "FCA-1"] {
            #expect(names.contains { $0.hasPrefix(example) }, "no script for the brief's \(example)")
        }
    }
}
