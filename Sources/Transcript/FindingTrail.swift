public import DialogEngine

/// Each finding of a transcript linked to the answers that produced it: for every `recorded` finding line, the
/// answer just before it (the last answer input and how it was understood).
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

    /// A finding and every recording of it, in transcript order.
    public struct Finding: Sendable {
        public let id: String
        public let text: String
        public var evidence: [Evidence]
    }

    /// Findings in the order first recorded.
    public let findings: [Finding]
    /// The last plan recorded, if any (and if this build reads its format).
    public let plan: Plan?
    /// True when a plan message was recorded, readable or not.
    public let hasPlanMessage: Bool

    public init(_ file: TranscriptFile) {
        var found: [Finding] = []
        var plan: Plan?
        var hasPlan = false
        var lastInput: (Event.Kind, Day, Int)?
        var understood: (node: String, label: String?, answer: String)?
        for line in file.lines {
            switch line.entry {
            case .input(let input, let day):
                if input.isAnswer { lastInput = (input, day, line.number); understood = nil }
            case .output(let message):
                let m = message.json
                switch m["type"]?.string {
                case "answered":
                    if let n = m["node"]?.string, let a = m["answer"]?.string { understood = (n, m["label"]?.string, a) }
                case "recorded":
                    guard let id = m["finding"]?.string else { break }
                    var typed: String?
                    if case .answered(let t)? = lastInput?.0 { typed = t } else { typed = lastInput?.0.typed }
                    let e = Evidence(line: line.number, answerLine: lastInput?.2, day: lastInput?.1, node: understood?.node,
                                     label: understood?.label, typed: typed, understood: understood?.answer)
                    if let i = found.firstIndex(where: { $0.id == id }) { found[i].evidence.append(e) } else {
                        found.append(Finding(id: id, text: m["text"]?.string ?? "", evidence: [e]))
                    }
                case "plan":
                    hasPlan = true
                    plan = m["plan"].flatMap(PlanReader.read)
                default: break
                }
            }
        }
        findings = found
        self.plan = plan
        hasPlanMessage = hasPlan
    }

    /// A Markdown section: each finding of the plan (or, without a plan, each finding recorded) with its answers.
    public func markdown() -> String {
        var out = "## Findings and the answers behind them\n\n"
        let ids = plan?.findings.map(\.id) ?? findings.map(\.id)
        if ids.isEmpty { return out + "No finding was recorded.\n" }
        for id in ids {
            guard let f = findings.first(where: { $0.id == id }) else {
                out += "- **\(id)**: not recorded in this transcript\n"
                continue
            }
            out += "- **\(f.id)** \(f.text)\n"
            for e in f.evidence {
                if let node = e.node {
                    let label = e.label.map { " (\($0))" } ?? ""
                    out += "  - answer to `\(node)`\(label): \"\(e.typed ?? "")\", understood as \"\(e.understood ?? "")\""
                    out += " on \(e.day?.description ?? "?"), transcript line \(e.answerLine ?? 0); recorded on line \(e.line)\n"
                } else {
                    out += "  - recorded on line \(e.line), with no answer before it\n"
                }
            }
        }
        return out
    }
}
