import CoachCLI
/// What the bridge said it can show, from `initialize`.
public struct ServerCapabilities: Sendable {
    /// Whether the bridge can show choices as buttons.
    public var buttons: Bool = false
    /// The most buttons it can show for one question.
    public var maxButtons: Int = 10
    /// The longest button label it can show; longer labels are shortened with "…" and the full text is sent as `title`.
    public var maxLabel: Int = 75
    /// The markup it renders: `markdown`, `slack` or `plain`.
    public var markup: String = "markdown"

    public init() {}
}
