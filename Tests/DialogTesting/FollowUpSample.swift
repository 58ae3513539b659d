import DialogCompiler
import DialogModel

/// A small follow-up dialog that uses the three follow-up features: a multi whose choices are the taxonomy's
/// recommendations (`FU.actions`), a `forEach` over it whose branch records the item's own finding
/// (`finding: item`), and a number compared with another question's number (`answer < FU.before`).
public enum FollowUpSample {
    /// A taxonomy whose recommendations differ by problem: for OTT, G-01 has its own text and first step, W-01 has
    /// no recommendation (it is ICP's only), T-06 takes its family's first step and PE-02 its default text.
    public static let taxonomy = """
        kind: taxonomy
        settings: {ramp: 6}
        findings:
          - id: G-01
            component: G
            category: process
            cell: E-data
            fix: quick
            finding: Goal unrealistic or unattainable
            recommendation:
              default: Re-set the goal with the rep
              OTT: Re-set the goal from territory potential and peer attainment
            firstStep:
              OTT: Pull territory potential for the period.
            source: SEED
          - id: W-01
            component: W
            category: process
            cell: E-data
            fix: quick
            finding: Work-product expectations not communicated
            recommendation:
              ICP: Write a new-ICP standard per work product
            source: SEED
          - id: T-06
            component: T
            category: technology
            cell: E-instr
            fix: project
            finding: Tools make the task slow
            recommendation: Simplify the tool or the data entry the task needs
            source: SEED
          - id: PE-02
            component: PE
            category: people
            cell: I-know
            fix: project
            finding: Education, experience or training gap
            recommendation: An individual development plan for the gap
            firstStep: List the skills the role needs.
            source: SEED
        families:
          - id: goal-reset
            name: Goal reset
            findings: [G-01]
            objective: The leader and the rep agree a revised goal within two weeks.
            firstStep: Pull peer attainment.
            accountability: revised goal agreed
            evaluation: "L4: attainment"
          - id: standards
            name: Work-product standards
            findings: [W-01]
            objective: The rep produces work products that meet the standard.
            accountability: standard written
            evaluation: "L3: work products meet the standard"
          - id: tooling
            name: Tooling
            findings: [T-06]
            objective: The task takes half the time it took before.
            firstStep: Time the task as it is done today.
            accountability: time per task measured
            evaluation: "L4: time per task"
          - id: development
            name: Individual development
            findings: [PE-02]
            objective: The rep closes the gap within ninety days.
            accountability: plan agreed
            evaluation: "L3: the skills used on the job"

        """

    /// The follow-up dialog `fu`, for problem `problem`, with `answer` as the actions' answer type and `status`
    /// branches as the status question's.
    public static func dialog(problem: String = "OTT", actions: String = "{multi: {recommendations: all}}",
                              branches: String = statusBranches, compare: String = "answer < FU.before",
                              before: String = "{number: {min: 0, max: 100}}") -> String {
        """
        kind: dialog
        id: fu
        title: Follow-up
        problem: \(problem)
        statement: A rep is not on track to hit target.
        subject: rep
        start: FU.actions
        plan:
          goal: Close the gap by period end.
        nodes:
          - id: FU.actions
            ask: Which actions did the last plan hold?
            answer: \(actions)
            next: FU.status
          - id: FU.status
            ask: "How far is this action? {item}"
            help: "First step: {item.detail}"
            forEach: FU.actions
            answer:
              choice:
                - {id: done, label: Done}
                - {id: in-progress, label: In progress}
                - {id: not-started, label: Not started}
                - {id: blocked, label: Blocked}
                - {id: dropped, label: Dropped}
            branches:
        \(branches)
            next: FU.before
          - id: FU.before
            ask: How far behind target was the rep last time, in % of target?
            answer: \(before)
            next: FU.now
          - id: FU.now
            ask: How far behind target is the rep now, in % of target?
            answer: {number: {min: 0, max: 100}}
            next:
              - when: \(compare)
                goto: FU.better
              - else:
                goto: FU.end
          - id: FU.better
            say: The gap has closed since last time.
            next: FU.end
          - id: FU.end
            end: That completes the follow-up.

        """
    }

    public static let statusBranches = """
              - when: [not-started, blocked]
                finding: item
              - else:
        """

    /// The sample compiled with `dialog`'s arguments.
    public static func compile(problem: String = "OTT", actions: String = "{multi: {recommendations: all}}",
                               branches: String = statusBranches, compare: String = "answer < FU.before") -> CompilationResult {
        Compiler.compile([SourceFile(path: "fu.yaml", text: dialog(problem: problem, actions: actions, branches: branches, compare: compare)),
                          SourceFile(path: "taxonomy.yaml", text: taxonomy)])
    }

    /// The compiled sample dialog; nil when it did not compile.
    public static func compiled(problem: String = "OTT", compare: String = "answer < FU.before",
                                before: String = "{number: {min: 0, max: 100}}") -> Dialog? {
        Compiler.compile([SourceFile(path: "fu.yaml", text: dialog(problem: problem, compare: compare, before: before)),
                          SourceFile(path: "taxonomy.yaml", text: taxonomy)]).dialogs["fu"]
    }
}
