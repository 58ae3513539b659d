import MCP

/// The tools' names, descriptions (how a model should use each) and input and output schemas.
extension CoachTools {
    static let instructions = """
        coach runs a structured diagnosis of a sales performance problem, one question at a time, in reverse \
        (goals, work products, processes, tasks, people), and writes a coaching plan. You carry the conversation; \
        coach keeps the method. Ask the leader each question exactly as coach words it, pass their answer back \
        verbatim with `answer`, and never answer for them.
        """

    static let conversation: Value = .object(["type": .string("string"), "description": .string("The conversation id start_diagnosis returned.")])

    /// A turn's result: what coach said, the question waiting, the plan once finished.
    static let turnSchema: Value = .object([
        "type": .string("object"),
        "properties": .object([
            "conversation": .object(["type": .string("string")]),
            "phase": .object(["type": .string("string"), "enum": .array([.string("asking"), .string("finished"), .string("ended")])]),
            "said": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            "question": .object([
                "type": .array([.string("object"), .string("null")]),
                "properties": .object([
                    "node": .object(["type": .string("string")]),
                    "text": .object(["type": .string("string"), "description": .string("The question, to be asked exactly as worded.")]),
                    "answerType": .object(["type": .string("string")]),
                    "progress": .object(["type": .string("string"), "description": .string("Where the diagnosis stands, e.g. step 2 of 5.")]),
                    "hint": .object(["type": .string("string"), "description": .string("How the leader may answer.")]),
                    "choices": .object(["type": .string("array"), "items": .object([
                        "type": .string("object"),
                        "properties": .object(["id": .object(["type": .string("string")]), "label": .object(["type": .string("string")])]),
                        "required": .array([.string("id"), .string("label")]),
                    ])]),
                    "minimum": .object(["type": .string("number")]),
                    "maximum": .object(["type": .string("number")]),
                    "unit": .object(["type": .string("string")]),
                    "maxLength": .object(["type": .string("integer")]),
                ]),
                "required": .array([.string("node"), .string("text"), .string("answerType")]),
            ]),
            "plan": .object([
                "type": .array([.string("object"), .string("null")]),
                "properties": .object(["title": .object(["type": .string("string")]), "markdown": .object(["type": .string("string")])]),
                "required": .array([.string("title"), .string("markdown")]),
            ]),
        ]),
        "required": .array([.string("conversation"), .string("phase"), .string("said"), .string("question"), .string("plan")]),
    ])

    static func input(_ properties: [String: Value], required: [String]) -> Value {
        .object(["type": .string("object"), "properties": .object(properties), "required": .array(required.map { .string($0) }),
                 "additionalProperties": .bool(false)])
    }

    static let definitions: [Tool] = [
        Tool(name: "list_problems", title: "List the problems coach diagnoses",
             description: "The sales performance problems coach can diagnose, each with its id. Call it first, let the leader pick the one closest to their situation, then call start_diagnosis with its id.",
             inputSchema: input([:], required: []), annotations: .init(readOnlyHint: true),
             outputSchema: .object(["type": .string("object"), "properties": .object(["problems": .object([
                 "type": .string("array"), "items": .object(["type": .string("object"), "properties": .object([
                     "id": .object(["type": .string("string")]), "title": .object(["type": .string("string")]),
                     "problem": .object(["type": .string("string")]),
                 ]), "required": .array([.string("id"), .string("title")])]),
             ])]), "required": .array([.string("problems")])])),
        Tool(name: "start_diagnosis", title: "Start a diagnosis",
             description: "Starts diagnosing a problem (an id from list_problems) and returns its first question. Ask the leader the question's text exactly as given; do not answer it yourself. Keep the returned conversation id for the next calls.",
             inputSchema: input([
                 "problem": .object(["type": .string("string"), "description": .string("The problem's id, from list_problems.")]),
                 "subject": .object(["type": .string("string"), "description": .string("Optional: a stable id of the person or team it is about, such as \"dana\".")]),
                 "leader": .object(["type": .string("string"), "description": .string("Optional: the sales leader's name.")]),
             ], required: ["problem"]),
             outputSchema: turnSchema),
        Tool(name: "answer", title: "Answer the question",
             description: "Gives the leader's answer to the question waiting, verbatim (or a choice's id). Returns what coach says next: usually the next question, to be asked exactly as given, or, at the end, the plan. If coach could not read the answer, it says why and asks again: relay that to the leader. Never invent an answer.",
             inputSchema: input(["conversation": conversation,
                                 "text": .object(["type": .string("string"), "description": .string("The leader's answer as they said it, or the id of a choice.")])],
                                required: ["conversation", "text"]),
             outputSchema: turnSchema),
        Tool(name: "back", title: "Go back one question",
             description: "Takes back the last answer and asks that question again; use it when the leader wants to change an answer.",
             inputSchema: input(["conversation": conversation], required: ["conversation"]), outputSchema: turnSchema),
        Tool(name: "why", title: "Why this question",
             description: "Why coach asks the question waiting, from the method behind it; use it when the leader asks why.",
             inputSchema: input(["conversation": conversation], required: ["conversation"]), annotations: .init(readOnlyHint: true),
             outputSchema: .object(["type": .string("object"), "properties": .object([
                 "conversation": .object(["type": .string("string")]), "text": .object(["type": .string("string")]),
             ]), "required": .array([.string("conversation"), .string("text")])])),
        Tool(name: "current_question", title: "The question waiting",
             description: "The question waiting for the leader (or the plan, once the diagnosis finished), as answer returned it.",
             inputSchema: input(["conversation": conversation], required: ["conversation"]), annotations: .init(readOnlyHint: true),
             outputSchema: turnSchema),
        Tool(name: "get_plan", title: "The coaching plan",
             description: "The finished diagnosis's coaching plan, as Markdown: show it to the leader as it is.",
             inputSchema: input(["conversation": conversation], required: ["conversation"]), annotations: .init(readOnlyHint: true),
             outputSchema: .object(["type": .string("object"), "properties": .object([
                 "conversation": .object(["type": .string("string")]), "title": .object(["type": .string("string")]),
                 "markdown": .object(["type": .string("string")]),
             ]), "required": .array([.string("conversation"), .string("title"), .string("markdown")])])),
        Tool(name: "subject_history", title: "A person's diagnoses over time",
             description: "Every finished diagnosis of one person or team (by the subject id given to start_diagnosis, or the name they were given), with the trend of the problem's headline measure and the actions of each plan. Use it before a follow-up conversation, or when the leader asks how someone is doing.",
             inputSchema: input(["subject": .object(["type": .string("string"), "description": .string("The subject id, such as \"dana\", or the name given in the diagnoses.")])],
                                required: ["subject"]), annotations: .init(readOnlyHint: true),
             outputSchema: .object(["type": .string("object"), "properties": .object([
                 "subject": .object(["type": .string("object"), "properties": .object([
                     "id": .object(["type": .string("string")]), "name": .object(["type": .string("string")]),
                 ]), "required": .array([.string("id"), .string("name")])]),
                 "series": .object(["type": .string("array")]),
                 "sessions": .object(["type": .string("array")]),
             ]), "required": .array([.string("subject"), .string("series"), .string("sessions")])])),
    ]
}
