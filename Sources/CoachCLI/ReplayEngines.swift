import DialogEngine
import Synchronization
import Transcript

/// The engines one `coach replay` run has built, by the dialog version they replay: a recorded dialog version is
/// loaded, checked against its hash and compiled once per run, not once per transcript, and its engine replays every
/// transcript recorded with it (an engine keeps nothing from one replay to the next). Shared by the threads that
/// replay; two that miss at once may both build, and the first one stored is kept.
final class ReplayEngines: Sendable {
    /// An engine, or why the dialog version is not available; with the version's hash when it is the current one.
    typealias Built = Result<(engine: Engine, hash: String?), DialogStore.Failure>

    let built = Mutex<[String: Built]>([:])

    init() {}

    /// The engine stored under `key`, built by `make` the first time.
    func engine(_ key: String, _ make: () -> Built) -> Built {
        if let found = built.withLock({ $0[key] }) { return found }
        let made = make()
        return built.withLock { all in
            if let first = all[key] { return first }
            all[key] = made
            return made
        }
    }
}
