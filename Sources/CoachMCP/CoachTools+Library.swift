import CoachCLI
import DialogModel
import Foundation
import MCP
import Transcript

/// Prompts (one per problem, starting the right tool sequence) and resources with stable URIs: each problem's
/// questions, and each finished diagnosis's plan.
extension CoachTools {
    static let promptPrefix = "diagnose-"

    func prompts() -> [MCP.Prompt] {
        startable.map { id in
            let d = dialogs[id]!
            return MCP.Prompt(name: Self.promptPrefix + id, title: "Diagnose: " + d.title,
                              description: d.parts[0].problem ?? d.title,
                              arguments: [.init(name: "subject", description: "Optional: a stable id of the person or team, such as \"dana\".", required: false)])
        }
    }

    func prompt(_ name: String, _ arguments: [String: String]?) throws -> GetPrompt.Result {
        let id = name.hasPrefix(Self.promptPrefix) ? String(name.dropFirst(Self.promptPrefix.count)) : name
        guard let d = dialogs[id], !d.takesGivens else {
            throw MCPError.invalidParams("unknown prompt '\(name)'; the prompts are " + startable.map { Self.promptPrefix + $0 }.joined(separator: ", "))
        }
        let subject = arguments?["subject"].flatMap { $0.isEmpty ? nil : $0 }
        let problem = d.parts[0].problem ?? d.title
        let start = subject.map { "start_diagnosis with problem \"\(id)\" and subject \"\($0)\"" } ?? "start_diagnosis with problem \"\(id)\""
        let text = """
            I am a sales leader, and this is my problem: \(problem)
            Diagnose it with me using coach. Call \(start). Then ask me each question exactly as coach words it, \
            pass my answer back verbatim with `answer` (use `why` when I ask why a question matters, `back` when I \
            want to change an answer), and never answer a question for me. When the diagnosis finishes, show me the \
            plan from get_plan as it is.
            """
        return .init(description: "Diagnose: " + d.title, messages: [.user(.text(text: text))])
    }

    /// The resources: each problem's questions, and the plans of finished diagnoses in the transcripts directory.
    func resources() -> [Resource] {
        var out = startable.map { id in
            Resource(name: "\(id)-questions", uri: "coach://dialogs/\(id)/questions", title: "The questions of \"\(dialogs[id]!.title)\"",
                     description: "Every question coach may ask in this diagnosis, step by step, with why it asks.", mimeType: "text/markdown")
        }
        for session in finishedSessions() {
            let name = Path.lastComponent(session.file).replacingOccurrences(of: ".jsonl", with: "")
            out.append(Resource(name: name, uri: "coach://plans/" + name, title: "Plan for \(session.name), \(session.date)",
                                description: "The coaching plan of a finished diagnosis, with the answers behind each finding.",
                                mimeType: "text/markdown"))
        }
        return out
    }

    func read(_ uri: String) throws -> ReadResource.Result {
        let dialogPrefix = "coach://dialogs/", planPrefix = "coach://plans/"
        if uri.hasPrefix(dialogPrefix), uri.hasSuffix("/questions") {
            let id = String(uri.dropFirst(dialogPrefix.count).dropLast("/questions".count))
            guard let d = dialogs[id], !d.takesGivens else { throw MCPError.invalidParams("no dialog '\(id)'; see resources/list") }
            return .init(contents: [.text(questions(d), uri: uri, mimeType: "text/markdown")])
        }
        if uri.hasPrefix(planPrefix), let store = coachingStore {
            let name = String(uri.dropFirst(planPrefix.count))
            guard !name.contains("/"), let session = finishedSessions().first(where: { Path.lastComponent($0.file) == name + ".jsonl" }) else {
                throw MCPError.invalidParams("no finished diagnosis '\(name)'; see resources/list")
            }
            let report = ReportRunner.run(path: store.path(of: session), key: transcripts?.key, unverified: false)
            guard report.status == 0 else { throw MCPError.internalError(report.error ?? "the plan cannot be read") }
            return .init(contents: [.text(report.output, uri: uri, mimeType: "text/markdown")])
        }
        throw MCPError.invalidParams("no resource '\(uri)'; see resources/list")
    }

    /// A dialog's questions as Markdown, in authored order, under their steps.
    func questions(_ d: Dialog) -> String {
        var text = "# \(d.title)\n\n" + (d.parts[0].problem.map { "> \($0)\n\n" } ?? "")
        var step: Step?
        for node in d.nodes where node.part == 0 {
            guard let q = node.question, q.given == nil else { continue }
            if let s = node.step, s != step {
                step = s
                text += "\n## \(s.name)\n\n"
            }
            text += "- " + q.prompt.source.replacingOccurrences(of: "\n", with: " ")
            if let why = q.why?.source { text += "\n  - Why: " + why.replacingOccurrences(of: "\n", with: " ") }
            text += "\n"
        }
        return text
    }

    /// `subject_history`: one person's diagnoses over time, as `coach history --format json` gives them.
    func history(_ args: [String: MCP.Value]) throws -> CallTool.Result {
        guard let who = args["subject"]?.stringValue, !who.isEmpty else { throw Refusal(text: "subject_history needs 'subject': an id such as \"dana\", or the name given") }
        guard let store = coachingStore else { throw Refusal(-32019, text: "no transcripts to read: coach mcp runs with --no-transcripts") }
        transcripts?.writePending()
        let read: CoachingRead
        do { read = try store.read() } catch { throw Refusal(-32015, text: "the finished diagnoses cannot be read: \(error)") }
        let sessions: [CoachingSession]
        do { sessions = try read.sessions(of: who) } catch {
            switch error {
            case .unknown: throw Refusal(-32017, text: error.description)
            case .ambiguous: throw Refusal(-32018, text: error.description)
            }
        }
        let history = SubjectHistory(sessions: sessions)
        let structured: MCP.Value? = Self.value(history.json())
        return CallTool.Result(content: [.text(text: history.text(), annotations: nil, _meta: nil)], structuredContent: structured, isError: false)
    }

    /// The project's JSON as the SDK's.
    static func value(_ json: JSONValue) -> MCP.Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return Int(n).map(MCP.Value.int) ?? .double(Double(n) ?? 0)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(value))
        case .object(let o): return .object(Dictionary(o.members.map { ($0.key, value($0.value)) }, uniquingKeysWith: { $1 }))
        }
    }

    /// Where finished diagnoses are read: the store given, else the transcripts directory's.
    var coachingStore: (any CoachingStore)? {
        if let coaching { return coaching }
        guard let directory = transcripts as? TranscriptDirectory else { return nil }
        return TranscriptCoachingStore(directory: directory.path, key: directory.key)
    }

    /// The finished diagnoses (verified and authenticated), whose plans are resources.
    func finishedSessions() -> [CoachingSession] {
        transcripts?.writePending()
        return (try? coachingStore?.read().sessions) ?? []
    }
}
