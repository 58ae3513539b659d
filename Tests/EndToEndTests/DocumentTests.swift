import DialogTesting
import Foundation
import Testing

/// What coach reads and draws for people: a dialogs directory read for dialogs only.
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
        let graph = try CoachProcess.run(["graph", "off-track", "--dialogs", dir])
        #expect(graph.status == 0, "\(graph.stderr)")
        let check = try CoachProcess.run(["check", "--dialogs", dir])
        #expect(check.status == 0 && check.stdout.isEmpty, "\(check.stdout)")
        let file = try CoachProcess.run(["check", dir + "/build/fixture.yaml"])
        #expect(file.status != 0, "a file named on the command line is still read")
    }
}
