import DialogModel

/// The taxonomy as resolved once per compilation; family objectives stay text until a dialog resolves them.
struct ResolvedTaxonomy {
    /// Findings in plan order (rule R4), with the family index filled in.
    let findings: [Finding]
    let findingIndex: [String: Int]
    let families: [FamilyDecl]
    let notes: [Note]
    let noteIndex: [String: Int]
    let decisions: [Decision]
    /// Decision id -> index; the declarations in the same order, for their locations.
    let decisionIndex: [String: Int]
    let decisionDecls: [DecisionDecl]
    let settings: [String: Double]
    let decl: TaxonomyDecl
}

/// Checks the taxonomy: unique ids, each finding in exactly one family.
struct TaxonomyBuilder {
    let decl: TaxonomyDecl
    let sink: DiagnosticSink

    func build() -> ResolvedTaxonomy {
        var seen: [String: SourceLocation] = [:]
        func unique(_ id: Located<String>, _ what: String) -> Bool {
            if let first = seen[what + id.value] {
                sink.report(.duplicateTaxonomyID, id.location, what, id.value, hint: "first defined at \(first)")
                return false
            }
            seen[what + id.value] = id.location
            return true
        }
        let findingDecls = decl.findings.filter { unique($0.id, "finding") }
        let families = decl.families.filter { unique($0.id, "family") }
        let notes = decl.notes.filter { unique($0.id, "note") }.map { Note(id: $0.id.value, text: $0.text) }
        var familyOf: [String: Int] = [:]
        for (fi, family) in families.enumerated() {
            for member in family.findings {
                guard findingDecls.contains(where: { $0.id.value == member.value }) else {
                    sink.report(.undefinedFinding, member.location, member.value, hint: Suggest.didYouMean(member.value, among: findingDecls.map(\.id.value)))
                    continue
                }
                if let other = familyOf[member.value] {
                    sink.report(.findingInTwoFamilies, member.location, member.value, families[other].id.value)
                } else {
                    familyOf[member.value] = fi
                }
            }
        }
        var findings: [Finding] = []
        for d in findingDecls {
            guard let family = familyOf[d.id.value] else {
                sink.report(.findingWithoutFamily, d.id.location, d.id.value)
                continue
            }
            findings.append(Finding(id: d.id.value, component: d.component, category: d.category, cell: d.cell, fix: d.fix,
                                    texts: d.text.value, recommendations: d.recommendation.value, firstSteps: d.firstStep?.value,
                                    weight: d.weight, source: d.source, family: family))
        }
        findings.sort { $0.planOrder < $1.planOrder }
        if findings.count > FindingSet.capacity {
            sink.report(.tooManyFindings, decl.location, findings.count, FindingSet.capacity)
            findings = Array(findings.prefix(FindingSet.capacity))
        }
        var index: [String: Int] = [:]
        for (i, f) in findings.enumerated() { index[f.id] = i }
        var noteIndex: [String: Int] = [:]
        for (i, n) in notes.enumerated() { noteIndex[n.id] = i }
        var settings: [String: Double] = [:]
        for (k, v) in decl.settings { settings[k.value] = v }
        let decisionDecls = decl.decisions.filter { unique($0.id, "decision") }
        var decisionIndex: [String: Int] = [:]
        let decisions = decisionDecls.enumerated().map { i, d -> Decision in
            decisionIndex[d.id.value] = i
            var optionIDs: Set<String> = []
            let options = d.options.compactMap { o -> Decision.Option? in
                guard optionIDs.insert(o.id.value).inserted else {
                    sink.report(.duplicateTaxonomyID, o.id.location, "option", o.id.value)
                    return nil
                }
                let keeps = o.keeps.compactMap { k -> Int? in
                    if let i = index[k.value] { return i }
                    sink.report(.undefinedFinding, k.location, k.value, hint: Suggest.didYouMean(k.value, among: index.keys))
                    return nil
                }
                return Decision.Option(id: o.id.value, label: o.label.value, keeps: keeps, consequence: o.consequence.value,
                                       reason: o.reason.value)
            }
            return Decision(id: d.id.value, title: d.title.value, options: options)
        }
        return ResolvedTaxonomy(findings: findings, findingIndex: index, families: families, notes: notes,
                                noteIndex: noteIndex, decisions: decisions, decisionIndex: decisionIndex,
                                decisionDecls: decisionDecls, settings: settings, decl: decl)
    }
}
