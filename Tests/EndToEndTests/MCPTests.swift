import DialogTesting
import Foundation
import Testing

/// Whether python3 has the official MCP SDK.
enum PythonMCP {
    static let installed: Bool = (try? CoachProcess.runProgram("/usr/bin/env", ["python3", "-c", "import mcp.client.stdio"]))?.status == 0
}

/// `coach mcp` driven by the official MCP Python SDK's stdio client (Tests/MCPClient/diagnose.py), as an AI
/// assistant drives it (issue 14): every tool result is checked by the SDK against the tool's output schema.
@Suite(.enabled(if: PythonMCP.installed, "needs python3 with the MCP SDK (pip install 'mcp==2.3.*'; .ci/run installs it)"))
struct MCPTests {
    /// Runs one of the client scripts against the built binary; its JSON report.
    static func client(_ script: String, transcripts: String) throws -> [String: Any] {
        let answers = String(decoding: try JSONSerialization.data(withJSONObject: ResumeTests.ott1), as: UTF8.self)
        let run = try CoachProcess.runProgram("/usr/bin/env", ["python3", Repository.path("Tests/MCPClient/" + script), CoachProcess.executable,
                                                               transcripts, answers])
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\(run.stderr.suffix(2000))")
    }

    @Test func theOfficialClientRunsAWholeDiagnosisThroughForms() throws {
        let dir = CoachProcess.scratchDirectory()
        let report = try Self.client("forms.py", transcripts: dir + "/transcripts")
        #expect(report["protocolVersion"] as? String == "2025-11-25")
        #expect(report["isError"] as? Bool == false)
        // One call: every question came as a form, each answered; the diagnosis finished with its plan.
        #expect(report["forms"] as? Int == ResumeTests.ott1.count && report["left"] as? Int == 0, "\(report["forms"] ?? 0) forms")
        #expect(report["phase"] as? String == "finished")
        #expect(((report["invalid"] as? [Any]) ?? [1]).isEmpty, "every form's schema fits its answer: \(report["invalid"] ?? "")")
        let kinds = report["kinds"] as? [String: Int] ?? [:]
        #expect(kinds["oneOf"] ?? 0 > 0 && kinds["array"] ?? 0 > 0 && kinds["integer"] ?? 0 > 0 && kinds["number"] ?? 0 > 0 && kinds["string"] ?? 0 > 0,
                "titled choices, several, scales, numbers and text: \(kinds)")
        let messages = report["messages"] as? [String] ?? []
        #expect(messages.first?.hasSuffix("\nWhich sales person is this about? Their first name is enough.") == true, "coach's own words: \(messages.first ?? "")")
        // The same answers give the same plan as through the tools.
        let tools = try Self.client("diagnose.py", transcripts: CoachProcess.scratchDirectory() + "/transcripts")
        #expect((report["plan"] as? [String: Any])?["markdown"] as? String == tools["planMarkdown"] as? String)
        // Declined: the diagnosis waits at the question, for the conversation to ask it; cancelled: the same.
        let declined = report["declined"] as? [String: Any] ?? [:]
        #expect(declined["phase"] as? String == "asking")
        #expect((declined["said"] as? [String])?.first?.hasPrefix("The leader declined to answer in the form") == true)
        #expect(declined["question"] as? String == "Which sales person is this about? Their first name is enough.")
        let cancelled = report["cancelled"] as? [String: Any] ?? [:]
        #expect((cancelled["said"] as? [String])?.first?.hasPrefix("The leader closed the form without answering") == true)
        #expect(cancelled["question"] as? String == "How far behind year-to-date target is Robin, in % of target?")
        // Recorded as any conversation: the finished one sealed and verified.
        let replay = try CoachProcess.run(["replay", dir + "/transcripts/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("1 transcript: 1 verified\n"), "\(replay.stdout)\(replay.stderr)")
    }

    @Test func theOfficialClientRunsAWholeDiagnosisThroughTheTools() throws {
        let dir = CoachProcess.scratchDirectory()
        let report = try Self.client("diagnose.py", transcripts: dir + "/transcripts")
        #expect(report["protocolVersion"] as? String == "2025-11-25")
        #expect(report["serverName"] as? String == "coach")
        let tools = ["answer", "back", "current_question", "get_plan", "list_problems", "start_diagnosis", "why"]
        #expect(report["tools"] as? [String] == tools)
        #expect(report["toolsWithOutputSchemas"] as? [String] == tools)
        #expect((report["problems"] as? [String])?.contains("off-track") == true)
        #expect(report["firstQuestion"] as? String == "Which sales person is this about? Their first name is enough.", "asked verbatim, nothing around it")
        #expect((report["why"] as? String)?.isEmpty == false)
        #expect(report["phase"] as? String == "finished", "\(report)")
        #expect(report["answered"] as? Int == ResumeTests.ott1.count)
        #expect(report["planTitle"] as? String == report["planInTurn"] as? String)
        #expect((report["planMarkdown"] as? String)?.hasPrefix("# Coaching plan: ") == true)
        #expect((report["badConversation"] as? [String: Any])?["isError"] as? Bool == true)
        #expect((report["missingProblem"] as? [String: Any])?["isError"] as? Bool == true)
        #expect((report["unknownTool"] as? [String: Any])?["isError"] as? Bool == true)
        #expect(report["stillServing"] as? Bool == true)
        // The conversation was recorded as coach serve records its own: its transcript replays verified.
        let replay = try CoachProcess.run(["replay", dir + "/transcripts/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("1 transcript: 1 verified\n"), "\(replay.stdout)\(replay.stderr)")
    }
}
