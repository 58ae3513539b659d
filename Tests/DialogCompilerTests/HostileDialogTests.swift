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
        let sources = hostile.sources()
        var result: CompilationResult?
        let elapsed = clock.measure { result = Compiler.compile(sources) }
        let diagnostics = result?.diagnostics ?? []
        #expect(diagnostics.contains { $0.code.rawValue == hostile.code }, "\(diagnostics.map(\.rendered))")
        #expect(result?.hasErrors == true)
        // The bounds are checked before YAML sees the file: a refused file costs a scan of its text.
        #expect(elapsed < (["DC0034", "DC0035", "DC0036"].contains(hostile.code) ? .seconds(3) : .seconds(60)))
    }

    @Test func invalidUTF8IsReportedAtItsLine() {
        let hostile = HostileCorpus.all(chainLength: 1).first { $0.code == "DC0033" }!
        let diagnostic = Compiler.compile(hostile.sources()).diagnostics.first { $0.code == .invalidUTF8 }
        #expect(diagnostic?.location == SourceLocation(file: "hostile/dialog.yaml", line: 12, column: 1))
    }

    @Test func theFirstInvalidLineIsFound() {
        #expect(SourceFile.firstInvalidLine(Array("a\nb\n".utf8)) == nil)
        #expect(SourceFile.firstInvalidLine(Array("a\nb\n".utf8) + [0xFF]) == 3)
        #expect(SourceFile.firstInvalidLine(Array("é\n".utf8)) == nil)
    }

    @Test func theBillionLaughsIsRefusedAtItsSeventeenthAlias() {
        let diagnostic = Compiler.compile(HostileCorpus.aliasBomb.sources()).diagnostics.first { $0.code == .aliasBound }
        #expect(diagnostic?.location == SourceLocation(file: "hostile/dialog.yaml", line: 16, column: 42))
    }

    @Test func theScanCountsNestingAndAliasesOutsideQuotesAndComments() {
        let bounds = SourceBounds(depth: 3, aliases: 1)
        #expect(bounds.scan("a:\n  b:\n    c: [x]\n") == .tooDeep(line: 3, column: 8))
        #expect(bounds.scan("a:\n  b: \"[[[[ *x *y\"\n  c: '{{{{' # [[[[ *z\n") == nil)
        #expect(bounds.scan("say: Note: a * b, [sic] and *bold* text\n") == nil)
        #expect(bounds.scan("a: &x 1\nb: *x\nc: *x\n") == .tooManyAliases(line: 3, column: 4))
        #expect(bounds.scan("a: &x 1\n*x : 2\n") == .aliasKey(line: 2, column: 1))
        #expect(bounds.scan("a: &x 1\nb: {*x: 2}\n") == .aliasKey(line: 2, column: 5))
        #expect(bounds.scan("- - - x\n") == .tooDeep(line: 1, column: 7))
        // A bracket or a quote inside a plain scalar is text: it neither closes a flow that was never opened (which
        // would let the next collection nest one level deeper unseen) nor opens a quote that hides what follows.
        #expect(bounds.scan("a: x] y\nb: [[[x]]]\n") == .tooDeep(line: 2, column: 6))
        #expect(bounds.scan("a: x} y\nb: [[[x]]]\n") == .tooDeep(line: 2, column: 6))
        #expect(bounds.scan("a: a 6\" screen\nb: [[[x]]]\n") == .tooDeep(line: 2, column: 6))
    }

    @Test func aFileAtTheSizeBoundCompilesAndOneByteMoreIsRefused() {
        let text = "kind: fragment\n"
        let bounds = SourceBounds(fileBytes: text.utf8.count)
        #expect(!Compiler.compile([SourceFile(path: "f.yaml", text: text)], bounds: bounds).diagnostics.contains { $0.code == .fileTooLarge })
        let over = Compiler.compile([SourceFile(path: "f.yaml", text: text + " ")], bounds: bounds).diagnostics
        #expect(over.contains { $0.code == .fileTooLarge })
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
