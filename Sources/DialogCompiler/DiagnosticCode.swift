/// The stable code of each kind of problem the compiler reports; documented in docs/diagnostics.md.
public enum DiagnosticCode: String, CaseIterable, Sendable {
    /// A `goto`, `next`, `start`, `forEach` or condition names a node that does not exist.
    case undefinedNode = "DC0001"
    /// Two nodes, choices, findings, flags, families, notes or dialogs share an id.
    case duplicateID = "DC0002"
    /// No path from the dialog's start reaches the node.
    case unreachableNode = "DC0003"
    /// No end node can be reached from the node.
    case noEndReachable = "DC0004"
    /// A loop that cannot be left, or that asks no question.
    case loopWithoutExit = "DC0005"
    /// Branches or routes leave some choices unhandled and have no `else`.
    case uncoveredChoices = "DC0006"
    /// Branches or routes over a number leave a gap and have no `else`.
    case numericGap = "DC0007"
    /// A placeholder names a variable or answer that may be unset on some path to it.
    case mayBeUnset = "DC0008"
    /// A finding id is not in the taxonomy.
    case undefinedFinding = "DC0009"
    /// A flag is not declared.
    case undefinedFlag = "DC0010"
    /// A placeholder or condition names nothing that is defined.
    case undefinedName = "DC0011"
    /// A key that the format does not have.
    case unknownKey = "DC0012"
    /// The file is not valid YAML.
    case yamlSyntax = "DC0013"
    /// A required key is missing.
    case missingKey = "DC0014"
    /// A value has the wrong shape (a list where text belongs, ...).
    case wrongType = "DC0015"
    /// A value is not one of those allowed.
    case invalidValue = "DC0016"
    /// A condition cannot be parsed.
    case conditionSyntax = "DC0017"
    /// A condition compares things that cannot be compared.
    case typeMismatch = "DC0018"
    /// A condition names a choice the question does not have.
    case undefinedChoice = "DC0019"
    /// A branch can never match because earlier branches catch every answer it could (a warning).
    case unreachableBranch = "DC0020"
    /// A question or say node has no way on: a branch without `goto` and no `next`.
    case noRoute = "DC0021"
    /// An `include` or `run` names a fragment or dialog that does not exist.
    case undefinedDialog = "DC0022"
    /// A note id is not in the taxonomy.
    case undefinedNote = "DC0023"
    /// For a yes/no question, "unsure" cannot be routed by rule R1 without `unsure: yes|no`.
    case ambiguousUnsure = "DC0024"
    /// A question with no fallback answer has no route when its retries run out.
    case noFallbackRoute = "DC0025"
    /// A `forEach` that does not name an earlier multi question, or whose branches `goto`.
    case invalidForEach = "DC0026"
    /// A scale's anchors do not match its points.
    case scaleAnchors = "DC0027"
    /// Two choices of one question are selected by the same word.
    case ambiguousChoiceWord = "DC0028"
    /// The directory has no taxonomy, or more than one.
    case taxonomyCount = "DC0029"
    /// A finding belongs to no recommendation family, or to more than one.
    case findingFamily = "DC0030"
    /// A fragment exit is not bound by the include, or an exit is used but not declared.
    case unboundExit = "DC0031"
    /// A fragment includes itself, directly or through other fragments.
    case includeCycle = "DC0032"
    /// A file holds bytes that are not UTF-8.
    case invalidUTF8 = "DC0033"
    /// A file uses more aliases than the bound, or an alias as a mapping key.
    case aliasBound = "DC0034"
    /// A file nests collections deeper than the bound.
    case nestingTooDeep = "DC0035"
    /// A file is larger than the bound.
    case fileTooLarge = "DC0036"
    /// A taxonomy text has no value for a problem whose dialog can use it.
    case problemText = "DC0037"
    /// The plan section names a question of the wrong kind, or a decision question whose choices are not the
    /// decision's options.
    case planInput = "DC0038"

    /// A short title for the documentation.
    public var title: String {
        switch self {
        case .undefinedNode: "Undefined node"
        case .duplicateID: "Duplicate id"
        case .unreachableNode: "Unreachable node"
        case .noEndReachable: "No end reachable"
        case .loopWithoutExit: "Loop with no exit"
        case .uncoveredChoices: "Choices not covered"
        case .numericGap: "Numeric gap"
        case .mayBeUnset: "May be unset"
        case .undefinedFinding: "Undefined finding"
        case .undefinedFlag: "Undefined flag"
        case .undefinedName: "Undefined name"
        case .unknownKey: "Unknown key"
        case .yamlSyntax: "YAML syntax"
        case .missingKey: "Missing key"
        case .wrongType: "Wrong type"
        case .invalidValue: "Invalid value"
        case .conditionSyntax: "Condition syntax"
        case .typeMismatch: "Type mismatch"
        case .undefinedChoice: "Undefined choice"
        case .unreachableBranch: "Unreachable branch"
        case .noRoute: "No route"
        case .undefinedDialog: "Undefined dialog or fragment"
        case .undefinedNote: "Undefined note"
        case .ambiguousUnsure: "Ambiguous unsure"
        case .noFallbackRoute: "No fallback route"
        case .invalidForEach: "Invalid forEach"
        case .scaleAnchors: "Scale anchors"
        case .ambiguousChoiceWord: "Ambiguous choice word"
        case .taxonomyCount: "Taxonomy count"
        case .findingFamily: "Finding family"
        case .unboundExit: "Unbound exit"
        case .includeCycle: "Include cycle"
        case .invalidUTF8: "Invalid UTF-8"
        case .aliasBound: "Too many aliases"
        case .nestingTooDeep: "Nesting too deep"
        case .fileTooLarge: "File too large"
        case .problemText: "Text missing for a problem"
        case .planInput: "Plan input"
        }
    }
}
