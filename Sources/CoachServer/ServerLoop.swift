import CoachCLI
import Foundation
import Logging
import Transcript

/// Set by the SIGTERM handler; read by the loop between reads.
nonisolated(unsafe) private var terminationRequested: sig_atomic_t = 0

/// Connects a `ProtocolServer` to a pair of file descriptors: reads `\n`-framed lines (a `\r` before the newline is
/// dropped), answers each in order, writes replies in batches, and shuts down cleanly on end of input or SIGTERM.
public final class ServerLoop {
    let server: ProtocolServer
    let input: Int32
    let output: Int32
    let logger: Logger

    public init(server: ProtocolServer, input: Int32 = 0, output: Int32 = 1, logger: Logger) {
        self.server = server
        self.input = input
        self.output = output
        self.logger = logger
    }

    /// Serves until end of input or SIGTERM (exit status 0), or until the reader goes away (EPIPE, also 0).
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in terminationRequested = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

        var pending: [UInt8] = []
        var discarding = false
        let out = JSONWriter(capacity: 1 << 17)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        let max = ProtocolServer.maxLineBytes
        var lastSync = ContinuousClock.now

        func answer(_ line: ArraySlice<UInt8>) {
            server.handle(line.last == 0x0D ? line.dropLast() : line, into: out)
        }

        var unsynced = false
        while true {
            // When input goes quiet, turns still reach the disk within a second: wait for input at most that long.
            if unsynced {
                var pfd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let waited = ContinuousClock.now - lastSync
                let left = Swift.max(0, 1000 - Int(waited.components.seconds * 1000 + waited.components.attoseconds / 1_000_000_000_000_000))
                if poll(&pfd, 1, Int32(left)) == 0 {
                    server.syncTranscripts()
                    lastSync = ContinuousClock.now
                    unsynced = false
                    continue
                }
            }
            let n = read(input, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR {
                    if terminationRequested != 0 { break }
                    continue
                }
                logger.error("reading standard input failed: \(String(cString: strerror(errno)))")
                break
            }
            if n == 0 {
                if !pending.isEmpty && !discarding { answer(pending[...]) }
                break
            }
            var start = 0
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<n])
            for i in 0..<n where bytes[i] == 0x0A {
                if discarding {
                    discarding = false
                } else if pending.count + (i - start) > max {
                    out.raw(bytes: server.lineTooLong())
                } else if pending.isEmpty {
                    answer(ArraySlice(bytes[start..<i]))
                } else {
                    pending.append(contentsOf: bytes[start..<i])
                    answer(pending[...])
                }
                pending.removeAll(keepingCapacity: true)
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
            if ContinuousClock.now - lastSync >= .seconds(1) {
                server.syncTranscripts()
                lastSync = ContinuousClock.now
            }
            unsynced = server.hasUnsyncedTranscripts
            if !flush(out) { server.syncTranscripts(); return 0 }
            if terminationRequested != 0 { break }
        }
        _ = flush(out)
        server.syncTranscripts()
        logger.info("shutting down: \(server.openConversations) conversations open")
        return 0
    }

    /// Writes everything buffered; false when the reader has gone away.
    func flush(_ out: JSONWriter) -> Bool {
        defer { out.truncate(to: 0) }
        return out.withBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(output, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { logger.info("the bridge closed its end; stopping"); return false }
                    logger.error("writing standard output failed: \(String(cString: strerror(errno)))")
                    return false
                }
                offset += n
            }
            return true
        }
    }
}
