import CoachCLI
import DialogEngine
import DialogModel
import Foundation
import Transcript

/// `coach chat`: the chat on standard input and output, recorded to a transcript unless told not to.
public enum ChatRunner {
    /// Why a chat cannot start.
    public enum Failure: Error, CustomStringConvertible {
        /// `--resume` without transcripts.
        case resumeNeedsTranscripts
        /// No live transcript with this id.
        case noTranscript(String, place: String)

        public var description: String {
            switch self {
            case .resumeNeedsTranscripts: "--resume reads a transcript; it cannot be used with --no-transcripts"
            case .noTranscript(let id, let place): "no conversation '\(id)' to continue in \(place)"
            }
        }
    }

    public static func run(library: DialogLibrary, dialog: String, transcripts: (any ConversationStore)?, resume: String?,
                           leader: String? = nil, subject: String? = nil, followUp: FollowUpPlan? = nil) throws -> Int32 {
        transcripts?.use(sources: library.sources)
        let loop: ChatLoop
        let id: String
        if let resume {
            guard let transcripts else { throw Failure.resumeNeedsTranscripts }
            let recorder = try transcripts.resume(resume, dialog: { id in try? library.dialog(id) })
            guard let recorder else { throw Failure.noTranscript(resume, place: transcripts.livePlace) }
            loop = ChatLoop.standardIO(dialog: recorder.engine.dialog)
            loop.record(recorder, resumed: true)
            loop.recording = .init(id: resume, file: transcripts.place(of: resume), endedDirectory: transcripts.endedPlace)
            id = resume
        } else {
            loop = ChatLoop.standardIO(dialog: try library.dialog(dialog))
            loop.leader = leader
            if let followUp {
                let dialog = loop.engine.dialog
                let used = Counter()
                loop.autoAnswer = { session, node in followUp.answer(for: node, in: session, dialog: dialog, used: &used.taken) }
            }
            id = "chat-" + TranscriptHeader.timestamp(Date()).filter { $0.isNumber } + "-\(getpid())"
            if let transcripts {
                let recorder = try transcripts.start(id, engine: loop.engine, day: Clock.today(), leader: leader, subject: subject)
                if let last = followUp?.last { try transcripts.link(recorder, follows: last) }
                loop.record(recorder, resumed: false)
                loop.recording = .init(id: id, file: transcripts.place(of: id), endedDirectory: transcripts.endedPlace)
                note("recording to \(transcripts.place(of: id))")
            }
        }
        var status = loop.run()
        switch loop.session.phase {
        case .finished, .left:
            if let transcripts, let recorder = loop.recorder { try transcripts.end(id, recorder: recorder) }
        case .asking where loop.leftToContinue:
            // Left at a terminal with :quit or Ctrl-D: the leader was told already how to continue.
            try loop.recorder?.close()
        case .asking:
            // Input ended before the diagnosis did (a pipe or a file): a failure, as a script calling coach sees it.
            status = 1
            if let recorder = loop.recorder {
                try recorder.close()
                note("input ended before the diagnosis did; continue it with: coach chat --resume \(id)")
            } else {
                note("input ended before the diagnosis did; it was not recorded (" + (transcripts == nil ? "--no-transcripts" : "the transcript could not be written") + "), so it cannot be continued")
            }
        }
        return status
    }

    /// A line on stderr, wrapped to the terminal's width when stderr is a terminal.
    static func note(_ text: String) {
        var line = "coach: " + text + "\n"
        if isatty(STDERR_FILENO) == 1 { line = TextWrap.wrap(line, width: TerminalWidth.read(fd: STDERR_FILENO)) }
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension ConversationStore {
    /// `resume(_:engine:)` with dialogs looked up by id.
    func resume(_ conversation: String, dialog: (String) -> DialogModel.Dialog?) throws -> Recorder? {
        try resume(conversation) { id in dialog(id).map { Engine(dialog: $0) } }?.0
    }
}

/// The earlier answers a follow-up has given so far, per node id (kept across turns by the chat's closure).
final class Counter {
    var taken: [String: Int] = [:]
}
