import DialogEngine
import DialogModel
import DialogTesting
import Foundation
import Testing
import Transcript

/// Faults as an operator meets them, injected at the system calls of a real transcript file: a full disk or an I/O
/// error at the Nth write, a write torn after k bytes, a cut-back that fails, a sync that fails; and a crash that
/// leaves a turn torn at any byte. A bridge resends what was not answered; the promise is that nothing the leader
/// said is lost or applied twice: the file ends byte for byte as an uninterrupted run's, with the same plan.
///
/// Seeded and bounded. `swift test` runs a small sample of (N, k); `COACH_FAULTS=large swift test --filter
/// FaultInjection` (or `scripts/fault-injection.sh`) runs every N and every k of a whole diagnosis.
@Suite(.serialized) struct FaultInjectionTests {
    static let large = ProcessInfo.processInfo.environment["COACH_FAULTS"] == "large"
    static let dialog = Repository.dialog("off-track")
    static let answers = Recording.ott1

    /// What the injected system calls do, call by call.
    final class Faults: @unchecked Sendable {
        /// 1-based index of the `write(2)` call that fails, after writing `tornAfter` bytes of its buffer.
        var failingWrite: Int?
        var tornAfter = 0
        var errorCode = ENOSPC
        /// `ftruncate(2)` fails this many times (a cut-back that cannot happen at once).
        var failingTruncates = 0
        /// 1-based index of the `fsync(2)` call that fails.
        var failingSync: Int?
        private(set) var writes = 0
        private(set) var syncs = 0
        /// The size of each whole buffer written (recorded by an uninterrupted run).
        private(set) var sizes: [Int] = []

        var io: FileIO {
            FileIO(write: { fd, p, n in self.write(fd, p, n) }, truncate: { fd, size in self.truncate(fd, size) },
                   sync: { fd in self.sync(fd) })
        }

        func write(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
            writes += 1
            if writes == failingWrite {
                if tornAfter > 0 { return Foundation.write(fd, p, min(tornAfter, n)) }
                errno = errorCode
                return -1
            }
            if let failing = failingWrite, writes == failing + 1, tornAfter > 0 {
                // The rest of the torn buffer meets the full disk.
                errno = errorCode
                return -1
            }
            sizes.append(n)
            return Foundation.write(fd, p, n)
        }

        func truncate(_ fd: Int32, _ size: Int) -> Int32 {
            if failingTruncates > 0 {
                failingTruncates -= 1
                errno = EIO
                return -1
            }
            return ftruncate(fd, off_t(size))
        }

        func sync(_ fd: Int32) -> Int32 {
            syncs += 1
            if syncs == failingSync {
                errno = EIO
                return -1
            }
            return 0  // the logic is under test here, not the disk: no real fsync per turn
        }
    }

    /// One diagnosis driven as a bridge drives it: every event that fails is sent again until it is recorded.
    /// Returns the file's bytes, the plan, how many sends failed, and how many answers the session holds.
    static func run(_ faults: Faults, in dir: String) throws -> (bytes: [UInt8], plan: Plan?, failures: Int, answers: Int) {
        let path = dir + "/t.jsonl"
        let header = TranscriptHeader(dialog: dialog.id, dialogVersion: dialog.version, contentHash: "0", coach: "0.1.0",
                                      conversation: "faults", subject: nil, started: Recording.started)
        var failures = 0
        var recorder: Recorder?
        while recorder == nil {
            let sink = try FileSink(creating: path)
            sink.io = faults.io
            do {
                recorder = try Recorder(engine: Engine(dialog: dialog), writer: TranscriptWriter(header: header, sink: sink), day: Recording.day)
            } catch {
                // A conversation that could not start leaves nothing behind (as TranscriptDirectory.start does).
                failures += 1
                try? sink.close()
                unlink(path)
            }
        }
        var plan: Plan?
        for answer in answers {
            while true {
                do {
                    let out = try recorder!.send(Event(.answered(answer), on: Recording.day), messageID: nil)
                    for case .finished(let d) in out { plan = d.plan }
                    break
                } catch {
                    failures += 1
                }
            }
        }
        try recorder!.close()
        let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
        return (bytes, plan, failures, recorder!.session.answers.count)
    }

    static let reference: (bytes: [UInt8], plan: Plan?, sizes: [Int]) = {
        let dir = Recording.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let faults = Faults()
        let r = try! run(faults, in: dir)
        return (r.bytes, r.plan, faults.sizes)
    }()

    /// The byte offsets k at which a write of `size` bytes is torn: all of them at the large size, a seeded sample.
    static func offsets(_ size: Int, seed: Int) -> [Int] {
        if large { return Array(0..<size) }
        var rng = SplitMix(seed: UInt64(seed))
        return Array(Set([0, 1, size / 2, size - 1] + (0..<2).map { _ in Int.random(in: 0..<size, using: &rng) })).sorted()
    }

