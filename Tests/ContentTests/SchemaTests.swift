import DialogTesting
import Foundation
import Testing

/// The JSON Schema beside the dialogs accepts every shipped dialog and rejects a file with an unknown key.
@Suite struct SchemaTests {
    static func validate(_ files: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Repository.path("scripts/validate-dialogs.py")] + files
        p.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func everyShippedDialogMatchesTheSchema() throws {
        let (status, output) = try Self.validate([])
        #expect(status == 0, "\(output)")
        #expect(output == "")
    }

    @Test func theSchemaRejectsAnUnknownKey() throws {
        let (status, output) = try Self.validate([Repository.path("Tests/SchemaFixtures/invalid-unknown-key.yaml")])
        #expect(status == 1)
        #expect(output.contains("'askk' was unexpected"))
    }

    @Test func theSchemaAcceptsTheFollowUpForms() throws {
        let (status, output) = try Self.validate([Repository.path("Tests/SchemaFixtures/valid-follow-up.yaml")])
        #expect(status == 0, "\(output)")
    }

    @Test func theSchemaAcceptsAMinimalDialog() throws {
        let (status, output) = try Self.validate([Repository.path("Tests/SchemaFixtures/valid-minimal.yaml")])
        #expect(status == 0, "\(output)")
    }
}
