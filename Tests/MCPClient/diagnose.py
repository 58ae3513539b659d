"""Drives `coach mcp` with the official MCP Python SDK's stdio client (issue 14), as an AI assistant would: lists
the tools, runs a whole off-track diagnosis through them, asks why, gets the plan, and sends bad arguments. The SDK
checks every tool result against the tool's declared output schema. Prints one JSON object for the Swift test.

    python3 Tests/MCPClient/diagnose.py COACH TRANSCRIPTS_DIR|STORE_URL ANSWERS_JSON
"""
import json, os, sys

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main(coach, transcripts, answers):
    where = ["--store", transcripts] if transcripts.startswith("postgres://") else ["--transcripts", transcripts]
    server = StdioServerParameters(command=coach, args=["mcp"] + where, env=dict(os.environ))
    report = {}
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            report["protocolVersion"] = init.protocol_version
            report["serverName"] = init.server_info.name
            tools = (await session.list_tools()).tools
            report["tools"] = sorted(t.name for t in tools)
            report["toolsWithOutputSchemas"] = sorted(t.name for t in tools if t.output_schema)
            problems = await session.call_tool("list_problems", {})
            report["problems"] = [p["id"] for p in problems.structured_content["problems"]]
            turn = await session.call_tool("start_diagnosis", {"problem": "off-track", "subject": "dana"})
            conversation = turn.structured_content["conversation"]
            report["firstQuestion"] = turn.structured_content["question"]["text"]
            why = await session.call_tool("why", {"conversation": conversation})
            report["why"] = why.structured_content["text"]
            asked = 0
            for answer in answers:
                if turn.structured_content["phase"] != "asking":
                    break
                turn = await session.call_tool("answer", {"conversation": conversation, "text": answer})
                if turn.is_error:
                    report["answerError"] = turn.content[0].text
                    break
                asked += 1
            report["answered"] = asked
            report["phase"] = turn.structured_content["phase"]
            report["planInTurn"] = (turn.structured_content.get("plan") or {}).get("title")
            plan = await session.call_tool("get_plan", {"conversation": conversation})
            report["planTitle"] = plan.structured_content["title"]
            report["planMarkdown"] = plan.structured_content["markdown"]
            bad = await session.call_tool("answer", {"conversation": "nobody", "text": "x"})
            report["badConversation"] = {"isError": bad.is_error, "text": bad.content[0].text}
            missing = await session.call_tool("start_diagnosis", {})
            report["missingProblem"] = {"isError": missing.is_error, "text": missing.content[0].text}
            unknown = await session.call_tool("no_such_tool", {})
            report["unknownTool"] = {"isError": unknown.is_error}
            # The server is still serving after the errors.
            again = await session.call_tool("list_problems", {})
            report["stillServing"] = not again.is_error
            report["conversation"] = conversation
            history = await session.call_tool("subject_history", {"subject": "dana"})
            report["history"] = history.structured_content
            nobody = await session.call_tool("subject_history", {"subject": "nobody"})
            report["nobody"] = {"isError": nobody.is_error, "text": nobody.content[0].text}
            # A diagnosis left halfway, to be continued by the next process.
            left = await session.call_tool("start_diagnosis", {"problem": "off-track"})
            report["leftHalfway"] = left.structured_content["conversation"]
            await session.call_tool("answer", {"conversation": report["leftHalfway"], "text": "Robin"})
            # Prompts: one per problem, starting the right tool sequence.
            prompts = (await session.list_prompts()).prompts
            report["prompts"] = sorted(p.name for p in prompts)
            prompt = await session.get_prompt("diagnose-off-track", {"subject": "dana"})
            report["promptText"] = prompt.messages[0].content.text
            # Resources: the problems' questions, and the finished diagnosis's plan.
            resources = (await session.list_resources()).resources
            report["resources"] = sorted(str(r.uri) for r in resources)
            questions = await session.read_resource("coach://dialogs/off-track/questions")
            report["questions"] = questions.contents[0].text
            plans = [str(r.uri) for r in resources if str(r.uri).startswith("coach://plans/")]
            if plans:
                plan_resource = await session.read_resource(plans[0])
                report["planResource"] = plan_resource.contents[0].text
    # Another `coach mcp` process continues the conversation from its transcript.
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            current = await session.call_tool("current_question", {"conversation": report["leftHalfway"]})
            report["resumedQuestion"] = current.structured_content["question"]["text"]
            after = await session.call_tool("answer", {"conversation": report["leftHalfway"], "text": "30"})
            report["resumedThen"] = after.structured_content["question"]["text"]
            elsewhere = await session.call_tool("get_plan", {"conversation": report["conversation"]})
            report["planElsewhere"] = elsewhere.structured_content["markdown"] if not elsewhere.is_error else elsewhere.content[0].text
    print(json.dumps(report))


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
