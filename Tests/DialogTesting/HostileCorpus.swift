import DialogModel
import Foundation

/// Hostile dialog sets, generated: each is a directory's files (a taxonomy and the hostile part) that must give one
/// diagnostic, not a crash or a hang (issue 8).
public enum HostileCorpus {
    /// One hostile set: its name, its files (relative path and bytes) and the code it must report.
    public struct Case: Sendable, CustomStringConvertible {
        public let name: String
        public let files: [(path: String, bytes: [UInt8])]
        public let code: String
        public var description: String { name }

        /// The files as the compiler takes them, paths under `directory`.
        public func sources(in directory: String = "hostile") -> [SourceFile] {
            files.map { SourceFile(path: directory + "/" + $0.path, bytes: $0.bytes) }
        }

        /// Writes the files into a directory.
        public func write(to directory: String) throws {
            for f in files { try Data(f.bytes).write(to: URL(fileURLWithPath: directory + "/" + f.path)) }
        }
    }

    static let taxonomy: [UInt8] = Array(FileManager.default.contents(
        atPath: Repository.path("Tests/DialogCompilerTests/Fixtures/taxonomy.yaml")) ?? Data())

    static func dialog(start: String, nodes: String) -> String {
        """
        kind: dialog
        id: hostile
        title: A hostile dialog
        problem: OTT
        statement: A rep is not on track to hit target.
        subject: rep
        start: \(start)
        plan:
          goal: Bring the rep back to the year-to-date run-rate by period end.
        nodes:
        \(nodes)
        """
    }

    static func fragment(_ id: String, includes: String) -> String {
        """
        kind: fragment
        id: \(id)
        title: Fragment \(id)
        exits: [done]
        nodes:
          - id: q1
            step: tasks
            ask: Are the steps of the task written down?
            answer: yesNo
            next: $done
          - include: \(includes)
            prefix: again
            exits: {done: q1}
        """
    }

    static func including(_ fragment: String) -> String {
        dialog(start: "H.A.q1", nodes: """
              - include: \(fragment)
                prefix: H.A
                exits: {done: H.end}
              - id: H.end
                end: Done.
            """)
    }

    /// A chain of `length` say nodes to an end, and one node nothing reaches (DC0003).
    public static func chain(_ length: Int) -> Case {
        var nodes = ""
        for i in 0..<length { nodes += "  - id: n\(i)\n    say: Next.\n    next: n\(i + 1)\n" }
        nodes += "  - id: n\(length)\n    end: Done.\n  - id: stray\n    end: Never reached.\n"
        return Case(name: "a chain of \(length) nodes", files: [("taxonomy.yaml", taxonomy),
                    ("dialog.yaml", Array(dialog(start: "n0", nodes: nodes).utf8))], code: "DC0003")
    }

    /// Every hostile set; the chain has `chainLength` nodes.
    public static func all(chainLength: Int) -> [Case] {
        [
            Case(name: "a fragment that includes itself", files: [
                ("taxonomy.yaml", taxonomy), ("dialog.yaml", Array(including("loop").utf8)),
                ("loop.yaml", Array(fragment("loop", includes: "loop").utf8)),
            ], code: "DC0032"),
            Case(name: "two fragments that include each other", files: [
                ("taxonomy.yaml", taxonomy), ("dialog.yaml", Array(including("ping").utf8)),
                ("ping.yaml", Array(fragment("ping", includes: "pong").utf8)),
                ("pong.yaml", Array(fragment("pong", includes: "ping").utf8)),
            ], code: "DC0032"),
            chain(chainLength),
            Case(name: "invalid UTF-8", files: [
                ("taxonomy.yaml", taxonomy),
                ("dialog.yaml", Array(dialog(start: "H.end", nodes: "  - id: H.end\n    end: Caf").utf8) + [0xE9, 0x0A]),
            ], code: "DC0033"),
        ]
    }
}
