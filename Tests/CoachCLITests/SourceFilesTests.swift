@testable import CoachCLI
import Testing

/// Telling authored YAML from other YAML in a dialogs directory, on bytes, as the character comparison did.
@Suite struct SourceFilesTests {
    /// The definition on characters that the byte scan must agree with.
    static func byCharacters(_ text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: true).contains { line in SourceFiles.authoredKeys.contains { line.hasPrefix($0) } }
    }

    @Test(arguments: [
        "kind: dialog\n", "# c\nnodes:\n  - id: a\n", "services:\n  db: {image: postgres}\n", "", "\n\n", "x: 1\nfindings: []",
        "  kind: indented\n", "a: 1\r\nkind: dialog\r\n", "kind: dialog\r\n", "kind:\u{301} combined\n", "x\nkind:\u{301}\nstart: a",
        "kindness: 1\n", "exits:", "é: 1\nfamilies:\n", "\u{FEFF}kind: dialog\n",
    ])
    func theByteScanAgreesWithTheCharacterDefinition(_ text: String) {
        #expect(SourceFiles.isAuthored(text) == Self.byCharacters(text))
    }
}
