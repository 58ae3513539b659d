import DialogModel

/// The dialog laid out flat for the engine's hot path: plain records in buffers that live as long as the engine,
/// and conditions as a small bytecode, so a step touches no reference counts. Built once from the `Dialog`.
final class Program: @unchecked Sendable {
    /// A node as the hot path needs it.
    struct Node {
        /// What a node does when the conversation reaches it.
        enum Kind: UInt8 {
            /// Asks a question and waits for the answer.
            case question
            /// Says its text and follows its route.
            case say
            /// Takes the first of its rules that holds.
            case decide
            /// Finishes the diagnosis.
            case end
        }

        var kind: Kind
        var answerKind: AnswerType.Kind
        var step: Step?
        var part: Int32
        var remaining: Int32
        var forEach: Int32
        var store: Int32
        var retries: Int32
        var unsureAs: Int32
        var branchStart: Int32
        var branchCount: Int32
        var ruleStart: Int32
        var ruleCount: Int32
    }

    /// A branch or decide rule: its condition, effects and target (-1: the node's next).
    struct Branch {
        var condition: Int32
        var effectStart: Int32
        var effectCount: Int32
        var target: Int32
    }

    /// A route rule.
    struct Rule {
        var condition: Int32
        var target: Int32
    }

    /// An effect; kinds other than finding, flag and note are applied from the dialog's own `Effect` values.
    struct Effect {
        /// What an effect does to the session.
        enum Kind: UInt8 {
            /// Records finding `a`.
            case finding
            /// Sets flag `a` to value `b`.
            case flag
            /// Records note `a`.
            case note
            /// Writes text (a variable, a verification task, an example): the dialog's own effect at `source`.
            case text
            /// Records the finding of the current `forEach` item: `itemFindings[a + item]` (-1: none).
            case itemFinding
        }

        var kind: Kind
        /// The finding, flag or note index.
        var a: Int32
        /// The flag's value.
        var b: Int16
        /// (node, branch, effect) of the original effect, for the other kinds.
        var source: (Int32, Int32, Int32)
    }

    let nodes: UnsafeMutableBufferPointer<Node>
    let branches: UnsafeMutableBufferPointer<Branch>
    let rules: UnsafeMutableBufferPointer<Rule>
    let effects: UnsafeMutableBufferPointer<Effect>
    let code: UnsafeMutableBufferPointer<Int64>
    /// The operators of the `compare` instructions, which hold an index into this list.
    let comparisons: UnsafeMutableBufferPointer<Comparison>
    /// For `finding: item` effects: per forEach source's choice, the finding index whose id is the choice id (-1:
    /// none); an effect's `a` is where its source's run starts.
    let itemFindings: UnsafeMutableBufferPointer<Int32>
    /// Answer types by node (nil for non-questions), unretained: the dialog keeps them alive.
    let answerTypes: UnsafeMutableBufferPointer<AnswerTypeReference?>
    /// Per part: the skill-low, skill-high, will-low and will-high conditions (-1 when absent).
    let styles: [[Int32]]

