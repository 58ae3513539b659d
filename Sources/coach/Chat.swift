import ArgumentParser
import CoachCLI
import CoachPostgres
import CoachTerminal
import Foundation
import Transcript

/// `coach chat`: run a diagnosis at the terminal.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Run a diagnosis, one question at a time, to a coaching plan.",
        discussion: """
            Answer each question by number, by name, or in words (yes, no, unsure, 25%, ...).

            Commands: :back, :why, :help, :where, :summary, :change N ANSWER, :restart, :plan, :save [FILE], :quit. \
            :change takes an answer's number in :summary, or its question's name (:change ever hit goal yes).

            Every conversation is recorded to a transcript (see docs/transcript-format.md); after a crash, or a \
            diagnosis left half done, `coach chat --resume ID` continues at the pending question.

            `coach chat --subject dana off-track` records whom the diagnosis is about; `coach chat --follow-up dana` \
            follows up Dana's last diagnosis: the actions of its plan one by one, the headline number again, and a \
            new plan (docs/coaching.md).

            Compiled dialogs are cached in $COACH_CACHE, else $XDG_CACHE_HOME/coach, else ~/.cache/coach, and \
            recompiled when a dialog file changes; COACH_CACHE=off turns the cache off.
            """
    )

    @Argument(help: ArgumentHelp("The dialog to run: an id (off-track, icp-reluctance, forecast-accuracy) or a file.", valueName: "dialog"), completion: .dialogs)
    var dialog: String = "coach"

    @Option(help: ArgumentHelp("Continue the recorded conversation with this id.", valueName: "id"),
            completion: .custom { words, _, _ in Completions.resumeIDs(words) })
    var resume: String?

    @Option(help: ArgumentHelp("Your name, for the plan's header (default: $COACH_LEADER); at most 80 characters.", valueName: "name"))
    var leader: String?

    @Option(help: ArgumentHelp("Whom the diagnosis is about, as a stable id (dana, dana-m): its history, follow-ups and exports "
                               + "are kept under it. Default: made from the name you give in the diagnosis.", valueName: "id"))
    var subject: String?

    @Option(name: .customLong("follow-up"), help: ArgumentHelp(
        "Follow up the latest diagnosis of this subject (an id or a name): walk its plan's actions, measure again and compare.",
        valueName: "subject"))
    var followUp: String?

    func validate() throws {
        if followUp != nil && dialog != "coach" {
            throw ValidationError("--follow-up runs the follow-up of the subject's last diagnosis; it takes no dialog ('\(dialog)')")
        }
        if followUp != nil && (resume != nil || subject != nil) {
            throw ValidationError("--follow-up continues a subject's coaching in a new conversation; it takes neither --resume nor --subject")
        }
        if let subject {
            if resume != nil { throw ValidationError("--subject '\(subject)' names the subject of a new conversation; a resumed one keeps its own") }
            if let problem = SubjectID.problem(subject) { throw ValidationError("--subject: \(problem)") }
        }
        if let leader, resume != nil {
            throw ValidationError("--leader '\(leader)' names the leader of a new conversation; a resumed one keeps the leader it was started with")
        }
        if let name = leader {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw ValidationError("--leader must be a name: it holds a control character (a line break, a tab or an escape)")
            }
            if trimmed.count > 80 { throw ValidationError("--leader must be a name of at most 80 characters; it has \(trimmed.count)") }
        }
    }

    @OptionGroup var options: DialogsOption
    @OptionGroup var recording: TranscriptOptions
    @OptionGroup var store: StoreOption

    /// Where the chat records (see `StoreOption.conversations`).
    func conversations() throws -> (any ConversationStore)? { try store.conversations(recording, dialogs: options.directory) }

    /// Where the chat reads finished diagnoses (for `--follow-up`).
    func coaching(_ conversations: any ConversationStore) -> any CoachingStore { store.coaching(conversations)! }

    func run() throws {
        let library = try DialogLibrary.load(directory: options.directory, cache: options.cache)
        if let followUp { return try runFollowUp(followUp, library: library) }
        if resume == nil { try refuseMistypedCommand(library) }
        if resume == nil, library.isFollowUp(dialog) {
            throw ValidationError("'\(dialog)' is a follow-up: start it with coach chat --follow-up SUBJECT")
        }
        let name = leader?.trimmingCharacters(in: .whitespaces) ?? (resume == nil ? Self.leaderFromEnvironment : nil)
        throw ExitCode(try ChatRunner.run(library: library, dialog: dialog, transcripts: try conversations(), resume: resume,
                                          leader: name?.isEmpty == false ? name : nil, subject: subject))
    }
}

