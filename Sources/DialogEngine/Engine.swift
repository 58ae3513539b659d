public import DialogModel

/// The dialogue state machine: a pure function from a session and an event to the next session and outputs.
/// No I/O, no clock, no randomness; the day arrives on each event.
public struct Engine: Sendable {
    public let dialog: Dialog
    let program: Program
    /// Per node, whether a front end answers it (`given`); nil when no node is: then every answer counts in the
    /// progress the leader sees.
    let given: [Bool]?

    public init(dialog: Dialog) {
        self.dialog = dialog
        self.program = Program(dialog)
        given = dialog.takesGivens ? dialog.nodes.map { $0.question?.given != nil } : nil
    }

    /// The answers the leader gave (not those a front end gave for them): what "question N" counts.
    func shownAnswers(_ s: Session) -> Int {
        guard let given else { return s.answers.count }
        return s.answers.reduce(0) { $0 + (given[$1.node] ? 0 : 1) }
    }

    /// A new session at the dialog's start, and what to show first.
    /// The problem of the dialog part a conversation is in (the part of its last answer; none before any answer or
    /// in an entry part, where nothing is found): whose taxonomy texts a front end shows for its findings.
    public func problem(of s: Session) -> String? {
        s.answers.last.flatMap { dialog.parts[dialog.nodes[$0.node].part].problem }
    }

    public func start(on day: Day, leader: String? = nil) -> (Session, [Output]) {
        var session = Session(dialog: dialog)
        session.leader = leader
        var out: [Output] = []
        advance(&session, to: dialog.start, day: day, &out)
        return (session, out)
    }

    /// Applies one event to the session and returns what to show.
    public func step(_ session: inout Session, _ event: Event) -> [Output] {
        var out: [Output] = []
        step(&session, event, into: &out)
        return out
    }

    /// Applies one event, appending what to show to `out` (so a busy front end can reuse one buffer).
    public func step(_ session: inout Session, _ event: Event, into out: inout [Output]) {
        if case .left = session.phase {
            switch event.kind {
            case .restarted: break
            case .askedSummary, .askedWhere: break
            default:
                out.append(.refused(.ended))
                return
            }
        }
        switch event.kind {
        case .answered(let text):
            answer(&session, typed: text, parsed: { AnswerParser.parse(text, as: $0) }, day: event.day, &out)
        case .chose(let ids):
            answer(&session, typed: ids.joined(separator: ","), parsed: { AnswerParser.pick(ids, as: $0) }, day: event.day, &out)
        case .wentBack:
            goBack(&session, day: event.day, &out)
        case .changed(let id, let text):
            change(&session, node: id, to: text, day: event.day, &out)
        case .restarted:
            let (fresh, first) = start(on: event.day, leader: session.leader)
            session = fresh
            out.append(.restarted)
            out += first
        case .askedWhy:
            guard let (node, q) = current(session) else { out.append(.refused(.notAsking)); break }
            let eval = evaluation(session, answer: .none)
            out.append(.explained(Explanation(node: dialog.nodes[node].id, text: q.why.map { eval.render($0, session) }, source: q.source)))
        case .askedHelp:
            guard let (node, q) = current(session) else { out.append(.refused(.notAsking)); break }
            out.append(.helped(Help(node: node, text: q.help.map { evaluation(session, answer: .none).render($0, session) })))
        case .askedWhere:
            out.append(.located(progress(session)))
        case .askedSummary:
            out.append(.summarized(summary(session)))
        case .quit:
            session.phase = .left
            out.append(.ended)
        }
    }

    /// Rebuilds a session from its answers (a fold from the start), as after `kill -9` or for replay.
    public func resume(answers: [Answer], on day: Day) -> (Session, [Output]) {
        var session = Session(dialog: dialog)
        var out: [Output] = []
        _ = rebuild(&session, answers: answers, day: day)
        if case .asking = session.phase { out.append(.ask(prompt(session))) }
        if case .finished = session.phase { out.append(.finished(Diagnosis(dialog: dialog, program: program, session: session))) }
        return (session, out)
    }