    init(_ dialog: Dialog) {
        var nodes: [Node] = [], branches: [Branch] = [], rules: [Rule] = [], effects: [Effect] = []
        var code: [Int64] = [], comparisons: [Comparison] = []
        var itemFindings: [Int32] = []
        var itemRuns: [Int: Int32] = [:]
        /// Where the run of finding indices of `source`'s choices starts in `itemFindings`.
        func itemRun(_ source: Int) -> Int32 {
            if let start = itemRuns[source] { return start }
            let start = Int32(itemFindings.count)
            var byID: [String: Int] = [:]
            for (i, f) in dialog.taxonomy.findings.enumerated() { byID[f.id] = i }
            for c in dialog.nodes[source].question?.answer.choices ?? [] { itemFindings.append(Int32(byID[c.id] ?? -1)) }
            itemRuns[source] = start
            return start
        }
        var types: [AnswerTypeReference?] = []
        func compile(_ c: Condition) -> Int32 {
            let at = Int32(code.count)
            Program.emit(c, into: &code, comparisons: &comparisons)
            return at
        }
        func addEffects(_ list: [DialogModel.Effect], node: Int, branch: Int) -> (Int32, Int32) {
            let start = Int32(effects.count)
            for (k, e) in list.enumerated() {
                let source = (Int32(node), Int32(branch), Int32(k))
                switch e {
                case .finding(let f): effects.append(Effect(kind: .finding, a: Int32(f), b: 0, source: source))
                case .setFlag(let f, let v): effects.append(Effect(kind: .flag, a: Int32(f), b: v, source: source))
                case .note(let n): effects.append(Effect(kind: .note, a: Int32(n), b: 0, source: source))
                case .setVariable, .verify, .example: effects.append(Effect(kind: .text, a: 0, b: 0, source: source))
                case .findingOfItem:
                    let run = dialog.nodes[node].question?.forEach.map(itemRun) ?? -1
                    effects.append(Effect(kind: .itemFinding, a: run, b: 0, source: source))
                }
            }
            return (start, Int32(list.count))
        }
        for (i, n) in dialog.nodes.enumerated() {
            var p = Node(kind: .question, answerKind: .text, step: n.step, part: Int32(n.part), remaining: Int32(n.remaining),
                         forEach: -1, store: -1, retries: 0, unsureAs: -1, branchStart: Int32(branches.count),
                         branchCount: 0, ruleStart: Int32(rules.count), ruleCount: 0)
            var route: Route?
            switch n.kind {
            case .question(let q):
                p.answerKind = q.answer.kind
                p.forEach = Int32(q.forEach ?? -1)
                p.store = Int32(q.store ?? -1)
                p.retries = Int32(q.retries)
                p.unsureAs = Int32(q.unsureAs ?? -1)
                for (b, branch) in q.branches.enumerated() {
                    let (start, count) = addEffects(branch.effects, node: i, branch: b)
                    branches.append(Branch(condition: compile(branch.condition), effectStart: start, effectCount: count,
                                           target: Int32(branch.target ?? -1)))
                }
                p.branchCount = Int32(q.branches.count)
                route = q.next
                types.append(AnswerTypeReference(type: q.answer))
            case .say(_, let r):
                p.kind = .say
                route = r
                types.append(nil)
            case .decide(let list):
                p.kind = .decide
                for (b, branch) in list.enumerated() {
                    let (start, count) = addEffects(branch.effects, node: i, branch: b)
                    branches.append(Branch(condition: compile(branch.condition), effectStart: start, effectCount: count,
                                           target: Int32(branch.target ?? -1)))
                }
                p.branchCount = Int32(list.count)
                types.append(nil)
            case .end:
                p.kind = .end
                types.append(nil)
            }
            for rule in route?.rules ?? [] {
                rules.append(Rule(condition: compile(rule.condition), target: Int32(rule.target)))
            }
            p.ruleCount = Int32(route?.rules.count ?? 0)
            nodes.append(p)
        }
        styles = dialog.parts.map { part in
            [part.style.skillLow, part.style.skillHigh, part.style.willLow, part.style.willHigh].map { $0.map(compile) ?? -1 }
        }
        self.nodes = Program.copy(nodes)
        self.branches = Program.copy(branches)
        self.rules = Program.copy(rules)
        self.effects = Program.copy(effects)
        self.code = Program.copy(code)
        self.comparisons = Program.copy(comparisons)
        self.itemFindings = Program.copy(itemFindings)
        self.answerTypes = Program.copy(types)
    }

    deinit {
        nodes.deallocate()
        branches.deallocate()
        rules.deallocate()
        effects.deallocate()
        code.deallocate()
        comparisons.deallocate()
        itemFindings.deallocate()
        answerTypes.deallocate()
    }

    /// A node's record, by pointer: reading a field loads just that field.
    @inline(__always)
    func node(_ i: Int) -> UnsafePointer<Node> { UnsafePointer(nodes.baseAddress! + i) }

