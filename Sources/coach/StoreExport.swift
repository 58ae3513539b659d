import CoachCLI
import CoachPostgres
import Foundation

/// The PostgreSQL store's transcripts written to a temporary directory laid out as a transcripts directory, for the
/// commands that read files (`coach replay --store`, `coach report --store`).
struct StoreExport {
    let directory: String
    /// The transcript files written, oldest first.
    let files: [String]
    let url: PostgresURL

    static func write(_ url: PostgresURL, conversations: [String]?, dialogs: String) throws -> StoreExport {
        let store = try PostgresConversationStore(url: url, dialogsDirectory: dialogs)
        defer { store.close() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coach-store-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        do {
            let written = try PostgresExport(store: store).write(to: directory, conversations: conversations)
            return StoreExport(directory: directory, files: written.map { directory + "/" + $0 }, url: url)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Names the files as the store's (`<url> ended/…`) rather than by the temporary directory.
    func relabel(_ text: String) -> String { text.replacingOccurrences(of: directory + "/", with: "\(url) ") }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
