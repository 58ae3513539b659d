/// The compiler's messages, each defined once: its code, its template and its default severity, grouped by code.
/// Call sites pass only the arguments: `sink.report(.undefinedNode, location, name, hint: ...)`.
extension DiagnosticDescriptor {
    // MARK: DC0001 Undefined node

    static let undefinedNode = DiagnosticDescriptor(.undefinedNode, "undefined node '{0}'")

    // MARK: DC0002 Duplicate id

    static let duplicateFragmentID = DiagnosticDescriptor(.duplicateID, "duplicate fragment id '{0}'")
    static let duplicateDialogID = DiagnosticDescriptor(.duplicateID, "duplicate dialog id '{0}'")
    static let duplicateChoiceID = DiagnosticDescriptor(.duplicateID, "duplicate choice id '{0}' in '{1}'")
    static let flagAndVariable = DiagnosticDescriptor(.duplicateID, "'{0}' is both a flag and a variable")
    static let duplicateNodeID = DiagnosticDescriptor(.duplicateID, "duplicate node id '{0}'")
    static let duplicateTaxonomyID = DiagnosticDescriptor(.duplicateID, "duplicate {0} id '{1}'")
    static let duplicateKey = DiagnosticDescriptor(.duplicateID, "duplicate key {0} in a mapping")

    // MARK: DC0003 Unreachable node

    static let unreachableNode = DiagnosticDescriptor(
        .unreachableNode, "node '{0}' cannot be reached from the start '{1}'")

    // MARK: DC0004 No end reachable

    static let noEndReachable = DiagnosticDescriptor(.noEndReachable, "no end node can be reached from '{0}'")

    // MARK: DC0005 Loop with no exit

    static let loopWithoutExit = DiagnosticDescriptor(.loopWithoutExit, "a loop through {0} has no way out to an end")
    static let loopWithoutQuestion = DiagnosticDescriptor(
        .loopWithoutExit, "a loop through {0} asks no question, so it would never stop")

    // MARK: DC0006 Choices not covered

    static let elseNeeded = DiagnosticDescriptor(
        .uncoveredChoices, "the {0} of '{1}' need an 'else': a {2} answer cannot be covered case by case")
    static let rulesWithoutElse = DiagnosticDescriptor(
        .uncoveredChoices, "the rules of '{0}' have no 'else', so some cases have no route")
    static let choicesNotHandled = DiagnosticDescriptor(.uncoveredChoices, "the {0} of '{1}' do not handle {2}")

    // MARK: DC0007 Numeric gap

    static let numbersNotHandled = DiagnosticDescriptor(.numericGap, "the {0} of '{1}' do not handle {2}")

    // MARK: DC0008 May be unset

    static let mayBeUnset = DiagnosticDescriptor(
        .mayBeUnset, "'{{0}}' may be unset here: some path reaches '{1}' without setting it")

    // MARK: DC0009 Undefined finding

    static let undefinedFinding = DiagnosticDescriptor(.undefinedFinding, "undefined finding '{0}'")
    static let findingPatternMatchesNothing = DiagnosticDescriptor(
        .undefinedFinding, "'{0}' matches no finding id or Gilbert cell")

    // MARK: DC0010 Undefined flag

    static let undefinedFlagOrVariable = DiagnosticDescriptor(.undefinedFlag, "undefined flag or variable '{0}'")

    // MARK: DC0011 Undefined name

    static let answerOutsideQuestion = DiagnosticDescriptor(
        .undefinedName, "'answer' is only defined in a question's branches and next")
    static let undefinedSetting = DiagnosticDescriptor(.undefinedName, "undefined setting '{0}'")
    static let undefinedName = DiagnosticDescriptor(.undefinedName, "undefined name '{{0}}'")
    static let itemOutsideForEach = DiagnosticDescriptor(
        .undefinedName, "'{{0}}' is only defined in a question with 'forEach'")