    /// Brings back a session from what defines it: its answers (folded from the start, as `resume` does), the
    /// rejected tries at the question now waiting, the leader, and whether the leader left. Equal to the session
    /// these were taken from when `day` is the day it finished (or any day, for a session not finished: the day is
    /// recorded only with the completion). A server keeps idle conversations in this form.
    public func restore(answers: [Answer], attempts: Int, leader: String?, left: Bool, day: Day) -> Session {
        var session = Session(dialog: dialog)
        _ = rebuild(&session, answers: answers, day: day)
        session.leader = leader
        if case .asking = session.phase { session.attempts = attempts }
        if left { session.phase = .left }
        return session
    }

    /// The `finished` output of a finished session (its diagnosis and plan), as the turn that finished it gave it;
    /// nil while the session is not finished.
    public func finished(_ s: Session) -> Output? {
        guard case .finished = s.phase, s.completion != nil else { return nil }
        return .finished(Diagnosis(dialog: dialog, program: program, session: s))
    }

    /// The coaching plan of a finished session.
    public func plan(_ s: Session) -> Plan? {
        s.completion == nil ? nil : Diagnosis(dialog: dialog, program: program, session: s).plan
    }

    /// Where a session stands.
    public func progress(_ s: Session) -> Progress {
        let answered = shownAnswers(s)
        switch s.phase {
        case .asking(let node, let position):
            let n = dialog.nodes[node]
            let extraItems = max(0, s.items.count - position - 1)
            return Progress(step: n.step, question: answered + 1,
                            about: answered + n.remaining + extraItems, finished: false)
        case .finished, .left:
            let finished: Bool = if case .finished = s.phase { true } else { false }
            return Progress(step: nil, question: answered, about: answered, finished: finished)
        }
    }

    /// The answers and findings so far.
    public func summary(_ s: Session) -> Summary {
        var flags: [String: String] = [:]
        for (i, flag) in dialog.flags.enumerated() {
            if let v = flag.describe(s.flags[i]) { flags[flag.name] = v }
        }
        return Summary(answers: Summaries.lines(s, dialog), findings: Array(s.findings), flags: flags, notes: s.notes)
    }

    /// The summary line of one answer (`summary(s).answers[index]`), without summarising the others.
    public func summaryLine(_ s: Session, at index: Int) -> Summary.Line { Summaries.line(s.answers[index], dialog) }

    /// How many answers two sessions share from the first on (an event changes or adds answers after them).
    public static func commonAnswers(_ a: Session, _ b: Session) -> Int {
        let n = min(a.answers.count, b.answers.count)
        var i = 0
        while i < n, a.answers[i] == b.answers[i] { i += 1 }
        return i
    }

    /// The current prompt (for re-rendering after `why`, `help` and the like).
    public func prompt(_ s: Session) -> Prompt {
        guard case .asking(let node, let position) = s.phase else { preconditionFailure("no question is waiting") }
        return prompt(s, node: node, position: position)
    }

    /// The prompt for a question (the hot path: plain records only).
    func prompt(_ s: Session, node: Int, position: Int) -> Prompt {
        let p = program.node(node)
        let answered = shownAnswers(s)
        let progress = Progress(step: p.pointee.step, question: answered + 1,
                                about: answered + Int(p.pointee.remaining) + max(0, s.items.count - position - 1), finished: false)
        return Prompt(node: node, item: p.pointee.forEach < 0 || position >= s.items.count ? nil : s.items[position],
                      attempt: s.attempts + 1, progress: progress)
    }

    /// The text of a prompt: the question with the session's values (subject, earlier answers, the item) filled in.
    public func text(of prompt: Prompt, in s: Session) -> String {
        guard let q = dialog.nodes[prompt.node].question else { return "" }
        return q.prompt.literal ?? Evaluation(dialog: dialog, answer: .none, item: prompt.item, itemSource: q.forEach).render(q.prompt, s)
    }

    func current(_ s: Session) -> (Int, Question)? {
        guard case .asking(let node, _) = s.phase, let q = dialog.nodes[node].question else { return nil }
        return (node, q)
    }

    func evaluation(_ s: Session, answer: Value) -> Evaluation {
        var item: Int?
        var source: Int?
        if case .asking(let node, let position) = s.phase, let q = dialog.nodes[node].question, let src = q.forEach {
            source = src
            item = position < s.items.count ? s.items[position] : nil
        }
        return Evaluation(dialog: dialog, answer: answer, item: item, itemSource: source)
    }
}
