import ArgumentParser
import CoachCLI

/// `coach graph`: draw a dialog's flow.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a dialog's flow as Mermaid or Graphviz dot.",
        discussion: """
            Steps are clusters. Mermaid edges carry their conditions and the findings they record (+G-01). Dot puts
            the steps side by side, edges carry the answers that take them, and ids, conditions and findings are
            tooltips (render with `dot -Tsvg`).
            """
    )

    @Argument(help: ArgumentHelp("The dialog to draw: an id or a file.", valueName: "dialog"), completion: .dialogs)
    var dialog: String

    @Option(help: "Picture format: mermaid or dot.")
    var format: GraphRenderer.Format = .mermaid

    @OptionGroup var options: DialogsOption

    func run() throws {
        let library = try DialogLibrary.load(directory: options.directory)
        print(GraphRenderer(dialog: try library.dialog(dialog)).render(format), terminator: "")
    }
}

extension GraphRenderer.Format: ExpressibleByArgument {}
