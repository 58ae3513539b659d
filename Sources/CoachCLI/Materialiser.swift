import CFileSupport
import DialogModel
import Foundation
import Transcript

/// Writes conversations' own transcript files (`conversations/<name>.jsonl`, moved to `ended/` after a seal) from
/// the frames of the journal, on a thread of its own, so the serving thread never creates a file.
///
/// Idempotent: a frame's lines are appended only where the file's chain head (the hash of its last whole line) is
/// the hash the frame continues from, or a line inside the frame (a write cut short by a crash); frames already in
/// the file are skipped. So writing the same frames again, after a crash in the middle, duplicates nothing.
final class Materialiser: @unchecked Sendable {
    /// One conversation's frames to write: its file name, the hash the first frame continues from, where the
    /// frames' lines lie in the journal, and the name in `ended/` the file moves to after them (a seal).
    struct Job {
        let name: String
        let base: [UInt8]
        let ranges: [Range<Int>]
        let ended: String?
        /// The journal segment the ranges lie in, open for reading.
        let source: Int32
        /// Set on the job that retires a segment after a rotation (its path; `source` is its read end): it runs
        /// after every job queued before it, so once the files are durable the segment is deleted.
        var retires: String? = nil
    }

    let directory: String

    private let report: @Sendable (String) -> Void
    /// The jobs not yet taken, oldest first, and how many each file name has among them (under `condition`).
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var taken = 0
    private var queued: [String: Int] = [:]
    private var stopping = false
    /// The file of the job being written, if any (under `condition`).
    private var current: String?
    /// Held while a job runs: jobs run one at a time, in order, on whichever thread takes them.
    private let running = NSLock()
    private var thread: Thread?
    /// The problems met writing files (under `condition`).
    private var problems: [String] = []

    init(directory: String, report: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.report = report
        let thread = Thread { [self] in work() }
        thread.name = "coach-materialise"
        self.thread = thread
        thread.start()
    }

    var failures: [String] {
        condition.lock()
        defer { condition.unlock() }
        return problems
    }

    /// Queues a conversation's frames to be written.
    /// How many nice steps the writer thread (and the journal's syncer) run below the serving thread.
    static let backgroundNice: Int32 = 10

    func enqueue(_ job: Job) {
        condition.lock()
        queue.append(job)
        queued[job.name, default: 0] += 1
        condition.signal()
        condition.unlock()
    }

    /// Writes the queued frames of one file now, on the calling thread (after the job running, if any): a
    /// conversation about to be resumed or started must see its whole transcript.
    func flush(_ name: String) {
        condition.lock()
        let pending = queued[name] != nil || current == name
        condition.unlock()
        guard pending else { return }
        running.lock()
        defer { running.unlock() }
        while let job = take(name) { run(job) }
    }

    /// Writes everything queued now, on the calling thread (after the job running, if any): a reader of the files
    /// (the coaching store) must see every conversation that finished or ended.
    func flushAll() {
        running.lock()
        defer { running.unlock() }
        while let job = take(nil) { run(job) }
    }

    /// Writes everything queued on the calling thread, then stops the thread.
    func stop() {
        running.lock()
        while let job = take(nil) { run(job) }
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        running.unlock()
        while let thread, !thread.isFinished { usleep(1000) }
        thread = nil
    }

    /// The oldest queued job (of file `name`, when given).
    private func take(_ name: String?) -> Job? {
        condition.lock()
        defer { condition.unlock() }
        guard let i = queue[taken...].firstIndex(where: { name == nil || $0.name == name }) else { return nil }
        let job = queue[i]
        if i == taken {
            taken += 1
            if taken > 1024 && taken * 2 > queue.count {
                queue.removeFirst(taken)
                taken = 0
            }
        } else {
            queue.remove(at: i)
        }
        if let n = queued[job.name], n > 1 { queued[job.name] = n - 1 } else { queued[job.name] = nil }
        current = job.name
        return job
    }

    private func work() {
        // A background writer: when it shares a CPU with the serving thread, the serving thread goes first.
        _ = coach_lower_thread_priority(Self.backgroundNice)
        while true {
            condition.lock()
            while queue.count == taken && !stopping { condition.wait() }
            let done = stopping
            condition.unlock()
            if done { return }
            running.lock()
            if let job = take(nil) { run(job) }
            running.unlock()
        }
    }

    private func run(_ job: Job) {
        defer {
            condition.lock()
            current = nil
            condition.unlock()
        }
        if let segment = job.retires { return retire(segment, source: job.source) }
        do {
            // The frames read from the journal (page cache, one `pread` each: a conversation's turns lie apart in
            // it) and appended in one write.
            try write(job.name, base: job.base, lines: try read(job.ranges, from: job.source), ended: job.ended)
        } catch {
            let problem = "could not write the transcript of '\(job.name)' from the journal: \(error)"
            condition.lock()
            problems.append(problem)
            condition.unlock()
            report(problem)
        }
    }

    /// Deletes a segment the journal rotated away from, every frame in it being in its file: once the files are
    /// durable (`syncfs`), and only when no file could not be written (then it is kept, for the next start to
    /// recover from).
    private func retire(_ segment: String, source: Int32) {
        defer { close(source) }
        condition.lock()
        let failed = !problems.isEmpty
        condition.unlock()
        let dir = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let synced = dir >= 0 && coach_syncfs(dir) == 0
        if dir >= 0 { close(dir) }
        if failed || !synced {
            report("the journal '\(segment)' is kept (\(failed ? "a transcript could not be written" : "the transcripts could not be synced")); the next start recovers from it")
            return
        }
        unlink(segment)
    }

