import DialogTesting
import Foundation
import Testing

/// The bash completion script `coach --generate-completion-script bash` prints, run in a real bash: the script is
/// sourced, the command line is set as bash sets it on TAB, the completion function is called and COMPREPLY read.
/// Custom completions call the built binary back (`coach ---completion`).
@Suite(.timeLimit(.minutes(2))) struct CompletionTests {
    static let script: String = {
        let r = try? CoachProcess.run(["--generate-completion-script", "bash"])
        let path = CoachProcess.scratchDirectory() + "/coach.bash"
        try? (r?.stdout ?? "").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    /// What bash offers for the command line `coach WORDS... <TAB>` (the last word is the one being completed).
    static func complete(_ words: [String], environment: [String: String] = [:]) throws -> [String] {
        let quoted = ([CoachProcess.executable] + words).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let program = """
            source "$1"
            fn=$(complete -p coach | sed -E 's/.*-F ([^ ]+).*/\\1/')
            COMP_WORDS=(\(quoted.joined(separator: " ")))
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            "$fn" coach "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--norc", "--noprofile", "-c", program, "bash", script]
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.root)
        var env = ProcessInfo.processInfo.environment
        env["COACH_DIALOGS"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func graphCompletesTheDialogIdsOfTheDialogsDirectory() throws {
        let offered = try Self.complete(["graph", ""])
        #expect(Set(offered) == ["coach", "forecast-accuracy", "icp-reluctance", "off-track"], "\(offered)")
        #expect(try Self.complete(["graph", "of"]) == ["off-track"])
    }

    @Test func dialogIdsComeFromTheDialogsDirectoryOnTheCommandLine() throws {
        let dir = CoachProcess.scratchDirectory()
        for name in ["off-track.yaml", "taxonomy.yaml", "fragments"] {
            try FileManager.default.copyItem(atPath: Repository.path("Dialogs/" + name), toPath: dir + "/" + name)
        }
        #expect(try Self.complete(["chat", "--dialogs", dir, ""]).filter { !$0.hasPrefix("-") } == ["off-track"])
    }

    @Test func serveCompletesTheLogLevels() throws {
        let offered = try Self.complete(["serve", "--log-level", ""])
        #expect(offered == ["trace", "debug", "info", "notice", "warning", "error", "critical"], "\(offered)")
        #expect(try Self.complete(["serve", "--log-level", "w"]) == ["warning"])
    }

    @Test func graphCompletesItsFormats() throws {
        #expect(try Self.complete(["graph", "--format", ""]) == ["mermaid", "dot"])
    }

    @Test func chatCompletesTheIdsOfConversationsThatCanBeResumed() throws {
        let home = CoachProcess.scratchDirectory()
        let started = try CoachProcess.run(["chat", "off-track"], input: "Dana\n", environment: ["XDG_DATA_HOME": home])
        let live = try FileManager.default.contentsOfDirectory(atPath: home + "/coach/transcripts/conversations")
        let id = try #require(live.first, "\(started.stderr)").replacingOccurrences(of: ".jsonl", with: "")
        #expect(try Self.complete(["chat", "--resume", ""], environment: ["XDG_DATA_HOME": home]) == [id])
        #expect(try Self.complete(["chat", "--transcripts", home + "/coach/transcripts", "--resume", ""]) == [id])
    }

    @Test func pathsCompleteAsFilesAndDirectories() throws {
        #expect(try Self.complete(["chat", "--dialogs", "Dia"]) == ["Dialogs"])
        let transcripts = try Self.complete(["report", "Transcripts/"])
        #expect(transcripts.contains("Transcripts/off-track") && !transcripts.contains("Transcripts/golden.key"), "\(transcripts)")
    }
}
