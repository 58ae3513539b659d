/// An authored file's path and text; reading it from disk is the caller's job.
public struct SourceFile: Hashable, Sendable {
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
