/// Answers of the content brief's reference conversations, as a leader types them.
public enum ReferenceAnswers {
    /// OTT-1 in `off-track`: Dana, 25 % behind, never hit goal; ends in T-06, T-03, PE-02.
    public static let ott1: [String] = ["Dana", "25", "no", "14", "yes", "nothing", "yes", "call planning, opportunity analyses", "4", "4",
                       "yes", "yes", "yes", "yes", "yes", "yes", "yes", "yes", "no", "never could", "discovery, call planning", "no",
                       "recognition or reward", "no", "no", "yes", "yes", "no", "yes", "yes", "yes", "4", "", "", "Observe Dana on two calls"]
}