    // MARK: DC0012 Unknown key

    static let unknownKey = DiagnosticDescriptor(.unknownKey, "unknown key '{0}' in {1}")

    // MARK: DC0013 YAML syntax

    static let yamlSyntax = DiagnosticDescriptor(.yamlSyntax, "{0}")

    // MARK: DC0014 Missing key

    static let noChoices = DiagnosticDescriptor(.missingKey, "'{0}' offers no choices")
    static let planGoalMissing = DiagnosticDescriptor(
        .missingKey, "dialog '{0}' diagnoses problem '{1}' and needs a 'plan' with a 'goal'")
    static let dialogWithoutNodes = DiagnosticDescriptor(.missingKey, "dialog '{0}' has no nodes")
    static let routeRuleWithoutTarget = DiagnosticDescriptor(.missingKey, "a route rule needs 'goto' or 'run'")
    static let ruleWithoutCondition = DiagnosticDescriptor(.missingKey, "a rule needs 'when' or 'else'")
    static let nodeKindMissing = DiagnosticDescriptor(
        .missingKey, "a node needs one of 'ask', 'say', 'decide', 'end' or 'include'")
    static let fileKindMissing = DiagnosticDescriptor(
        .missingKey, "the file needs 'kind: dialog', 'kind: fragment' or 'kind: taxonomy'")
    static let emptyFile = DiagnosticDescriptor(.missingKey, "the file is empty; it needs 'kind'")
    static let missingKey = DiagnosticDescriptor(.missingKey, "{0} needs '{1}'")

    // MARK: DC0015 Wrong type

    static let choicesNotAList = DiagnosticDescriptor(.wrongType, "'{0}' must be a list of choices")
    static let invalidNext = DiagnosticDescriptor(.wrongType, "'next' must be a node id or a list of rules")
    static let flagDeclaration = DiagnosticDescriptor(.wrongType, "flag '{0}' must be 'boolean' or a list of values")
    static let notAList = DiagnosticDescriptor(.wrongType, "'{0}' in {1} must be a list")
    static let notAListOfTexts = DiagnosticDescriptor(.wrongType, "'{0}' in {1} must be a list of texts")
    static let notABoolean = DiagnosticDescriptor(.wrongType, "'{0}' in {1} must be true or false")
    static let notANumber = DiagnosticDescriptor(.wrongType, "'{0}' in {1} must be a number")
    static let notAWholeNumber = DiagnosticDescriptor(.wrongType, "'{0}' in {1} must be a whole number in {2}...{3}")
    static let notText = DiagnosticDescriptor(.wrongType, "'{0}' in {1} must be text, not a {2}")
    static let notAMapping = DiagnosticDescriptor(.wrongType, "{0} must be a mapping of keys to values")
    static let notAProblemKey = DiagnosticDescriptor(
        .wrongType, "'{0}' in '{1}' of {2} is neither 'default' nor a problem code such as OTT, ICP or FCA")

    // MARK: DC0016 Invalid value

