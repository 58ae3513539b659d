import DialogCompiler
import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// The compiled-dialog cache's image: a dialog read back from it behaves as the freshly compiled one does.
@Suite struct DialogImageTests {
    static let image = DialogImage.encode(Repository.dialogs)
    static let loaded = try? DialogImage.decode(image)

    @Test func anImageReadBackEncodesToTheSameBytes() throws {
        let loaded = try #require(Self.loaded)
        #expect(DialogImage.encode(loaded) == Self.image)
        #expect(loaded.dialogs.keys.sorted() == Repository.dialogs.dialogs.keys.sorted())
        #expect(loaded.diagnostics == Repository.dialogs.diagnostics)
    }

    @Test func theDialogsShapeIsKept() throws {
        for (id, fresh) in Repository.dialogs.dialogs {
            let cached = try #require(Self.loaded?.dialogs[id])
            #expect(cached.nodes.map(\.id) == fresh.nodes.map(\.id))
            #expect(cached.nodeIndex == fresh.nodeIndex)
            #expect(cached.parts == fresh.parts)
            #expect(cached.taxonomy == fresh.taxonomy)
            #expect(cached.flags == fresh.flags && cached.variables == fresh.variables && cached.sources == fresh.sources)
            for (a, b) in zip(cached.nodes, fresh.nodes) {
                #expect(a.location == b.location && a.remaining == b.remaining && a.step == b.step && a.part == b.part)
                if let qa = a.question, let qb = b.question {
                    #expect(qa.answer == qb.answer && qa.answer.lookup == qb.answer.lookup, "\(a.id)")
                    #expect(qa.prompt == qb.prompt && qa.fallback == qb.fallback && qa.branches.map(\.condition) == qb.branches.map(\.condition))
                }
            }
        }
    }

    /// Every scripted conversation, run on the fresh and the cached dialog: the same outputs, step by step, and the
    /// same plan.
    @Test(arguments: Script.all)
    func aScriptRunsTheSameOnTheCachedDialog(_ script: Script) throws {
        let cached = try #require(Self.loaded?.dialogs[script.dialog])
        var fresh = Conversation(Repository.dialog(script.dialog)), again = Conversation(cached)
        #expect(same(fresh.transcript, again.transcript))
        for (_, text) in script.answers {
            guard fresh.asking != nil else { break }
            #expect(same(fresh.answer(text), again.answer(text)), "\(script.name): '\(text)'")
            #expect(fresh.session == again.session, "\(script.name): '\(text)'")
        }
        #expect(fresh.plan != nil)
        #expect(fresh.plan == again.plan)
        for extra in [Event.Kind.wentBack, .askedWhy, .askedHelp, .askedWhere, .askedSummary, .restarted] {
            #expect(same(fresh.send(extra), again.send(extra)), "\(script.name): \(extra)")
        }
    }

    /// The same outputs, a finished diagnosis compared by its session (a diagnosis compares its dialog by identity).
    func same(_ a: [Output], _ b: [Output]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            if case .finished(let dx) = x, case .finished(let dy) = y { return dx.session == dy.session }
            return x == y
        }
    }

    @Test func aCutOrAlteredImageIsRefusedOrReadWithoutTrapping() {
        let bytes = Self.image
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(throws: DialogImage.Malformed.self) { try DialogImage.decode(Array(bytes[..<cut])) }
        }
        #expect(throws: DialogImage.Malformed.self) { try DialogImage.decode(bytes + [0]) }
        // A changed byte either fails to read or reads as something else; it never traps.
        for at in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 100)) {
            var altered = bytes
            altered[at] ^= 0xFF
            _ = try? DialogImage.decode(altered)
        }
    }

    @Test func diagnosticsAreKept() {
        let fixture = Repository.sources("Tests/DialogCompilerTests/Fixtures")
        for file in fixture {
            let result = Compiler.compile([file] + Repository.sources("Dialogs").filter { $0.path.hasSuffix("taxonomy.yaml") })
            let back = try? DialogImage.decode(DialogImage.encode(result))
            #expect(back?.diagnostics == result.diagnostics, "\(file.path)")
            #expect(back?.dialogs.keys.sorted() == result.dialogs.keys.sorted(), "\(file.path)")
        }
    }
}
