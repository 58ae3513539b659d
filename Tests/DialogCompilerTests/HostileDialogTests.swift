import DialogCompiler
import DialogModel
import DialogTesting
import Foundation
import Testing

/// Hostile dialogs compiled in memory: each gives its diagnostic, in bounded time, without a crash (issue 8).
@Suite(.timeLimit(.minutes(2))) struct HostileDialogTests {
    @Test(arguments: HostileCorpus.all(chainLength: 50_000))
    func aHostileDialogGivesItsDiagnostic(_ hostile: HostileCorpus.Case) {
        let clock = ContinuousClock()
        var result: CompilationResult?
        let elapsed = clock.measure { result = Compiler.compile(hostile.sources()) }
        let diagnostics = result?.diagnostics ?? []
        #expect(diagnostics.contains { $0.code.rawValue == hostile.code }, "\(diagnostics.map(\.rendered))")
        #expect(result?.hasErrors == true)
        #expect(elapsed < .seconds(60))
    }

    @Test func invalidUTF8IsReportedAtItsLine() {
        let hostile = HostileCorpus.all(chainLength: 1).last!
        let diagnostic = Compiler.compile(hostile.sources()).diagnostics.first { $0.code == .invalidUTF8 }
        #expect(diagnostic?.location == SourceLocation(file: "hostile/dialog.yaml", line: 12, column: 1))
    }

    @Test func theFirstInvalidLineIsFound() {
        #expect(SourceFile.firstInvalidLine(Array("a\nb\n".utf8)) == nil)
        #expect(SourceFile.firstInvalidLine(Array("a\nb\n".utf8) + [0xFF]) == 3)
        #expect(SourceFile.firstInvalidLine(Array("é\n".utf8)) == nil)
    }

    @Test func aConditionNestedPastTheBoundIsASyntaxError() {
        let deep = String(repeating: "(", count: 10_000) + "answer" + String(repeating: ")", count: 10_000)
        let text = """
            kind: dialog
            id: deep
            title: Deep
            problem: OTT
            statement: A rep is not on track to hit target.
            subject: rep
            start: q
            nodes:
              - id: q
                step: goals
                ask: Is the goal realistic?
                answer: yesNo
                branches:
                  - when: "\(deep)"
                  - else:
                next: e
              - id: e
                end: Done.
            """
        let taxonomy = SourceFile(path: "t.yaml", text: String(decoding: HostileCorpus.all(chainLength: 1)[0].files[0].bytes, as: UTF8.self))
        let result = Compiler.compile([taxonomy, SourceFile(path: "deep.yaml", text: text)])
        #expect(result.diagnostics.contains { $0.code == .conditionSyntax })
    }
}