    static let invalidUnsure = DiagnosticDescriptor(.invalidValue, "'unsure' must be yes or no")
    static let invalidFallback = DiagnosticDescriptor(
        .invalidValue, "fallback '{0}' is not a valid answer to this question")
    static let tooManyChoices = DiagnosticDescriptor(.invalidValue, "'{0}' has more than 64 choices")
    static let tooManyRecommendations = DiagnosticDescriptor(
        .invalidValue, "'{0}' takes its choices from the taxonomy's recommendations, {1} for {2}: more than the 64 a question can hold")
    static let invalidRecommendations = DiagnosticDescriptor(
        .invalidValue, "'recommendations: {0}' is not known; write 'recommendations: all' for one choice per finding with a recommendation")
    static let choicesAndRecommendations = DiagnosticDescriptor(
        .invalidValue, "a question takes its choices from 'choices' or from 'recommendations', not both")
    static let invalidChoiceID = DiagnosticDescriptor(
        .invalidValue, "choice id '{0}' must be lower-case letters, digits and '-'")
    static let minAboveMax = DiagnosticDescriptor(.invalidValue, "the number's min {0} is above its max {1}")
    static let severalAnswerTypes = DiagnosticDescriptor(
        .invalidValue, "an answer has exactly one type: choice, multi, scale, number or text")
    static let unknownAnswerType = DiagnosticDescriptor(
        .invalidValue, "'{0}' is not an answer type; expected yesNo, text, number, or a mapping with choice, multi, scale, number or text")
    static let gotoAndRun = DiagnosticDescriptor(.invalidValue, "a rule has either 'goto' or 'run', not both")
    static let invalidGiven = DiagnosticDescriptor(.invalidValue, "'given: {0}' is not something a front end gives; expected subject, actions or measure")
    static let givenType = DiagnosticDescriptor(.invalidValue, "'given: {0}' needs a {1} question; '{2}' is not one")
    static let whenAndElse = DiagnosticDescriptor(.invalidValue, "a rule has either 'when' or 'else', not both")
    static let unknownFileKind = DiagnosticDescriptor(
        .invalidValue, "'{0}' is not a kind of file; expected dialog, fragment or taxonomy")
    static let tooManyFindings = DiagnosticDescriptor(
        .invalidValue, "the taxonomy has {0} findings; at most {1} are supported")
    static let notAnOption = DiagnosticDescriptor(.invalidValue, "'{0}' is not a valid {1}; expected one of {2}")

    // MARK: DC0017 Condition syntax

    static let unknownFunction = DiagnosticDescriptor(
        .conditionSyntax, "unknown function '{0}'; the only function is found(...)")
    static let conditionSyntax = DiagnosticDescriptor(.conditionSyntax, "in condition '{0}': {1}")
    static let unclosedBrace = DiagnosticDescriptor(
        .conditionSyntax, "'{' has no closing '}'; write '{{' for a literal brace")

    // MARK: DC0018 Type mismatch

    static let answerOfNonQuestion = DiagnosticDescriptor(
        .typeMismatch, "'{0}' is a node that asks nothing, so it has no answer")
    static let notAFlagValue = DiagnosticDescriptor(.typeMismatch, "'{0}' is not a value of flag '{1}' ({2})")
    static let flagComparedWithNonValue = DiagnosticDescriptor(
        .typeMismatch, "compare flag '{0}' with one of its values")
    static let flagOperator = DiagnosticDescriptor(.typeMismatch, "flag '{0}' compares with ==, != or in, not '{1}'")
    static let choiceComparedWithNonChoice = DiagnosticDescriptor(
        .typeMismatch, "compare '{0}' with a choice id or a list of them")
    static let numberComparedWithNonNumber = DiagnosticDescriptor(
        .typeMismatch, "'{0}' is a number; compare it with a number or a setting")
    static let nodeComparedWithNonNumber = DiagnosticDescriptor(
        .typeMismatch, "'{0}' is compared with '{1}', which is not answered with a number; compare it with a number or scale question, a number or a setting")
    static let operatorNotForNumbers = DiagnosticDescriptor(
        .typeMismatch, "'{0}' does not apply to numbers; use <, <=, >, >=, == or !=")
    static let freeTextComparison = DiagnosticDescriptor(
        .typeMismatch, "'{0}' is free text, which conditions cannot compare")
    static let numericComparisonOfChoices = DiagnosticDescriptor(
        .typeMismatch, "'{0}' compares numbers, but '{1}' is answered with choices")
    static let notComparable = DiagnosticDescriptor(
        .typeMismatch, "'{0}' cannot be compared with '{1}'; only answers and flags can")
    static let leftSideNotComparable = DiagnosticDescriptor(
        .typeMismatch, "the left side of '{0}' must name an answer, a flag or a variable")
    static let settingAloneIsNoCondition = DiagnosticDescriptor(
        .typeMismatch, "setting '{0}' is a number; compare it with something")
    static let valueAloneIsNoCondition = DiagnosticDescriptor(
        .typeMismatch, "a value alone is not a condition; compare it with something")
    static let choiceListWithoutChoices = DiagnosticDescriptor(
        .typeMismatch, "a list in 'when' names choices, but this answer has none")
    static let placeholderOfNonQuestion = DiagnosticDescriptor(
        .typeMismatch, "'{{0}}' names a node that asks nothing, so it has no answer")
    static let booleanFlagValue = DiagnosticDescriptor(.typeMismatch, "flag '{0}' is boolean; set it to true or false")
    static let flagRedeclared = DiagnosticDescriptor(.typeMismatch, "flag '{0}' is declared again with other values")

