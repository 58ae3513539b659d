import DialogTesting
import Foundation
import Testing

/// Coaching continuity through the built binary: diagnoses run with `coach chat` over months, then read back with
/// `coach history`, `coach team`, `coach export` and `coach index`.
@Suite(.timeLimit(.minutes(3))) struct CoachingContinuityTests {
    /// The answers of the off-track scripts (Tests/ContentTests/Scripts/off-track.yaml), one line each, for a rep.
    static func answers(_ script: String, name: String, gap: String, commit: String? = nil) -> String {
        var lines: [String]
        switch script {
        case "OTT-1":
            lines = [name, gap, "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4", "yes", "yes", "yes",
                     "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no", "recognition or reward", "no",
                     "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "3 hours", "6 weeks", "Book two joint calls with \(name)"]
        case "OTT-3":
            lines = [name, gap, "yes", "n", "4 months", "no", "3", "region", "no", "none", "no", "no", "no", "no", "no", "yes",
                     "prospecting, closing", "no", "nothing noticeable", "yes", "yes", "Two days a week go on renewals admin", "no", "no",
                     "no", "no", "no", "no", "1", "redeploy", "", "3 months", "Agree ramp goals with \(name) on Monday"]
        case "OTT-4":
            lines = [name, gap, "yes", "no", "most", "personal life", "unsure", "forecast reports, pipeline, presentations, demos, meeting notes",
                     "2", "3", "5", "1", "4", "yes", "no", "yes", "no", "no", "process steps", "no", "yes", "yes", "no", "no", "rarely",
                     "presenting and demos", "yes", "something unwelcome", "unsure", "not sure", "no", "yes", "yes", "yes", "unsure", "unsure",
                     "2", "hold", "2", "", "Hold the supportive conversation with \(name) this week"]
        case "OTT-5":
            lines = [name, gap, "unsure", "unsure", "4", "y", "account plans, other", "5", "3", "unsure", "unsure", "unsure", "unsure",
                     "unsure", "unsure", "unsure", "unsure", "unsure", "reward", "n", "yes", "", "unsure", "unsure", "unsure", "unsure", "y",
                     "y", "5", "1 hour", "13 weeks", "Check the territory change with \(name)"]
        default:
            lines = [name, gap, "no"]  // OTT-2: a gap too small, not worth pursuing
        }
        if let commit { lines[lines.count - 1] = commit }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs one diagnosis at the terminal on `day`; fails the test when it does not finish.
    static func diagnose(_ script: String, name: String, gap: String, subject: String? = nil, commit: String? = nil, day: String,
                         in dir: String) throws {
        var arguments = ["chat", "off-track", "--transcripts", dir + "/transcripts"]
        if let subject { arguments += ["--subject", subject] }
        let r = try CoachProcess.run(arguments, input: answers(script, name: name, gap: gap, commit: commit), environment: ["COACH_TODAY": day])
        #expect(r.status == 0, "\(script) for \(name): \(r.stderr)\n\(r.stdout.suffix(600))")
    }

    static func coach(_ arguments: [String], in dir: String, today: String = "2026-11-27") throws -> CoachProcess.Result {
        try CoachProcess.run(arguments + ["--transcripts", dir + "/transcripts"], environment: ["COACH_TODAY": today])
    }

    @Test func historyShowsEachDiagnosisAndTheTrendOfTheGap() throws {
        let dir = CoachProcess.scratchDirectory()
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana", day: "2026-09-01", in: dir)
        try Self.diagnose("OTT-1", name: "Dana", gap: "15", subject: "dana", day: "2026-10-01", in: dir)
        try Self.diagnose("OTT-1", name: "Dana", gap: "8", subject: "dana", day: "2026-11-02", in: dir)

        let text = try Self.coach(["history", "dana"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Dana: 3 diagnoses, 2026-09-01 to 2026-11-02\n"), "\(text.stdout)")
        #expect(text.stdout.contains("Gap to YTD target: 25% → 15% → 8%  █▄▁  (better, lower is better)"), "\(text.stdout)")
        #expect(text.stdout.contains("\n2026-10-01  Some of my sales people are not on track"))
        #expect(!text.stdout.contains("OTT.") && !text.stdout.contains("T-06"), "no ids in text for the leader")

        let md = try Self.coach(["history", "Dana", "--format", "markdown"], in: dir)
        #expect(md.status == 0)
        #expect(md.stdout.contains("| 2026-09-01 | Some of my sales people are not on track for hitting their sales targets. | 25% |"), "\(md.stdout)")
        #expect(md.stdout.contains("```mermaid\nxychart-beta\n    title \"Gap to YTD target\"\n    x-axis [\"2026-09-01\", \"2026-10-01\", \"2026-11-02\"]\n"
            + "    y-axis \"%\" 0 --> 100\n    line [25, 15, 8]\n```"), "\(md.stdout)")

        let json = try Self.coach(["history", "dana", "--format", "json"], in: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let series = try #require(object["series"] as? [[String: Any]])
        #expect(series.map { $0["value"] as? Int } == [25, 15, 8])
        #expect(object["trend"] as? String == "better")
        #expect((object["sessions"] as? [[String: Any]])?.count == 3)
    }

    @Test func twoRepsWithOneNameStayTwoSubjectsAndTheNameAloneIsRefused() throws {
        let dir = CoachProcess.scratchDirectory()
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana-k", day: "2026-09-01", in: dir)
        try Self.diagnose("OTT-5", name: "Dana", gap: "12", subject: "dana-m", day: "2026-09-02", in: dir)
        let byName = try Self.coach(["history", "Dana"], in: dir)
        #expect(byName.status == 1)
        #expect(byName.stderr == "coach: 'Dana' names 2 people: dana-k, dana-m; give the id\n")
        let k = try Self.coach(["history", "dana-k"], in: dir)
        #expect(k.status == 0 && k.stdout.hasPrefix("Dana: 1 diagnosis\n"), "\(k.stdout)\(k.stderr)")
        let unknown = try Self.coach(["history", "robin"], in: dir)
        #expect(unknown.status == 1 && unknown.stderr.contains("no finished diagnosis about 'robin'; subjects: dana-k, dana-m"))
        let bad = try CoachProcess.run(["chat", "off-track", "--subject", "Dana K"])
        #expect(bad.status == 64 && bad.stderr.contains("a subject id is lower-case letters, digits and single hyphens"), "\(bad.stderr)")
    }

    @Test func teamFlagsTheFindingThatRecursInThreeOfFivePeople() throws {
        let dir = CoachProcess.scratchDirectory()
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", day: "2026-10-01", in: dir)
        try Self.diagnose("OTT-2", name: "Sam", gap: "3", day: "2026-10-02", in: dir)
        try Self.diagnose("OTT-3", name: "Lee", gap: "5", day: "2026-10-03", in: dir)
        try Self.diagnose("OTT-4", name: "Jordan", gap: "40", day: "2026-10-04", in: dir)
        try Self.diagnose("OTT-5", name: "Chris", gap: "12", day: "2026-10-05", in: dir)
        try Self.diagnose("OTT-1", name: "Dana", gap: "18", day: "2026-11-03", in: dir)

        let json = try Self.coach(["team", "--format", "json"], in: dir)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let people = try #require(object["people"] as? [[String: Any]])
        #expect(people.map { $0["name"] as? String } == ["Chris", "Dana", "Jordan", "Lee", "Sam"])
        #expect(people[1]["trend"] as? String == "better", "Dana's gap went from 25% to 18%")
        let findings = try #require(object["findings"] as? [[String: Any]])
        let recurring = findings.filter { $0["recurring"] as? Bool == true }
        // PE-02 is found for Dana, Lee and Jordan, G-02 for Lee, Jordan and Chris; T-06 (Dana, Lee) is in two only.
        #expect(Set(recurring.compactMap { $0["id"] as? String }) == ["PE-02", "G-02"], "\(recurring)")
        #expect(findings.first { $0["id"] as? String == "T-06" }?["people"] as? [String] == ["Dana", "Lee"])

        let markdown = try Self.coach(["team", "--format", "markdown"], in: dir, today: "2026-11-27")
        #expect(markdown.stdout.hasPrefix("# Team picture, 2026-11-27\n"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("\n| Dana | 2026-11-03 | Gap to YTD target 18% | better | You have not observed the rep in front of customers | 3 | "),
                "\(markdown.stdout)")
        #expect(markdown.stdout.contains("\n> **Recurs in 3 people**: "))
        // One leader's people only: Pat has diagnosed Robin, nobody else.
        let pat = try CoachProcess.run(["chat", "off-track", "--leader", "Pat", "--transcripts", dir + "/transcripts"],
                                       input: Self.answers("OTT-2", name: "Robin", gap: "3"), environment: ["COACH_TODAY": "2026-10-06"])
        #expect(pat.status == 0, "\(pat.stderr)")
        let mine = try Self.coach(["team", "--leader", "pat"], in: dir, today: "2026-11-27")
        #expect(mine.stdout.hasPrefix("Your team: 1 person, as of 2026-11-27\n\nRobin: last diagnosed 2026-10-06"), "\(mine.stdout)")
        let text = try Self.coach(["team"], in: dir, today: "2026-11-27")
        #expect(text.stdout.hasPrefix("Your team: 6 people, as of 2026-11-27\n"), "\(text.stdout)")
        #expect(text.stdout.contains("\nDana: last diagnosed 2026-11-03 (2 diagnoses)\n    Gap to YTD target: 18%, improved since 2026-10-01 (25%)\n"),
                "\(text.stdout)")
        #expect(text.stdout.contains("overdue (the first was due 2026-10-"), "Sam's and the others' October actions are overdue by late November")
        #expect(text.stdout.contains("\nRecurs in 3 people (Dana, Jordan, Lee): "), "\(text.stdout)")
        #expect(!text.stdout.contains("PE-02") && !text.stdout.contains("OTT."), "no ids in text for the leader")
    }

    @Test func exportedCalendarParsesAndReExportsWithTheSameUIDs() throws {
        let dir = CoachProcess.scratchDirectory()
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana", day: "2026-09-01", in: dir)
        let first = try Self.coach(["export", "dana", "--format", "ics"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\r\n") && !first.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
        for line in first.stdout.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "folded: \(line)") }
        let parsed = try Python.run("""
            import sys, json, icalendar
            cal = icalendar.Calendar.from_ical(sys.stdin.read())
            out = [{"kind": c.name, "uid": str(c["UID"]), "summary": str(c["SUMMARY"]),
                    "date": (c.get("DUE") or c.get("DTSTART")).dt.isoformat()} for c in cal.walk() if c.name in ("VTODO", "VEVENT")]
            json.dump(out, sys.stdout)
            """, input: first.stdout)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [[String: String]])
        let todos = items.filter { $0["kind"] == "VTODO" }, events = items.filter { $0["kind"] == "VEVENT" }
        #expect(todos.count == 3 && events.count == 3, "\(items)")
        #expect(todos.map { $0["uid"]! } == ["dana-R-T-06@coach", "dana-R-T-03@coach", "dana-R-PE-02@coach"], "\(todos)")
        #expect(events.map { $0["date"]! } == ["2026-09-15", "2026-10-01", "2026-10-13"], "\(events)")

        // Exported again (after the index was rebuilt from the transcripts): the same calendar, byte for byte.
        #expect(try Self.coach(["index", "--rebuild"], in: dir).stdout == "1 finished diagnoses of 1 subjects indexed; 0 transcripts left out\n")
        let again = try Self.coach(["export", "dana"], in: dir)
        #expect(again.stdout == first.stdout)

        let file = dir + "/dana.ics"
        #expect(try Self.coach(["export", "dana", "-o", file], in: dir).stdout.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == first.stdout, "-o writes what standard output would show")
        let csv = try Self.coach(["export", "dana", "--format", "csv"], in: dir)
        let rows = try Python.run("""
            import sys, csv, json
            json.dump(list(csv.DictReader(sys.stdin)), sys.stdout)
            """, input: csv.stdout)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(rows.utf8)) as? [[String: String]])
        #expect(records.count == 3)
        #expect(records.first?["action_id"] == "R-T-06" && records.first?["subject"] == "dana" && records.first?["status"] == "open")
        #expect(records.allSatisfy { ($0["due"] ?? "").wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil }, "\(records)")
    }

    @Test func theIndexIsACacheRebuiltFromTheTranscriptsAndAnEditedTranscriptIsLeftOut() throws {
        let dir = CoachProcess.scratchDirectory()
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana", day: "2026-09-01", in: dir)
        try Self.diagnose("OTT-5", name: "Chris", gap: "12", day: "2026-09-02", in: dir)
        #expect(try Self.coach(["history", "dana"], in: dir).status == 0)
        let index = dir + "/transcripts/index.json"
        #expect(FileManager.default.fileExists(atPath: index), "the first read leaves the cache")
        // The cache is believed only with this installation's MAC: an edited entry is read from its transcript again.
        let cached = try String(contentsOfFile: index, encoding: .utf8)
        #expect(cached.contains("\"value\":25"))
        try cached.replacingOccurrences(of: "\"value\":25", with: "\"value\":2").write(toFile: index, atomically: true, encoding: .utf8)
        #expect(try Self.coach(["history", "dana"], in: dir).stdout.contains("Gap to YTD target: 25%\n"), "not the forged 2%")
        // An edited transcript no longer verifies: it is left out (with its reason on stderr), even though the cache
        // held its old entry, because its size and time changed.
        let ended = try FileManager.default.contentsOfDirectory(atPath: dir + "/transcripts/ended")
        let chris = try #require(try ended.first { try String(contentsOfFile: dir + "/transcripts/ended/" + $0, encoding: .utf8).contains("\"Chris\"") })
        let path = dir + "/transcripts/ended/" + chris
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"Chris\"", with: "\"Chloe\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let team = try Self.coach(["team", "--format", "json"], in: dir)
        #expect(team.stderr.contains("coach: left out: ended/\(chris): "), "\(team.stderr)")
        #expect(!team.stdout.contains("Chloe") && !team.stdout.contains("Chris"))
        // A cache that is not JSON is thrown away and rebuilt.
        try "not json".write(toFile: index, atomically: true, encoding: .utf8)
        let rebuilt = try Self.coach(["index"], in: dir)
        #expect(rebuilt.status == 1, "a transcript was left out")
        #expect(rebuilt.stdout == "1 finished diagnoses of 1 subjects indexed; 1 transcripts left out\n", "\(rebuilt.stdout)")
    }
}

