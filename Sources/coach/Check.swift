import ArgumentParser
import CoachCLI
import Foundation

/// `coach check`: compile dialogs and report every problem.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check dialog files and report every problem, compiler-style.",
        discussion: """
            Prints one line per problem: FILE:LINE:COLUMN: error: MESSAGE [DCnnnn]. Prints nothing when all is well. \
            Exit status: 0 when there are no errors, 1 when there are. Codes are explained in docs/diagnostics.md.
            """
    )

    @Argument(help: ArgumentHelp("Dialog files or directories (default: the dialogs directory).", valueName: "path"), completion: .file(extensions: ["yaml", "yml"]))
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: CheckRunner.Format = .text

    @OptionGroup var options: DialogsOption

    func run() throws {
        let report = try CheckRunner.run(paths.isEmpty ? [options.directory] : paths, format: format)
        print(report.output, terminator: "")
        if let summary = report.summary { FileHandle.standardError.write(Data((summary + "\n").utf8)) }
        if report.status != 0 { throw ExitCode(report.status) }
    }
}

extension CheckRunner.Format: ExpressibleByArgument {}
