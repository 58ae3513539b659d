public import DialogModel

/// One message the compiler reports, defined once: its code, its message template and its default severity.
///
/// A template names its arguments by position, `{0}`, `{1}`, ...; any other text, braces included, is literal.
/// The descriptors are in `DiagnosticDescriptor+Catalog.swift`, in code order (as Yarn Spinner's `DiagnosticDescriptor`).
public struct DiagnosticDescriptor: Hashable, Sendable {
    public let code: DiagnosticCode
    public let severity: Diagnostic.Severity
    public let template: String

    init(_ code: DiagnosticCode, _ template: String, severity: Diagnostic.Severity = .error) {
        self.code = code
        self.template = template
        self.severity = severity
    }

    /// The template with each `{n}` replaced by the description of argument `n`.
    public func message(_ arguments: [any CustomStringConvertible]) -> String {
        var out = ""
        var i = template.startIndex
        while i < template.endIndex {
            if template[i] == "{", let close = template[i...].firstIndex(of: "}") {
                let digits = template[template.index(after: i)..<close]
                if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n < arguments.count {
                    out += arguments[n].description
                    i = template.index(after: close)
                    continue
                }
            }
            out.append(template[i])
            i = template.index(after: i)
        }
        return out
    }

    /// The diagnostic at `location` with these arguments.
    public func make(at location: SourceLocation, _ arguments: any CustomStringConvertible..., hint: String? = nil) -> Diagnostic {
        Diagnostic(code, at: location, message(arguments), hint: hint, severity: severity)
    }
}