extension CoachingContinuityTests {
    @Test func forgetErasesTheNameAndFreeTextEverywhereAndEveryTranscriptStillVerifies() throws {
        let dir = CoachProcess.scratchDirectory()
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana", commit: "Book two joint calls with Dana before the end of the month",
                          day: "2026-09-01", in: dir)
        try Self.diagnose("OTT-3", name: "Dana", gap: "15", subject: "dana", day: "2026-10-01", in: dir)
        try Self.diagnose("OTT-5", name: "Chris", gap: "12", commit: "Ask Dana to show Chris her account plans", day: "2026-10-02", in: dir)
        try Self.diagnose("OTT-5", name: "Sam", gap: "12", commit: "Check the territory change with Sam", day: "2026-10-03", in: dir)
        // A conversation about Dana still open, and another rep's still open that names her.
        let open = try CoachProcess.run(["chat", "off-track", "--subject", "dana", "--transcripts", dir + "/transcripts"],
                                        input: "Dana\n30\nno\n", environment: ["COACH_TODAY": "2026-10-04"])
        #expect(open.status == 1, "input ended before the diagnosis did")
        let other = try CoachProcess.run(["chat", "off-track", "--transcripts", dir + "/transcripts"],
                                         input: "Kim, who shadows Dana\n30\n", environment: ["COACH_TODAY": "2026-10-04"])
        #expect(other.status == 1)
        let history = dir + "/history"
        try "off-track\nDana\nTwo days a week go on renewals admin\nyes\nAsk Dana to show Chris her account plans\n"
            .write(toFile: history, atomically: true, encoding: .utf8)
        let transcripts = dir + "/transcripts"
        func everything() throws -> String {
            var text = try String(contentsOfFile: transcripts + "/index.json", encoding: .utf8)
            for sub in ["/ended/", "/conversations/"] {
                for name in try FileManager.default.contentsOfDirectory(atPath: transcripts + sub) {
                    text += try String(contentsOfFile: transcripts + sub + name, encoding: .utf8)
                }
            }
            return text
        }
        #expect(try Self.coach(["index"], in: dir).status == 0)
        #expect(try everything().contains("Dana") && (try everything().contains("renewals admin")))

