import DialogTesting
import Foundation
import Testing

/// Several `coach serve --store postgres://…` processes serving the same conversations, as the workers of a bridge
/// behind a load balancer do (issue 13): any process takes any conversation's next message, a retry arrives at
/// another process, a stale button is clicked at another process, and processes are killed with SIGKILL at random
/// moments and started again.
@Suite(.serialized, .timeLimit(.minutes(20)),
       .enabled(if: PostgresServer.isAvailable,
                "needs PostgreSQL: COACH_TEST_POSTGRES, or PostgreSQL's server programs for a throwaway cluster (.ci/run installs them)"))
struct MultiServerTests {
    static let answers = ResumeTests.ott1

    /// A new database, migrated by `coach db migrate` as an operator would.
    static func database() throws -> String {
        let url = try PostgresServer.createDatabase()
        let migrate = try CoachProcess.run(["db", "migrate", "--store", url])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("applied migration 1"))
        return url
    }

    /// A server on the store, initialized.
    static func serve(_ url: String) throws -> ServeProcess {
        let s = try ServeProcess(arguments: ["--store", url])
        s.send(ProtocolTests.initialize)
        _ = s.next(timeout: 30)
        return s
    }

    static func start(_ id: Int, _ conversation: String, messageID: String) -> String {
        ProtocolTests.request(id, "conversation/start", #"{"conversation":"\#(conversation)","dialog":"off-track","messageId":"\#(messageID)"}"#)
    }

    static func click(_ id: Int, _ conversation: String, prompt: String, choice: String, messageID: String) -> String {
        ProtocolTests.request(id, "conversation/message",
                              #"{"conversation":"\#(conversation)","choice":{"promptId":"\#(prompt)","id":"\#(choice)"},"messageId":"\#(messageID)"}"#)
    }

    /// A reply's result as canonical JSON (the envelope's request id left out).
    static func result(_ line: String) -> String {
        let r = ProtocolTests.parse(line)["result"] ?? ProtocolTests.parse(line)["error"] ?? [:]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: r, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    @Test func aRetryArrivingAtAnotherProcessGetsTheFirstReplyAndIsAppliedOnce() throws {
        let url = try Self.database()
        let a = try Self.serve(url), b = try Self.serve(url)
        a.send(Self.start(1, "c1", messageID: "m-start"))
        let started = try #require(a.next())
        // The bridge retries the start at the other process: the conversation is there (-32012), as with one server.
        b.send(Self.start(2, "c1", messageID: "m-start"))
        let restart = try #require(b.next())
        #expect(ProtocolTests.error(restart)["code"] as? Int == -32012)
        a.send(ProtocolTests.message(3, "c1", "Dana", messageID: "m0"))
        let first = try #require(a.next())
        b.send(ProtocolTests.message(4, "c1", "Dana", messageID: "m0"))
        let retried = try #require(b.next())
        #expect(Self.result(retried) == Self.result(first))
        // The conversation goes on at either process; an earlier message redelivered is refused at both.
        b.send(ProtocolTests.message(5, "c1", "25", messageID: "m1"))
        let second = try #require(b.next())
        #expect(ProtocolTests.error(second).isEmpty)
        for s in [a, b] {
            s.send(ProtocolTests.message(6, "c1", "Dana", messageID: "m0"))
            let late = try #require(s.next())
            #expect(ProtocolTests.error(late)["code"] as? Int == -32014)
        }
        a.send(ProtocolTests.request(7, "conversation/state", #"{"conversation":"c1"}"#))
        let stateLine = try #require(a.next())
        let state = ProtocolTests.result(stateLine)
        #expect((state["answers"] as? [[String: Any]])?.count == 2, "each answer applied once: \(state)")
        #expect(!started.isEmpty)
        a.close(); b.close()
        #expect(a.wait() == 0 && b.wait() == 0)
    }

    @Test func aStaleClickAtAnotherProcessIsRefused() throws {
        let url = try Self.database()
        let a = try Self.serve(url), b = try Self.serve(url)
        a.send(Self.start(1, "c1", messageID: "s"))
        _ = a.next()
        for (k, answer) in Self.answers.prefix(2).enumerated() {
            a.send(ProtocolTests.message(2 + k, "c1", answer, messageID: "m\(k)"))
            _ = a.next()
        }
        // The third question is a yes/no: its buttons carry the prompt id a showed.
        a.send(ProtocolTests.request(10, "conversation/state", #"{"conversation":"c1"}"#))
        let stateLine = try #require(a.next())
        let question = try #require(ProtocolTests.result(stateLine)["question"] as? [String: Any])
        let prompt = try #require(question["promptId"] as? String)
        // The leader answers at b; the old button, clicked again, reaches b and then a: refused at both.
        b.send(Self.click(11, "c1", prompt: prompt, choice: "no", messageID: "m2"))
        let applied = try #require(b.next())
        #expect(ProtocolTests.error(applied).isEmpty, "\(applied)")
        let active = ProtocolTests.messages(applied).last?["promptId"] as? String
        for (k, s) in [b, a].enumerated() {
            s.send(Self.click(12 + k, "c1", prompt: prompt, choice: "yes", messageID: "stale-\(k)"))
            let refusedLine = try #require(s.next())
            let refused = ProtocolTests.error(refusedLine)
            #expect(refused["code"] as? Int == -32011)
            #expect((refused["data"] as? [String: Any])?["activePromptId"] as? String == active)
        }
        a.close(); b.close()
        _ = a.wait(); _ = b.wait()
    }

    @Test func aLostDatabaseConnectionIsAnErrorTheServerSurvivesAndTheRetryIsAppliedOnce() throws {
        let url = try Self.database()
        let a = try Self.serve(url)
        a.send(Self.start(1, "c1", messageID: "s"))
        _ = a.next()
        a.send(ProtocolTests.message(2, "c1", "Dana", messageID: "m0"))
        _ = a.next()
        // The server's next statement waits on a lock another session holds; meanwhile the database drops the
        // server's connection (a restart, a failover, a network cut): the statement in flight fails.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        locker.arguments = ["psql", url, "-q", "-c", "BEGIN; LOCK TABLE coach_turns IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;"]
        locker.standardOutput = FileHandle.nullDevice
        try locker.run()
        // The lock is taken before the request is sent.
        var locked = false
        for _ in 0..<100 where !locked {
            usleep(50_000)
            locked = try PostgresServer.psql(url, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'coach_turns' AND l.mode = 'AccessExclusiveLock' AND l.granted").hasPrefix("1")
        }
        #expect(locked)
        a.send(ProtocolTests.message(3, "c1", "25", messageID: "m1"))
        usleep(500_000)
        let dropped = try PostgresServer.psql(url, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'psql'")
        #expect(dropped.hasPrefix("1"), "\(dropped)")
        let failed = try #require(a.next(timeout: 20))
        #expect(ProtocolTests.error(failed)["code"] as? Int == -32015, "\(failed)")
        for _ in 0..<200 where locker.isRunning { usleep(50_000) }
        // The bridge retries; the server connects again and applies the answer once.
        a.send(ProtocolTests.message(4, "c1", "25", messageID: "m1"))
        let retried = try #require(a.next())
        #expect(ProtocolTests.error(retried).isEmpty, "\(retried)")
        a.send(ProtocolTests.request(5, "conversation/state", #"{"conversation":"c1"}"#))
        let stateLine = try #require(a.next())
        let answers = (ProtocolTests.result(stateLine)["answers"] as? [[String: Any]])?.compactMap { $0["answer"] as? String }
        #expect(answers?.count == 2, "\(stateLine)")
        a.close()
        #expect(a.wait() == 0)
    }

    @Test func aFollowUpGoesOnAnsweringForTheLeaderAtEveryProcess() throws {
        let url = try Self.database()
        let diagnosis = try CoachProcess.run(["chat", "off-track", "--subject", "dana", "--store", url],
                                             input: CoachingContinuityTests.answers("OTT-1", name: "Dana", gap: "25"),
                                             environment: ["COACH_TODAY": "2026-09-01"])
        #expect(diagnosis.status == 0, "\(diagnosis.stderr)")
        let servers = [try Self.serve(url), try Self.serve(url)]
        servers[0].send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"f","followUp":"dana"}"#))
        _ = try #require(servers[0].next())
        // No progress although the actions were done; diagnose again keeping the earlier answers: each answer at the
        // other process, which must give the restart step and the kept answers for the leader as the first would.
        var last = ""
        for (k, answer) in ["done", "done", "done", "25", "keep-earlier"].enumerated() {
            let s = servers[(k + 1) % 2]
            s.send(ProtocolTests.message(2 + k, "f", answer, messageID: "m\(k)"))
            last = try #require(s.next())
        }
        let question = ProtocolTests.messages(last).last { $0["type"] as? String == "question" }
        #expect(question?["node"] as? String == "OTT.T1", "the tasks step, the earlier steps kept: \(last.prefix(800))")
        for s in servers { s.close(); _ = s.wait() }
    }

    /// The plan of one uninterrupted conversation through one server on files (every conversation answers alike).
    static let reference: String? = {
        guard let quiet = try? ResumeTests.serve(CoachProcess.scratchDirectory()) else { return nil }
        quiet.send(ProtocolTests.request(1, "conversation/start", #"{"conversation":"ref","dialog":"off-track"}"#))
        _ = quiet.next()
        var last = ""
        for (k, answer) in answers.enumerated() {
            quiet.send(ProtocolTests.message(2 + k, "ref", answer, messageID: "m\(k)"))
            last = quiet.next() ?? ""
        }
        quiet.close()
        _ = quiet.wait()
        return KillNineTests.plan(last)
    }()

    @Test(arguments: [2, 4])
    func killedAtRandomTheServersLoseNothingApplyNothingTwiceAndAgreeOnEveryPlan(processes: Int) throws {
        let conversations = ProcessInfo.processInfo.environment["COACH_MULTI_CONVERSATIONS"].flatMap(Int.init) ?? 200
        let reference = try #require(Self.reference)
        let url = try Self.database()
        var rng = SplitMix(seed: UInt64(13 * processes))
        var servers = try (0..<processes).map { _ in try Self.serve(url) }
        var next = Array(repeating: -1, count: conversations)  // -1: not started; k: answers[k] is due
        var plans: [Int: String] = [:]
        var requestID = 100
        var kills = 0, resent = 0, duplicates = 0, disagreed = 0, wedged = 0, staleClicks = 0, staleApplied = 0
        var prompts = Array(repeating: [String](), count: conversations)  // the prompt ids each conversation was shown
        func line(_ c: Int, _ id: Int) -> String {
            next[c] < 0 ? Self.start(id, "c\(c)", messageID: "c\(c)-start")
                : ProtocolTests.message(id, "c\(c)", Self.answers[next[c]], messageID: "c\(c)-m\(next[c])")
        }
        while plans.count < conversations {
            // One round: each process takes one request of a different conversation; sometimes the bridge delivers
            // one twice, to two processes at once.
            var open = (0..<conversations).filter { plans[$0] == nil }
            var sent: [(server: Int, conversation: Int, id: Int, stale: Bool)] = []
            var order = Array(0..<processes)
            order.shuffle(using: &rng)
            var k = 0
            while k < order.count, !open.isEmpty {
                let c = open.remove(at: Int.random(in: 0..<open.count, using: &rng))
                // Sometimes a button of a question the conversation has moved past, clicked again.
                if prompts[c].count > 1, Int.random(in: 0..<8, using: &rng) == 0 {
                    let old = prompts[c][Int.random(in: 0..<(prompts[c].count - 1), using: &rng)]
                    requestID += 1
                    servers[order[k]].send(Self.click(requestID, "c\(c)", prompt: old, choice: "yes", messageID: "c\(c)-stale-\(staleClicks)"))
                    sent.append((order[k], c, requestID, true))
                    staleClicks += 1
                    k += 1
                    continue
                }
                let copies = k + 1 < order.count && Int.random(in: 0..<8, using: &rng) == 0 ? 2 : 1
                if copies == 2 { duplicates += 1 }
                for _ in 0..<copies {
                    requestID += 1
                    servers[order[k]].send(line(c, requestID))
                    sent.append((order[k], c, requestID, false))
                    k += 1
                }
            }
            // Sometimes one process is killed while its request is in flight.
            var victim: Int?
            if Int.random(in: 0..<20, using: &rng) == 0 {
                let v = sent[Int.random(in: 0..<sent.count, using: &rng)].server
                usleep(UInt32.random(in: 0...2000, using: &rng))
                kill(servers[v].process.processIdentifier, SIGKILL)
                victim = v
                kills += 1
            }
            var replies: [Int: [String]] = [:]
            // The other processes' replies first, so each has nothing in flight when a lost request is sent to it again.
            for s in sent where s.server != victim {
                let reply = servers[s.server].next(timeout: 30) ?? "no reply"
                if s.stale {
                    if ProtocolTests.error(reply)["code"] as? Int != -32011 { staleApplied += 1 }
                } else {
                    replies[s.conversation, default: []].append(reply)
                }
            }
            if let victim {
                _ = servers[victim].wait()
                let rest = servers[victim].rest(timeout: 2)
                servers[victim] = try Self.serve(url)
                for s in sent where s.server == victim {
                    var reply = rest.first { (ProtocolTests.parse($0)["id"] as? Int) == s.id }
                    if s.stale {
                        // A stale click lost with its process is not sent again; one answered must have been refused.
                        if let reply, ProtocolTests.error(reply)["code"] as? Int != -32011 { staleApplied += 1 }
                        continue
                    }
                    if reply == nil {
                        // The bridge sends it again, with the same message id, to another process.
                        resent += 1
                        requestID += 1
                        let other = (victim + 1 + Int.random(in: 0..<(processes - 1), using: &rng)) % processes
                        servers[other].send(line(s.conversation, requestID))
                        reply = servers[other].next(timeout: 30)
                    }
                    replies[s.conversation, default: []].append(reply ?? "no reply")
                }
            }
            for (c, lines) in replies {
                // Two deliveries of one message get one reply: the first, again.
                let results = lines.map { line -> String in
                    let code = ProtocolTests.error(line)["code"] as? Int
                    return next[c] < 0 && code == -32012 ? "started" : Self.result(line)
                }
                if next[c] >= 0, Set(results).count > 1 {
                    disagreed += 1
                    if disagreed <= 3 { print("differed, c\(c) answer \(next[c]):\n" + results.map { String($0.prefix(400)) }.joined(separator: "\n")) }
                }
                let good = lines.first { ProtocolTests.error($0).isEmpty } ?? lines[0]
                let code = ProtocolTests.error(good)["code"] as? Int
                if code != nil && !(next[c] < 0 && code == -32012) {
                    wedged += 1
                    print("wedged c\(c) at \(next[c]): \(good)")
                    plans[c] = "wedged: \(good)"
                    continue
                }
                next[c] += 1
                if let prompt = ProtocolTests.messages(good).last?["promptId"] as? String, prompts[c].last != prompt { prompts[c].append(prompt) }
                if let plan = KillNineTests.plan(good) { plans[c] = plan }
                else if next[c] == Self.answers.count { plans[c] = "no plan: \(good)" }
            }
        }
        // Every conversation ends (its transcript sealed), at whichever process.
        for c in 0..<conversations {
            requestID += 1
            let s = servers[Int.random(in: 0..<processes, using: &rng)]
            s.send(ProtocolTests.request(requestID, "conversation/end", #"{"conversation":"c\#(c)"}"#))
            _ = s.next(timeout: 30)
        }
        for s in servers { s.close(); _ = s.wait() }

        // The store's transcripts, exported as files: each answer once, and every one replays verified.
        let exported = CoachProcess.scratchDirectory()
        let export = try CoachProcess.run(["export", "--format", "jsonl", "--store", url, "-o", exported])
        #expect(export.status == 0, "\(export.stderr)")
        var lost = 0, doubled = 0
        for c in 0..<conversations {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: exported + "/ended")) ?? []).filter { $0.hasPrefix("c\(c)--") }
            let text = files.first.flatMap { try? String(contentsOfFile: exported + "/ended/" + $0, encoding: .utf8) } ?? ""
            let inputs = text.split(separator: "\n").filter { $0.contains(#""input":"text""#) }.count
            if files.count != 1 || inputs < Self.answers.count {
                lost += 1
                if lost <= 2 { print("lost c\(c): \(files), \(inputs) inputs:\n" + text.split(separator: "\n").filter { $0.contains("input") }.map { String($0.prefix(120)) }.joined(separator: "\n")) }
            }
            if inputs > Self.answers.count { doubled += 1 }
            if text.contains(#""messageId":"c\#(c)-stale-"#) { staleApplied += 1 }
        }
        let replay = try CoachProcess.run(["replay", "--store", url])
        let replayedFiles = try CoachProcess.run(["replay", exported])
        let wrong = plans.values.filter { $0 != reference }.count
        print("\(processes) processes: \(conversations) conversations, \(kills) kills, \(resent) requests sent again at another process, \(duplicates) delivered twice at once, \(staleClicks) stale clicks (\(staleApplied) applied), \(lost) lost, \(doubled) applied twice, \(disagreed) duplicate replies that differed, \(wedged) wedged, \(wrong) wrong plans; replay: \(replay.stdout.split(separator: "\n").last ?? "")")
        #expect(kills > 0 && resent > 0 && duplicates > 0 && staleClicks > 0)
        #expect(lost == 0 && doubled == 0 && wedged == 0 && wrong == 0 && disagreed == 0 && staleApplied == 0)
        #expect(replay.status == 0, "\(replay.stdout.suffix(500)) \(replay.stderr)")
        #expect(replay.stdout.contains("\(conversations) transcripts: \(conversations) verified"), "\(replay.stdout.suffix(300))")
        #expect(replayedFiles.status == 0 && replayedFiles.stdout.split(separator: "\n").last == replay.stdout.split(separator: "\n").last,
                "the exported files replay as the store does")
    }
}
