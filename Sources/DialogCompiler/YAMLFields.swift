import DialogModel
import Yams

/// Reads one YAML mapping of an authored file: typed values with locations, unknown and missing keys reported.
struct YAMLFields {
    let node: Yams.Node
    let file: String
    let sink: DiagnosticSink
    let context: String
    private let pairs: [(key: String, keyNode: Yams.Node, value: Yams.Node)]

    /// Nil (with DC0015 reported) when the node is not a mapping. Keys not in `allowed` are reported (DC0012).
    init?(_ node: Yams.Node, file: String, sink: DiagnosticSink, context: String, allowed: [String]) {
        guard let mapping = node.mapping else {
            sink.report(.notAMapping, YAMLFields.location(node, file), context)
            return nil
        }
        self.node = node
        self.file = file
        self.sink = sink
        self.context = context
        var pairs: [(String, Yams.Node, Yams.Node)] = []
        for (k, v) in mapping {
            let key = k.scalar?.string ?? ""
            if !allowed.contains(key) {
                sink.report(.unknownKey, YAMLFields.location(k, file), key, context, hint: Suggest.didYouMean(key, among: allowed))
            }
            pairs.append((key, k, v))
        }
        self.pairs = pairs
    }

    static func location(_ node: Yams.Node, _ file: String) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        var column = mark.column
        if let style = node.scalar?.style, style == .singleQuoted || style == .doubleQuoted { column += 1 }
        return SourceLocation(file: file, line: mark.line, column: column)
    }

    var location: SourceLocation { YAMLFields.location(node, file) }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    func value(_ key: String) -> Yams.Node? {
        for i in pairs.indices where pairs[i].key == key { return pairs[i].value }
        return nil
    }

    func keyLocation(_ key: String) -> SourceLocation {
        pairs.first { $0.key == key }.map { YAMLFields.location($0.keyNode, file) } ?? location
    }

    /// All keys present, with their value nodes, in file order.
    var entries: [(key: String, keyNode: Yams.Node, value: Yams.Node)] { pairs }

    func missing(_ key: String) {
        sink.report(.missingKey, location, context, key)
    }

    func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        return scalar(node, key)
    }

    func scalar(_ node: Yams.Node, _ what: String) -> Located<String>? {
        guard let s = node.scalar else {
            sink.report(.notText, YAMLFields.location(node, file), what, context, node.mapping != nil ? "mapping" : "list")
            return nil
        }
        return Located(value: s.string, location: YAMLFields.location(node, file))
    }

    func int(_ key: String, range: ClosedRange<Int> = 0...Int.max) -> Int? {
        guard let s = string(key) else { return nil }
        guard let n = Int(s.value), range.contains(n) else {
            sink.report(.notAWholeNumber, s.location, key, context, range.lowerBound, range.upperBound == Int.max ? "" : String(range.upperBound))
            return nil
        }
        return n
    }

    func double(_ key: String) -> Double? {
        guard let s = string(key) else { return nil }
        guard let x = Double(s.value) else {
            sink.report(.notANumber, s.location, key, context)
            return nil
        }
        return x
    }

    func bool(_ key: String) -> Bool? {
        guard let s = string(key) else { return nil }
        switch s.value {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            sink.report(.notABoolean, s.location, key, context)
            return nil
        }
    }

    /// A list of texts; a single text counts as a list of one.
    func strings(_ key: String) -> [Located<String>] {
        guard let node = value(key) else { return [] }
        return YAMLFields.strings(node, key, file: file, sink: sink, context: context)
    }

    static func strings(_ node: Yams.Node, _ key: String, file: String, sink: DiagnosticSink, context: String) -> [Located<String>] {
        if let s = node.scalar { return [Located(value: s.string, location: location(node, file))] }
        guard let seq = node.sequence else {
            sink.report(.notAListOfTexts, location(node, file), key, context)
            return []
        }
        return seq.compactMap { item in
            guard let s = item.scalar else {
                sink.report(.notAListOfTexts, location(item, file), key, context)
                return nil
            }
            return Located(value: s.string, location: location(item, file))
        }
    }

    /// The items of a list value (reported when it is not a list).
    func list(_ key: String, required: Bool = false) -> [Yams.Node] {
        guard let node = value(key) else {
            if required { missing(key) }
            return []
        }
        guard let seq = node.sequence else {
            sink.report(.notAList, YAMLFields.location(node, file), key, context)
            return []
        }
        return Array(seq)
    }

    func oneOf<T>(_ key: String, _ options: [(String, T)], required: Bool = false) -> T? {
        guard let s = string(key, required: required) else { return nil }
        if let hit = options.first(where: { $0.0 == s.value }) { return hit.1 }
        sink.report(.notAnOption, s.location, s.value, key, options.map(\.0).joined(separator: ", "),
                    hint: Suggest.didYouMean(s.value, among: options.map(\.0)))
        return nil
    }
}
