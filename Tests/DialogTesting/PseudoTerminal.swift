import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `coach` binary under a real pseudo-terminal, as a leader at a shell runs it: the terminal is the
/// child's controlling terminal, so Ctrl-C, Ctrl-D and arrow keys mean what they mean at a shell.
/// Reads wait with `poll` and give up after a deadline, so a test fails instead of hanging.
public final class PseudoTerminal {
    /// A read that ran out of time or met the end of output, with what the screen showed so far.
    public struct Timeout: Error, CustomStringConvertible {
        public let waitingFor: String
        public let seen: String
        public var description: String { "waited for \(waitingFor.debugDescription); the terminal showed:\n\(seen)" }
    }

    /// The child's process id.
    public let pid: pid_t
    private let primary: Int32
    /// Every byte the child wrote, escapes and all.
    public private(set) var raw: [UInt8] = []
    /// Where in `text` the last `expect` matched; the next one looks after it.
    private var mark = 0
    private var exitStatus: Int32?

    /// The environment every run gets: a plain xterm, no colour, a fixed day, no bracketed paste, a UTF-8 locale.
    public static func environment(_ overrides: [String: String?] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["NO_COLOR"] = "1"
        env["COACH_TODAY"] = "2026-11-27"
        env["LANG"] = "C.UTF-8"
        env["INPUTRC"] = inputrc
        env["XDG_DATA_HOME"] = CoachProcess.scratchDirectory()
        env["XDG_CONFIG_HOME"] = CoachProcess.scratchDirectory()
        env["COACH_KEY_FILE"] = CoachProcess.goldenKey
        for (k, v) in overrides { env[k] = v }
        return env
    }

    /// A readline init file that turns off bracketed paste (its `\e[?2004h` noise).
    static let inputrc: String = {
        let path = NSTemporaryDirectory() + "coach-inputrc-\(getpid())"
        try? "set enable-bracketed-paste off\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// Starts `coach` with arguments on a new terminal of the given size.
    public init(_ arguments: [String], environment: [String: String] = PseudoTerminal.environment(),
                directory: String = Repository.root, columns: UInt16 = 120, rows: UInt16 = 40) throws {
        // The parent never opens the terminal's other side: a copy of it leaked into another test's child would
        // keep the terminal open after coach ends. The child opens it by name.
        // posix_openpt, unlockpt and ptsname are not imported into Swift (they need _XOPEN_SOURCE): the Linux
        // ioctls they wrap, TIOCSPTLCK and TIOCGPTN (function-like macros, so spelled out here).
        primary = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard primary >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var unlock: Int32 = 0, number: UInt32 = 0
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(primary, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0,
              ioctl(primary, 0x8004_5430 /* TIOCGPTN */, &number) == 0,
              ioctl(primary, UInt(TIOCSWINSZ), &size) == 0 else {
            close(primary)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        let name = "/dev/pts/\(number)"
        do {
            pid = try Self.spawn(CoachProcess.executable, arguments, environment, directory: directory,
                                 terminal: name)
        } catch {
            close(primary)
            throw error
        }
    }

    /// posix_spawn as a session leader (POSIX_SPAWN_SETSID); opening the terminal after setsid makes it the
    /// controlling terminal. Signals are reset: the test runner's threads block some.
    private static func spawn(_ path: String, _ arguments: [String], _ environment: [String: String],
                              directory: String, terminal: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // Descriptors of other tests (their pipes) must not leak into the child, or their children never see EOF.
        Self.closeFrom(&actions, 3)
        Self.changeDirectory(&actions, directory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGTSTP] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc >= 2.26), not imported into Swift
        posix_spawnattr_setflags(&attributes, Int16(setsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw POSIXError(.init(rawValue: rc) ?? .EIO) }
        return pid
    }

    // Two glibc (>= 2.34 and 2.29) spawn actions that the Glibc module does not import (they need _GNU_SOURCE).
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32) {
        let f = unsafeBitCast(dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")!, to: CloseFrom.self)
        _ = f(actions, fd)
    }

    private static func changeDirectory(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) {
        let f = unsafeBitCast(dlsym(nil, "posix_spawn_file_actions_addchdir_np")!, to: ChangeDirectory.self)
        _ = f(actions, path)
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(primary)
    }

    /// Types text (use `\r` for Enter, `\u{3}` for Ctrl-C, `\u{4}` for Ctrl-D, `\u{1B}[A` for Up).
    public func send(_ keys: String) {
        var bytes = Array(keys.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(primary, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }

    /// What the child wrote, as a screen reader would see it: escape sequences, bells and carriage returns removed.
    public var text: String { String(decoding: Self.plain(raw), as: UTF8.self) }

    /// Waits until `wanted` shows after the previous match; returns the text from there through the match.
    @discardableResult
    public func expect(_ wanted: String, timeout: Duration = .seconds(15)) throws -> String {
        let needle = Array(wanted.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            let plain = Self.plain(raw)
            if let range = Self.find(needle, in: plain, from: mark) {
                defer { mark = range.upperBound }
                return String(decoding: plain[mark..<range.upperBound], as: UTF8.self)
            }
            guard readMore(until: deadline) else {
                throw Timeout(waitingFor: wanted, seen: String(decoding: plain[mark...], as: UTF8.self))
            }
        }
    }

    /// Waits for the child to end, reads what it wrote last, and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(15)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                while readMore(until: ContinuousClock.now + .milliseconds(50)) {}
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                return code
            }
            guard ContinuousClock.now < deadline else { throw Timeout(waitingFor: "exit", seen: text) }
            _ = readMore(until: min(deadline, ContinuousClock.now + .milliseconds(20)))
        }
    }

    /// Reads what is available, waiting at most until the deadline; false at the deadline or the end of output.
    private func readMore(until deadline: ContinuousClock.Instant) -> Bool {
        let left = deadline - ContinuousClock.now
        guard left > .zero else { return false }
        let ms = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000, 1000))
        var fds = [pollfd(fd: primary, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 1, max(ms, 1))
        if ready < 0 { return errno == EINTR }
        if ready == 0 { return ContinuousClock.now < deadline }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(primary, &buffer, buffer.count)
        if n < 0 && errno == EINTR { return true }
        guard n > 0 else { return false }  // EIO: every copy of the terminal closed, the child is gone
        raw += buffer[0..<n]
        return true
    }

    /// The bytes without escape sequences (CSI, OSC, two-byte ESC x), BEL and CR; an unfinished escape at the end
    /// is dropped too, so text seen once does not move later.
    static func plain(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x07 || b == 0x0D { i += 1; continue }
            guard b == 0x1B else { out.append(b); i += 1; continue }
            guard i + 1 < bytes.count else { break }
            switch bytes[i + 1] {
            case UInt8(ascii: "["):
                var j = i + 2
                while j < bytes.count && !(0x40...0x7E).contains(bytes[j]) { j += 1 }
                i = j + 1
            case UInt8(ascii: "]"):
                var j = i + 2
                while j < bytes.count && bytes[j] != 0x07 && !(bytes[j] == 0x1B && j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "\\")) { j += 1 }
                i = j < bytes.count && bytes[j] == 0x1B ? j + 2 : j + 1
            case UInt8(ascii: "("), UInt8(ascii: ")"): i += 3
            default: i += 2
            }
        }
        return out
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
        }
        return nil
    }
}

extension PseudoTerminal {
    /// Types each answer at the next prompt (`... > `), as a leader does.
    public func answer(_ answers: [String]) throws {
        for a in answers {
            try expect("] > ")
            send(a + "\r")
        }
    }
}