extension Chat {
    /// `$COACH_LEADER`, when it is a name: no control characters, at most 80 characters, not empty.
    static var leaderFromEnvironment: String? {
        guard let e = ProcessInfo.processInfo.environment["COACH_LEADER"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        return e.isEmpty || e.count > 80 || e.unicodeScalars.contains { $0.properties.generalCategory == .control } ? nil : e
    }

    /// `coach chat --follow-up dana`: the follow-up dialog of the latest diagnosis's problem, its `given` questions
    /// answered from that diagnosis (the name, the plan's actions, the headline measure).
    func runFollowUp(_ who: String, library: DialogLibrary) throws {
        guard let directory = try conversations() else {
            throw ValidationError("--follow-up reads the last diagnosis from the transcripts; it cannot be used with --no-transcripts")
        }
        let store = coaching(directory)
        let sessions: [CoachingSession]
        do { sessions = try store.read().sessions(of: who) } catch {
            FileHandle.standardError.write(Data(Terminal.sanitize("coach: \(error)\n").utf8))
            throw ExitCode.failure
        }
        let last = sessions.last!
        var plan = FollowUpPlan(sessions: sessions)
        let dialog: String
        do { dialog = try plan.dialog(in: library.dialogIDs) } catch {
            FileHandle.standardError.write(Data(Terminal.sanitize("coach: \(error)\n").utf8))
            throw ExitCode.failure
        }
        if let diagnosis = plan.diagnosis { plan.earlier = (try? store.answers(of: diagnosis)) ?? [:] }
        let name = leader?.trimmingCharacters(in: .whitespaces) ?? Self.leaderFromEnvironment ?? last.leader
        let status = try ChatRunner.run(library: library, dialog: dialog, transcripts: directory, resume: nil,
                                        leader: name?.isEmpty == false ? name : nil, subject: last.subject, followUp: plan)
        // The follow-up compared the number with the last session's; here it is beside every earlier one.
        if status == 0, let all = try? store.read().sessions(of: last.subject), all.count > sessions.count {
            print(Terminal.sanitize("\n" + SubjectHistory(sessions: all).summary()), terminator: "")
        }
        throw ExitCode(status)
    }

    /// `coach chek`: chat is the default command, so a mistyped command arrives as a dialog. One that is neither a
    /// dialog nor a file, but close to a command's name, is a usage error (exit 64) that names the command.
    func refuseMistypedCommand(_ library: DialogLibrary) throws {
        do { _ = try library.dialog(dialog) } catch DialogLibrary.LoadError.unknownDialog {
            guard !FileManager.default.fileExists(atPath: dialog),
                  let command = Suggestion.closest(dialog, among: Coach.configuration.subcommands.map { $0._commandName })
            else { return }
            throw ValidationError("no command or dialog '\(dialog)'; did you mean `\(command)`?")
        }
    }
}

/// Where transcripts go.
struct TranscriptOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The transcripts directory (default: $XDG_DATA_HOME/coach/transcripts).", valueName: "dir"), completion: .directory)
    var transcripts: String?

    @Flag(help: "Do not record transcripts.")
    var noTranscripts = false

    @OptionGroup var key: KeyOption

    /// The transcripts directory, signing seals with this installation's key (created on first use).
    func directory(_ dialogs: DialogsOption) throws -> TranscriptDirectory? {
        try Self.directory(transcripts: transcripts, noTranscripts: noTranscripts, keyPath: key.path, dialogs: dialogs.directory)
    }

    /// The same from the options' values (for `ServeArguments`, which reads them without ArgumentParser).
    static func directory(transcripts: String?, noTranscripts: Bool, keyPath: @autoclosure () -> String,
                          dialogs: String) throws -> TranscriptDirectory? {
        if noTranscripts { return nil }
        let directory = TranscriptDirectory(path: transcripts ?? TranscriptDirectory.defaultPath(), dialogsDirectory: dialogs)
        directory.key = try TranscriptKeyFile.loadOrCreate(keyPath())
        return directory
    }
}

/// The transcript key's file.
struct KeyOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The transcript key (default: $COACH_KEY_FILE, else $XDG_CONFIG_HOME/coach/transcript.key, else ~/.config/coach/transcript.key).",
        valueName: "path"), completion: .file())
    var keyFile: String?

    var path: String { TranscriptKeyFile.path(option: keyFile) }
}

extension KeyOption {
    /// Reads the key for verifying; when not `required`, a missing or unreadable key is none (chain checks only).
    func load(required: Bool) throws -> TranscriptKey? {
        do { return try TranscriptKeyFile.load(path) } catch {
            guard !required else {
                FileHandle.standardError.write(Data(("coach: " + error.description + "; or --unverified to check the hash chain only\n").utf8))
                throw ExitCode.failure
            }
            return nil
        }
    }
}
