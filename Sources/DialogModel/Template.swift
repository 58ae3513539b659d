/// A text with `{placeholder}`s resolved to variables, answers and items; literal parts are kept whole.
public struct Template: Hashable, Sendable {
    /// One piece of a template.
    public enum Part: Hashable, Sendable {
        /// Literal text.
        case text(String)
        /// The value of a variable, by index into `Dialog.variables`.
        case variable(Int)
        /// The understood answer given at a node, by node index.
        case answer(Int)
        /// The label of the current `forEach` item.
        case item
        /// The detail of the current `forEach` item.
        case itemDetail
    }

    public let parts: [Part]
    /// The text as authored, placeholders and all.
    public let source: String

    public init(parts: [Part], source: String) {
        self.parts = parts
        self.source = source
    }

    /// A template with no placeholders.
    public init(_ text: String) {
        self.parts = text.isEmpty ? [] : [.text(text)]
        self.source = text
    }

    /// The text itself when the template has no placeholders.
    public var literal: String? {
        switch parts.count {
        case 0: return ""
        case 1: if case .text(let s) = parts[0] { return s } else { return nil }
        default: return nil
        }
    }
}
