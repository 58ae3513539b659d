import CFileSupport
import CoachCLI
import Foundation
import Logging
import Transcript

/// Set by the SIGTERM and SIGINT handler; read by the loop between waits.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0
/// The write end of the self-pipe through which the signal handler wakes the loop from any wait (-1 before `run`).
nonisolated(unsafe) private var wakeWriteEnd: Int32 = -1

/// Connects a `ProtocolServer` to a pair of file descriptors: reads `\n`-framed lines (a `\r` before the newline is
/// dropped), answers each in order, writes replies in batches, and shuts down cleanly on end of input, SIGTERM or
/// SIGINT.
///
/// It never blocks where a signal could go unnoticed: it waits in `poll(2)` on its input (or, while replies wait,
/// its output) together with a self-pipe the signal handler writes to. It never syncs the transcripts either: their
/// journal is synced by a thread of its own, or, with `--durability sync`, once per chunk before its replies
/// (`commit`). On a pipe or socket the output is made non-blocking, so a bridge that stops reading blocks no
/// `write(2)`; on a stop the replies in hand get `stopFlushWait` to be taken (docs/protocol.md section 2.5).
public final class ServerLoop {
    let server: ProtocolServer
    let input: Int32
    let output: Int32
    let logger: Logger

    /// How long a stop waits for the bridge to take replies already written before it gives them up.
    public static let stopFlushWait: Duration = .milliseconds(100)
    /// The most bytes of read and reply buffer kept between batches (a larger batch's buffer is given back). The
    /// replies to one 64 KiB chunk of requests often pass 128 KiB (plans are about 9 KiB each), so a smaller bound
    /// would give the buffer back and grow it again, copying, on every chunk.
    static let keptReplyBuffer = 1 << 22

    /// How writing the buffered replies ended.
    enum Flush {
        /// Everything was written.
        case written
        /// The reader went away (EPIPE) or writing failed: stop without writing more.
        case readerGone
        /// A stop was requested and the bridge did not take the rest within `stopFlushWait`: it was given up.
        case abandoned
    }

    /// What a wait for input ended with.
    enum Wake {
        /// The descriptor is ready (or at end of file, or in error: the read says which).
        case ready
        /// The deadline passed.
        case timedOut
        /// SIGTERM or SIGINT arrived.
        case stop
    }

    public init(server: ProtocolServer, input: Int32 = 0, output: Int32 = 1, logger: Logger) {
        self.server = server
        self.input = input
        self.output = output
        self.logger = logger
    }

    /// Serves until end of input, SIGTERM or SIGINT (exit status 0), or until the reader goes away (EPIPE, also 0).
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let wake = installStopHandlers()
        let streaming = makeNonBlockingIfStream(output)
        // A bridge's pipes hold 64 KiB by default: a batch of replies (a plan is several KiB) then wakes the reader
        // on the other CPU every 64 KiB, and each wake-up costs more than writing the bytes. 1 MiB where allowed.
        for fd in [input, output] { _ = coach_enlarge_pipe(fd, Self.pipeBytes) }

        var pending: [UInt8] = []
        var discarding = false
        let out = JSONWriter(capacity: 1 << 17)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        let max = ProtocolServer.maxLineBytes

        func answer(_ line: UnsafeBufferPointer<UInt8>) {
            server.handle(line.last == 0x0D ? UnsafeBufferPointer(rebasing: line.dropLast()) : line, into: out)
        }

        reading: while stopRequested == 0 {
            switch wait(for: input, events: Int16(POLLIN), wake: wake, until: nil) {
            case .stop: break reading
            case .timedOut: continue reading
            case .ready: break
            }
            let n = read(input, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                logger.error("reading standard input failed: \(String(cString: strerror(errno)))")
                break
            }
            if n == 0 {
                if !pending.isEmpty && !discarding { pending.withUnsafeBufferPointer { answer($0) } }
                break
            }
            var start = 0
            let bytes = UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            // Each line is answered where it lies in the buffer (not copied out first); memchr finds the newlines.
            while start < n, let hit = memchr(bytes.baseAddress! + start, 0x0A, n - start) {
                let i = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
                if discarding {
                    discarding = false
                } else if pending.count + (i - start) > max {
                    out.raw(bytes: server.lineTooLong())
                } else if pending.isEmpty {
                    answer(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                } else {
                    pending.append(contentsOf: bytes[start..<i])
                    pending.withUnsafeBufferPointer { answer($0) }
                }
                pending.removeAll(keepingCapacity: pending.capacity <= Self.keptReplyBuffer)
                start = i + 1
            }
            if start < n && !discarding {
                pending.append(contentsOf: bytes[start..<n])
                if pending.count > max {
                    out.raw(bytes: server.lineTooLong())
                    pending.removeAll()
                    discarding = true
                }
            }
            guard commit(out) else { return 1 }
            switch flush(out, streaming: streaming, wake: wake) {
            case .written: continue
            case .readerGone: return 0
            case .abandoned: break reading
            }
        }
        guard commit(out) else { return 1 }
        if flush(out, streaming: streaming, wake: wake) == .abandoned {
            logger.info("stopping: the bridge did not take the last replies within \(Self.stopFlushWait); given up")
        }
        logger.info("shutting down: \(server.openConversations) conversations open")
        return 0
    }