        let refused = try Self.coach(["forget", "dana"], in: dir)
        #expect(refused.status == 1 && refused.stderr.contains("add --yes"), "no question can be asked on a pipe: \(refused.stderr)")
        let forget = try CoachProcess.run(["forget", "dana", "--yes", "--transcripts", transcripts], environment: ["COACH_HISTFILE": history])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.hasPrefix("Forgot Dana: 5 transcripts rewritten; their diagnoses are now under forgotten-"), "\(forget.stdout)")
        #expect(forget.stdout.hasSuffix("; 3 lines removed from the chat history.\n"), "\(forget.stdout)")
        #expect(try String(contentsOfFile: history, encoding: .utf8) == "off-track\nyes\n")

        let after = try everything()
        for secret in ["Dana", "dana", "Two days a week go on renewals admin", "Book two joint calls", "Ask Dana", "Kim, who shadows"] {
            #expect(!after.contains(secret), "'\(secret)' is gone from every transcript and the index")
        }
        #expect(after.contains("Sam") && after.contains("Check the territory change with Sam"), "what names only others stays")
        let replay = try CoachProcess.run(["replay", transcripts + "/ended"])
        #expect(replay.status == 0 && replay.stdout.hasSuffix("4 transcripts: 4 verified\n"), "\(replay.stdout)\(replay.stderr)")
        // The diagnoses stay, under the pseudonym, for the team's picture.
        let team = try Self.coach(["team", "--format", "json"], in: dir)
        #expect(team.stdout.contains("\"name\":\"Forgotten person\"") && team.stdout.contains("\"sessions\":2"), "\(team.stdout)")
        let log = try String(contentsOfFile: transcripts + "/forgotten.jsonl", encoding: .utf8)
        #expect(log.split(separator: "\n").count == 5 && !log.contains("Dana"))
        #expect(try CoachProcess.run(["replay", transcripts + "/conversations", "--unverified"]).stdout.hasSuffix("2 transcripts: 2 incomplete\n"),
                "the open conversations, rewritten, still replay as far as they go")
        #expect(try Self.coach(["history", "dana"], in: dir).status == 1, "the subject is gone")
    }
}

