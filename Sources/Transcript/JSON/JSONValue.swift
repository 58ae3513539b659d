/// A parsed JSON value. Numbers keep their literal text, so an id like `12345678901234567890` is echoed exactly.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A whole number, if this is one.
    public var int: Int? {
        if case .number(let n) = self { return Int(n) }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// A whole number.
    public static func int(_ i: Int) -> JSONValue { .number(String(i)) }

    /// The member named `key` of an object (the last one if repeated); nil for anything else.
    public subscript(key: String) -> JSONValue? { object?[key] }

    /// The object without the members named in `keys`; anything else as it is.
    public func removing(_ keys: Set<String>) -> JSONValue {
        guard case .object(let o) = self else { return self }
        return .object(JSONObject(o.members.filter { !keys.contains($0.key) }))
    }

    /// Compact JSON text, as `JSONWriter` writes it.
    public var encoded: String {
        let w = JSONWriter()
        w.value(self)
        return w.withBytes { String(decoding: $0, as: UTF8.self) }
    }
}

/// A JSON object: its members in order (duplicate keys keep the last value on lookup).
public struct JSONObject: Hashable, Sendable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)] = []) { self.members = members }

    public init(arrayLiteral members: (key: String, value: JSONValue)...) { self.members = members }

    /// `["id": .string("x"), "n": .int(1)]`: the members in the order written.
    public init(dictionaryLiteral members: (String, JSONValue)...) { self.members = members.map { (key: $0.0, value: $0.1) } }

    public subscript(key: String) -> JSONValue? {
        // Lengths first: most keys of a request differ in length, and a length is cheap to read where comparing two
        // strings that differ is not.
        let length = key.utf8.count
        for m in members.reversed() where m.key.utf8.count == length && m.key == key { return m.value }
        return nil
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into h: inout Hasher) {
        h.combine(members.count)
        for m in members {
            h.combine(m.key)
            h.combine(m.value)
        }
    }
}
