public import Transcript

/// `coach report`: a transcript's last plan as Markdown, each finding with the answers behind it. A transcript whose
/// chain breaks is refused; so is one whose seal does not authenticate with the key, unless `unverified`, when the
/// report opens with a warning saying why it cannot be trusted.
public enum ReportRunner {
    /// The report (stdout), or why there is none (one line for stderr), and the exit status.
    public static func run(path: String, key: TranscriptKey?, unverified: Bool) -> (output: String, error: String?, status: Int32) {
        let file: TranscriptFile
        do { file = try TranscriptReader.read(path: path) } catch { return ("", "\(error); no report", 1) }
        if case .tampered(let line, let reason) = file.integrity {
            return ("", "\(path):\(line): tampered: \(reason); no report", 1)
        }
        let authentication = key?.authenticate(file.seal)
        var warning = ""
        if case .authentic? = authentication {} else {
            let why = authentication?.description ?? "no key to authenticate it"
            guard unverified else { return ("", "\(path): not authenticated: \(why); no report (--unverified prints it anyway)", 1) }
            warning = "> **Unverified transcript**: \(why). This plan may have been changed.\n\n"
        }
        var trail = FindingTrail(file)
        if trail.hasPlanMessage, trail.plan == nil, file.header.version >= TranscriptHeader.compactPlanVersion {
            // A format-4 transcript records its plan's digest, not the plan: it is recomputed by replaying the
            // conversation on the dialog version it names, and taken only when the replay matches the record.
            let replay = ReplayRunner(against: .recorded).replay(file, path: path).replay
            guard let plan = replay.plan else {
                return ("", "\(path): its plan cannot be recomputed: \(Self.why(replay.verdict)); no report", 1)
            }
            trail = FindingTrail(file, replayed: plan)
        }
        let none = trail.hasPlanMessage
            ? "# Plan written by an earlier coach\n\nThe conversation \(file.header.conversation) finished, and its plan was written in "
                + "transcript format \(file.header.version), which this coach does not render; the findings below and "
                + "`coach replay` still hold.\n\n"
            : "# No plan\n\nThe conversation \(file.header.conversation) did not finish.\n\n"
        var text = warning + (trail.plan.map { PlanRenderer(style: .markdown).render($0) + "\n" } ?? none)
        text += trail.markdown()
        return (text, nil, 0)
    }

    /// Why a replay gave no plan, in a few words.
    static func why(_ verdict: Replay.Verdict) -> String {
        switch verdict {
        case .diverged(let d): "the replay diverged at turn \(d.turn)\(d.line.map { ", line \($0)" } ?? "") (coach replay says more)"
        case .tampered(let line, let reason): "line \(line): \(reason)"
        case .unavailable(let why): why
        case .verified, .incomplete: "the replayed conversation did not finish"
        }
    }
}
