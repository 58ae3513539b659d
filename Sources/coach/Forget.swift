import ArgumentParser
import CoachCLI
import CoachTerminal
import Foundation

/// `coach forget`: erase what identifies a person from the transcripts, keeping every chain verifiable.
struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase a person's name and free-text answers from every transcript; the transcripts still verify.",
        discussion: """
            Each transcript about the person is recorded again with their name replaced by "Forgotten person", every \
            free-text answer by "[forgotten]" and every other answer by what it was understood as, so the \
            conversation takes the same path and replays as verified; other transcripts whose free-text answers \
            name the person are rewritten the same way. Their diagnoses stay, under a pseudonymous subject id, for \
            the team's picture. Lines of the chat's history that name the person are removed. Each rewrite is \
            logged in forgotten.jsonl (no names). It cannot be undone; see docs/transcript-format.md for what \
            remains. Stop coach serve on the directory first.
            """
    )

    @Argument(help: ArgumentHelp("The subject id, or the name given in the diagnoses.", valueName: "subject"))
    var subject: String

    @ArgumentParser.Flag(help: "Do not ask for confirmation (needed when standard input is not a terminal).")
    var yes = false

    @Option(help: ArgumentHelp("The transcripts directory (default: $XDG_DATA_HOME/coach/transcripts).", valueName: "dir"), completion: .directory)
    var transcripts: String?

    @OptionGroup var key: KeyOption

    func run() throws {
        let directory = transcripts ?? TranscriptDirectory.defaultPath()
        let key = try key.load(required: true)
        let read = try TranscriptCoachingStore(directory: directory, key: key).read()
        let sessions: [CoachingSession]
        do { sessions = try read.sessions(of: subject) } catch { throw fail("\(error)") }
        let name = sessions.last!.name
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else { throw fail("forgetting cannot be undone: add --yes to forget \(name) without a question") }
            print(Terminal.sanitize("Forget \(name) (\(sessions.count) diagnoses)? Their name and free-text answers are erased for good. [y/N] "),
                  terminator: "")
            guard let answer = readLine(), ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
                print("Nothing was changed.")
                return
            }
        }
        let outcome: SubjectForgetter.Outcome
        do { outcome = try SubjectForgetter(directory: directory, key: key).forget(subject, on: Clock.today()) } catch {
            throw fail("\(error); nothing more was changed")
        }
        let scrubbed = scrubHistory(outcome.replaced, names: outcome.names)
        for why in outcome.unread {
            FileHandle.standardError.write(Data(Terminal.sanitize("coach: left as it is, it may still name \(name): \(why)\n").utf8))
        }
        print(Terminal.sanitize("Forgot \(name): \(outcome.rewritten.count) transcripts rewritten; their diagnoses are now under "
            + "\(outcome.pseudonym)" + (scrubbed > 0 ? "; \(scrubbed) lines removed from the chat history." : ".")))
    }

    /// Removes the chat history's lines that name the person (a whole word), or are a replaced answer; how many.
    func scrubHistory(_ replaced: Set<String>, names: Set<String>) -> Int {
        guard let path = CoachTerminal.History.path(), let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kept = lines.filter { line in !replaced.contains(line) && !names.contains { SubjectForgetter.mentions(line, $0) } }
        guard kept.count != lines.count else { return 0 }
        try? kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return lines.count - kept.count
    }

    func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data(Terminal.sanitize("coach: " + message + "\n").utf8))
        return ExitCode.failure
    }
}