extension CoachingContinuityTests {
    /// docs/coaching.md is a contract: each `$ coach ...` line of its console blocks, run on Dana's three diagnoses
    /// (25%, 15% and 8% behind, on the first working day of September, October and November), prints what follows it.
    @Test func theExamplesOfDocsCoachingAreWhatCoachPrints() throws {
        let dir = CoachProcess.scratchDirectory()
        let transcripts = dir + "/data/coach/transcripts"
        for (gap, day) in [("25", "2026-09-01"), ("15", "2026-10-01"), ("8", "2026-11-02")] {
            let r = try CoachProcess.run(["chat", "off-track", "--subject", "dana", "--transcripts", transcripts],
                                         input: Self.answers("OTT-1", name: "Dana", gap: gap, commit: "Book two joint calls with Dana"),
                                         environment: ["COACH_TODAY": day])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let doc = try String(contentsOfFile: Repository.path("docs/coaching.md"), encoding: .utf8)
        var examples: [(command: String, output: String)] = []
        var inBlock = false
        for line in doc.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inBlock = line == "```console"; continue }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") { examples.append((String(line.dropFirst(2)), "")) } else if !examples.isEmpty {
                examples[examples.count - 1].output += line + "\n"
            }
        }
        #expect(examples.count == 3, "the doc's examples were found")
        for (command, output) in examples {
            let words = command.split(separator: " ").map(String.init)
            #expect(words.first == "coach")
            let r = try CoachProcess.run(Array(words.dropFirst()), environment: ["XDG_DATA_HOME": dir + "/data", "COACH_TODAY": "2026-11-27"])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stdout == output, "\(command) prints, in docs/coaching.md:\n\(r.stdout)")
        }
    }
}

