public import DialogEngine
public import DialogModel

extension Answer {
    /// The event that gives this answer again without what was typed: a choice (or several) by id, a number by its
    /// digits, text as it stands. A follow-up gives earlier answers this way; `coach forget` records answers again so.
    public func event(for q: Question) -> Event.Kind {
        switch value {
        case .choice(let i): .chose([q.answer.choices[i].id])
        case .choices(let set): .chose(set.map { q.answer.choices[$0].id })
        case .number(let x): .answered(CoachingSession.number(x))
        case .text(let t): .answered(t)
        case .none: .answered("")
        }
    }
}
