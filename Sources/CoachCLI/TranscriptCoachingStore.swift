import Foundation
public import DialogEngine
import DialogModel
public import Transcript

/// The coaching store over a transcripts directory: each finished transcript (in `ended/` and `conversations/`) is
/// replayed on the dialog version it names, and only one that verifies (and, with a key, authenticates) gives a
/// session. What the replays found is cached in `index.json` beside them, by file size and modification time, so a
/// second read replays only what changed; the cache is never the truth (`coach index --rebuild` throws it away).
public struct TranscriptCoachingStore: CoachingStore {
    public let directory: String
    /// The key that authenticates sealed transcripts; nil checks the hash chains only (with `unverified`).
    public let key: TranscriptKey?
    /// Takes transcripts that do not authenticate with the key (their chains must still hold).
    public let unverified: Bool

    public init(directory: String, key: TranscriptKey?, unverified: Bool = false) {
        self.directory = directory
        self.key = key
        self.unverified = unverified
    }

    /// The cache's file.
    public var indexPath: String { directory + "/index.json" }
    static let indexFormat = 1

    public func read() throws -> CoachingRead { try read(cached: loadIndex()) }

    public func rebuild() throws -> CoachingRead {
        unlink(indexPath)
        return try read(cached: [:])
    }

    /// One transcript's cached outcome.
    struct Entry {
        let size: Int
        let modified: Int
        /// Whether it authenticated with the key it was read with.
        let authentic: Bool
        /// Its session; nil for a conversation that did not finish.
        let session: CoachingSession?
    }

    func read(cached: [String: Entry]) throws -> CoachingRead {
        let files = transcriptFiles()
        var entries: [String: Entry] = [:]
        var todo: [(file: String, size: Int, modified: Int)] = []
        for file in files {
            var info = stat()
            guard stat(directory + "/" + file, &info) == 0 else { continue }
            let size = Int(info.st_size)
            let modified = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
            // A cached entry with no session (a conversation still open) needs no key to be trusted: it gives nothing.
            if let hit = cached[file], hit.size == size, hit.modified == modified, hit.authentic || unverified || hit.session == nil {
                entries[file] = hit
            } else {
                todo.append((file, size, modified))
            }
        }
        var runner = ReplayRunner(against: .recorded)
        runner.key = key
        runner.unverified = unverified
        let replayer = runner
        let base = directory
        let jobs = todo
        let outcomes = Parallel.map(jobs.count) { i -> (Entry?, String?) in
            let (file, size, modified) = jobs[i]
            let outcome = replayer.replay(path: base + "/" + file)
            // A live conversation is not sealed until it ends: nothing to read yet, and nothing wrong.
            let unsealed: Bool
            if case .unsealed? = outcome.authentication { unsealed = true } else if case .incomplete = outcome.replay.verdict { unsealed = true } else { unsealed = false }
            if file.hasPrefix("conversations/"), unsealed, outcome.header != nil {
                return (Entry(size: size, modified: modified, authentic: false, session: nil), nil)
            }
            if let refused = outcome.refused { return (nil, "\(file): \(refused)") }
            guard case .verified = outcome.replay.verdict, let header = outcome.header else {
                return (nil, "\(file): it does not verify (coach replay says why)")
            }
            let authentic: Bool
            if case .authentic? = outcome.authentication { authentic = true } else { authentic = false }
            let session = outcome.replay.diagnosis.flatMap { CoachingSession(header: header, file: file, diagnosis: $0) }
            return (Entry(size: size, modified: modified, authentic: authentic, session: session), nil)
        }
        var skipped: [String] = []
        for (i, (entry, why)) in outcomes.enumerated() {
            if let entry { entries[todo[i].file] = entry }
            if let why { skipped.append(why) }
        }
        if !todo.isEmpty || entries.count != cached.count { saveIndex(entries) }
        return CoachingRead(sessions: entries.values.compactMap(\.session), skipped: skipped.sorted())
    }

    public func path(of session: CoachingSession) -> String { directory + "/" + session.file }

    public func answers(of session: CoachingSession) throws -> [String: [Event.Kind]] {
        var runner = ReplayRunner(against: .recorded)
        runner.key = key
        runner.unverified = unverified
        let outcome = runner.replay(path: directory + "/" + session.file)
        guard outcome.refused == nil, case .verified = outcome.replay.verdict, let diagnosis = outcome.replay.diagnosis else {
            throw FollowUpPlan.Failure(description: "\(session.file) no longer verifies; its answers cannot be kept")
        }
        var out: [String: [Event.Kind]] = [:]
        for a in diagnosis.session.answers where !a.fellBack {
            let node = diagnosis.dialog.nodes[a.node]
            guard let q = node.question else { continue }
            out[node.id, default: []].append(a.event(for: q))
        }
        return out
    }

    /// The transcript files, relative to the directory: finished ones in `ended/`, and live ones (a diagnosis can
    /// finish in a conversation still open).
    func transcriptFiles() -> [String] {
        var out: [String] = []
        for sub in ["ended", "conversations"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + sub)) ?? []
            out += names.filter { $0.hasSuffix(".jsonl") }.sorted().map { sub + "/" + $0 }
        }
        return out
    }

    func loadIndex() -> [String: Entry] {
        guard let data = FileManager.default.contents(atPath: indexPath),
              let json = try? JSONParser.parse(String(decoding: data, as: UTF8.self)),
              json["format"]?.int == Self.indexFormat, let items = json["entries"]?.array,
              // Entries read with another key (or none) say nothing about this one's authentication.
              json["key"]?.string == (key?.id ?? "")
        else { return [:] }
        var out: [String: Entry] = [:]
        for item in items {
            guard let file = item["file"]?.string, let size = item["size"]?.int, let modified = item["modified"]?.int,
                  let authentic = item["authentic"]?.bool else { continue }
            // An entry is believed only with the MAC this installation's key gave it: anyone may edit the file.
            if let key {
                guard let mac = item["mac"]?.string, let object = item.object,
                      mac == key.mac(of: Array(JSONValue.object(JSONObject(object.members.filter { $0.key != "mac" })).encoded.utf8), purpose: "index")
                else { continue }
            }
            var session: CoachingSession?
            if let s = item["session"], s != .null {
                guard let decoded = CoachingSession(json: s) else { continue }
                session = decoded
            }
            out[file] = Entry(size: size, modified: modified, authentic: authentic, session: session)
        }
        return out
    }

    /// Writes the cache to a temporary file renamed into place; a cache that cannot be written is no error.
    func saveIndex(_ entries: [String: Entry]) {
        let items: [JSONValue] = entries.keys.sorted().map { file in
            let e = entries[file]!
            var entry: JSONObject = ["file": .string(file), "size": .int(e.size), "modified": .int(e.modified), "authentic": .bool(e.authentic),
                                     "session": e.session?.json ?? .null]
            if let key { entry.members.append((key: "mac", value: .string(key.mac(of: Array(JSONValue.object(entry).encoded.utf8), purpose: "index")))) }
            return .object(entry)
        }
        let text = JSONValue.object(["format": .int(Self.indexFormat), "key": .string(key?.id ?? ""), "entries": .array(items)]).encoded + "\n"
        let temporary = indexPath + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, indexPath) != 0 { unlink(temporary) }
    }
}