extension CoachingContinuityTests {
    /// Forgetting one of two reps called Dana leaves the other alone; a conversation about the forgotten one left
    /// half done, with no subject id, is theirs by its name; a directory a server used and left is no obstacle.
    @Test func forgetTouchesOnlyThePersonNamedEvenBesideANamesake() throws {
        let dir = CoachProcess.scratchDirectory()
        let transcripts = dir + "/transcripts"
        try Self.diagnose("OTT-1", name: "Dana", gap: "25", subject: "dana-k", commit: "Book calls with Dana K", day: "2026-09-01", in: dir)
        try Self.diagnose("OTT-5", name: "Dana", gap: "12", subject: "dana-m", commit: "Check Dana's territory", day: "2026-09-02", in: dir)
        // A conversation about Dana M (started with her id) left half done is hers too.
        let open = try CoachProcess.run(["chat", "off-track", "--subject", "dana-m", "--transcripts", transcripts],
                                        input: "Dana\n30\nno\n", environment: ["COACH_TODAY": "2026-10-04"])
        #expect(open.status == 1)
        // A server used the directory and stopped: its journal directory stays, with no segment in it.
        let serve = try CoachProcess.run(["serve", "--transcripts", transcripts], input: ProtocolTests.initialize + "\n")
        #expect(serve.status == 0, "\(serve.stderr)")
        let forget = try CoachProcess.run(["forget", "dana-m", "--yes", "--transcripts", transcripts], environment: ["COACH_TODAY": "2026-10-05"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.hasPrefix("Forgot Dana: 2 transcripts rewritten"), "Dana M's diagnosis and her open conversation: \(forget.stdout)")
        let k = try Self.coach(["history", "dana-k"], in: dir)
        #expect(k.stdout.hasPrefix("Dana: 1 diagnosis\n"), "the other Dana keeps her name: \(k.stdout)")
        let csv = try Self.coach(["export", "dana-k", "--format", "csv"], in: dir)
        #expect(csv.stdout.contains("dana-k,Dana,"), "\(csv.stdout)")
        #expect(try Self.coach(["history", "dana-m"], in: dir).status == 1)
        let ended = try FileManager.default.contentsOfDirectory(atPath: transcripts + "/ended")
        let all = try ended.map { try String(contentsOfFile: transcripts + "/ended/" + $0, encoding: .utf8) }
        #expect(all.filter { $0.contains("Check Dana's territory") }.isEmpty && all.contains { $0.contains("Book calls with Dana K") })
    }
}

/// Runs a Python program with the test packages (markdown, icalendar); fails the test, saying what to install, when
/// the program fails (a package is missing).
enum Python {
    static func run(_ program: String, input: String, needs package: String = "icalendar") throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", program]
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        try p.run()
        nonisolated(unsafe) var out = Data(), err = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        group.wait()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "python3 with the \(package) package is needed (pip install \(package)): \(String(decoding: err, as: UTF8.self))")
        return String(decoding: out, as: UTF8.self)
    }
}
