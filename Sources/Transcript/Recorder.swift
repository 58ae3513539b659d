public import DialogEngine

/// Runs a conversation through an engine and records it: each event as an input line, then what the engine said
/// as output lines, then the end of the turn (a sync). What a front end calls instead of `Engine.step` to keep a
/// transcript.
public final class Recorder {
    public let engine: Engine
    public let writer: TranscriptWriter
    public private(set) var session: Session
    /// Calls `body` with the session lent, not copied (a `Session` is a struct of arrays and strings: a copy read
    /// from another module retains and releases every one of them).
    public func withSession<R>(_ body: (Session) throws -> R) rethrows -> R { try body(session) }

    /// The session's phase, read without copying the session.
    public var phase: Session.Phase { session.phase }

    /// The outputs of the start (turn 0).
    public let opening: [Output]
    /// The number of the last turn: 0 after the start, one more per event.
    public private(set) var turn = 0
    let encoder: MessageEncoder
    /// The buffer each output line is written into before it is sealed.
    let line = JSONWriter(capacity: 16)

    /// Starts the dialog on a day and records the opening outputs as turn 0.
    public init(engine: Engine, writer: TranscriptWriter, day: Day) throws {
        self.engine = engine
        self.writer = writer
        encoder = MessageEncoder(engine: engine, mode: .record, format: writer.header.version)
        (session, opening) = engine.start(on: day, leader: writer.header.leader)
        writeMessages(opening, before: nil, after: session, turn: 0)
        try writer.endTurn()
    }

    /// Applies an event, records it (with the bridge's message id, if any) and its outputs, and returns the outputs.
    ///
    /// Write-ahead: the next state is computed on a copy, the turn's lines go to the record in one write, and only
    /// then is the state committed. When the write fails (a full disk, an I/O error, a failed sync), it throws and
    /// nothing happened: the session, the turn number and the record are as before, so the same event can be sent
    /// again once the record can be written.
    @discardableResult
    public func send(_ event: Event, messageID: String? = nil) throws -> [Output] {
        let mark = writer.mark()
        var next = session
        let out = engine.step(&next, event)
        writer.write(event.kind, turn: turn + 1, day: event.day.description, messageID: messageID)
        writeMessages(out, before: session, after: next, turn: turn + 1)
        do {
            try writer.endTurn()
        } catch {
            writer.rollBack(to: mark)
            throw error
        }
        session = next
        turn += 1
        return out
    }

    /// A recorder for a session already rebuilt (see `resume(path:engine:)`).
    init(engine: Engine, writer: TranscriptWriter, session: Session, opening: [Output], turn: Int) {
        self.engine = engine
        self.writer = writer
        self.session = session
        self.opening = opening
        self.turn = turn
        encoder = MessageEncoder(engine: engine, mode: .record, format: writer.header.version)
    }

    /// Writes a turn's output lines (`{"turn":N,` and the message), each sealed into the chain.
    func writeMessages(_ outputs: [Output], before: Session?, after: Session, turn: Int) {
        line.truncate(to: 0)
        encoder.messages(outputs, before: before, after: after, into: line, turn: turn) { line in
            writer.write(sealing: line)
            line.truncate(to: 0)
        }
        line.reset(keepingAtMost: 16)
    }

    /// Seals the transcript (see `TranscriptWriter.seal`): the conversation ended or finished; nothing more is recorded.
    public func seal(key: TranscriptKey?) throws { try writer.seal(turn: turn, key: key) }

    public func close() throws { try writer.close() }
}
