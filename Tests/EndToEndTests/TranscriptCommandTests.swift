import DialogTesting
import Foundation
import Testing
import Transcript

/// `coach replay` and `coach report` through the built binary, on the golden transcripts and edited copies.
@Suite(.timeLimit(.minutes(2))) struct TranscriptCommandTests {
    /// A temporary copy of `Transcripts/` (transcripts and stored dialog versions).
    static func copyOfTranscripts() throws -> String {
        let dir = NSTemporaryDirectory() + "coach-e2e-transcripts-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Repository.path("Transcripts"), toPath: dir)
        return dir
    }

    @Test func replayVerifiesEveryGoldenTranscriptAndExitsZero() throws {
        let r = try CoachProcess.run(["replay", "Transcripts"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Transcripts/off-track/OTT-1.jsonl: verified, "))
        #expect(r.stdout.hasSuffix("32 transcripts: 32 verified\n"))
    }

    @Test func replayReportsAnEditedByteWithItsLineAndFails() throws {
        let dir = try Self.copyOfTranscripts()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/off-track/OTT-2.jsonl"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"text\":\"Sam\"", with: "\"text\":\"Sal\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CoachProcess.run(["replay", path, "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"status\":\"tampered\""))
        #expect(r.stdout.contains("\"line\":3,"))
    }

    @Test func replayReportsADeletedLineAndATornLastLine() throws {
        let dir = try Self.copyOfTranscripts()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let deleted = dir + "/off-track/OTT-1.jsonl", torn = dir + "/off-track/OTT-2.jsonl"
        var lines = try String(contentsOfFile: deleted, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 4)
        try lines.joined(separator: "\n").write(toFile: deleted, atomically: true, encoding: .utf8)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: torn))
        try bytes.prefix(bytes.count - 500).write(to: URL(fileURLWithPath: torn))
        let r = try CoachProcess.run(["replay", deleted, torn])
        #expect(r.status == 1)
        #expect(r.stdout.contains("OTT-1.jsonl:5: tampered: "))
        #expect(r.stdout.contains("OTT-2.jsonl: refused: not sealed"), "a sealed transcript cut short lost its seal: \(r.stdout)")
        #expect(r.stderr.contains("coach: refused '\(torn)': not sealed"))
        let unverified = try CoachProcess.run(["replay", deleted, torn, "--unverified"])
        #expect(unverified.status == 1)
        #expect(unverified.stdout.contains("OTT-2.jsonl: incomplete: not sealed") && unverified.stdout.contains("torn last line 13"),
                "\(unverified.stdout)")
    }

    /// A copy of OTT-2 with the subject renamed and every hash recomputed, as a forger without the key would.
    static func forgedCopy() throws -> (dir: String, path: String) {
        let dir = try copyOfTranscripts()
        let path = dir + "/off-track/OTT-2.jsonl"
        var text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "Sam", with: "Kim")
        func rechain(_ text: String) -> String {
            var previous = "", out = ""
            for line in text.split(separator: "\n") {
                var body = HashChain.unseal(line)!.body
                if body.contains("\"seal\":{") {
                    body = body.replacingOccurrences(of: #""head":"[0-9a-f]*""#, with: "\"head\":\"\(previous)\"", options: .regularExpression)
                }
                let (sealed, hash) = HashChain.seal(body, previous: previous)
                out += sealed + "\n"
                previous = hash
            }
            return out
        }
        text = rechain(text)
        // The plan's digest (format 4) made to fit, as replay reports it: anyone can recompute a plan.
        if case .diverged(let d) = Replayer.replay(try TranscriptReader.read(Array(text.utf8)), dialog: try Repository.dialog("off-track")).verdict,
           let recorded = d.recorded?["digest"]?.string, let replayed = d.replayed?["digest"]?.string {
            text = rechain(text.replacingOccurrences(of: recorded, with: replayed))
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test func replayRefusesAForgedTranscriptNamingTheProblemAndShowsItOnlyWithUnverified() throws {
        let (dir, path) = try Self.forgedCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let chainOnly = try CoachProcess.run(["replay", path, "--unverified"])
        #expect(chainOnly.stdout.contains("OTT-2.jsonl: verified, "), "the chain and the replay cannot tell: \(chainOnly.stdout)")
        #expect(chainOnly.stdout.contains("  unverified: the seal's MAC does not match its lines"), "\(chainOnly.stdout)")
        #expect(chainOnly.status == 1)
        let r = try CoachProcess.run(["replay", path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("OTT-2.jsonl: refused: the seal's MAC does not match its lines"))
        #expect(r.stderr == "coach: refused '\(path)': the seal's MAC does not match its lines: they were changed and the hash chain recomputed (--unverified replays it anyway)\n")
    }

    @Test func replayWithAnotherKeyNamesBothKeys() throws {
        let key = CoachProcess.scratchDirectory() + "/other.key"
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: key))
        let r = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-1.jsonl", "--key-file", key])
        #expect(r.status == 1)
        let golden = TranscriptKey(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: CoachProcess.goldenKey)))).id
        let other = TranscriptKey(bytes: Array(repeating: 7, count: 32)).id
        #expect(r.stderr.contains("sealed with key \(golden), not with this installation's key \(other)"), "\(r.stderr)")
        let missing = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-1.jsonl"], environment: ["COACH_KEY_FILE": key + ".missing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("coach: no transcript key at '\(key).missing'"), "\(missing.stderr)")
    }

    @Test func reportRefusesAForgedTranscriptAndPrintsItOnlyUnderAWarning() throws {
        let (dir, path) = try Self.forgedCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CoachProcess.run(["report", path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "coach: \(path): not authenticated: the seal's MAC does not match its lines: they were changed and the hash chain recomputed; no report (--unverified prints it anyway)\n")
        let shown = try CoachProcess.run(["report", path, "--unverified"])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasPrefix("> **Unverified transcript**: the seal's MAC does not match its lines"), "\(shown.stdout)")
    }

    @Test func chatCreatesItsKeyWithMode0600AndSealsTheTranscriptWhenTheConversationEnds() throws {
        let config = CoachProcess.scratchDirectory(), data = CoachProcess.scratchDirectory()
        let chat = try CoachProcess.run(["chat", "off-track"], input: "Dana\n:quit\n",
                                        environment: ["COACH_KEY_FILE": "", "XDG_CONFIG_HOME": config, "XDG_DATA_HOME": data])
        #expect(chat.status == 0, "\(chat.stderr)")
        let key = config + "/coach/transcript.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        let ended = data + "/coach/transcripts/ended"
        let files = try FileManager.default.contentsOfDirectory(atPath: ended)
        #expect(files.count == 1)
        let text = try String(contentsOfFile: ended + "/" + files[0], encoding: .utf8)
        #expect(text.split(separator: "\n").last?.contains("\"seal\":{\"lines\":") == true)
        let r = try CoachProcess.run(["replay", ended, "--key-file", key])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasSuffix("1 transcript: 1 verified\n"))
    }

    @Test func theLeaderNamedAtTheStartHeadsThePlanAndSurvivesReplayAndReport() throws {
        let config = CoachProcess.scratchDirectory(), data = CoachProcess.scratchDirectory()
        let env = ["COACH_KEY_FILE": "", "XDG_CONFIG_HOME": config, "XDG_DATA_HOME": data, "COACH_LEADER": "Pat Lee"]
        let chat = try CoachProcess.run(["chat", "off-track"], input: "Sam\n3\nno\n", environment: env)
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.contains("For: Pat Lee"))
        let ended = data + "/coach/transcripts/ended"
        let file = ended + "/" + (try FileManager.default.contentsOfDirectory(atPath: ended).first { $0.hasSuffix(".jsonl") } ?? "")
        let header = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")[0]
        #expect(header.contains("\"version\":4,") && header.contains("\"leader\":\"Pat Lee\""))
        let key = config + "/coach/transcript.key"
        let replay = try CoachProcess.run(["replay", ended, "--key-file", key])
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        let report = try CoachProcess.run(["report", file, "--key-file", key])
        #expect(report.stdout.contains("**For: Pat Lee**"))
        // --leader wins over the environment.
        let named = try CoachProcess.run(["chat", "off-track", "--no-transcripts", "--leader", "Robin"], input: "Sam\n3\nno\n", environment: env)
        #expect(named.stdout.contains("For: Robin") && !named.stdout.contains("For: Pat Lee"))
        // A name is a name: a line break or an escape would forge a header line; over 80 characters is no name.
        for bad in ["Bob\nAbout: Eve", "Bob\u{1B}[2J", String(repeating: "x", count: 81)] {
            let refused = try CoachProcess.run(["chat", "off-track", "--no-transcripts", "--leader", bad], input: "Sam\n")
            #expect(refused.status == 64, "\(bad)")
            #expect(refused.stderr.contains("--leader must be a name"), "\(refused.stderr)")
        }
        let resumed = try CoachProcess.run(["chat", "--resume", "x", "--leader", "Robin"])
        #expect(resumed.status == 64 && resumed.stderr.contains("a resumed one keeps the leader it was started with"))
    }

    @Test func replayAgainstACurrentDialogThatChangedShowsTheDivergence() throws {
        let dialogs = NSTemporaryDirectory() + "coach-e2e-dialogs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dialogs) }
        try FileManager.default.copyItem(atPath: Repository.path("Dialogs"), toPath: dialogs)
        let file = dialogs + "/off-track.yaml"
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        try yaml.replacingOccurrences(of: "Has the sales person ever hit their sales goal?", with: "Has the rep ever hit goal?")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let recorded = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-1.jsonl", "--against", "recorded"])
        #expect(recorded.status == 0)
        let current = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-1.jsonl", "--against", "current", "--dialogs", dialogs])
        #expect(current.status == 1)
        #expect(current.stdout.contains("OTT-1.jsonl:8: diverged at turn 2, question OTT.G0"), "\(current.stdout)")
        #expect(current.stdout.contains("recorded: {\"type\":\"question\",\"node\":\"OTT.G1\""))
        #expect(current.stdout.contains("\"text\":\"Has the rep ever hit goal?\"}"))
        #expect(current.stdout.contains("the dialog changed since recording: 74b2aa50dc0a -> "))
    }

    @Test func replayCoverageCountsEveryNodeChoiceAndFinding() throws {
        let r = try CoachProcess.run(["replay", "Transcripts/off-track", "--coverage", "--against", "current"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("coverage of off-track: nodes 42/42, choices 107/107, findings 31/31\n"))
        let one = try CoachProcess.run(["replay", "Transcripts/off-track/OTT-2.jsonl", "--coverage"])
        #expect(one.stdout.contains("Dialogs/off-track.yaml") == false, "recorded versions name their stored paths")
        #expect(one.stdout.contains("off-track.yaml:69: node OTT.G1 never reached"), "\(one.stdout)")
    }

    @Test func reportPrintsThePlanWithTheAnswersBehindEachFinding() throws {
        let r = try CoachProcess.run(["report", "Transcripts/off-track/OTT-1.jsonl"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# Coaching plan: A rep is not on track to hit target"))
        #expect(r.stdout.contains("## Findings and the answers behind them"))
        #expect(r.stdout.contains("- **T-03** The rep has never been able to do the key tasks: a genuine skill gap\n    - answer to `OTT.T3b` (Skill history): \"never could\""))
    }
}
