@testable import CoachCLI
import DialogModel
import Foundation
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

/// Finding the YAML files of a dialogs directory with `readdir`, as `FileManager`'s enumerator found them.
@Suite struct SourceFilesWalkTests {
    /// The enumerator-based walk that `yamlNames(under:)` replaced.
    static func byEnumerator(_ path: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        var names: [String] = []
        while let name = e.nextObject() as? String {
            let last = Path.lastComponent(name)
            if last.hasPrefix(".") || SourceFiles.skippedDirectories.contains(last) {
                if e.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { e.skipDescendants() }
                continue
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(name) }
        }
        return names.sorted()
    }

    @Test func theWalkFindsWhatTheEnumeratorFound() throws {
        let root = NSTemporaryDirectory() + "coach-walk-" + UUID().uuidString
        let fm = FileManager.default
        for dir in ["a/b", ".git/x", "build", "node_modules/m", "c.yaml", "d/.hidden", "e"] {
            try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        for file in ["top.yaml", "a/one.yml", "a/b/two.yaml", "a/b/notes.txt", ".git/x/h.yaml", "build/b.yaml", "node_modules/m/n.yaml",
                     ".dot.yaml", "d/.hidden/k.yaml", "d/ok.yaml", "e/f.yaml.bak"] {
            fm.createFile(atPath: root + "/" + file, contents: Data("kind: dialog\n".utf8))
        }
        try fm.createSymbolicLink(atPath: root + "/linked", withDestinationPath: root + "/a")
        try fm.createSymbolicLink(atPath: root + "/link.yaml", withDestinationPath: root + "/top.yaml")
        defer { try? fm.removeItem(atPath: root) }

        let walked = try #require(SourceFiles.yamlNames(under: root)).sorted()
        #expect(walked == Self.byEnumerator(root))
        #expect(walked.contains("a/b/two.yaml") && !walked.contains("build/b.yaml"))
        #expect(try #require(SourceFiles.yamlNames(under: root + "/")).sorted() == walked)
        #expect(SourceFiles.yamlNames(under: root + "/missing") == nil)
    }
}