    // MARK: DC0019 Undefined choice

    static let undefinedChoiceOf = DiagnosticDescriptor(.undefinedChoice, "undefined choice '{0}' for '{1}'")
    static let undefinedChoice = DiagnosticDescriptor(.undefinedChoice, "undefined choice '{0}'")
    static let undefinedChoiceFlagOrVariable = DiagnosticDescriptor(
        .undefinedChoice, "undefined choice, flag or variable '{0}'")

    // MARK: DC0020 Unreachable branch

    static let unreachableBranch = DiagnosticDescriptor(
        .unreachableBranch, "this rule of '{0}' can never match: the rules before it catch every answer it could", severity: .warning)

    // MARK: DC0021 No route

    static let questionWithoutRoute = DiagnosticDescriptor(
        .noRoute, "question '{0}' has no way on: add 'next', or a 'goto' to every branch")
    static let decideRuleWithoutRoute = DiagnosticDescriptor(
        .noRoute, "a rule of decide node '{0}' needs 'goto' or 'run'")
    static let sayWithoutNext = DiagnosticDescriptor(.noRoute, "say node '{0}' needs 'next'")

    // MARK: DC0022 Undefined dialog or fragment

    static let undefinedDialog = DiagnosticDescriptor(.undefinedDialog, "undefined dialog '{0}'")
    static let undefinedFragment = DiagnosticDescriptor(.undefinedDialog, "undefined fragment '{0}'")

    // MARK: DC0023 Undefined note

    static let undefinedNote = DiagnosticDescriptor(.undefinedNote, "undefined note '{0}'")

    // MARK: DC0024 Ambiguous unsure

    static let unsureBothRecord = DiagnosticDescriptor(
        .ambiguousUnsure, "cannot tell which answer 'unsure' continues as in '{0}': both yes and no record a finding")
    static let unsureNeitherRecords = DiagnosticDescriptor(
        .ambiguousUnsure, "cannot tell which answer 'unsure' continues as in '{0}': neither yes nor no records a finding")

    // MARK: DC0025 No fallback route

    static let noFallbackRoute = DiagnosticDescriptor(
        .noFallbackRoute, "when '{0}' runs out of retries it has no answer to route on")

    // MARK: DC0026 Invalid forEach

    static let forEachBranchGoto = DiagnosticDescriptor(
        .invalidForEach, "a branch of a 'forEach' question cannot 'goto'; it runs once per item, so use 'next'")
    static let forEachNotMulti = DiagnosticDescriptor(
        .invalidForEach, "'forEach' must name a multi question; '{0}' is not one")
    static let findingOfItemWithoutRecommendations = DiagnosticDescriptor(
        .invalidForEach, "'finding: item' records the current item's finding, so it belongs in a branch of a 'forEach' question whose multi takes its choices from the taxonomy's recommendations")

    // MARK: DC0027 Scale anchors

    static let scaleAnchors = DiagnosticDescriptor(
        .scaleAnchors, "a {0}-{1} scale needs {2} anchors, one per point; it has {3}")

