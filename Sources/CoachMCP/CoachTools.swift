import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import MCP
import Transcript

/// The diagnosis as MCP tools: list the problems, start one, answer, go back, ask why, show the question, get the
/// plan. One conversation per `start_diagnosis`, recorded and resumable as `coach serve`'s are (the same store,
/// the same recorder), so `coach replay` audits it. An actor: the SDK runs each request in a task of its own, and
/// a conversation's turns must reach its transcript in order.
actor CoachTools {
    let dialogs: [String: Dialog]
    let transcripts: (any ConversationStore)?
    /// Where finished diagnoses are read (subject history, the plans as resources).
    let coaching: (any CoachingStore)?
    let today: @Sendable () -> Day
    private var engines: [String: Engine] = [:]
    private var held: [String: Held] = [:]
    /// Shows a form to the leader and returns what they did with it (`elicitation/create`), when the client can.
    typealias Forms = @Sendable (String, Elicitation.RequestSchema) async throws -> CreateElicitation.Result
    private(set) var forms: Forms?

    /// The client declared it can show forms: questions are asked through them from now on.
    func use(forms: @escaping Forms) { self.forms = forms }

    /// A conversation in progress: its session, recorded when transcripts are on.
    final class Held {
        let id: String
        let engine: Engine
        var session: Session
        let recorder: Recorder?
        /// Bumped by every step: a form answers the question it showed only when nothing moved meanwhile.
        private(set) var revision = 0

        init(id: String, engine: Engine, session: Session, recorder: Recorder?) {
            self.id = id
            self.engine = engine
            self.session = session
            self.recorder = recorder
        }

        func step(_ kind: Event.Kind, on day: Day) throws -> [Output] {
            guard let recorder else {
                revision += 1
                return engine.step(&session, Event(kind, on: day))
            }
            // Write-ahead: when the record cannot be written, nothing changed.
            let out = try recorder.send(Event(kind, on: day))
            session = recorder.session
            revision += 1
            return out
        }
    }

    /// A tool call that cannot be carried out: an MCP tool error with this text (the model reads it), and the code
    /// the JSON-lines protocol gives the same error (docs/protocol.md section 7).
    struct Refusal: Error {
        let code: Int
        let text: String

        init(_ code: Int = -32602, text: String) {
            self.code = code
            self.text = text
        }
    }

    init(dialogs: [String: Dialog], recording: sending Recording, sources: [SourceFile], today: @escaping @Sendable () -> Day) {
        self.dialogs = dialogs
        coaching = recording.coaching
        recording.conversations?.use(sources: sources)
        transcripts = recording.conversations
        self.today = today
    }

    /// Closes the transcripts still open (they are resumed by id later, as after any stop).
    func close() {
        for h in held.values { try? h.recorder?.close() }
        held = [:]
    }

    /// Tool calls being answered (the server waits for them at the end of input).
    private(set) var inFlight = 0

    /// Waits, at most `seconds`, for the tool calls in flight to be answered.
    func drain(seconds: Double = 5) async {
        let until = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while inFlight > 0, ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(10)) }
    }

    func call(_ name: String, _ arguments: [String: MCP.Value]) async -> CallTool.Result {
        inFlight += 1
        defer { inFlight -= 1 }
        do {
            switch name {
            case "list_problems": return listProblems()
            case "start_diagnosis": return try await start(arguments)
            case "answer": return try await turn(arguments) { args, h in
                guard let text = args["text"]?.stringValue else { throw Refusal(text: "answer needs 'text': the leader's answer, verbatim, or a choice id") }
                return .answered(text)
            }
            case "back": return try await turn(arguments) { _, _ in .wentBack }
            case "why": return try why(arguments)
            case "current_question": return try current(arguments)
            case "get_plan": return try plan(arguments)
            case "subject_history": return try history(arguments)
            default:
                throw Refusal(-32601, text: "unknown tool '\(name)'; the tools are " + Self.definitions.map(\.name).joined(separator: ", "))
            }
        } catch let error as MCPError {
            return Self.failure(Refusal(-32603, text: "The form could not be shown: \(error). Ask the question in the conversation instead."))
        } catch let refusal as Refusal {
            return Self.failure(refusal)
        } catch let conflict as StoreConflict {
            // Another process took the turn first: nothing was applied; the next call loads the conversation again.
            if case .turnTaken(let id) = conflict { held[id] = nil }
            return Self.failure(Refusal(-32015, text: "\(conflict); nothing was applied: call again"))
        } catch {
            return Self.failure(Refusal(-32015, text: "The record could not be written: \(error). Nothing was applied; try again."))
        }
    }

    /// A tool error: the text for the model, ending in the code (no structured content: it would not be the tool's
    /// output schema).
    static func failure(_ refusal: Refusal) -> CallTool.Result {
        .init(content: [.text(text: refusal.text + " (error \(refusal.code))", annotations: nil, _meta: nil)], isError: true)
    }

    // MARK: the tools

    func listProblems() -> CallTool.Result {
        let problems: [MCP.Value] = startable.map { id in
            let d = dialogs[id]!
            var o: [String: MCP.Value] = ["id": .string(id), "title": .string(d.title)]
            if let p = d.parts[0].problem { o["problem"] = .string(p) }
            return .object(o)
        }
        let text = startable.map { id in "- \(id): \(dialogs[id]!.parts[0].problem ?? dialogs[id]!.title)" }.joined(separator: "\n")
        return .init(content: [.text(text: "The problems coach diagnoses (start one with start_diagnosis and its id):\n" + text, annotations: nil, _meta: nil)],
                     structuredContent: .object(["problems": .array(problems)]), isError: false)
    }

    func start(_ args: [String: MCP.Value]) async throws -> CallTool.Result {
        guard let problem = args["problem"]?.stringValue else {
            throw Refusal(text: "start_diagnosis needs 'problem': one of " + startable.joined(separator: ", ") + " (list_problems describes them)")
        }
        guard let dialog = dialogs[problem], !dialog.takesGivens else {
            throw Refusal(-32013, text: "unknown problem '\(problem)'; the problems are " + startable.joined(separator: ", "))
        }
        let subject = args["subject"]?.stringValue
        if let subject, let why = SubjectID.problem(subject) { throw Refusal(text: "subject: \(why)") }
        let leader = args["leader"]?.stringValue
        let engine = engine(dialog)
        let id = "mcp-" + TranscriptHeader.timestamp(Date()).filter(\.isNumber) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let h: Held
        let outputs: [Output]
        if let transcripts {
            let recorder = try transcripts.start(id, engine: engine, day: today(), leader: leader, subject: subject)
            try transcripts.commit(reply: nil, messageID: nil)
            h = Held(id: id, engine: engine, session: recorder.session, recorder: recorder)
            outputs = recorder.opening
        } else {
            let (session, opening) = engine.start(on: today(), leader: leader)
            h = Held(id: id, engine: engine, session: session, recorder: nil)
            outputs = opening
        }
        held[id] = h
        let (last, notes) = try await askThroughForms(h, outputs)
        return result(h, last, notes: notes)
    }

    /// A step of the conversation named in `args` with the event `kind` makes.
    func turn(_ args: [String: MCP.Value], _ kind: ([String: MCP.Value], Held) throws -> Event.Kind) async throws -> CallTool.Result {
        let h = try conversation(args)
        guard case .asking = h.session.phase else { throw Refusal(text: "the diagnosis \(h.id) has finished: get_plan gives its plan") }
        let outputs = try h.step(try kind(args, h), on: today())
        try transcripts?.commit(reply: nil, messageID: nil)
        try finishIfDone(h)
        let (last, notes) = try await askThroughForms(h, outputs)
        return result(h, last, notes: notes)
    }

    func why(_ args: [String: MCP.Value]) throws -> CallTool.Result {
        let h = try conversation(args)
        guard case .asking = h.session.phase else { throw Refusal(text: "the diagnosis \(h.id) has finished: there is no question to explain") }
        let outputs = try h.step(.askedWhy, on: today())
        try transcripts?.commit(reply: nil, messageID: nil)
        var text = "This question has no stated rationale."
        if case .explained(let e)? = outputs.first, let t = e.text { text = t }
        return .init(content: [.text(text: text, annotations: nil, _meta: nil)],
                     structuredContent: .object(["conversation": .string(h.id), "text": .string(text)]), isError: false)
    }

    func current(_ args: [String: MCP.Value]) throws -> CallTool.Result {
        if let (id, plan) = try endedPlan(args) {
            let (markdown, value) = Self.content(plan)
            return .init(content: [.text(text: Self.finishedText + markdown, annotations: nil, _meta: nil)],
                         structuredContent: .object(["conversation": .string(id), "phase": .string("finished"), "said": .array([]),
                                                     "question": .null, "plan": value]),
                         isError: false)
        }
        let h = try conversation(args)
        if case .asking = h.session.phase { return result(h, [.ask(h.engine.prompt(h.session))]) }
        return result(h, h.engine.finished(h.session).map { [$0] } ?? [])
    }

    func plan(_ args: [String: MCP.Value]) throws -> CallTool.Result {
        let (id, plan): (String, Plan)
        if let ended = try endedPlan(args) {
            (id, plan) = ended
        } else {
            let h = try conversation(args)
            guard case .finished(let diagnosis)? = h.engine.finished(h.session) else {
                throw Refusal(-32016, text: "the diagnosis \(h.id) has not finished: answer its questions first (current_question shows the one waiting)")
            }
            (id, plan) = (h.id, diagnosis.plan)
        }
        let markdown = Self.content(plan).markdown
        return .init(content: [.text(text: markdown, annotations: nil, _meta: nil)],
                     structuredContent: .object(["conversation": .string(id), "title": .string(plan.header.title), "markdown": .string(markdown)]),
                     isError: false)
    }

    static let finishedText = "\nThe diagnosis is finished. The plan:\n\n"

    /// A plan as Markdown, and as the structured `{title, markdown}` the tools give.
    static func content(_ plan: Plan) -> (markdown: String, value: MCP.Value) {
        let markdown = PlanRenderer(style: .markdown).render(plan)
        return (markdown, .object(["title": .string(plan.header.title), "markdown": .string(markdown)]))
    }

    // MARK: helpers

    var startable: [String] { dialogs.filter { !$0.value.takesGivens }.keys.sorted() }

    func engine(_ dialog: Dialog) -> Engine {
        if let e = engines[dialog.id] { return e }
        let e = Engine(dialog: dialog)
        engines[dialog.id] = e
        return e
    }

    /// The conversation `args` names: held, else resumed from its record.
    func conversation(_ args: [String: MCP.Value]) throws -> Held {
        guard let id = args["conversation"]?.stringValue, !id.isEmpty else {
            throw Refusal(text: "give 'conversation': the id start_diagnosis returned")
        }
        if let h = held[id] {
            // A shared store: another process may have taken turns since; the copy held is then loaded again.
            guard let transcripts, transcripts.isShared, let recorder = h.recorder else { return h }
            let current: Bool
            do { current = try transcripts.isCurrent(id, recorder) } catch { throw Refusal(-32015, text: "the store cannot be read: \(error)") }
            if current { return h }
            held[id] = nil
        }
        let resumed: (Recorder, TranscriptFile)?
        do { resumed = try transcripts?.resume(id, engine: { d in self.dialogs[d].map { self.engine($0) } }) } catch {
            throw Refusal(-32603, text: "the conversation '\(id)' cannot be continued from its transcript: \(error)")
        }
        if let (recorder, _) = resumed {
            let h = Held(id: id, engine: recorder.engine, session: recorder.session, recorder: recorder)
            held[id] = h
            return h
        }
        throw Refusal(-32010, text: "no conversation '\(id)': start one with start_diagnosis")
    }

    /// A finished diagnosis's transcript is sealed, as `coach chat` seals it, and leaves memory: its plan is read
    /// from its transcript when asked for again (`endedPlan`).
    func finishIfDone(_ h: Held) throws {
        guard case .finished = h.session.phase, let transcripts, let recorder = h.recorder else { return }
        try transcripts.end(h.id, recorder: recorder)
        try transcripts.commit(reply: nil, messageID: nil)
        held[h.id] = nil
    }

    /// The plan of a conversation `args` names that is not held and whose diagnosis finished (in this process or
    /// another): its latest finished transcript, replayed on the dialog version it names; nil when there is none.
    func endedPlan(_ args: [String: MCP.Value]) throws -> (String, Plan)? {
        guard let id = args["conversation"]?.stringValue, held[id] == nil, let store = coachingStore,
              (try? transcripts?.exists(id)) != true,
              let session = finishedSessions().last(where: { $0.conversation == id }) else { return nil }
        var runner = ReplayRunner(against: .recorded)
        runner.key = transcripts?.key
        let outcome = runner.replay(path: store.path(of: session))
        guard outcome.trusted, let plan = outcome.replay.plan else {
            throw Refusal(-32603, text: "the transcript of '\(id)' does not verify, so its plan is not given (coach replay says why)")
        }
        return (id, plan)
    }

    /// A turn's result: what was said, the question now waiting (verbatim, with its answer's shape), the plan.
    func result(_ h: Held, _ outputs: [Output], notes: [String] = []) -> CallTool.Result {
        let renderer = TextRenderer(engine: h.engine, channel: .chat)
        var said: [MCP.Value] = notes.map { .string($0) }
        var question: MCP.Value = .null
        var plan: MCP.Value = .null
        var text = notes.map { $0 + "\n" }.joined()
        for output in outputs {
            switch output {
            case .ask(let p):
                let q = h.engine.dialog.nodes[p.node]
                // The question's own words (to be asked verbatim), apart from where it stands and how to answer it.
                let asked = h.engine.text(of: p, in: h.session)
                let type = q.question!.answer
                let hint = renderer.answerHint(type).trimmingCharacters(in: .whitespacesAndNewlines)
                var o: [String: MCP.Value] = ["node": .string(q.id), "text": .string(asked), "answerType": .string(type.kind.rawValue),
                                              "progress": .string(renderer.location(p.progress)), "hint": .string(hint)]
                if !type.choices.isEmpty {
                    o["choices"] = .array(type.choices.map { .object(["id": .string($0.id), "label": .string($0.label)]) })
                }
                if let n = type.number {
                    if let lo = n.min { o["minimum"] = .double(lo) }
                    if let hi = n.max { o["maximum"] = .double(hi) }
                    if let u = n.unit { o["unit"] = .string(u) }
                }
                if let s = type.scale { o["minimum"] = .double(Double(s.min)); o["maximum"] = .double(Double(s.max)) }
                if let t = type.text { o["maxLength"] = .int(t.maxLength) }
                question = .object(o)
                text += asked + "\n" + hint + "\n"
            case .finished(let d):
                let (markdown, value) = Self.content(d.plan)
                plan = value
                text += Self.finishedText + markdown
            default:
                let trimmed = renderer.said(output, in: h.session)
                if !trimmed.isEmpty {
                    said.append(.string(trimmed))
                    text += trimmed + "\n"
                }
            }
        }
        let phase: String = switch h.session.phase {
        case .asking: "asking"
        case .finished: "finished"
        case .left: "ended"
        }
        return .init(content: [.text(text: text, annotations: nil, _meta: nil)],
                     structuredContent: .object(["conversation": .string(h.id), "phase": .string(phase), "said": .array(said),
                                                 "question": question, "plan": plan]),
                     isError: false)
    }
}
