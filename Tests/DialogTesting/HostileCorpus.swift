import DialogModel
import Foundation

/// Hostile dialog sets, generated: each is a directory's files (a taxonomy and the hostile part) that must give one
/// diagnostic, not a crash or a hang (issue 8).
public enum HostileCorpus {
    /// One hostile set: its name, its files (relative path and bytes) and the code it must report.
    public struct Case: Sendable, CustomStringConvertible {
        public typealias Bytes = [UInt8]
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

    /// A dialog with `extra` appended as its last top-level key.
    static func dialog(with extra: String) -> Case.Bytes {
        Array((dialog(start: "H.end", nodes: "  - id: H.end\n    end: Done.\n") + extra).utf8)
    }

    /// A billion laughs: ten strings, then nine levels of lists each holding ten aliases of the level below.
    public static let aliasBomb: Case = {
        var extra = "laughs:\n  l0: &l0 [" + Array(repeating: "lol", count: 10).joined(separator: ", ") + "]\n"
        for level in 1...9 {
            extra += "  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return Case(name: "a billion laughs", files: [("taxonomy.yaml", taxonomy), ("dialog.yaml", dialog(with: extra))],
                    code: "DC0034")
    }()

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
            aliasBomb,
            Case(name: "lists nested 10,000 deep in flow style", files: [
                ("taxonomy.yaml", taxonomy),
                ("dialog.yaml", dialog(with: "deep: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n")),
            ], code: "DC0035"),
            Case(name: "lists nested 10,000 deep in block style on one line", files: [
                ("taxonomy.yaml", taxonomy),
                ("dialog.yaml", dialog(with: "deep:\n" + String(repeating: "- ", count: 10_000) + "x\n")),
            ], code: "DC0035"),
            Case(name: "mappings nested 2,000 deep by indentation", files: [
                ("taxonomy.yaml", taxonomy),
                ("dialog.yaml", dialog(with: (0..<2_000).map { String(repeating: " ", count: $0) + "deep:\n" }.joined())),
            ], code: "DC0035"),
            Case(name: "a 50 MB file", files: [
                ("taxonomy.yaml", taxonomy),
                ("dialog.yaml", dialog(with: "notes: |\n" + String(repeating: "  " + String(repeating: "la ", count: 33) + "\n", count: 500_000))),
            ], code: "DC0036"),
        ]
    }
}
