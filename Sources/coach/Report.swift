import ArgumentParser
import CoachCLI
import Transcript

/// `coach report`: a transcript's plan as Markdown, each finding linked to the answers that produced it.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a transcript's coaching plan as Markdown, with the answers behind each finding."
    )

    @Argument(help: ArgumentHelp("The transcript file.", valueName: "transcript"))
    var transcript: String

    func run() throws {
        let file = try TranscriptReader.read(path: transcript)
        if case .tampered(let line, let reason) = file.integrity {
            throw ValidationError("\(transcript):\(line): tampered: \(reason); no report")
        }
        let trail = FindingTrail(file)
        var text = trail.plan.map { PlanRenderer(style: .markdown).render($0) + "\n" }
            ?? "# No plan\n\nThe conversation \(file.header.conversation) did not finish.\n\n"
        text += trail.markdown()
        // What leaders typed is in it: it must not reach a terminal as escape sequences.
        print(Terminal.sanitize(text), terminator: "")
    }
}
