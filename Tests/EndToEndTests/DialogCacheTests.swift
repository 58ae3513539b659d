import DialogTesting
import Foundation
import Testing

/// The compiled-dialog cache, through the built binary: `coach serve` writes an image of the dialogs it compiled,
/// starts from it next time, and compiles again when a file changed or the image cannot be trusted.
@Suite(.timeLimit(.minutes(2))) struct DialogCacheTests {
    static let requests = [
        #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-27","bridge":{"name":"b"}}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"conversation/start","params":{"conversation":"c1","dialog":"off-track"}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"conversation/message","params":{"conversation":"c1","text":"Dana"}}"#,
    ].joined(separator: "\n") + "\n"

    /// A copy of `Dialogs/` and an empty cache directory.
    struct Setup {
        let dialogs: String
        let cache: String

        init() throws {
            let scratch = CoachProcess.scratchDirectory()
            dialogs = scratch + "/Dialogs"
            cache = scratch + "/cache"
            try FileManager.default.copyItem(atPath: Repository.path("Dialogs"), toPath: dialogs)
        }

        /// A run of `coach serve` on the requests: its status, its log, and its replies with their prompt ids (random
        /// per process) blanked.
        func serve(cache: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
            let r = try CoachProcess.run(["serve", "--dialogs", dialogs, "--no-transcripts", "--log-level", "info"],
                                         input: DialogCacheTests.requests, environment: ["COACH_CACHE": cache ?? self.cache])
            let replies = r.stdout.replacingOccurrences(of: #""promptId":"[^"]*""#, with: "\"promptId\":\"\"", options: .regularExpression)
            return (r.status, replies, r.stderr)
        }

        var images: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { $0.hasSuffix(".image") }.map { cache + "/" + $0 }
        }
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    @Test func theSecondStartUsesTheImageTheFirstWrote() throws {
        let s = try Setup()
        let first = try s.serve()
        #expect(first.status == 0)
        #expect(first.stderr.contains("compiled and cached at"), "\(first.stderr)")
        let image = try #require(s.images.first)
        #expect(s.images.count == 1)
        let written = Self.modified(image)
        let bytes = FileManager.default.contents(atPath: image)

        let second = try s.serve()
        #expect(second.status == 0)
        #expect(second.stderr.contains("loaded from the cache \(image)"), "\(second.stderr)")
        #expect(second.stdout == first.stdout)
        #expect(Self.modified(image) == written && FileManager.default.contents(atPath: image) == bytes)
    }

    @Test func aChangedDialogFileIsCompiledAgain() throws {
        let s = try Setup()
        _ = try s.serve()
        let image = try #require(s.images.first)
        let before = FileManager.default.contents(atPath: image)
        let file = s.dialogs + "/off-track.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "title: ", with: "title: Changed ", options: [], range: text.range(of: "title: "))
            .write(toFile: file, atomically: true, encoding: .utf8)

        let changed = try s.serve()
        #expect(changed.status == 0)
        #expect(changed.stderr.contains("compiled and cached at \(image)"), "\(changed.stderr)")
        #expect(FileManager.default.contents(atPath: image) != before)
        #expect(try s.serve().stderr.contains("loaded from the cache \(image)"))
    }

    @Test func aCorruptImageIsIgnoredAndRewritten() throws {
        let s = try Setup()
        let first = try s.serve()
        let image = try #require(s.images.first)
        var bytes = try #require(FileManager.default.contents(atPath: image))
        let good = bytes
        bytes[bytes.count - 100] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: image))

        let corrupt = try s.serve()
        #expect(corrupt.status == 0)
        #expect(corrupt.stderr.contains("compiled and cached at \(image)"), "\(corrupt.stderr)")
        #expect(corrupt.stdout == first.stdout)
        #expect(FileManager.default.contents(atPath: image) == good)

        try Data(good.prefix(good.count / 2)).write(to: URL(fileURLWithPath: image))
        let cut = try s.serve()
        #expect(cut.stderr.contains("compiled and cached at \(image)"), "\(cut.stderr)")
        #expect(cut.stdout == first.stdout)
        #expect(try s.serve().stderr.contains("loaded from the cache \(image)"))
    }

    /// A rebuilt coach keeps its version string but may compile differently: it does not take another build's image.
    @Test func anotherCoachExecutableCompilesAgain() throws {
        let s = try Setup()
        _ = try s.serve()
        let image = try #require(s.images.first)
        let copy = CoachProcess.scratchDirectory() + "/coach"
        try FileManager.default.copyItem(atPath: CoachProcess.executable, toPath: copy)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: copy)
        p.arguments = ["serve", "--dialogs", s.dialogs, "--no-transcripts", "--log-level", "info"]
        p.environment = ProcessInfo.processInfo.environment.merging(["COACH_CACHE": s.cache, "COACH_TODAY": "2026-11-27"]) { $1 }
        let stderr = Pipe()
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderr
        try p.run()
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(log.contains("compiled and cached at \(image)"), "\(log)")
        try? FileManager.default.removeItem(atPath: copy)
    }

    @Test func anUnwritableCacheDirectoryMeansNoCache() throws {
        let s = try Setup()
        let first = try s.serve()
        // A directory below a regular file cannot be created, whoever runs the test.
        let file = s.cache + "-file"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        for _ in 0..<2 {
            let r = try s.serve(cache: file + "/cache")
            #expect(r.status == 0)
            #expect(r.stderr.contains("cannot write the cache"), "\(r.stderr)")
            #expect(r.stdout == first.stdout)
        }
    }

    @Test func theCacheCanBeTurnedOff() throws {
        let s = try Setup()
        let r = try s.serve(cache: "off")
        #expect(r.status == 0)
        #expect(r.stderr.contains("compiled (no cache)"), "\(r.stderr)")
        #expect(s.images.isEmpty)
    }
}