    // MARK: DC0028 Ambiguous choice word

    static let ambiguousChoiceWord = DiagnosticDescriptor(.ambiguousChoiceWord, "'{0}' selects both '{1}' and '{2}'")

    // MARK: DC0029 Taxonomy count

    static let noTaxonomy = DiagnosticDescriptor(
        .taxonomyCount, "no taxonomy file (kind: taxonomy) beside this dialog; findings and plans need one")
    static let secondTaxonomy = DiagnosticDescriptor(
        .taxonomyCount, "a second taxonomy; a directory of dialogs has exactly one")

    // MARK: DC0030 Finding family

    static let findingWithoutFamily = DiagnosticDescriptor(
        .findingFamily, "finding '{0}' belongs to no recommendation family, so its plan has no lesson plan")
    static let findingInTwoFamilies = DiagnosticDescriptor(
        .findingFamily, "finding '{0}' is already in family '{1}'; each finding has one family")

    // MARK: DC0031 Unbound exit

    static let undeclaredExit = DiagnosticDescriptor(
        .unboundExit, "exit '{0}' is not declared in the fragment's 'exits'")
    static let exitOutsideFragment = DiagnosticDescriptor(
        .unboundExit, "'{0}' is a fragment exit, but this node is not in a fragment")
    static let unboundExit = DiagnosticDescriptor(.unboundExit, "the include of '{0}' does not bind its exit '{1}'")
    static let noSuchExit = DiagnosticDescriptor(.unboundExit, "fragment '{0}' has no exit '{1}'")

    // MARK: DC0032 Include cycle

    static let fragmentIncludesItself = DiagnosticDescriptor(.includeCycle, "fragment '{0}' includes itself")
    static let includeCycle = DiagnosticDescriptor(.includeCycle, "fragment '{0}' includes itself through {1}")

    // MARK: DC0033 Invalid UTF-8

    static let invalidUTF8 = DiagnosticDescriptor(.invalidUTF8, "the file is not UTF-8 text: this line holds bytes that are not UTF-8")

    // MARK: DC0034 Too many aliases

    static let tooManyAliases = DiagnosticDescriptor(
        .aliasBound, "this alias is one more than the {0} a dialog file may use; the file is not compiled")
    static let aliasKey = DiagnosticDescriptor(
        .aliasBound, "an alias cannot be a mapping key in a dialog file; the file is not compiled")

    // MARK: DC0035 Nesting too deep

    static let nestingTooDeep = DiagnosticDescriptor(
        .nestingTooDeep, "nested more than {0} levels deep here; the file is not compiled")

    // MARK: DC0036 File too large

    static let fileTooLarge = DiagnosticDescriptor(
        .fileTooLarge, "the file is larger than {0} bytes, the most a dialog file may hold; it is not compiled")

    // MARK: DC0037 Text missing for a problem

    static let noTextForProblem = DiagnosticDescriptor(
        .problemText, "'{0}' of {1} has no text for problem {2}, whose dialog '{3}' can use it; add '{2}:' or 'default:'")

    static let noDefaultText = DiagnosticDescriptor(
        .problemText, "'{0}' of {1} has no 'default:' text, which dialog '{2}' needs: it names no problem, so no problem's own text fits it")

    // MARK: DC0038 Plan input

    static let planInputKind = DiagnosticDescriptor(
        .planInput, "'{0}' in the plan names '{1}', which must be a {2} question")
    static let decisionChoices = DiagnosticDescriptor(
        .planInput, "'{0}' decides '{1}', so its choices must be that decision's options and 'later': {2}")
    static let undefinedDecision = DiagnosticDescriptor(.planInput, "undefined decision '{0}'")
    static let planInputOtherDialog = DiagnosticDescriptor(
        .planInput, "'{0}' in the plan names '{1}', a question of dialog '{2}'; it must be a question of dialog '{3}'")
}
