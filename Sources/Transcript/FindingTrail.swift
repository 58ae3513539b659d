public import DialogEngine
public import DialogModel

/// Each finding of a transcript linked to the answers that produced it: for every `recorded` finding line, the
/// answer just before it (the last answer input and how it was understood). Only answers standing at the end are
/// evidence: an answer undone with `:back`, replaced with `:change`, dropped by a change or wiped by `:restart` no
/// longer counts, and neither do the findings it recorded.
public struct FindingTrail: Sendable {
    /// The answer behind one recording of a finding.
    public struct Evidence: Hashable, Sendable {
        /// The line of the `recorded` message.
        public let line: Int
        /// The line of the answer input, when there was one before it.
        public let answerLine: Int?
        public let day: Day?
        /// The question answered (node id) and its label.
        public let node: String?
        public let label: String?
        /// As typed, and as understood.
        public let typed: String?
        public let understood: String?
    }

    /// A finding and every recording of it that stands at the end, in transcript order.
    public struct Finding: Sendable {
        public let id: String
        public let text: String
        public var evidence: [Evidence]
    }

    /// Findings standing at the end, in the order first recorded.
    public let findings: [Finding]
    /// The last plan recorded, if any (and if this build reads its format): as stored (formats 1 to 3), or, for a
    /// compact record (format 4), recomputed by replay (`init(_:replayed:)`).
    public let plan: Plan?
    /// True when a plan message was recorded, readable or not.
    public let hasPlanMessage: Bool
    /// The line of the last `:change` that took effect: findings it brought are not recorded line by line.
    public let lastChangeLine: Int?

    /// The trail of a transcript; a format-4 transcript's plan is the one its replay recomputed (`Replay.plan`), when given.
    public init(_ file: TranscriptFile, replayed: Plan? = nil) {
        var trail = Fold()
        for line in file.lines { trail.take(line) }
        var found: [Finding] = []
        for (id, text, e) in trail.standing() {
            if let i = found.firstIndex(where: { $0.id == id }) { found[i].evidence.append(e) } else {
                found.append(Finding(id: id, text: text, evidence: [e]))
            }
        }
        findings = found.map { f in
            var f = f
            f.evidence.sort { $0.line < $1.line }
            return f
        }.sorted { ($0.evidence.first?.line ?? 0) < ($1.evidence.first?.line ?? 0) }
        plan = trail.plan ?? (trail.hasPlan && file.header.version >= TranscriptHeader.compactPlanVersion ? replayed : nil)
        hasPlanMessage = trail.hasPlan
        lastChangeLine = trail.lastChangeLine
    }

    /// The trail of a transcript with its plan whole: a format-4 transcript is replayed on `dialog` (the dialog version
    /// it was recorded with) to recompute its plan, which is taken only when the replay matches the record.
    public init(_ file: TranscriptFile, dialog: Dialog) {
        let replayed = file.header.version >= TranscriptHeader.compactPlanVersion ? Replayer.replay(file, dialog: dialog).plan : nil
        self.init(file, replayed: replayed)
    }

    /// A Markdown section: each finding of the plan (or, without a plan, each finding recorded) with its answers.
    /// Nested items are indented four spaces, so CommonMark and Python-Markdown both nest them.
    public func markdown() -> String {
        var out = "## Findings and the answers behind them\n\n"
        let ids = plan?.findings.map(\.id) ?? findings.map(\.id)
        if ids.isEmpty { return out + "No finding was recorded.\n" }
        for id in ids {
            guard let f = findings.first(where: { $0.id == id }) else {
                if let lastChangeLine {
                    out += "- **\(id)**: it came with the answers changed on transcript line \(lastChangeLine) "
                        + "(a change records no findings line by line)\n"
                } else {
                    out += "- **\(id)**: not recorded in this transcript\n"
                }
                continue
            }
            out += "- **\(f.id)** \(f.text)\n"
            for e in f.evidence {
                if let node = e.node {
                    let label = e.label.map { " (\($0))" } ?? ""
                    out += "    - answer to `\(node)`\(label): \"\(e.typed ?? "")\", understood as \"\(e.understood ?? "")\""
                    out += " on \(e.day?.description ?? "?"), transcript line \(e.answerLine ?? 0); recorded on line \(e.line)\n"
                } else {
                    out += "    - recorded on line \(e.line), with no answer before it\n"
                }
            }
        }
        return out
    }
}