    /// The bytes of the given ranges of a journal segment, in order.
    private func read(_ ranges: [Range<Int>], from journal: Int32) throws -> [UInt8] {
        let total = ranges.reduce(0) { $0 + $1.count }
        var bytes = [UInt8](repeating: 0, count: total)
        var at = 0
        try bytes.withUnsafeMutableBytes { out in
            for r in ranges {
                var done = 0
                while done < r.count {
                    let n = pread(journal, out.baseAddress! + at + done, r.count - done, off_t(r.lowerBound + done))
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { throw Journal.Failure(description: "cannot read the journal: \(n < 0 ? String(cString: strerror(errno)) : "it is shorter than its frames")") }
                    done += n
                }
                at += r.count
            }
        }
        return bytes
    }

    /// Appends a conversation's frames (`lines`, continuing the chain from `base`) to its file, creating it when
    /// missing, skipping what the file already holds; then, for a sealed one, moves it to `ended/<ended>`.
    func write(_ name: String, base: [UInt8], lines: [UInt8], ended: String?) throws {
        try Self.write(directory: directory, name, base: base, lines: lines[...], ended: ended)
    }

    static func write(directory: String, _ name: String, base: [UInt8], lines: ArraySlice<UInt8>, ended: String?) throws {
        let path = directory + "/conversations/" + name + ".jsonl"
        let fd = try openCreating(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC)
        defer { close(fd) }
        let head = try chainHead(fd, path: path)
        if let from = start(of: lines, after: head, base: base), from < lines.endIndex {
            var offset = from
            while offset < lines.endIndex {
                let n = lines[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { throw FileSink.Failure(path: path, operation: "write", code: n == 0 ? ENOSPC : errno) }
                offset += n
            }
        }
        if let ended { try move(path, to: directory + "/ended/" + ended) }
    }

    /// Opens (creating, mode 0600) a file, making its directory (mode 0700) only when the first try finds it missing.
    static func openCreating(_ path: String, _ flags: Int32) throws -> Int32 {
        var fd = Foundation.open(path, flags, 0o600)
        if fd < 0 && errno == ENOENT {
            try FileSink.makeDirectories(Path.parent(path))
            fd = Foundation.open(path, flags, 0o600)
        }
        if fd < 0 { throw FileSink.Failure(path: path, operation: "create", code: errno) }
        return fd
    }

    /// Moves a sealed transcript to `ended/`, making the directory only when the first try finds it missing.
    static func move(_ path: String, to: String) throws {
        var failed = rename(path, to) != 0
        if failed && errno == ENOENT && access(path, F_OK) == 0 {
            try FileSink.makeDirectories(Path.parent(to))
            failed = rename(path, to) != 0
        }
        if failed { throw FileSink.Failure(path: path, operation: "move to '\(to)'", code: errno) }
    }

    /// Where in `lines` the file's part begins: all of it when the file's head is `base`; after the line whose hash
    /// is the head when one is (a write cut short); nil when none is (the file holds them all already).
    static func start(of lines: ArraySlice<UInt8>, after head: [UInt8], base: [UInt8]) -> Int? {
        if head == base { return lines.startIndex }
        var lineStart = lines.startIndex
        for i in lines.indices where lines[i] == 0x0A {
            if i - lineStart >= 66, lines[(i - 66)..<(i - 2)].elementsEqual(head) { return i + 1 }
            lineStart = i + 1
        }
        return nil
    }

    /// The hash of the last whole line of an open transcript file (empty when it holds none); a torn last line (no
    /// newline) is cut off first.
    static func chainHead(_ fd: Int32, path: String) throws -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSink.Failure(path: path, operation: "stat", code: errno) }
        let size = Int(info.st_size)
        guard size > 0 else { return [] }
        var tail = min(size, 1 << 16)
        var bytes: [UInt8]
        while true {
            bytes = [UInt8](repeating: 0, count: tail)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, tail, off_t(size - tail)) }
            if n != tail { throw FileSink.Failure(path: path, operation: "read", code: n < 0 ? errno : EIO) }
            // The last newline, and the one before it, must be in the tail (or the tail is the whole file).
            let newlines = bytes.indices.reversed().lazy.filter { bytes[$0] == 0x0A }.prefix(2).count
            if newlines == 2 || tail == size { break }
            tail = min(size, tail * 4)
        }
        guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
            if ftruncate(fd, 0) != 0 { throw FileSink.Failure(path: path, operation: "cut the torn line of", code: errno) }
            return []
        }
        if lastNewline != bytes.count - 1 {
            let keep = size - tail + lastNewline + 1
            if ftruncate(fd, off_t(keep)) != 0 { throw FileSink.Failure(path: path, operation: "cut the torn line of", code: errno) }
        }
        let line = bytes[..<lastNewline]
        guard line.count > 67, line[line.endIndex - 1] == 0x7D, line[line.endIndex - 2] == 0x22 else {
            throw FileSink.Failure(path: path, operation: "find the hash chain's head in", code: EILSEQ)
        }
        return Array(line[(line.endIndex - 66)..<(line.endIndex - 2)])
    }
}
