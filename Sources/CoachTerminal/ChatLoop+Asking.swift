import CoachCLI
import DialogEngine
import DialogModel
import Foundation

/// The terminal's commands that could lose answers ask first; leaving says truthfully where the answers are.
///
/// At a terminal, leaving a diagnosis half done (`:quit`, or Ctrl-D) does not end the conversation: its transcript
/// stays live, and `coach chat --resume ID` continues it. From a pipe, `:quit` ends the conversation (scripts rely
/// on it) and end of input leaves it to be continued.
extension ChatLoop {
    /// Where a recorded conversation's transcript is, for telling the leader.
    public struct Recording: Sendable {
        /// The conversation's id, for `coach chat --resume ID`.
        public let id: String
        /// The live transcript.
        public let file: String
        /// Where transcripts go when their conversation ends.
        public let endedDirectory: String

        public init(id: String, file: String, endedDirectory: String) {
            self.id = id
            self.file = file
            self.endedDirectory = endedDirectory
        }
    }

    var atTerminal: Bool { reader is any TerminalReader }
    var isRecording: Bool { recorder != nil }

    /// Whether the leader at a terminal means to leave (`:quit` or Ctrl-D). Asked only when something would be lost
    /// or left half done: a diagnosis with answers and no plan yet, or, when nothing is recorded, answers and a plan
    /// not saved. `y` (or Ctrl-D again) leaves, `n` goes on where the leader was.
    func leaves(_ terminal: any TerminalReader) -> Bool {
        guard !session.answers.isEmpty else { return true }
        let prompt: String
        switch session.phase {
        case .asking:
            if !isRecording { write("This conversation is not recorded (--no-transcripts): leaving loses your answers.\n") }
            prompt = "Leave with the diagnosis unfinished? (y/n) "
        case .finished where !isRecording && !savedPlan:
            write("This conversation is not recorded (--no-transcripts): :save keeps the plan.\n")
            prompt = "Leave without saving the plan? (y/n) "
        default:
            return true
        }
        guard confirm(terminal, prompt, ctrlD: true) else {
            if case .asking = session.phase { show([.ask(engine.prompt(session))]) }
            return false
        }
        return true
    }

    /// Leaves at a terminal: half done and recorded, the conversation stays open to be continued; else it ends.
    func leave() {
        if case .asking = session.phase, !session.answers.isEmpty, let recording, isRecording {
            leftToContinue = true
            let count = session.answers.count
            write("Goodbye. Your \(count == 1 ? "answer is" : "\(count) answers are") kept in \(recording.file).\n"
                  + "To continue: coach chat --resume \(recording.id)\n")
            return
        }
        show(send(.quit, today()))
    }

    /// `:restart` at a terminal, asked first when there are answers to drop; false when the leader says no.
    func restarts(_ terminal: any TerminalReader) -> Bool {
        let count = session.answers.count
        guard count > 0 else { return true }
        var plan = " and the plan"
        if case .asking = session.phase { plan = "" }
        write("Starting over drops your \(count == 1 ? "answer" : "\(count) answers")" + plan + ".\n")
        guard confirm(terminal, "Start over? (y/n) ", ctrlD: false) else {
            if case .asking = session.phase { show([.ask(engine.prompt(session))]) }
            return false
        }
        return true
    }

    /// Asks a yes/no question until it is answered; Ctrl-D answers `ctrlD`.
    func confirm(_ terminal: any TerminalReader, _ prompt: String, ctrlD: Bool) -> Bool {
        while true {
            guard let reply = terminal.readReply(prompt: prompt) else {
                write("\n")
                return ctrlD
            }
            switch reply.trimmed(where: Command.isSpace).lowercased() {
            case "y", "yes": return true
            case "n", "no": return false
            default: continue
            }
        }
    }

    /// What the leader reads when the conversation ends: where its answers are, or that they are gone.
    func goodbye() -> String {
        guard !session.answers.isEmpty else { return "Goodbye.\n" }
        guard isRecording else { return "Goodbye. This conversation was not recorded (--no-transcripts): your answers are gone.\n" }
        guard let recording else { return "Goodbye. Your answers are kept in this conversation's transcript.\n" }
        return "Goodbye. This conversation's transcript is kept in \(recording.endedDirectory).\n"
    }
}