    @Test func theUninterruptedRunEndsInThePlanWithEveryAnswer() {
        #expect(Self.reference.plan != nil)
        #expect(Self.reference.sizes.count == Self.answers.count + 1, "one write per turn, the opening included")
    }

    @Test func aFullDiskOrAnIOErrorAtAnyWriteTornAtAnyByteLosesNothingAndAppliesNothingTwice() throws {
        var runs = 0, lost = 0, doubled = 0, wrongPlans = 0, wrongBytes = 0
        for (n, size) in Self.reference.sizes.enumerated() {
            for k in Self.offsets(size, seed: n) {
                for code in [ENOSPC, EIO] where k == 0 || code == ENOSPC {
                    let dir = Recording.temporaryDirectory()
                    defer { try? FileManager.default.removeItem(atPath: dir) }
                    let faults = Faults()
                    faults.failingWrite = n + 1
                    faults.tornAfter = k
                    faults.errorCode = code
                    let r = try Self.run(faults, in: dir)
                    runs += 1
                    if r.answers < Self.answers.count { lost += 1 }
                    if r.answers > Self.answers.count { doubled += 1 }
                    if r.plan != Self.reference.plan { wrongPlans += 1 }
                    if r.bytes != Self.reference.bytes { wrongBytes += 1 }
                    #expect(r.failures == 1, "N=\(n + 1) k=\(k): the failed write is reported once")
                }
            }
        }
        print("fault injection (writes): \(runs) runs, \(lost) lost, \(doubled) applied twice, \(wrongPlans) wrong plans, \(wrongBytes) files differing")
        #expect(runs > Self.reference.sizes.count)
        #expect(lost == 0 && doubled == 0 && wrongPlans == 0 && wrongBytes == 0)
    }

    @Test func aTornWriteThatCannotBeCutBackAtOnceIsCutBeforeTheNextWrite() throws {
        for n in [1, Self.reference.sizes.count / 2, Self.reference.sizes.count] {
            let dir = Recording.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let faults = Faults()
            faults.failingWrite = n
            faults.tornAfter = 5
            faults.failingTruncates = 1
            let r = try Self.run(faults, in: dir)
            #expect(r.bytes == Self.reference.bytes, "N=\(n)")
            #expect(r.plan == Self.reference.plan)
        }
    }

    @Test func aSyncThatFailsTakesItsTurnBackAndTheResendRecordsItOnce() throws {
        var runs = 0
        for n in stride(from: 1, through: Self.reference.sizes.count, by: Self.large ? 1 : 5) {
            let dir = Recording.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let faults = Faults()
            faults.failingSync = n
            let r = try Self.run(faults, in: dir)
            runs += 1
            #expect(r.bytes == Self.reference.bytes, "sync \(n)")
            #expect(r.answers == Self.answers.count)
        }
        print("fault injection (syncs): \(runs) runs, each recorded once")
    }

    @Test func aCrashThatTearsATurnAtAnyByteResumesAtTheTurnBeforeAndTheResendCompletesTheSameFile() throws {
        let reference = Self.reference.bytes
        let sizes = Self.reference.sizes
        var starts: [Int] = [0]
        for size in sizes { starts.append(starts.last! + size) }
        let turns = Self.large ? Array(1..<sizes.count) : [1, 2, sizes.count / 2, sizes.count - 1]
        var runs = 0, wrong = 0
        for t in turns {
            for k in Self.offsets(sizes[t], seed: 1000 + t) {
                let dir = Recording.temporaryDirectory()
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let path = dir + "/t.jsonl"
                // The crash: turn t's write reached the file up to byte k.
                FileManager.default.createFile(atPath: path, contents: Data(reference[..<(starts[t] + k)]))
                let (recorder, _) = try Recorder.resume(path: path, engine: Engine(dialog: Self.dialog))
                runs += 1
                #expect(recorder.turn == t - 1, "turn \(t) torn at byte \(k): resumed at the turn before")
                // The bridge resends turn t's answer and goes on.
                for answer in Self.answers[(recorder.turn)...] { try recorder.send(Event(.answered(answer), on: Recording.day)) }
                try recorder.close()
                if Array(FileManager.default.contents(atPath: path) ?? Data()) != reference { wrong += 1 }
            }
        }
        print("fault injection (torn turns): \(runs) resumes, \(wrong) files differing from the uninterrupted run")
        #expect(wrong == 0)
    }

    @Test func aCrashInsideTheOpeningMeansTheConversationNeverStarted() throws {
        let reference = Self.reference.bytes
        for k in Self.offsets(Self.reference.sizes[0], seed: 7) where k > 0 {
            let dir = Recording.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let path = dir + "/t.jsonl"
            FileManager.default.createFile(atPath: path, contents: Data(reference[..<k]))
            #expect(throws: (any Error).self, "opening torn at byte \(k)") {
                _ = try Recorder.resume(path: path, engine: Engine(dialog: Self.dialog))
            }
        }
    }
}
