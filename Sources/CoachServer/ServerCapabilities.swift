import CoachCLI
/// What the bridge said it can show, from `initialize`.
public struct ServerCapabilities: Sendable {
    /// Whether the bridge can show choices as buttons.
    public var buttons: Bool = false
    /// The most buttons it can show for one question.
    public var maxButtons: Int = 10
    /// The longest button label it can show; longer labels are shortened with "…" and the full text is sent as `title`.
    public var maxLabel: Int = 75
    /// The markup a plan message carries besides the structured plan: `markdown`, `slack`, `plain`, or `none` (the
    /// default: a bridge that asks for no markup gets none, and `conversation/plan` renders one on demand).
    public var markup: String = "none"
    /// The markups a bridge may ask for.
    public static let markups = ["markdown", "slack", "plain", "none"]
    /// The longest message it can post, in UTF-16 code units; when set, the plan also comes cut into `parts`
    /// within it. Nil: no limit stated.
    public var maxMessageChars: Int?
    /// The smallest `maxMessageChars` accepted (a plan's sections fit in a few such parts).
    public static let minMessageChars = 500
    /// The largest `maxMessageChars` accepted.
    public static let maxMessageCharsLimit = 1_000_000

    public init() {}
}
