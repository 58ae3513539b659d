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
    public internal(set) var session: Session
    /// Records the conversation, when transcripts are on.
    var recorder: Recorder?
    /// True when the conversation continues a transcript rather than starting.
    var resumed = false
    /// The sales leader's name for the plan's header, when given.
    public var leader: String?
    /// Where the transcript is, when recording: what leaving tells the leader.
    public var recording: Recording?
    /// True once the leader left at a terminal with the diagnosis half done: the conversation stays open.
    public internal(set) var leftToContinue = false
    /// True once the plan was saved with `:save`.
    var savedPlan = false
    /// Shows a text through the leader's pager; false when it did not (then it is printed). Never at a pipe.
    public var page: (String) -> Bool = { _ in false }
    /// Answers the front end gives for the leader (a follow-up's `given` questions, and the earlier answers it
    /// keeps): a question it answers is answered as soon as it is asked, and not shown.
    public var autoAnswer: ((Session, Int) -> Event.Kind?)?
    /// Questions whose automatic answer the engine refused: the leader answers them.
    var declined = Set<Int>()

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
                if leaves(terminal) { leave(); break }
                continue
            }
            if handle(Command(parsing: line)) == false { break }
        }
        return 0
    }

    /// Handles one command; false means stop.
    @discardableResult
    public func handle(_ command: Command) -> Bool {
        let day = today()
        switch command {
        case .event(.quit) where atTerminal:
            if let terminal = reader as? any TerminalReader, !leaves(terminal) { break }
            leave()
            return false
        case .event(.restarted) where atTerminal:
            if let terminal = reader as? any TerminalReader, !restarts(terminal) { break }
            show(send(.restarted, day))
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
        case .plan: showPlan()
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
        for o in outputs {
            if case .ask(let p) = o, !declined.contains(p.node), let answer = autoAnswer?(session, p.node) {
                let out = send(answer, today())
                if out.contains(where: { if case .rejected = $0 { true } else { false } }) {
                    // Not the leader's answer: its refusal is not shown; the question is asked instead.
                    declined.insert(p.node)
                    show(out.filter { if case .rejected = $0 { false } else { true } })
                } else {
                    show(out)
                }
                continue
            }
            switch o {
            case .ended: write(goodbye())
            case .finished(let diagnosis) where atTerminal: write(finished(diagnosis.plan))
            default: write(renderer.render(o, in: session))
            }
        }
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
            savedPlan = true
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
