public import DialogModel

/// One problem found in the authored files: where, how bad, and which code.
public struct Diagnostic: Hashable, Sendable, Comparable {
    /// How bad a problem is.
    public enum Severity: String, Hashable, Sendable {
        /// The dialog cannot run.
        case error
        /// The dialog runs, but something is likely wrong.
        case warning
    }

    public let code: DiagnosticCode
    public let severity: Severity
    public let location: SourceLocation
    public let message: String
    /// A did-you-mean or how-to-fix hint, rendered after the message.
    public let hint: String?

    public init(_ code: DiagnosticCode, at location: SourceLocation, _ message: String, hint: String? = nil,
                severity: Severity = .error) {
        self.code = code
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message; hint [DC0001]`, one line.
    public var rendered: String {
        let hintText = hint.map { "; \($0)" } ?? ""
        return "\(location): \(severity.rawValue): \(message)\(hintText) [\(code.rawValue)]"
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.code.rawValue, a.message) < (b.location, b.code.rawValue, b.message)
    }
}

/// Collects diagnostics during one compilation.
final class DiagnosticSink {
    private(set) var all: Set<Diagnostic> = []

    /// Records the descriptor's diagnostic at `location`, its template filled with `arguments`.
    func report(_ descriptor: DiagnosticDescriptor, _ location: SourceLocation, _ arguments: any CustomStringConvertible...,
                hint: String? = nil) {
        all.insert(Diagnostic(descriptor.code, at: location, descriptor.message(arguments), hint: hint,
                              severity: descriptor.severity))
    }

    var hasErrors: Bool { all.contains { $0.severity == .error } }

    func merge(_ other: DiagnosticSink) { all.formUnion(other.all) }
}

/// Did-you-mean suggestions by edit distance.
enum Suggest {
    static func didYouMean(_ name: String, among candidates: some Collection<String>) -> String? {
        closest(name, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// "the choices are 'a', 'b', 'c'", for when nothing is close.
    static func oneOf(_ candidates: [String]) -> String? {
        candidates.isEmpty || candidates.count > 12 ? nil : "the choices are " + candidates.map { "'\($0)'" }.joined(separator: ", ")
    }

    static func closest(_ name: String, among candidates: some Collection<String>) -> String? {
        let prefixed = candidates.filter { $0 != name && $0.lowercased().hasPrefix(name.lowercased()) }
        if prefixed.count == 1, name.count >= 2 { return prefixed[0] }
        let limit = max(2, name.count / 3)
        var best: (String, Int)?
        let lower = Array(name.lowercased())
        for c in candidates where c != name {
            let d = distance(lower, Array(c.lowercased()))
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
