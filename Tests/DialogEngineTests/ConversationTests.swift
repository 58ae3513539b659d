import DialogEngine
import DialogModel
import DialogTesting
import Testing

/// The engine, driven the way a leader answers: each test reads like the conversation it checks.
@Suite struct ConversationTests {
    static func offTrack(_ answers: String...) -> Conversation {
        var c = Conversation(Repository.dialog("off-track"))
        for a in answers { c.answer(a) }
        return c
    }

    @Test func theFirstQuestionAsksWhoTheRepIs() {
        let c = Self.offTrack()
        #expect(c.asking == "OTT.who")
        #expect(c.lastPrompt?.progress.question == 1)
        #expect(c.lastPrompt?.progress.step == nil, "who the diagnosis is about comes before the five steps")
    }

    @Test func theSubjectsNameIsUsedInLaterQuestions() {
        let c = Self.offTrack("Dana")
        #expect(c.lastPromptText == "How far behind year-to-date target is Dana, in % of target?")
    }

    @Test(arguments: ["25", "25%", "25 %", "25 percent", " 25. "])
    func aPercentageIsUnderstoodWithOrWithoutItsUnit(_ typed: String) {
        let c = Self.offTrack("Dana", typed)
        #expect(c.session.answers.last?.value == .number(25))
        #expect(c.asking == "OTT.G1")
    }

    @Test func aRejectedAnswerSaysWhyAndAsksTheSameQuestionAgain() throws {
        var c = Self.offTrack("Dana")
        let out = c.answer("lots")
        #expect(out.count == 2)
        guard case .rejected(let r) = out.first, case .ask(let p) = out.last else {
            Issue.record("expected a rejection, then the question again: \(out)")
            return
        }
        #expect(r.node == "OTT.G0" && r.typed == "lots" && r.reason == .notANumber && r.attemptsLeft == 2)
        #expect(c.dialog.nodes[p.node].id == "OTT.G0" && p.attempt == 2)
    }

    @Test func aLongRejectedAnswerIsKeptCutToAThousandScalarsAndSoIsItsFallback() throws {
        var c = Self.offTrack("Dana")
        let long = String(repeating: "é", count: 5000)
        guard case .rejected(let r) = c.answer(long).first else { Issue.record("expected a rejection"); return }
        #expect(r.typed == String(repeating: "é", count: 999) + "…")
        _ = c.answer(long)
        _ = c.answer(long)
        let settled = try #require(c.session.answers.last)
        #expect(settled.fellBack && settled.typed.unicodeScalars.count == Rejection.maxTyped)
        #expect(Rejection.kept("lots") == "lots")
        #expect(Rejection.kept(String(repeating: "x", count: 1000)) == String(repeating: "x", count: 1000))
    }

    @Test func anOutOfRangeNumberIsRejectedWithTheRange() {
        var c = Self.offTrack("Dana")
        let out = c.answer("140")
        guard case .rejected(let r) = out.first else { Issue.record("\(out)"); return }
        #expect(r.reason == .outOfRange(min: 0, max: 100))
    }

    @Test func afterTheRetryLimitTheQuestionFallsBackAndIsNotedForVerification() {
        var c = Self.offTrack("Dana", "lots", "many")
        let out = c.answer("heaps")
        #expect(out.contains(.fellBack(node: "OTT.G0", value: .none)))
        #expect(c.verifications == ["V-OTT.G0"])
        #expect(c.asking == "OTT.G1")
    }

    @Test func unsureTakesTheNoFindingBranchAndAddsAVerificationTask() {
        var c = Self.offTrack("Dana", "25", "yes", "yes", "nothing")
        #expect(c.asking == "OTT.G4")
        c.answer("not sure")
        #expect(c.findings == [])
        #expect(c.verifications == ["V-OTT.G4"])
        #expect(c.asking == "OTT.W1")
    }

    @Test(arguments: ["2", "Territory", "territory or region", "TERRITORY OR REGION."])
    func aChoiceIsUnderstoodByNumberLabelOrAPrefixOfIt(_ typed: String) {
        let c = Self.offTrack("Dana", "25", "yes", "yes", typed)
        #expect(c.findings == ["G-02"])
        #expect(c.asking == "OTT.G4")
    }

    @Test func severalWorkProductsAreAskedAboutOneAtATime() {
        let c = Self.offTrack("Dana", "25", "yes", "yes", "nothing", "yes", "2, 3")
        #expect(c.asking == "OTT.W2")
        #expect(c.lastPrompt?.item == 1)
        var d = c
        d.answer("4")
        #expect(d.asking == "OTT.W2" && d.lastPrompt?.item == 2)
        d.answer("2")
        #expect(d.asking == "OTT.W3" && d.flag("lowWP") == "true")
    }

