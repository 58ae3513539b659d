import DialogTesting
import Foundation
import Testing

/// The built `coach` binary, driven through real pipes.
@Suite(.timeLimit(.minutes(2))) struct CoachCommandTests {
    static let ott1 = ReferenceAnswers.ott1

    @Test func chatRunsAWholeDiagnosisToAPrintedPlan() throws {
        let r = try CoachProcess.run(["chat", "off-track"], input: Self.ott1.joined(separator: "\n") + "\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("Has the sales person ever hit their sales goal?"))
        #expect(r.stdout.contains("Root cause: The rep has never been able to do the key tasks: a genuine skill gap."))
        #expect(r.stdout.contains("Where to start: Join or listen to the rep's customer calls within two weeks"))
        #expect(r.stdout.contains("This week\n\n  - 2026-12-03: Book one joint customer call"), "the lead action, due within the week")
        #expect(r.stdout.contains("Results by: 2027-02-25"), "no period end given: results 90 days after the day of the diagnosis")
        #expect(!r.stdout.contains("R-T-06") && !r.stdout.contains("T-03"), "no ids in the plan the leader reads")
        #expect(!r.stdout.contains("is not one of the choices"), "an answer was rejected")
    }

    @Test func theDefaultChatAsksWhichProblemAndRunsThatDialog() throws {
        let r = try CoachProcess.run([], input: "2\nThe east team\n")
        #expect(r.status == 1, "input ended before the diagnosis did")
        #expect(r.stdout.contains("Which of these is closest to the problem you face?"))
        #expect(r.stdout.contains("ideal customer profile"))
        #expect(r.stdout.contains("The east team"))
    }

    @Test func pipedChatPrintsNoPromptsOrEchoes() throws {
        let r = try CoachProcess.run(["chat", "off-track"], input: "Dana\n")
        #expect(!r.stdout.contains("Dana\nHow far"), "the typed answer is not echoed")
        #expect(!r.stdout.contains("> "))
    }

    @Test func saveWritesThePlanAsMarkdown() throws {
        let path = NSTemporaryDirectory() + "coach-e2e-\(UUID().uuidString).md"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CoachProcess.run(["chat", "off-track"], input: (Self.ott1 + [":save \(path)"]).joined(separator: "\n") + "\n")
        #expect(r.stdout.contains("Saved the plan to \(path)."))
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        #expect(markdown.hasPrefix("# Coaching plan: "))
        #expect(markdown.contains("### Inspect the work and give feedback"))
        #expect(markdown.contains("## Appendix: every answer"), "the Markdown plan keeps every answer, in an appendix")
    }

    @Test func commandsWorkMidConversation() throws {
        let r = try CoachProcess.run(["chat", "off-track"], input: "Dana\n25\n:why\n:where\nno\n:back\n:summary\n:nonsense\n")
        #expect(r.stdout.contains("Why I ask:"))
        #expect(r.stdout.contains("Step 1 of 5, Goals · question 3 of about"))
        #expect(r.stdout.contains("Back to: Has the sales person ever hit their sales goal?"))
        #expect(r.stdout.contains("\n  2. Gap to YTD target: 25%\n"))
        #expect(r.stdout.contains("Unknown command :nonsense."))
        #expect(!r.stdout.contains("OTT."), "no node id reaches the leader")
    }

    @Test func controlCharactersTypedByTheLeaderCannotReachTheTerminal() throws {
        let r = try CoachProcess.run(["chat", "off-track"], input: "Da\u{1B}[2Jna\n")
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.contains("Da^[[2Jna"))
    }

    @Test func checkPrintsNothingForTheShippedDialogs() throws {
        let r = try CoachProcess.run(["check", "Dialogs"])
        #expect(r.status == 0)
        #expect(r.stdout == "")
    }

    @Test func checkReportsEveryMistakeCompilerStyleAndFails() throws {
        let r = try CoachProcess.run(["check", "Fixtures/several-mistakes.yaml"],
                                     directory: Repository.path("Tests/DialogCompilerTests"))
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count >= 5)
        for line in lines {
            #expect(line.wholeMatch(of: /Fixtures\/several-mistakes\.yaml:\d+:\d+: (error|warning): .+ \[DC\d{4}\]/) != nil, "\(line)")
        }
        #expect(r.stderr.contains("error"))
    }

    @Test func graphDrawsStepsAsClustersWithFindingsOnEdges() throws {
        let mermaid = try CoachProcess.run(["graph", "off-track", "--format", "mermaid"])
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.hasPrefix("flowchart TD"))
        #expect(mermaid.stdout.contains("subgraph goals[\"Step 1. Align Sales Goals with the Sales Strategy\"]"))
        #expect(mermaid.stdout.contains("+G-01"))
        let dot = try CoachProcess.run(["graph", "off-track", "--format", "dot"])
        #expect(dot.stdout.hasPrefix("digraph \"off-track\" {"))
        #expect(dot.stdout.contains("subgraph cluster_people"))
    }

    @Test func anUnknownDialogIsAClearError() throws {
        let r = try CoachProcess.run(["chat", "nope"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no dialog 'nope'; known dialogs: coach, forecast-accuracy, icp-reluctance, off-track"))
    }

    @Test func helpNamesTheCommands() throws {
        let r = try CoachProcess.run(["--help"])
        #expect(r.status == 0)
        for word in ["chat", "check", "graph"] { #expect(r.stdout.contains(word)) }
    }
}
