import DialogTesting
import Foundation
import Testing

/// Whether python3 has the official MCP SDK.
enum PythonMCP {
    /// True when the SDK imports, or when the run requires it (`COACH_REQUIRE_MCP=1`, as `.ci/run` sets): then a
    /// missing SDK fails the tests rather than skipping them.
    static let installed: Bool = ProcessInfo.processInfo.environment["COACH_REQUIRE_MCP"] == "1"
        || (try? CoachProcess.runProgram("/usr/bin/env", ["python3", "-c", "import mcp.client.stdio"]))?.status == 0
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

    /// The handshake by hand: a client asking for a protocol version coach does not speak gets the newest it does;
    /// bad tool arguments are tool errors and the server goes on.
    @Test func anUnsupportedVersionGetsTheNegotiatedOneAndBadArgumentsAreToolErrors() throws {
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"1999-01-01","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"answer","arguments":{"conversation":"c","text":5}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"start_diagnosis","arguments":{"problem":"nonsense"}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"ping"}"#,
        ]
        // Trace logging: whatever is logged must go to stderr, every stdout line a JSON-RPC message.
        let s = try ServeProcess(arguments: ["--no-transcripts", "--log-level", "trace"], command: "mcp")
        for line in lines { s.send(line) }
        var stdout: [String] = []
        while stdout.count < 4, let line = s.next(timeout: 20) { stdout.append(line) }
        s.close()
        #expect(s.wait() == 0)
        let replies = stdout.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(replies.count == stdout.count && replies.allSatisfy { $0["jsonrpc"] as? String == "2.0" }, "\(stdout)")
        let r = (stdout: stdout.joined(separator: "\n"), stderr: s.errorOutput)
        #expect(r.stderr.contains("coach.mcp"), "the logs are on stderr")
        func reply(_ id: Int) -> [String: Any]? { replies.first { $0["id"] as? Int == id } }
        #expect((reply(1)?["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-11-25", "\(r.stdout)")
        let bad = reply(2)?["result"] as? [String: Any]
        #expect(bad?["isError"] as? Bool == true, "\(r.stdout)")
        let unknown = reply(3)?["result"] as? [String: Any]
        #expect(unknown?["isError"] as? Bool == true)
        #expect(((unknown?["content"] as? [[String: Any]])?.first?["text"] as? String)?.contains("unknown problem 'nonsense'") == true)
        #expect(reply(4)?["result"] != nil, "still serving")
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

    /// The same through the PostgreSQL store: recorded there, continued by another process, its history and plan
    /// read back, and its transcript replayed verified from the database.
    @Test(.enabled(if: PostgresServer.isAvailable, "needs PostgreSQL (see StoreTests)"))
    func theOfficialClientRunsAWholeDiagnosisOnThePostgreSQLStore() throws {
        let url = try MultiServerTests.database()
        let report = try Self.client("diagnose.py", transcripts: url)
        #expect(report["phase"] as? String == "finished", "\(report)")
        #expect(report["planTitle"] as? String == "A rep is not on track to hit target")
        #expect(((report["history"] as? [String: Any])?["series"] as? [[String: Any]])?.map { $0["value"] as? Int } == [25])
        #expect(report["resumedThen"] as? String == "Has the sales person ever hit their sales goal?")
        #expect(report["planElsewhere"] as? String == report["planMarkdown"] as? String, "\(report["planElsewhere"] ?? "")")
        #expect((report["resources"] as? [String])?.contains { $0.hasPrefix("coach://plans/") } == true)
        #expect(report["planResource"] as? String != nil)
        let replay = try CoachProcess.run(["replay", "--store", url, report["conversation"] as? String ?? "?"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("1 transcript: 1 verified\n"), "\(replay.stdout)\(replay.stderr)")
    }

    @Test func theOfficialClientRunsAWholeDiagnosisThroughTheTools() throws {
        let dir = CoachProcess.scratchDirectory()
        let report = try Self.client("diagnose.py", transcripts: dir + "/transcripts")
        #expect(report["protocolVersion"] as? String == "2025-11-25")
        #expect(report["serverName"] as? String == "coach")
        let tools = ["answer", "back", "current_question", "get_plan", "list_problems", "start_diagnosis", "subject_history", "why"]
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
        #expect(((report["badConversation"] as? [String: Any])?["text"] as? String)?.hasSuffix("(error -32010)") == true, "the JSON-lines protocol's code for the same error")
        // A subject's history, once the diagnosis finished; an unknown subject is the protocol's -32017.
        let history = report["history"] as? [String: Any] ?? [:]
        #expect((history["subject"] as? [String: Any])?["id"] as? String == "dana")
        #expect((history["series"] as? [[String: Any]])?.map { $0["value"] as? Int } == [25], "\(history)")
        #expect(((report["nobody"] as? [String: Any])?["text"] as? String)?.hasSuffix("(error -32017)") == true)
        // The finished diagnosis's plan, asked for in another process, from its sealed transcript.
        #expect(report["planElsewhere"] as? String == report["planMarkdown"] as? String)
        // Another coach mcp process continues a conversation left halfway, from its transcript.
        #expect(report["resumedQuestion"] as? String == "How far behind year-to-date target is Robin, in % of target?")
        #expect(report["resumedThen"] as? String == "Has the sales person ever hit their sales goal?")
        #expect((report["missingProblem"] as? [String: Any])?["isError"] as? Bool == true)
        #expect((report["unknownTool"] as? [String: Any])?["isError"] as? Bool == true)
        #expect(report["stillServing"] as? Bool == true)
        // Prompts and resources.
        #expect(report["prompts"] as? [String] == ["diagnose-coach", "diagnose-forecast-accuracy", "diagnose-icp-reluctance", "diagnose-off-track"])
        let prompt = report["promptText"] as? String ?? ""
        #expect(prompt.contains("start_diagnosis with problem \"off-track\" and subject \"dana\"") && prompt.contains("never answer a question for me"), "\(prompt)")
        let resources = report["resources"] as? [String] ?? []
        #expect(resources.contains("coach://dialogs/off-track/questions"))
        let plans = resources.filter { $0.hasPrefix("coach://plans/") }
        #expect(plans.count == 1 && plans[0].hasPrefix("coach://plans/\(report["conversation"] as? String ?? "?")--"), "the finished plan, by its transcript: \(resources)")
        #expect((report["questions"] as? String)?.contains("## Goals") == true)
        #expect((report["questions"] as? String)?.contains("Which sales person is this about?") == true)
        let planResource = report["planResource"] as? String ?? ""
        #expect(planResource.hasPrefix("# Coaching plan: A rep is not on track to hit target"), "\(planResource.prefix(200))")
        #expect(planResource.contains("\n## Findings and the answers behind them\n"), "with the answers behind each finding")
        // The conversation was recorded as coach serve records its own: its transcript replays verified.
        let replay = try CoachProcess.run(["replay", dir + "/transcripts/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("1 transcript: 1 verified\n"), "\(replay.stdout)\(replay.stderr)")
    }
}
