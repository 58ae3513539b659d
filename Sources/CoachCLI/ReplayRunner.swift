public import DialogCompiler
public import Transcript
public import DialogModel
import DialogEngine
import Foundation

/// `coach replay`: replays transcript files against the recorded or the current dialogs and reports each verdict,
/// optionally with coverage, as text or JSONValue. With a key, a transcript whose seal does not authenticate is refused
/// (or, `unverified`, replayed with a warning). Exit status 0 only when every transcript verifies and authenticates.
public struct ReplayRunner: Sendable {
    /// Which dialog version to replay against.
    public enum Against: String, CaseIterable, Sendable {
        /// The snapshot stored under the header's content hash.
        case recorded
        /// Today's dialogs directory: shows what would change.
        case current
    }

    /// The output format.
    public enum Format: String, CaseIterable, Sendable {
        case text, json
    }

    /// One transcript's outcome.
    public struct Outcome: Sendable {
        public let path: String
        public let header: TranscriptHeader?
        public let replay: Replay
        public let torn: TranscriptFile.Torn?
        /// The hash of the dialog version replayed against, when it differs from the recorded one.
        public let changedTo: String?
        /// The dialog replayed against, when there was one.
        public var dialog: Dialog? = nil
        /// What checking the seal against the key found (nil: no key, or the chain broke first).
        public var authentication: Authentication? = nil
        /// Whether the transcript ends in a seal (nil when it could not be read or its chain broke).
        public var sealed: Bool? = nil
        /// Why the transcript was not replayed: it does not authenticate (and `--unverified` was not given).
        public var refused: String? = nil

        /// True when it verifies and authenticates.
        public var trusted: Bool {
            guard refused == nil, replay.verdict == .verified, case .authentic? = authentication else { return false }
            return true
        }
    }

    /// The key that authenticates sealed transcripts; nil to check the hash chain only.
    public var key: TranscriptKey? = nil
    /// When true, a transcript that does not authenticate is replayed anyway, with a warning; else it is refused.
    public var unverified = false
    /// The engines built so far, by dialog version: each is compiled once per run.
    let engines = ReplayEngines()
    /// How many transcripts replay at once (each on a thread of its own); one replays them in turn.
    public var threads = Parallel.processors

    public let against: Against
    /// The current dialogs by id and their directory (for `--against current`).
    public let current: (dialogs: [String: Dialog], directory: String)?

    public init(against: Against, current: (dialogs: [String: Dialog], directory: String)? = nil) {
        self.against = against
        self.current = current
    }

    /// With the current dialogs as compiled from a directory; errors in them are reported by `run`.
    public init(against: Against, compiled: CompilationResult, directory: String) {
        self.init(against: against, current: (compiled.dialogs, directory))
        currentErrors = compiled.errors.map(\.rendered)
    }

    var currentErrors: [String] = []

    /// The transcript files under the paths: files as given, directories searched for `*.jsonl`, sorted.
    public static func files(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".jsonl") }
                out += names.sorted().map { (path.hasSuffix("/") ? path : path + "/") + $0 }
            } else {
                out.append(path)
            }
        }
        return out
    }

    public func replay(path: String) -> Outcome {
        let file: TranscriptFile
        do { file = try TranscriptReader.read(path: path) } catch {
            return Outcome(path: path, header: nil, replay: Replay(verdict: .unavailable(error.description), turns: 0, reach: Reach()),
                           torn: nil, changedTo: nil)
        }
        if case .tampered(let line, let reason) = file.integrity {
            return Outcome(path: path, header: file.header, replay: Replay(verdict: .tampered(line: line, reason: reason), turns: 0, reach: Reach()),
                           torn: file.torn, changedTo: nil)
        }
        var outcome = replay(file, path: path)
        outcome.authentication = key?.authenticate(file.seal)
        outcome.sealed = file.seal != nil
        if !unverified, outcome.authentication.map({ if case .authentic = $0 { false } else { true } }) ?? true {
            let why = outcome.authentication?.description ?? "no key to authenticate it"
            return Outcome(path: path, header: file.header, replay: Replay(verdict: .unavailable(why), turns: 0, reach: Reach()),
                           torn: file.torn, changedTo: nil, authentication: outcome.authentication, refused: why)
        }
        return outcome
    }

    func replay(_ file: TranscriptFile, path: String) -> Outcome {
        func unavailable(_ why: String) -> Outcome {
            Outcome(path: path, header: file.header, replay: Replay(verdict: .unavailable(why), turns: 0, reach: Reach()), torn: file.torn, changedTo: nil)
        }
        let id = file.header.dialog
        switch against {
        case .recorded:
            let store = DialogStore.near(path)
            let hash = file.header.contentHash
            switch engines.engine(store.directory + "\u{0}" + hash + "\u{0}" + id, {
                do throws(DialogStore.Failure) {
                    return try store.load(hash).compile(id).map { (Engine(dialog: $0), nil) }
                } catch { return .failure(error) }
            }) {
            case .success(let (engine, _)):
                return Outcome(path: path, header: file.header, replay: Replayer.replay(file, engine: engine), torn: file.torn, changedTo: nil,
                               dialog: engine.dialog)
            case .failure(let e): return unavailable(e.description)
            }
        case .current:
            guard let current, let dialog = current.dialogs[id] else { return unavailable("no dialog '\(id)' in the current dialogs") }
            guard case .success(let (engine, hash?)) = engines.engine("\u{0}current\u{0}" + id, {
                .success((Engine(dialog: dialog), (try? DialogSnapshot.of(dialog, directory: current.directory).hash) ?? "?"))
            }) else { preconditionFailure("the current dialogs always have an engine and a hash") }
            return Outcome(path: path, header: file.header, replay: Replayer.replay(file, engine: engine), torn: file.torn,
                           changedTo: hash == file.header.contentHash ? nil : hash, dialog: dialog)
        }
    }

    /// Replays every file; the report, one line per refused transcript (for stderr) and the exit status: 0 only when
    /// every transcript verifies and authenticates.
    public func run(_ paths: [String], format: Format, coverage: Bool) -> (output: String, errors: [String], status: Int32) {
        if against == .current && !currentErrors.isEmpty {
            return ("the current dialogs have errors (run `coach check`):\n" + currentErrors.joined(separator: "\n") + "\n", [], 1)
        }
        // Each transcript replays on its own, on every processor; the outcomes keep the files' order.
        let files = Self.files(paths)
        let outcomes = Parallel.map(files.count, threads: threads) { replay(path: files[$0]) }
        var report = CoverageReport()
        if coverage { for o in outcomes { if let dialog = o.dialog { report.add(o.replay.reach, of: dialog) } } }
        let ok = !outcomes.isEmpty && outcomes.allSatisfy(\.trusted)
        let errors = outcomes.compactMap { o in o.refused.map { "refused '\(o.path)': \($0) (--unverified replays it anyway)" } }
        let text = switch format {
        case .text: ReplayFormatter.text(outcomes, coverage: coverage ? report : nil)
        case .json: ReplayFormatter.json(outcomes, coverage: coverage ? report : nil)
        }
        return (text, errors, ok ? 0 : 1)
    }
}
