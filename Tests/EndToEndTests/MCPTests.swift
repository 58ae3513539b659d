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
    @Test func theOfficialClientRunsAWholeDiagnosisThroughTheTools() throws {
        let dir = CoachProcess.scratchDirectory()
        let answers = String(decoding: try JSONSerialization.data(withJSONObject: ResumeTests.ott1), as: UTF8.self)
        let run = try CoachProcess.runProgram("/usr/bin/env", ["python3", Repository.path("Tests/MCPClient/diagnose.py"), CoachProcess.executable,
                                                               dir + "/transcripts", answers])
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
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
        #expect((report["planMarkdownStart"] as? String)?.hasPrefix("# ") == true)
        #expect((report["badConversation"] as? [String: Any])?["isError"] as? Bool == true)
        #expect((report["missingProblem"] as? [String: Any])?["isError"] as? Bool == true)
        #expect((report["unknownTool"] as? [String: Any])?["isError"] as? Bool == true)
        #expect(report["stillServing"] as? Bool == true)
        // The conversation was recorded as coach serve records its own: its transcript replays verified.
        let replay = try CoachProcess.run(["replay", dir + "/transcripts/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("1 transcript: 1 verified\n"), "\(replay.stdout)\(replay.stderr)")
    }
}
