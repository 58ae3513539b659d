@testable import DialogCompiler
import DialogModel
import Testing

/// A descriptor's template fills `{n}` with argument `n` and leaves every other brace as it is.
@Suite struct DiagnosticDescriptorTests {
    @Test func aTemplateFillsItsArgumentsByPosition() {
        #expect(DiagnosticDescriptor.duplicateChoiceID.message(["yes", "Q1"]) == "duplicate choice id 'yes' in 'Q1'")
        #expect(DiagnosticDescriptor.scaleAnchors.message([1, 5, 5, 3]) == "a 1-5 scale needs 5 anchors, one per point; it has 3")
    }

    @Test func bracesThatAreNotArgumentsStayLiteral() {
        #expect(DiagnosticDescriptor.mayBeUnset.message(["goal", "N2"])
                == "'{goal}' may be unset here: some path reaches 'N2' without setting it")
        #expect(DiagnosticDescriptor.unclosedBrace.message([]) == "'{' has no closing '}'; write '{{' for a literal brace")
    }

    @Test func aDiagnosticTakesItsCodeAndSeverityFromTheDescriptor() {
        let at = SourceLocation(file: "d.yaml", line: 3, column: 5)
        let d = DiagnosticDescriptor.unreachableBranch.make(at: at, "Q1")
        #expect(d.code == .unreachableBranch && d.severity == .warning)
        #expect(d.rendered == "d.yaml:3:5: warning: this rule of 'Q1' can never match: the rules before it catch every answer it could [DC0020]")
    }
}
