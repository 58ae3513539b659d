import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import Transcript

/// The chat front end: reads lines, turns them into events, renders the engine's outputs as text.
/// Readers and writers are injected, so the same loop runs on a terminal, a pipe or in a test.
public final class ChatLoop {
    let engine: Engine
    let renderer: TextRenderer
    let reader: any LineReader
    let writer: any LineWriter
    let today: () -> Day
    /// The prompt shown when reading a line (empty for plain input).
    let prompt: (Session, Engine) -> String
    public private(set) var session: Session
    /// Records the conversation, when transcripts are on.
    var recorder: Recorder?
    /// True when the conversation continues a transcript rather than starting.
    var resumed = false
    /// The sales leader's name for the plan's header, when given.
    public var leader: String?

    public init(dialog: Dialog, reader: any LineReader, writer: any LineWriter, today: @escaping () -> Day = Clock.today,
                prompt: @escaping (Session, Engine) -> String = { _, _ in "" }) {
        engine = Engine(dialog: dialog)
        renderer = TextRenderer(engine: engine)
        self.reader = reader
        self.writer = writer
        self.today = today
        self.prompt = prompt
        session = engine.start(on: today()).0
    }

    /// Records the conversation from its start, or continues a recorded one.
    public func record(_ recorder: Recorder, resumed: Bool) {
        self.recorder = recorder
        self.resumed = resumed
    }

    /// Runs until end of input or `:quit`; returns the exit status.
    public func run() -> Int32 {
        if let recorder {
            session = recorder.session
            if resumed {
                write("Continuing where you left off (\(session.answers.count) answers so far).\n")
                if case .asking = session.phase { show([.ask(engine.prompt(session))]) }
            } else {
                show(recorder.opening)
            }
        } else {
            let (fresh, first) = engine.start(on: today(), leader: leader)
            session = fresh
            show(first)
        }
        while true {
            guard let line = reader.readLine(prompt: prompt(session, engine)) else {
                // End of a file or pipe ends the chat; Ctrl-D at a terminal is the leader leaving, asked about first.
                guard let terminal = reader as? any TerminalReader else { break }
                write("\n")
                if leaves(terminal) { handle(.event(.quit)); break }
                continue
            }
            if handle(Command(parsing: line)) == false { break }
        }
        return 0
    }

    /// Whether the leader at a terminal means to leave: asked only when a diagnosis is half done; a second
    /// Ctrl-D or `y` leaves, `n` asks the question again.
    func leaves(_ terminal: any TerminalReader) -> Bool {
        guard !session.answers.isEmpty, case .asking = session.phase else { return true }
        while true {
            guard let reply = terminal.readReply(prompt: "Leave with the diagnosis unfinished? (y/n) ") else {
                write("\n")
                return true
            }
            switch reply.trimmed(where: Command.isSpace).lowercased() {
            case "y", "yes": return true
            case "n", "no":
                show([.ask(engine.prompt(session))])
                return false
            default: continue
            }
        }
    }

    /// Handles one command; false means stop.
    @discardableResult
    public func handle(_ command: Command) -> Bool {
        let day = today()
        switch command {
        case .event(let kind):
            show(send(kind, day))
            if kind == .askedHelp { write(Command.usage + "\n") }
            if kind == .quit { return false }
        case .change(let text):
            if session.phase == .left { show([.refused(.ended)]); break }
            switch AnswerReference(session: session, engine: engine).resolve(text) {
            case .change(let node, let answer): show(send(.changed(node: node, to: answer), day))
            case .refused(let why):
                // As the engine does when it refuses: say why, then the question waiting again.
                write(why + "\n")
                if case .asking = session.phase { show([.ask(engine.prompt(session))]) }
            }
        case .save(let path): save(path)
        case .unknown(let word):
            write("Unknown command \(word). " + Command.usage + "\n")
        }
        return true
    }

    /// Applies an event: through the recorder when recording (nothing said is lost), else straight to the engine.
    func send(_ kind: Event.Kind, _ day: Day) -> [Output] {
        let event = Event(kind, on: day)
        guard let recorder else { return engine.step(&session, event) }
        do {
            let out = try recorder.send(event)
            session = recorder.session
            return out
        } catch {
            FileHandle.standardError.write(Data("coach: could not write the transcript (\(error)); going on without it\n".utf8))
            self.recorder = nil
            session = recorder.session
            return engine.step(&session, event)
        }
    }

    func show(_ outputs: [Output]) {
        for o in outputs { write(renderer.render(o, in: session)) }
    }

    func write(_ text: String) {
        if !text.isEmpty { writer.write(Terminal.sanitize(text)) }
    }

    func save(_ path: String?) {
        guard let plan = engine.plan(session) else {
            write("There is no plan yet: finish the diagnosis first.\n")
            return
        }
        let name = path ?? Self.defaultPlanFile(plan)
        do {
            try PlanRenderer(style: .markdown).render(plan).write(toFile: name, atomically: true, encoding: .utf8)
            // A plan is about a person's job: readable by its owner only, like the transcripts.
            chmod(name, 0o600)
            write("Saved the plan to \(name).\n")
        } catch {
            write("Could not save the plan to \(name): \(FileReason.writing(name, error: error)).\n")
        }
    }

    static func defaultPlanFile(_ plan: Plan) -> String {
        let who = (plan.header.subject ?? "plan").lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return "coach-\(plan.header.dialogID)-\(who)-\(plan.header.date).md"
    }
}