    @Test func noneCannotBeCombinedWithOtherWorkProducts() {
        var c = Self.offTrack("Dana", "25", "yes", "yes", "nothing", "yes")
        let type = c.dialog.node("OTT.W1")!.question!.answer
        let none = type.choices.firstIndex { $0.exclusive }!
        let out = c.answer("1, \(none + 1)")
        #expect(out.first == .rejected(Rejection(node: "OTT.W1", typed: "1, \(none + 1)", reason: .exclusive(none), attemptsLeft: 2)))
    }

    @Test func backUndoesTheLastAnswerAndItsFinding() {
        var c = Self.offTrack("Dana", "25", "yes", "no")
        #expect(c.findings == ["G-01"])
        let out = c.send(.wentBack)
        #expect(out.first == .undone(node: "OTT.G2"))
        #expect(c.findings == [])
        #expect(c.asking == "OTT.G2")
    }

    @Test func backAtTheFirstQuestionIsRefused() {
        var c = Self.offTrack()
        #expect(c.send(.wentBack).first == .refused(.nothingToUndo))
        #expect(c.asking == "OTT.who")
    }

    @Test func changingAnEarlierAnswerRecomputesEverythingAfterIt() {
        var c = Self.offTrack("Dana", "25", "no", "14", "yes")
        #expect(c.flag("cap") == "suspect")
        let out = c.send(.changed(node: "OTT.G1", to: "yes"))
        #expect(out.first == .changed(node: "OTT.G1", dropped: ["OTT.G1a"]))
        #expect(c.flag("cap") == "no")
        #expect(c.asking == "OTT.G3")
    }

    @Test func restartBeginsAgainWithNothingKept() {
        var c = Self.offTrack("Dana", "25", "yes", "no")
        let out = c.send(.restarted)
        #expect(out.first == .restarted)
        #expect(c.session.answers.isEmpty && c.findings.isEmpty && c.asking == "OTT.who")
    }

    @Test func whyExplainsTheQuestionAndNamesItsSource() {
        var c = Self.offTrack("Dana", "25")
        guard case .explained(let e) = c.send(.askedWhy).first else { Issue.record("no explanation"); return }
        #expect(e.node == "OTT.G1" && e.source == "SEED S1.1" && e.text?.contains("capability") == true)
    }

    @Test func whereSaysTheStepAndHowFarAlong() {
        var c = Self.offTrack("Dana", "25", "yes")
        guard case .located(let p) = c.send(.askedWhere).first else { Issue.record("no location"); return }
        #expect(p.step == .goals && p.question == 4 && p.about >= 30 && !p.finished)
    }

    @Test func theSummaryListsTheAnswersAndFindingsSoFar() {
        var c = Self.offTrack("Dana", "25", "yes", "no")
        guard case .summarized(let s) = c.send(.askedSummary).first else { Issue.record("no summary"); return }
        #expect(s.answers.map(\.nodeID) == ["OTT.who", "OTT.G0", "OTT.G1", "OTT.G2"])
        #expect(s.answers.map(\.answer) == ["Dana", "25%", "Yes", "No"])
        #expect(s.findings.map { c.dialog.taxonomy.findings[$0].id } == ["G-01"])
    }

    @Test func afterQuittingAnswersAreRefusedButTheSummaryStillWorks() {
        var c = Self.offTrack("Dana")
        #expect(c.send(.quit) == [.ended])
        #expect(c.answer("25") == [.refused(.ended)])
        if case .summarized = c.send(.askedSummary).first {} else { Issue.record("summary refused after quit") }
    }

    @Test func aSmallGapNotWorthPursuingEndsWithAMonitoringFinding() {
        let c = Self.offTrack("Dana", "3", "no")
        #expect(c.plan?.findings.map(\.id) == ["G-00"])
        #expect(c.plan?.rootCause?.findingID == "G-00")
    }

    @Test func choosingByIDWorksAndAnUnknownIDIsRejected() {
        var c = Self.offTrack("Dana", "25", "yes", "yes")
        #expect(c.send(.chose(["mars"])).first == .rejected(Rejection(node: "OTT.G3", typed: "mars", reason: .unknownChoiceID("mars"), attemptsLeft: 2)))
        c.send(.chose(["nothing"]))
        #expect(c.asking == "OTT.G4")
    }

    @Test func resumingFromTheAnswersRebuildsTheSameSession() {
        let c = Self.offTrack("Dana", "25", "no", "14", "no", "few", "personal life")
        let (resumed, out) = c.engine.resume(answers: c.session.answers, on: .reference)
        #expect(resumed == c.session)
        #expect(out == [.ask(c.engine.prompt(c.session))])
    }
}
