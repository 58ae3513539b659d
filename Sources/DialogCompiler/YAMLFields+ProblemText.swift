import DialogModel
import Yams

/// A per-problem value as authored: the value and where it was written.
struct ProblemTextDecl<Value: Hashable & Sendable> {
    let value: ProblemText<Value>
    let location: SourceLocation
    /// Where each problem's value (and the default, under "default") was written.
    let locations: [String: SourceLocation]
}

extension YAMLFields {
    /// A text written once for every problem (`text`), or per problem (`{default: ..., OTT: ..., FCA: ...}`).
    func problemText(_ key: String, required: Bool = false) -> ProblemTextDecl<String>? {
        problemValue(key, required: required) { node, what in scalar(node, what)?.value }
    }

    /// A list of texts written once (`[a, b]`), or per problem (`{ICP: [a, b], FCA: [c]}`).
    func problemTexts(_ key: String, required: Bool = false) -> ProblemTextDecl<[String]>? {
        problemValue(key, required: required) { node, what in
            YAMLFields.strings(node, what, file: file, sink: sink, context: context).map(\.value)
        }
    }

    private func problemValue<V>(_ key: String, required: Bool, _ read: (Yams.Node, String) -> V?) -> ProblemTextDecl<V>? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        let at = YAMLFields.location(node, file)
        guard let mapping = node.mapping else {
            return read(node, key).map { ProblemTextDecl(value: ProblemText($0), location: at, locations: ["default": at]) }
        }
        var fallback: V?
        var byProblem: [String: V] = [:]
        var locations: [String: SourceLocation] = [:]
        for (k, v) in mapping {
            let problem = k.scalar?.string ?? ""
            let keyAt = YAMLFields.location(k, file)
            guard problem == "default" || Self.isProblemCode(problem) else {
                sink.report(.notAProblemKey, keyAt, problem, key, context)
                continue
            }
            guard let x = read(v, "\(key).\(problem)") else { continue }
            locations[problem] = keyAt
            if problem == "default" { fallback = x } else { byProblem[problem] = x }
        }
        return ProblemTextDecl(value: ProblemText(fallback: fallback, byProblem: byProblem), location: at, locations: locations)
    }

    /// A problem code: two to eight capital letters (`OTT`, `ICP`, `FCA`).
    static func isProblemCode(_ s: String) -> Bool {
        (2...8).contains(s.utf8.count) && s.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }
}
