public import DialogEngine
import Foundation

/// The plan's one JSON reader: `Plan`'s `Decodable` conformance over what `PlanWriter` wrote.
public enum PlanReader {
    /// A plan read back from a `plan` message's `plan` member; nil when it is not a plan.
    public static func read(_ json: JSONValue) -> Plan? {
        try? JSONDecoder().decode(Plan.self, from: Data(json.encoded.utf8))
    }
}
