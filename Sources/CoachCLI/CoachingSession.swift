public import DialogEngine
public import DialogModel
public import Transcript

/// One finished diagnosis as coaching continuity reads it: whom it was about, when, the headline measure, the
/// findings (the first is the lead), the actions and the follow-up meetings. A fold of one verified transcript:
/// the transcripts stay the single source of truth, and an index of these is a cache of them.
public struct CoachingSession: Hashable, Sendable {
    /// The problem's headline number, as the leader gave it in this session.
    public struct Measure: Hashable, Sendable {
        /// What it measures, in the leader's words (`Gap to YTD target`).
        public let label: String
        public let value: Double
        public let unit: String?
        public let lowerIsBetter: Bool
    }

    /// A finding, its id for machines and its sentence for the leader.
    public struct Finding: Hashable, Sendable {
        public let id: String
        public let text: String
    }

    /// One action of the plan.
    public struct Action: Hashable, Sendable {
        /// `R-<finding id>`: stable across exports of the same plan.
        public let id: String
        public let text: String
        public let owner: String
        public let firstStep: String
        public let due: Day
        /// An on-going project rather than a quick fix.
        public let project: Bool
    }

    /// A follow-up's word on one action of the plan before it: the action's finding id and its status (`done`,
    /// `in-progress`, `not-started`, `blocked`, `dropped`: the follow-up dialog's choice ids).
    public struct Review: Hashable, Sendable {
        public let findingID: String
        public let status: String
    }

    /// A dated check-in the plan set.
    public struct Meeting: Hashable, Sendable {
        public let date: Day
        public let what: String
    }

    public let conversation: String
    /// The transcript, relative to the transcripts directory.
    public let file: String
    public let leader: String?
    /// The stable subject id: the one the leader chose at the start, else made from the name.
    public let subject: String
    /// The name the leader gave in the diagnosis (`Dana`), or the subject id when there was none.
    public let name: String
    /// A team rather than one rep.
    public let team: Bool
    public let dialog: String
    /// The problem, in the seed's words.
    public let problem: String
    /// The day the diagnosis finished.
    public let date: Day
    public let measure: Measure?
    /// In plan order: the first is the lead finding.
    public let findings: [Finding]
    public let actions: [Action]
    public let followUps: [Meeting]
    /// For a follow-up: what became of each action of the plan it followed up; empty for a diagnosis.
    public var review: [Review] = []

    public var lead: Finding? { findings.first }

    public init(conversation: String, file: String, leader: String?, subject: String, name: String, team: Bool, dialog: String,
                problem: String, date: Day, measure: Measure?, findings: [Finding], actions: [Action], followUps: [Meeting]) {
        self.conversation = conversation
        self.file = file
        self.leader = leader
        self.subject = subject
        self.name = name
        self.team = team
        self.dialog = dialog
        self.problem = problem
        self.date = date
        self.measure = measure
        self.findings = findings
        self.actions = actions
        self.followUps = followUps
    }

    /// The session of a finished, replayed diagnosis; nil when it did not finish.
    public init?(header: TranscriptHeader, file: String, diagnosis: Diagnosis) {
        let plan = diagnosis.plan
        let session = diagnosis.session
        guard let completion = session.completion else { return nil }
        let part = diagnosis.dialog.parts[completion.part]
        let name = plan.header.subject?.trimmed(where: { $0 == " " })
        let subject = header.subject ?? SubjectID.from(name: name ?? "")
        var measure: Measure?
        if let m = part.inputs.measure, let q = diagnosis.dialog.nodes[m.node].question,
           let answer = session.answers.last(where: { $0.node == m.node }), case .number(let value) = answer.value {
            measure = Measure(label: q.label, value: value, unit: q.answer.number?.unit, lowerIsBetter: m.better == .lower)
        }
        self.init(conversation: header.conversation, file: file, leader: header.leader, subject: subject,
                  name: name.flatMap { $0.isEmpty ? nil : $0 } ?? subject, team: part.subject == .team, dialog: part.id,
                  problem: plan.header.statement ?? plan.header.title, date: completion.day, measure: measure,
                  findings: plan.findings.map { Finding(id: $0.id, text: $0.text) },
                  actions: plan.actions.map {
                      Action(id: $0.id, text: $0.text, owner: $0.owner, firstStep: $0.firstStep, due: $0.due, project: $0.fix == .project)
                  },
                  followUps: plan.followUps.map { Meeting(date: $0.date, what: $0.what) })
        review = Self.review(diagnosis)
    }

    /// The statuses a follow-up recorded: the answers of the question asked once per action of the last plan (the
    /// `given: actions` question's items).
    static func review(_ diagnosis: Diagnosis) -> [Review] {
        let nodes = diagnosis.dialog.nodes
        guard let source = nodes.firstIndex(where: { $0.question?.given == .actions }),
              let status = nodes.firstIndex(where: { $0.question?.forEach == source && $0.question?.answer.kind == .choice }),
              let items = nodes[source].question?.answer.choices, let statuses = nodes[status].question?.answer.choices
        else { return [] }
        return diagnosis.session.answers.compactMap { a in
            guard a.node == status, let item = a.item, case .choice(let s) = a.value else { return nil }
            return Review(findingID: items[item].id, status: statuses[s].id)
        }
    }
}

extension CoachingSession.Measure {
    /// `25%`, `14 months`, `3.5`: the value as the leader would write it.
    public var formatted: String {
        let number = CoachingSession.number(value)
        guard let unit else { return number }
        return unit == "%" ? number + "%" : number + " " + unit
    }
}
