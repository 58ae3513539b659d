import DialogTesting
import Foundation
import Yams

/// A scripted conversation from `Tests/ContentTests/Scripts/<dialog>.yaml`: answers in the order asked, and
/// what the plan must hold at the end.
struct Script: CustomStringConvertible, Sendable {
    let dialog: String
    let name: String
    /// (node id or its short form after the dialog prefix, typed text)
    let answers: [(node: String, text: String)]
    let findings: [String]
    /// The expected lead finding when it is not the first finding: a decision (hold the goal, develop rather than
    /// redeploy) drops the actions of the findings its other option keeps, while the findings stay recorded.
    let lead: String?
    /// The expected coaching style (`direct`, `guide`, `excite`, `delegate`, `verifyFirst`, or `none` for a plan
    /// without one); not checked when absent.
    let style: String?
    let flags: [String: String]
    let notes: [String]?
    let verify: [String]?

    var description: String { "\(dialog): \(name)" }

    static func load(_ dialog: String) -> [Script] {
        let path = Repository.path("Tests/ContentTests/Scripts/\(dialog).yaml")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let root = try? Yams.compose(yaml: text), let list = root.mapping?["conversations"]?.sequence else { return [] }
        return list.compactMap { item -> Script? in
            guard let m = item.mapping, let name = m["name"]?.scalar?.string else { return nil }
            let answers: [(String, String)] = (m["answers"]?.sequence ?? []).compactMap { a in
                guard let s = a.scalar?.string, let eq = s.firstIndex(of: "=") else { return nil }
                return (String(s[..<eq]), String(s[s.index(after: eq)...]))
            }
            var flags: [String: String] = [:]
            for (k, v) in m["flags"]?.mapping ?? [:] { flags[k.scalar?.string ?? ""] = v.scalar?.string ?? "" }
            return Script(dialog: dialog, name: name, answers: answers,
                          findings: (m["findings"]?.sequence ?? []).compactMap { $0.scalar?.string },
                          lead: m["lead"]?.scalar?.string, style: m["style"]?.scalar?.string,
                          flags: flags, notes: m["notes"]?.sequence.map { $0.compactMap { $0.scalar?.string } },
                          verify: m["verify"]?.sequence.map { $0.compactMap { $0.scalar?.string } })
        }
    }

    static let dialogs = ["coach", "off-track", "icp-reluctance", "forecast-accuracy"]
    static let all: [Script] = dialogs.flatMap(load)
}

extension String {
    /// True when this node id is `short` or ends with `.short`.
    func isNode(_ short: String) -> Bool { self == short || hasSuffix("." + short) }
}
