import DialogEngine
import Synchronization
import Transcript

/// The engines one `coach replay` run has built, by the dialog version they replay: a recorded dialog version is
/// loaded, checked against its hash and compiled once per run, not once per transcript, and its engine replays every
/// transcript recorded with it (an engine keeps nothing from one replay to the next). Shared by the threads that
/// replay: a thread that asks for a version another is building waits for it instead of building it again.
final class ReplayEngines: Sendable {
    /// An engine, or why the dialog version is not available; with the version's hash when it is the current one.
    typealias Built = Result<(engine: Engine, hash: String?), DialogStore.Failure>

    /// One version's engine, once built; locked while it is being built.
    final class Slot: Sendable {
        let built = Mutex<Built?>(nil)
    }

    let slots = Mutex<[String: Slot]>([:])

    init() {}

    /// The engine stored under `key`, built by `make` the first time.
    func engine(_ key: String, _ make: () -> Built) -> Built {
        let slot = slots.withLock { all in
            if let slot = all[key] { return slot }
            let slot = Slot()
            all[key] = slot
            return slot
        }
        return slot.built.withLock { built in
            if let built { return built }
            let made = make()
            built = made
            return made
        }
    }
}
