import CoachCLI
import DialogCompiler
import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing
import Transcript

/// Replay is a fold of the recorded inputs through a fresh engine, compared turn by turn with the record.
@Suite struct ReplayTests {
    @Test func everyKindOfInputIsRecordedAndReplays() throws {
        let dialog = Repository.dialog("off-track")
        let bytes = try Recording.record(dialog, conversation: "kinds", [
            .answered("Dana"), .askedWhy, .askedHelp, .askedWhere, .answered("about a quarter"), .answered("25"),
            .wentBack, .answered("30"), .changed(node: "OTT.G0", to: "20"), .askedSummary, .chose(["no"]),
            .restarted, .answered("Sam"), .quit,
        ])
        let file = try TranscriptReader.read(bytes)
        let inputs = file.lines.compactMap { if case .input(let i, _) = $0.entry { i.typed } else { nil } }
        #expect(inputs == ["Dana", ":why", ":help", ":where", "about a quarter", "25", ":back", "30", ":change OTT.G0 20",
                           ":summary", "no", ":restart", "Sam", ":quit"])
        let types = Set(file.lines.compactMap { if case .output(let m) = $0.entry { m["type"]?.string } else { nil } })
        #expect(types.isSuperset(of: ["question", "answered", "explained", "helped", "located", "rejected", "undone", "changed",
                                      "summarized", "restarted", "ended"]))
        #expect(Replayer.replay(file, dialog: dialog).verdict == .verified, "quit ends the conversation")
    }

    @Test func aConversationLeftHalfwayIsIncomplete() throws {
        let file = try TranscriptReader.read(try Recording.record("off-track", ["Dana", "25"]))
        let replay = Replayer.replay(file, dialog: Repository.dialog("off-track"))
        #expect(replay.verdict == .incomplete)
        #expect(replay.turns == 3)
    }

    @Test func aChangedDialogDivergesAtTheQuestionWhoseWordingChanged() throws {
        let file = try TranscriptReader.read(try Recording.record("off-track", Recording.ott1))
        let changed = Recording.sources.map { f in
            SourceFile(path: f.path, text: f.text.replacingOccurrences(of: "Has the sales person ever hit their sales goal?",
                                                                       with: "Has the sales person ever reached their sales goal?"))
        }
        #expect(changed != Recording.sources, "the test edits a prompt that exists")
        let dialog = try #require(Compiler.compile(changed).dialogs["off-track"])
        guard case .diverged(let d) = Replayer.replay(file, dialog: dialog).verdict else { Issue.record("no divergence"); return }
        #expect(d.turn == 2)
        #expect(d.node == "OTT.G0")
        #expect(d.recorded?["text"]?.string == "Has the sales person ever hit their sales goal?")
        #expect(d.replayed?["text"]?.string == "Has the sales person ever reached their sales goal?")
    }

    @Test func aRecordedAnswerThatTheDialogNoLongerAcceptsDiverges() throws {
        let file = try TranscriptReader.read(try Recording.record("off-track", Recording.ott1))
        let changed = Recording.sources.map { f in
            SourceFile(path: f.path, text: f.text.replacingOccurrences(of: "max: 100", with: "max: 20"))
        }
        let dialog = try #require(Compiler.compile(changed).dialogs["off-track"])
        guard case .diverged(let d) = Replayer.replay(file, dialog: dialog).verdict else { Issue.record("no divergence"); return }
        #expect(d.node == "OTT.G0")
        #expect(d.recorded?["type"]?.string == "answered")
        #expect(d.replayed?["type"]?.string == "rejected")
    }

    @Test func theRecordedDialogVersionIsStoredByContentAndCompilesAgain() throws {
        let dir = Recording.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dialog = Repository.dialog("off-track")
        let snapshot = Recording.snapshot(dialog)
        let store = DialogStore(directory: dir)
        #expect(try store.save(snapshot) == snapshot.hash)
        let loaded = try store.load(snapshot.hash)
        #expect(loaded == snapshot)
        #expect(loaded.files.map(\.path).contains("off-track.yaml"))
        guard case .success(let again) = loaded.compile("off-track") else { Issue.record("does not compile"); return }
        #expect(again.nodes.map(\.id) == dialog.nodes.map(\.id))
    }
}
