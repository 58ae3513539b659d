public import DialogModel

/// Which nodes, choices and findings of each dialog a set of replays reached. A place is counted once, by its
/// source location, whichever dialog reached it: a fragment's node, or `off-track`'s nodes run from `coach`.
public struct CoverageReport: Sendable {
    /// Something never reached, at its place in the source.
    public struct Gap: Hashable, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let what: String
        public var description: String { "\(file):\(line): \(what)" }
    }

    /// One dialog's figures and gaps.
    public struct Entry: Sendable {
        public let dialog: String
        public let nodes: (reached: Int, total: Int)
        public let choices: (reached: Int, total: Int)
        public let findings: (reached: Int, total: Int)
        public let gaps: [Gap]
    }

    private var reached = Set<String>()
    private var dialogs: [String: Dialog] = [:]

    public init() {}

    /// Adds what one replay reached in a dialog.
    public mutating func add(_ reach: Reach, of dialog: Dialog) {
        dialogs[dialog.id] = dialogs[dialog.id] ?? dialog
        for n in reach.nodes { reached.insert("node \(dialog.nodes[n].location)") }
        for c in reach.choices { reached.insert("choice \(dialog.nodes[c[0]].location)#\(c[1])") }
        for f in reach.findings { reached.insert("finding \(dialog.taxonomy.findings[f].id)") }
    }

    /// Per dialog, sorted by id.
    public var entries: [Entry] {
        dialogs.keys.sorted().map { id in
            let dialog = dialogs[id]!
            var gaps: [Gap] = []
            var nodes = (0, 0), choices = (0, 0)
            var findings: [String: SourceLocation] = [:]
            for node in dialog.nodes {
                let at = node.location
                nodes.1 += 1
                if reached.contains("node \(at)") { nodes.0 += 1 } else {
                    gaps.append(Gap(file: at.file, line: at.line, what: "node \(node.id) never reached"))
                }
                var branches: [Branch] = []
                switch node.kind {
                case .question(let q):
                    branches = q.branches
                    if q.answer.hasChoices {
                        for (i, choice) in q.answer.choices.enumerated() {
                            choices.1 += 1
                            if reached.contains("choice \(at)#\(i)") { choices.0 += 1 } else {
                                gaps.append(Gap(file: at.file, line: at.line, what: "\(node.id) never answered '\(choice.id)'"))
                            }
                        }
                    }
                case .decide(let rules): branches = rules
                default: break
                }
                for b in branches {
                    for case .finding(let f) in b.effects where findings[dialog.taxonomy.findings[f].id] == nil {
                        findings[dialog.taxonomy.findings[f].id] = b.location
                    }
                }
            }
            var found = 0
            for (fid, at) in findings.sorted(by: { $0.value < $1.value }) {
                if reached.contains("finding \(fid)") { found += 1 } else {
                    gaps.append(Gap(file: at.file, line: at.line, what: "finding \(fid) never recorded"))
                }
            }
            gaps.sort { ($0.file, $0.line, $0.what) < ($1.file, $1.line, $1.what) }
            return Entry(dialog: id, nodes: nodes, choices: choices, findings: (found, findings.count), gaps: gaps)
        }
    }
}
