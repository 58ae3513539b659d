/// An understood answer.
public enum Value: Hashable, Sendable {
    /// A choice of a yesNo or choice question, by index.
    case choice(Int)
    /// The choices of a multi question.
    case choices(ChoiceSet)
    /// A number or a scale point.
    case number(Double)
    /// Free text.
    case text(String)
    /// No answer: the question fell back with nothing to record, or optional text was left empty.
    case none
}