    /// The group commit of `--durability sync` before replies are sent; false when the sync failed: the replies
    /// are dropped, unsent (what they answer may not be on disk), and the server stops with an error, as PostgreSQL
    /// stops on a failed `fsync`: after one, what the page cache holds can no longer be trusted to reach the disk.
    func commit(_ out: JSONWriter) -> Bool {
        do {
            try server.commitTranscripts()
            return true
        } catch {
            logger.critical("stopping: \(error); the replies to the last requests were not sent, and the journal is kept for the next start to recover from")
            out.reset(keepingAtMost: 0)
            return false
        }
    }

    /// Installs the SIGTERM and SIGINT handler (and unblocks both: a process inherits its spawner's signal mask);
    /// returns the read end of the self-pipe it writes to.
    func installStopHandlers() -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            logger.error("could not create the signal pipe: \(String(cString: strerror(errno)))")
            return -1
        }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeWriteEnd = ends[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            stopRequested = 1
            var byte: UInt8 = 1
            _ = write(wakeWriteEnd, &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        return ends[0]
    }

    /// Makes `fd` non-blocking when it is a pipe or a socket (the file description is the bridge's pipe, shared
    /// with no one else; a terminal or a file is left as it is). True when it did.
    /// The kernel buffer asked for the standard input and output when they are pipes.
    static let pipeBytes: Int32 = 1 << 20

    func makeNonBlockingIfStream(_ fd: Int32) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFIFO || kind == S_IFSOCK else { return false }
        return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0
    }

    /// Waits until `fd` is ready for `events`, a stop is requested (when `wake` is watched: not -1) or `deadline`
    /// passes (nil: no deadline).
    func wait(for fd: Int32, events: Int16, wake: Int32, until deadline: ContinuousClock.Instant?) -> Wake {
        while true {
            if wake >= 0 && stopRequested != 0 { return .stop }
            var timeout: Int32 = -1
            if let deadline {
                let left = deadline - ContinuousClock.now
                if left <= .zero { return .timedOut }
                let (seconds, attoseconds) = left.components
                timeout = Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            }
            var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, wake >= 0 ? 2 : 1, timeout)
            if n < 0 {
                if errno == EINTR { continue }
                return .ready  // let the read or write report the error
            }
            if wake >= 0 && fds[1].revents != 0 { return .stop }
            if n > 0 { return .ready }
        }
    }

    /// Writes everything buffered. While the bridge does not read, it waits on the output (and the self-pipe); once
    /// a stop is requested the rest gets `stopFlushWait`, then it is given up.
    func flush(_ out: JSONWriter, streaming: Bool, wake: Int32) -> Flush {
        defer { out.reset(keepingAtMost: Self.keptReplyBuffer) }
        var giveUpAt: ContinuousClock.Instant? = stopRequested != 0 ? .now + Self.stopFlushWait : nil
        return out.withBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(output, bytes.baseAddress! + offset, bytes.count - offset)
                if n >= 0 { offset += n; continue }
                if errno == EINTR { continue }
                if streaming && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    // The bridge is not reading: wait for room, or for a stop (then for at most `stopFlushWait`).
                    switch wait(for: output, events: Int16(POLLOUT), wake: giveUpAt == nil ? wake : -1, until: giveUpAt) {
                    case .ready: continue
                    case .stop: giveUpAt = .now + Self.stopFlushWait
                    case .timedOut: return .abandoned
                    }
                    continue
                }
                if errno == EPIPE { logger.info("the bridge closed its end; stopping"); return .readerGone }
                logger.error("writing standard output failed: \(String(cString: strerror(errno)))")
                return .readerGone
            }
            return .written
        }
    }
}
