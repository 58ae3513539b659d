import CoachCLI
import DialogCompiler
import DialogTesting
import Foundation
import Testing

/// Every diagnostic code has a fixture that triggers it; each fixture's `coach check` output is pinned in a
/// `.expected` file beside it (re-record with `RECORD_FIXTURES=1 swift test`).
@Suite struct DiagnosticFixtureTests {
    static let base = Repository.path("Tests/DialogCompilerTests")
    static let dir = base + "/Fixtures"

    /// Fixture files and directories, by name (shared context files excluded).
    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { name in
            if name.hasSuffix(".expected") || name == "taxonomy.yaml" || name.hasPrefix("fragment-") { return false }
            return name.hasSuffix(".yaml") || !name.contains(".")
        }.sorted()
    }()

    /// The bounds a fixture is checked against: the standard ones, but for DC0036, whose fixture would otherwise need
    /// to be 4 MiB, a bound of 4,096 bytes (above the size of its taxonomy).
    static func bounds(_ name: String) -> SourceBounds {
        name.hasPrefix("DC0036-") ? SourceBounds(fileBytes: 4_096) : .standard
    }

    /// What `coach check Fixtures/<name>` prints, with paths as seen from `Tests/DialogCompilerTests`.
    static func output(_ name: String) throws -> String {
        let diagnostics = try CheckRunner.diagnostics([dir + "/" + name], bounds: bounds(name))
        return CheckRunner.render(diagnostics, format: .text).replacingOccurrences(of: base + "/", with: "")
    }

    @Test(arguments: DiagnosticCode.allCases)
    func everyCodeHasAFixtureThatTriggersIt(_ code: DiagnosticCode) throws {
        let fixture = try #require(Self.fixtures.first { $0.hasPrefix(code.rawValue + "-") }, "no fixture for \(code.rawValue)")
        #expect(try Self.output(fixture).contains("[\(code.rawValue)]"), "\(fixture) does not trigger \(code.rawValue)")
    }

    @Test(arguments: fixtures)
    func fixtureOutputMatchesItsExpectedFile(_ name: String) throws {
        let actual = try Self.output(name)
        let stem = name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
        let expectedPath = Self.dir + "/" + stem + ".expected"
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] != nil {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            Issue.record("Recorded a new baseline for \(name)")
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test func aDialogWithSeveralMistakesGetsOneLinePerMistake() throws {
        let lines = try Self.output("several-mistakes.yaml").split(separator: "\n")
        #expect(lines.count >= 5)
        let codes = Set(lines.compactMap { $0.split(separator: "[").last })
        #expect(codes.count >= 5)
        for line in lines { #expect(line.hasPrefix("Fixtures/several-mistakes.yaml:")) }
    }

    @Test func everyCodeIsDocumented() throws {
        let doc = try String(contentsOfFile: Repository.path("docs/diagnostics.md"), encoding: .utf8)
        for code in DiagnosticCode.allCases { #expect(doc.contains("## \(code.rawValue) \(code.title)"), "\(code.rawValue) undocumented") }
    }
}
