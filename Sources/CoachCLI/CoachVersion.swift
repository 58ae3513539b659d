/// This build's version, recorded in transcripts and shown by `coach --version`.
public enum CoachVersion {
    public static let current = "0.1.0"
}