extension FindingTrail {
    /// The transcript folded line by line into the answers that stand and the findings each recorded.
    struct Fold {
        /// One standing answer and the findings recorded when it was given.
        struct Answer {
            let node: String
            let item: String?
            var label: String?
            var understood: String
            var typed: String?
            var line: Int?
            var day: Day?
            var recorded: [(id: String, text: String, line: Int)] = []
        }

        var answers: [Answer] = []
        /// Findings recorded with no answer before them (at the opening).
        var opening: [(id: String, text: String, line: Int)] = []
        var lastInput: (kind: Event.Kind, day: Day, line: Int)?
        /// The answer the current turn's findings belong to.
        var current: Int?
        var plan: Plan?
        var hasPlan = false
        var lastChangeLine: Int?

        mutating func take(_ line: TranscriptFile.Line) {
            switch line.entry {
            case .input(let input, let day):
                current = nil
                if input.isAnswer { lastInput = (input, day, line.number) }
            case .output(let message):
                let m = message.json
                switch m["type"]?.string {
                case "answered":
                    guard let node = m["node"]?.string, let answer = m["answer"]?.string else { break }
                    answered(node: node, item: m["item"]?.string, label: m["label"]?.string, answer: answer)
                case "recorded":
                    guard let id = m["finding"]?.string else { break }
                    let r = (id: id, text: m["text"]?.string ?? "", line: line.number)
                    if let current { answers[current].recorded.append(r) } else if lastInput == nil { opening.append(r) }
                case "undone":
                    if let node = m["node"]?.string, let i = answers.lastIndex(where: { $0.node == node }) { answers.remove(at: i) }
                case "changed":
                    lastChangeLine = lastInput?.line
                    let dropped = m["dropped"]?.array?.compactMap(\.string) ?? []
                    answers.removeAll { dropped.contains($0.node) }
                case "restarted":
                    answers.removeAll()
                    opening.removeAll()
                    // What the fresh start records (its opening) belongs to no answer.
                    lastInput = nil
                    lastChangeLine = nil
                case "plan":
                    hasPlan = true
                    plan = m["plan"].flatMap(PlanReader.read)
                default: break
                }
            }
        }

        /// An `answered` message: a new answer, the changed answer of a `:change` (its old findings no longer stand),
        /// or a later answer a change wrote again unchanged (it keeps its findings).
        mutating func answered(node: String, item: String?, label: String?, answer: String) {
            var typed: String?
            var changedNode: String?
            switch lastInput?.kind {
            case .answered(let t)?: typed = t
            case .changed(let n, let t)?: typed = t; changedNode = n
            case let k?: typed = k.typed
            case nil: break
            }
            let fresh = Answer(node: node, item: item, label: label, understood: answer, typed: typed, line: lastInput?.line,
                               day: lastInput?.day)
            guard let i = answers.firstIndex(where: { $0.node == node && $0.item == item }) else {
                answers.append(fresh)
                current = answers.count - 1
                return
            }
            if changedNode != nil && changedNode != node {
                answers[i].label = label
                answers[i].understood = answer
            } else {
                answers[i] = fresh
            }
            current = i
        }

        /// Every recording that stands: the opening's, then each standing answer's.
        func standing() -> [(String, String, Evidence)] {
            var out = opening.map { r in
                (r.id, r.text, Evidence(line: r.line, answerLine: nil, day: nil, node: nil, label: nil, typed: nil, understood: nil))
            }
            for a in answers {
                for r in a.recorded {
                    out.append((r.id, r.text, Evidence(line: r.line, answerLine: a.line, day: a.day, node: a.node, label: a.label,
                                                       typed: a.typed, understood: a.understood)))
                }
            }
            return out
        }
    }
}
