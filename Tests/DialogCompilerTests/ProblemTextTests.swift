import DialogCompiler
import DialogModel
import DialogTesting
import Foundation
import Testing

/// DC0037 for a dialog that names no problem: every text its plan can use needs a `default`, since no problem's own
/// text fits it (else it would borrow, say, the forecast wording).
@Suite struct ProblemTextTests {
    static let fixture = Repository.path("Tests/DialogCompilerTests/Fixtures/DC0037-text-missing-for-a-problem")

    static func compile(dialogWithoutProblem: Bool) throws -> CompilationResult {
        var dialog = try String(contentsOfFile: fixture + "/dialog.yaml", encoding: .utf8)
        if dialogWithoutProblem { dialog = dialog.replacingOccurrences(of: "problem: OTT\n", with: "") }
        let taxonomy = try String(contentsOfFile: fixture + "/taxonomy.yaml", encoding: .utf8)
        return Compiler.compile([SourceFile(path: "d/dialog.yaml", text: dialog), SourceFile(path: "d/taxonomy.yaml", text: taxonomy)])
    }

    @Test func aDialogWithoutAProblemNeedsDefaultTexts() throws {
        let result = try Self.compile(dialogWithoutProblem: true)
        let messages = result.errors.map(\.rendered)
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.allSatisfy { $0.contains("has no 'default:' text, which dialog 'dc0037-text-missing' needs") })
    }

    @Test func withAProblemTheProblemsOwnTextIsAskedFor() throws {
        let messages = try Self.compile(dialogWithoutProblem: false).errors.map(\.rendered)
        #expect(messages.first?.contains("has no text for problem OTT") == true, "\(messages)")
    }
}
