import DialogCompiler
import DialogModel
import Foundation

/// What a shell completes for coach's arguments that name things coach knows: dialog ids (from the dialogs
/// directory) and resume ids (from the transcripts directory). The shell calls the binary back for them
/// (`coach ---completion ...`) with the words on its command line, so an option given there counts.
public enum Completions {
    /// The value of `--name VALUE` or `--name=VALUE` among the command line's words (the last one given).
    public static func option(_ name: String, in words: [String]) -> String? {
        var value: String?
        for (i, word) in words.enumerated() {
            if word == name, i + 1 < words.count, !words[i + 1].isEmpty { value = words[i + 1] }
            else if word.hasPrefix(name + "=") { value = String(word.dropFirst(name.count + 1)) }
        }
        return value
    }

    /// The dialogs directory the command line would use: its `--dialogs`, else `$COACH_DIALOGS`, else `./Dialogs`.
    public static func dialogsDirectory(_ words: [String]) -> String {
        DialogLibrary.defaultDirectory(option("--dialogs", in: words))
    }

    /// The ids of the dialogs in the directory (none when it cannot be read); with a `prefix` that looks like a
    /// path, also the dialog files and directories it leads to.
    public static func dialogs(_ words: [String], prefix: String) -> [String] {
        var out = (try? DialogLibrary.load(directory: dialogsDirectory(words)))?.startableIDs ?? []
        if prefix.contains("/") || prefix.hasPrefix(".") { out += paths(prefix, extensions: ["yaml", "yml"]) }
        return out
    }

    /// The ids of the conversations that can be resumed: the live transcripts in the command line's
    /// `--transcripts` directory, else the default one.
    public static func resumeIDs(_ words: [String]) -> [String] {
        let path = option("--transcripts", in: words) ?? TranscriptDirectory.defaultPath()
        return TranscriptDirectory(path: path, dialogsDirectory: "").conversationIDs()
    }

    /// The files with these extensions and the directories in the directory `prefix` points into.
    static func paths(_ prefix: String, extensions: [String]) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let dir = slash.map { String(prefix[...$0]) } ?? ""
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        return names.sorted().compactMap { name in
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir + name, isDirectory: &isDir) else { return nil }
            // Bash adds the slash to a directory (the script completes with `-o filenames`).
            if isDir.boolValue { return name.hasPrefix(".") ? nil : dir + name }
            return extensions.contains(where: { name.hasSuffix("." + $0) }) ? dir + name : nil
        }
    }
}
