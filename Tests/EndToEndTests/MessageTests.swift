import DialogTesting
import Foundation
import Testing

/// Messages that help (issue 10): a file error names the file and the reason, a mistyped command is named, an unknown
/// log level is refused with the levels, and a piped chat that ends early fails with the way to continue it.
@Suite(.timeLimit(.minutes(2))) struct MessageTests {
    static let ott1 = ReferenceAnswers.ott1

    @Test func savingIntoAMissingDirectoryNamesTheFileAndTheDirectory() throws {
        let dir = CoachProcess.scratchDirectory() + "/no/such"
        let r = try CoachProcess.run(["chat", "off-track", "--no-transcripts"],
                                     input: (Self.ott1 + [":save \(dir)/plan.md"]).joined(separator: "\n") + "\n")
        #expect(r.stdout.contains("Could not save the plan to \(dir)/plan.md: the directory '\(dir)' does not exist.\n"), "\(r.stdout.suffix(300))")
    }

    @Test func savingOntoADirectorySaysSo() throws {
        let dir = CoachProcess.scratchDirectory()
        let r = try CoachProcess.run(["chat", "off-track", "--no-transcripts"], input: (Self.ott1 + [":save \(dir)"]).joined(separator: "\n") + "\n")
        #expect(r.stdout.contains("Could not save the plan to \(dir): it is a directory.\n"))
    }

    @Test func aDialogsDirectoryThatIsNotThereIsNamed() throws {
        let missing = CoachProcess.scratchDirectory() + "/dialogs"
        let r = try CoachProcess.run(["chat", "--dialogs", missing, "off-track"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot read '\(missing)': there is no such file or directory"), "\(r.stderr)")
        let deeper = try CoachProcess.run(["check", missing + "/x.yaml"])
        #expect(deeper.stderr.contains("cannot read '\(missing)/x.yaml': the directory '\(missing)' does not exist"), "\(deeper.stderr)")
    }

    @Test func aTranscriptThatIsNotThereIsNamed() throws {
        let missing = CoachProcess.scratchDirectory() + "/t.jsonl"
        let report = try CoachProcess.run(["report", missing])
        #expect(report.status == 1)
        #expect(report.stderr.contains("cannot read '\(missing)': there is no such file or directory"), "\(report.stderr)")
        let dir = CoachProcess.scratchDirectory()
        let onDirectory = try CoachProcess.run(["report", dir])
        #expect(onDirectory.stderr.contains("cannot read '\(dir)': it is a directory, not a file"), "\(onDirectory.stderr)")
    }

    @Test func resumingFromATranscriptsDirectoryThatIsNotThereNamesIt() throws {
        let missing = CoachProcess.scratchDirectory() + "/transcripts"
        let r = try CoachProcess.run(["chat", "--transcripts", missing, "--resume", "chat-1"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no conversation 'chat-1' to continue in \(missing)/conversations"), "\(r.stderr)")
    }

    @Test func aMistypedCommandIsAUsageErrorThatNamesTheCommand() throws {
        for (typed, meant) in [("chek", "check"), ("sevre", "serve"), ("replya", "replay"), ("grap", "graph")] {
            let r = try CoachProcess.run([typed])
            #expect(r.status == 64, "\(typed): \(r.stderr)")
            #expect(r.stderr.contains("no command or dialog '\(typed)'; did you mean `\(meant)`?"), "\(r.stderr)")
        }
        // Far from every command, it is still an unknown dialog; a dialog id is never taken for a command.
        let far = try CoachProcess.run(["zzz"])
        #expect(far.status == 1)
        #expect(far.stderr.contains("no dialog 'zzz'; known dialogs:"))
        let dialog = try CoachProcess.run(["off-track", "--no-transcripts"], input: ":quit\n")
        #expect(dialog.status == 0, "\(dialog.stderr)")
    }

    @Test func anUnknownLogLevelIsRefusedWithTheLevels() throws {
        let r = try CoachProcess.run(["serve", "--log-level", "loud", "--no-transcripts"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown log level 'loud'; the levels are trace, debug, info, notice, warning, error, critical."), "\(r.stderr)")
        let known = try CoachProcess.run(["serve", "--log-level", "debug", "--no-transcripts"])
        #expect(known.status == 0, "\(known.stderr)")
    }

    @Test func pipedChatThatEndsEarlyFailsAndSaysHowToContinue() throws {
        let r = try CoachProcess.run(["chat", "off-track"], input: "Dana\n25\n")
        #expect(r.status == 1)
        let id = try #require(r.stderr.firstMatch(of: /continue it with: coach chat --resume (chat-\d+-\d+)\n/)?.1, "\(r.stderr)")
        let rest = try CoachProcess.run(["chat", "--resume", String(id)], input: Self.ott1.dropFirst(2).joined(separator: "\n") + "\n",
                                        environment: ["XDG_DATA_HOME": Self.dataHome(r.stderr)])
        #expect(rest.status == 0, "\(rest.stderr)")
        let off = try CoachProcess.run(["chat", "off-track", "--no-transcripts"], input: "Dana\n")
        #expect(off.status == 1)
        #expect(off.stderr.contains("it was not recorded (--no-transcripts), so it cannot be continued"))
        let quit = try CoachProcess.run(["chat", "off-track", "--no-transcripts"], input: "Dana\n:quit\n")
        #expect(quit.status == 0, "leaving with :quit is the leader's choice, not a failure")
    }

    /// The data directory a run recorded into, from its "recording to DIR/coach/transcripts/..." line.
    static func dataHome(_ stderr: String) -> String {
        guard let m = stderr.firstMatch(of: /recording to (.+)\/coach\/transcripts\//) else { return "" }
        return String(m.1)
    }
}
