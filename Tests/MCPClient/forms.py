"""Drives `coach mcp` with the official MCP Python SDK's stdio client declaring elicitation (issue 14): one
start_diagnosis call, and every question comes back as a form (`elicitation/create`) that the client's callback
answers from a script, as a leader would fill it in. Checks each form's schema fits its answer type, then a
declined and a cancelled form. Prints one JSON object for the Swift test.

    python3 Tests/MCPClient/forms.py COACH TRANSCRIPTS_DIR ANSWERS_JSON
"""
import json, os, sys

import anyio
import mcp.types as types
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def fill(schema, typed):
    """The form's value for an answer as a leader would type it: a choice by its title (or id), several, a number."""
    prop = schema["properties"]["answer"]
    kind = prop.get("type")
    if typed == "":
        return ""  # left empty: an optional question skipped
    def pick(options, text):
        for o in options:
            if text.lower() in (o["const"].lower(), o["title"].lower()):
                return o["const"]
        for o in options:
            if o["title"].lower().startswith(text.lower()) or text.lower() in o["title"].lower():
                return o["const"]
        raise ValueError(f"no option for {text!r} in {[o['title'] for o in options]}")
    if "oneOf" in prop:
        return pick(prop["oneOf"], typed)
    if kind == "array":
        return [] if not typed else [pick(prop["items"]["anyOf"], t.strip()) for t in typed.split(",")]
    if kind == "integer":
        return int(typed)
    if kind == "number":
        return float(typed)
    return typed


async def main(coach, transcripts, answers):
    server = StdioServerParameters(command=coach, args=["mcp", "--transcripts", transcripts], env=dict(os.environ))
    report = {"forms": 0, "kinds": {}, "messages": [], "invalid": []}
    script = list(answers)
    mode = {"then": "script"}

    async def elicit(context, params: types.ElicitRequestParams):
        schema = params.requested_schema
        prop = schema["properties"]["answer"]
        kind = "oneOf" if "oneOf" in prop else prop.get("type")
        report["kinds"][kind] = report["kinds"].get(kind, 0) + 1
        if kind == "oneOf" and not all("const" in o and "title" in o for o in prop["oneOf"]):
            report["invalid"].append(prop)
        if prop.get("type") in ("integer", "number") and ("minimum" not in prop or "maximum" not in prop):
            report["invalid"].append(prop)
        if prop.get("type") == "string" and "oneOf" not in prop and "maxLength" not in prop:
            report["invalid"].append(prop)
        if schema.get("type") != "object" or any(isinstance(v, dict) and v.get("type") == "object" for v in schema["properties"].values()):
            report["invalid"].append(schema)  # a flat object of primitives
        if mode["then"] != "script":
            return types.ElicitResult(action=mode["then"])
        report["forms"] += 1
        report["messages"].append(params.message)
        typed = script.pop(0)
        value = fill(schema, typed)
        if value == "" or value == []:
            return types.ElicitResult(action="accept", content={})
        return types.ElicitResult(action="accept", content={"answer": value})

    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicit) as session:
            init = await session.initialize()
            report["protocolVersion"] = init.protocol_version
            turn = await session.call_tool("start_diagnosis", {"problem": "off-track", "subject": "dana"})
            report["isError"] = turn.is_error
            report["phase"] = turn.structured_content["phase"] if turn.structured_content else None
            report["plan"] = (turn.structured_content or {}).get("plan") or {}
            report["left"] = len(script)
            # A form the leader declines: the diagnosis waits at its question, for the conversation to ask.
            mode["then"] = "decline"
            declined = await session.call_tool("start_diagnosis", {"problem": "off-track"})
            report["declined"] = {"phase": declined.structured_content["phase"], "said": declined.structured_content["said"],
                                  "question": declined.structured_content["question"]["text"]}
            mode["then"] = "cancel"
            cancelled = await session.call_tool("answer", {"conversation": declined.structured_content["conversation"], "text": "Robin"})
            report["cancelled"] = {"phase": cancelled.structured_content["phase"], "said": cancelled.structured_content["said"],
                                   "question": cancelled.structured_content["question"]["text"]}
    print(json.dumps(report))


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
