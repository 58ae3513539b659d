/// One of the five components of the seed's performance system, in the order a diagnosis visits them
/// (the reverse of "Sales Person > Tasks > Processes > Work Products > Goals").
public enum Step: Int, CaseIterable, Comparable, Sendable {
    /// Step 1. Align Sales Goals with the Sales Strategy.
    case goals
    /// Step 2. Identify High Value High Impact Work Products.
    case workProducts
    /// Step 3. Improve Processes.
    case processes
    /// Step 4. Prioritize Tasks.
    case tasks
    /// Step 5. Develop People.
    case people

    /// The key used in dialog files (`step: workProducts`).
    public var key: String {
        switch self {
        case .goals: "goals"
        case .workProducts: "workProducts"
        case .processes: "processes"
        case .tasks: "tasks"
        case .people: "people"
        }
    }

    /// The component code of the content brief (G, W, P, T, PE).
    public var code: String {
        switch self {
        case .goals: "G"
        case .workProducts: "W"
        case .processes: "P"
        case .tasks: "T"
        case .people: "PE"
        }
    }

    /// The component's name.
    public var name: String {
        switch self {
        case .goals: "Goals"
        case .workProducts: "Work Products"
        case .processes: "Processes"
        case .tasks: "Tasks"
        case .people: "People"
        }
    }

    /// The seed's title for the step.
    public var seedTitle: String {
        switch self {
        case .goals: "Align Sales Goals with the Sales Strategy"
        case .workProducts: "Identify High Value High Impact Work Products"
        case .processes: "Improve Processes"
        case .tasks: "Prioritize Tasks"
        case .people: "Develop People"
        }
    }

    /// The 1-based step number (1 = goals ... 5 = people).
    public var number: Int { rawValue + 1 }

    public init?(key: String) {
        guard let step = Step.allCases.first(where: { $0.key == key }) else { return nil }
        self = step
    }

    public init?(code: String) {
        guard let step = Step.allCases.first(where: { $0.code == code }) else { return nil }
        self = step
    }

    public static func < (a: Step, b: Step) -> Bool { a.rawValue < b.rawValue }
}

extension Step: Codable {
    public init(from decoder: any Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        guard let step = Step(key: key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown step '\(key)'"))
        }
        self = step
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(key)
    }
}
