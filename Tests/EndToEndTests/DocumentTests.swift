import DialogTesting
import Foundation
import Testing

/// What coach reads and draws for people: a dialogs directory read for dialogs only, and `coach graph --format dot`
/// as Graphviz renders it.
@Suite(.timeLimit(.minutes(2))) struct DocumentTests {
    static let dialogs = ["coach", "off-track", "icp-reluctance", "forecast-accuracy"]

    @Test func aDialogsDirectoryIsReadWithoutItsHiddenAndBuildDirectories() throws {
        let dir = CoachProcess.scratchDirectory()
        let fm = FileManager.default
        for name in ["off-track.yaml", "taxonomy.yaml", "fragments"] {
            try fm.copyItem(atPath: Repository.path("Dialogs/" + name), toPath: dir + "/" + name)
        }
        // A package's dependencies and build products hold YAML of their own that is no dialog.
        for sub in [".build/checkouts/yams/Tests", "build", "node_modules/x", ".git"] {
            try fm.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
            try "key: [unclosed\n".write(toFile: dir + "/" + sub + "/fixture.yaml", atomically: true, encoding: .utf8)
        }
        // Other YAML beside the dialogs (a CI config, a test script) is not a dialog either: no kind, nodes or findings.
        try fm.createDirectory(atPath: dir + "/scripts", withIntermediateDirectories: true)
        try "dialog: off-track\nconversations:\n  - name: one\n".write(toFile: dir + "/scripts/off-track.yaml", atomically: true, encoding: .utf8)
        try "services:\n  db: {image: postgres}\n".write(toFile: dir + "/compose.yaml", atomically: true, encoding: .utf8)
        let graph = try CoachProcess.run(["graph", "off-track", "--dialogs", dir])
        #expect(graph.status == 0, "\(graph.stderr)")
        let check = try CoachProcess.run(["check", "--dialogs", dir])
        #expect(check.status == 0 && check.stdout.isEmpty, "\(check.stdout)")
        let file = try CoachProcess.run(["check", dir + "/build/fixture.yaml"])
        #expect(file.status != 0, "a file named on the command line is still read")
        let named = try CoachProcess.run(["check", dir + "/compose.yaml"])
        #expect(named.stdout.contains("the file needs 'kind: dialog'"), "named, a YAML file without kind is reported")
    }

    /// The size of a PNG, from its IHDR chunk.
    static func size(_ png: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](png)
        guard b.count > 24, b[1] == 0x50, b[2] == 0x4E, b[3] == 0x47 else { return nil }
        func be(_ at: Int) -> Int { b[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test func theDotGraphRendersWithAReadableAspectRatio() throws {
        let dot = "/usr/bin/dot"
        try #require(FileManager.default.isExecutableFile(atPath: dot), "Graphviz is not installed (apt-get install graphviz)")
        for dialog in Self.dialogs {
            let graph = try CoachProcess.run(["graph", dialog, "--format", "dot"])
            #expect(graph.status == 0)
            let dir = CoachProcess.scratchDirectory()
            try graph.stdout.write(toFile: dir + "/g.dot", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: dot)
            process.arguments = ["-Tpng", "-o", dir + "/g.png", dir + "/g.dot"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(dialog): dot failed")
            let size = try #require(Self.size(try Data(contentsOf: URL(fileURLWithPath: dir + "/g.png"))))
            let ratio = Double(size.width) / Double(size.height)
            #expect((0.25...4).contains(ratio), "\(dialog): \(size.width)x\(size.height)")
        }
    }

    /// The `label="..."` attributes of a dot text.
    static func labels(_ dot: String) -> [String] {
        dot.components(separatedBy: "label=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func theDotGraphSpeaksTheLeadersWordsAndKeepsIdsInTooltips() throws {
        let graph = try CoachProcess.run(["graph", "off-track", "--format", "dot"])
        let labels = Self.labels(graph.stdout)
        #expect(labels.contains("Never could") || labels.contains { $0.contains("No") }, "\(labels)")
        #expect(!labels.contains { $0.contains("⇒") || $0.contains("+") || $0.contains("OTT.") }, "\(labels.filter { $0.contains("⇒") || $0.contains("OTT.") })")
        #expect(graph.stdout.contains("tooltip=\"OTT."), "ids are in tooltips")
        #expect(graph.stdout.contains("+W-01"), "findings are in tooltips")
    }
}
