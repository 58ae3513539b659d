import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// Together, the scripts must visit every node, choose every choice and take every branch and route of every dialog.
@Suite struct CoverageTests {
    struct Reach {
        var nodes = Set<Int>()
        var choices = Set<[Int]>()
        var branches = Set<[Int]>()
        var routes = Set<[Int]>()
    }

    static func reach(_ dialogID: String) -> Reach {
        var r = Reach()
        let dialog = Repository.dialog(dialogID)
        for script in Script.all where script.dialog == dialogID {
            var c = Conversation(dialog)
            for (_, text) in script.answers where c.asking != nil { c.answer(text) }
            for a in c.session.answers {
                r.nodes.insert(a.node)
                switch a.value {
                case .choice(let i): r.choices.insert([a.node, i])
                case .choices(let set): for i in set { r.choices.insert([a.node, i]) }
                default: break
                }
                if let b = a.branch { r.branches.insert([a.node, b]) }
                if let route = a.route { r.routes.insert([a.node, route]) }
            }
            for p in c.session.passed {
                r.nodes.insert(p.node)
                if let rule = p.rule { r.routes.insert([p.node, rule]) }
            }
        }
        return r
    }

    /// What all dialogs reach together, keyed by source place: a fragment's branch counts once for all its includes.
    static let shared: Set<String> = {
        var keys = Set<String>()
        for id in Script.dialogs {
            let dialog = Repository.dialog(id)
            for key in Self.keys(dialog, reach(id)) { keys.insert(key) }
        }
        return keys
    }()

    static func keys(_ dialog: Dialog, _ r: Reach) -> [String] {
        var out: [String] = []
        for (i, node) in dialog.nodes.enumerated() {
            let at = "\(node.location)"
            if r.nodes.contains(i) { out.append(at) }
            if case .question(let q) = node.kind {
                for ci in q.answer.choices.indices where r.choices.contains([i, ci]) { out.append("\(at)#\(ci)") }
                for (bi, b) in q.branches.enumerated() where r.branches.contains([i, bi]) { out.append("\(b.location)") }
            }
        }
        return out
    }

    @Test(arguments: ["off-track", "icp-reluctance", "forecast-accuracy", "coach"])
    func scriptsExerciseEveryNodeChoiceAndBranch(_ id: String) {
        let dialog = Repository.dialog(id)
        let r = Self.reach(id)
        var missing: [String] = []
        let own = dialog.sources.filter { !$0.contains("fragments/") }
        func inFragment(_ loc: DialogModel.SourceLocation) -> Bool { !own.contains(loc.file) && loc.file.contains("fragments/") }
        for (i, node) in dialog.nodes.enumerated() {
            if id == "coach" && node.part != 0 {
                continue
            }
            let at = "\(node.location.file):\(node.location.line)"
            if !r.nodes.contains(i) { missing.append("\(at): node \(node.id) never visited") }
            switch node.kind {
            case .question(let q):
                if q.answer.hasChoices {
                    for (ci, choice) in q.answer.choices.enumerated() where !r.choices.contains([i, ci]) {
                        missing.append("\(at): \(node.id) never answered '\(choice.id)'")
                    }
                }
                for (bi, b) in q.branches.enumerated() where !r.branches.contains([i, bi])
                    && !(inFragment(b.location) && Self.shared.contains("\(b.location)")) {
                    missing.append("\(b.location.file):\(b.location.line): branch '\(b.when ?? "else")' of \(node.id) never taken")
                }
                if let next = q.next, next.rules.count > 1 {
                    for (ri, rule) in next.rules.enumerated() where !r.routes.contains([i, ri]) {
                        missing.append("\(rule.location.file):\(rule.location.line): route '\(rule.when ?? "else")' of \(node.id) never taken")
                    }
                }
            case .decide(let rules):
                for (ri, rule) in rules.enumerated() where !r.routes.contains([i, ri]) {
                    missing.append("\(rule.location.file):\(rule.location.line): rule '\(rule.when ?? "else")' of \(node.id) never taken")
                }
            case .say(_, let route):
                for (ri, rule) in route.rules.enumerated() where route.rules.count > 1 && !r.routes.contains([i, ri]) {
                    missing.append("\(rule.location.file):\(rule.location.line): route '\(rule.when ?? "else")' of \(node.id) never taken")
                }
            case .end: break
            }
        }
        if id == "coach" {
            for (pi, part) in dialog.parts.enumerated() where pi > 0 {
                if !r.nodes.contains(where: { dialog.nodes[$0].part == pi }) { missing.append("dialog \(part.id) never entered") }
            }
        }
        #expect(missing.isEmpty, "\(id): \(missing.count) gaps:\n\(missing.joined(separator: "\n"))")
    }
}