    static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
        _ = buffer.initialize(from: array)
        return buffer
    }

    // MARK: Conditions as bytecode

    /// An instruction's operation; every instruction is `[op, length, operands...]`, length counting the whole
    /// instruction and its children.
    enum Op: Int64 {
        /// True: `[always, 2]`.
        case always
        /// The negation of the one child: `[not, length, child]`.
        case not
        /// True when every child is: `[all, length, children...]`.
        case all
        /// True when some child is: `[any, length, children...]`.
        case any
        /// The subject's answer is one of the choices: `[choice, 5, subject kind, index, choice bits]`.
        case choice
        /// The subject's number compares with a constant:
        /// `[compare, 6, subject kind, index, comparison (index into comparisons), constant (bit pattern)]`.
        case compare
        /// A flag's value is allowed: `[flag, 4, flag, mask of value + 1]`.
        case flag
        /// The subject has a value: `[isSet, 4, subject kind, index]`.
        case isSet
        /// Some finding in the set was recorded: `[found, 4, low bits, high bits]`.
        case found
        /// Some number of the left subject compares with the latest number of the right one:
        /// `[compareNodes, 7, left kind, left index, comparison (index into comparisons), right kind, right index]`.
        case compareNodes
    }

    /// Where an instruction's subject comes from (the operand after the length, followed by its index).
    enum SubjectKind: Int64 {
        /// The answer being applied (index unused).
        case answer
        /// The answers given at a node, by node index.
        case node
        /// A variable, by variable index.
        case variable
    }

    /// A subject's two operands: its kind and its index.
    static func subject(_ s: Condition.Subject) -> (Int64, Int64) {
        switch s {
        case .answer: (SubjectKind.answer.rawValue, 0)
        case .node(let n): (SubjectKind.node.rawValue, Int64(n))
        case .variable(let v): (SubjectKind.variable.rawValue, Int64(v))
        }
    }

    static func emit(_ c: Condition, into code: inout [Int64], comparisons: inout [Comparison]) {
        let start = code.count
        switch c {
        case .always: code += [Op.always.rawValue, 0]
        case .not(let a):
            code += [Op.not.rawValue, 0]
            emit(a, into: &code, comparisons: &comparisons)
        case .all(let cs), .any(let cs):
            code += [(c.isAll ? Op.all : Op.any).rawValue, 0]
            for c in cs { emit(c, into: &code, comparisons: &comparisons) }
        case .choice(let s, let set):
            let (kind, index) = subject(s)
            code += [Op.choice.rawValue, 0, kind, index, Int64(bitPattern: set.bits)]
        case .compare(let s, let op, let k):
            let (kind, index) = subject(s)
            code += [Op.compare.rawValue, 0, kind, index, Int64(comparisons.count), Int64(bitPattern: k.bitPattern)]
            comparisons.append(op)
        case .flag(let f, let allowed):
            var mask: Int64 = 0
            for v in allowed { mask |= 1 << Int64(v + 1) }
            code += [Op.flag.rawValue, 0, Int64(f), mask]
        case .isSet(let s):
            let (kind, index) = subject(s)
            code += [Op.isSet.rawValue, 0, kind, index]
        case .found(let set):
            code += [Op.found.rawValue, 0, Int64(bitPattern: set.low), Int64(bitPattern: set.high)]
        case .compareNodes(let a, let op, let b):
            let (kind, index) = subject(a)
            let (otherKind, otherIndex) = subject(b)
            code += [Op.compareNodes.rawValue, 0, kind, index, Int64(comparisons.count), otherKind, otherIndex]
            comparisons.append(op)
        }
        code[start + 1] = Int64(code.count - start)
    }

    /// Evaluates the condition at `pc` against the session and the answer being applied.
    func holds(_ pc: Int, _ s: borrowing Session, _ answer: Value) -> Bool {
        let code = self.code
        switch Op(rawValue: code[pc])! {
        case .always: return true
        case .not: return !holds(pc + 2, s, answer)
        case .all:
            var child = pc + 2
            let end = pc + Int(code[pc + 1])
            while child < end {
                if !holds(child, s, answer) { return false }
                child += Int(code[child + 1])
            }
            return true
        case .any:
            var child = pc + 2
            let end = pc + Int(code[pc + 1])
            while child < end {
                if holds(child, s, answer) { return true }
                child += Int(code[child + 1])
            }
            return false
        case .choice:
            let bits = UInt64(bitPattern: code[pc + 4])
            return some(code[pc + 2], Int(code[pc + 3]), s, answer) { v in
                switch v {
                case .choice(let i): return bits & (1 << UInt64(i)) != 0
                case .choices(let chosen): return chosen.bits & bits != 0
                default: return false
                }
            }
        case .compare:
            let comparison = comparisons[Int(code[pc + 4])]
            let k = Double(bitPattern: UInt64(bitPattern: code[pc + 5]))
            return some(code[pc + 2], Int(code[pc + 3]), s, answer) { v in
                guard case .number(let x) = v else { return false }
                return comparison.holds(x, k)
            }
        case .flag:
            return code[pc + 3] & (1 << Int64(s.flags[Int(code[pc + 2])] + 1)) != 0
        case .isSet:
            if code[pc + 2] == SubjectKind.variable.rawValue { return s.variables[Int(code[pc + 3])] != nil }
            return some(code[pc + 2], Int(code[pc + 3]), s, answer) { $0 != .none }
        case .found:
            return s.findings.low & UInt64(bitPattern: code[pc + 2]) != 0 || s.findings.high & UInt64(bitPattern: code[pc + 3]) != 0
        case .compareNodes:
            guard let k = latestNumber(code[pc + 5], Int(code[pc + 6]), s, answer) else { return false }
            let comparison = comparisons[Int(code[pc + 4])]
            return some(code[pc + 2], Int(code[pc + 3]), s, answer) { v in
                guard case .number(let x) = v else { return false }
                return comparison.holds(x, k)
            }
        }
    }

    /// The subject's latest value when it is a number: the answer being applied, or the last answer given at a node.
    private func latestNumber(_ kind: Int64, _ index: Int, _ s: borrowing Session, _ answer: Value) -> Double? {
        let value: Value
        switch SubjectKind(rawValue: kind)! {
        case .answer: value = answer
        case .node:
            guard let a = s.answers.last(where: { $0.node == index }) else { return nil }
            value = a.value
        case .variable: return nil
        }
        if case .number(let x) = value { return x }
        return nil
    }

    /// True when some value of the subject passes the test (a `forEach` node has one answer per item).
    @inline(__always)
    private func some(_ kind: Int64, _ index: Int, _ s: borrowing Session, _ answer: Value, _ test: (Value) -> Bool) -> Bool {
        switch SubjectKind(rawValue: kind)! {
        case .answer: return test(answer)
        case .node:
            for a in s.answers where a.node == index && test(a.value) { return true }
            return false
        case .variable:
            guard let text = s.variables[index] else { return false }
            return test(.text(text))
        }
    }
}

/// A question's answer type, held without a reference count: the dialog keeps every answer type alive as long as
/// the engine, so the hot path reads it without retaining it.
struct AnswerTypeReference {
    unowned(unsafe) let type: AnswerType
}

extension Condition {
    var isAll: Bool {
        if case .all = self { return true }
        return false
    }
}
