public import DialogModel
import Dispatch

/// What a compilation produced: the dialogs that compiled cleanly, and every problem found.
public struct CompilationResult: Sendable {
    /// Compiled dialogs by id (those with errors are left out).
    public let dialogs: [String: Dialog]
    /// Every problem, sorted by file, line and column.
    public let diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Compiles authored files: YAML -> authoring declarations -> checks -> resolved `Dialog`s.
/// It returns diagnostics rather than throwing, so an author sees every problem at once.
public enum Compiler {
    /// Compiles `sources`, each file held to `bounds` before it is parsed.
    public static func compile(_ sources: [SourceFile], bounds: SourceBounds = .standard) -> CompilationResult {
        let sink = DiagnosticSink()
        var library = Library()
        var taxonomies: [TaxonomyDecl] = []
        // Files are parsed, and dialogs built, in parallel: each task has its own sink; the sinks are merged.
        let parsed = parallelMap(sources) { source -> (FileDecl?, DiagnosticSink) in
            let fileSink = DiagnosticSink()
            if source.text.utf8.count > bounds.fileBytes {
                fileSink.report(.fileTooLarge, SourceLocation(file: source.path, line: 1, column: 1), bounds.fileBytes)
                return (nil, fileSink)
            }
            if let line = source.invalidUTF8Line {
                // The text is not what was written: it is reported, not compiled.
                fileSink.report(.invalidUTF8, SourceLocation(file: source.path, line: line, column: 1))
                return (nil, fileSink)
            }
            // Yams composes recursively and hashes every key in full, aliases expanded: the bounds come first.
            switch bounds.scan(source.text) {
            case .tooDeep(let line, let column)?:
                fileSink.report(.nestingTooDeep, SourceLocation(file: source.path, line: line, column: column), bounds.depth)
                return (nil, fileSink)
            case .tooManyAliases(let line, let column)?:
                fileSink.report(.tooManyAliases, SourceLocation(file: source.path, line: line, column: column), bounds.aliases)
                return (nil, fileSink)
            case .aliasKey(let line, let column)?:
                fileSink.report(.aliasKey, SourceLocation(file: source.path, line: line, column: column))
                return (nil, fileSink)
            case nil: break
            }
            return (FileParser(file: source.path, sink: fileSink).parse(source.text), fileSink)
        }
        for (decl, fileSink) in parsed {
            sink.merge(fileSink)
            guard let decl else { continue }
            switch decl {
            case .dialog(let d):
                if let first = library.dialogs[d.id.value] {
                    sink.report(.duplicateDialogID, d.id.location, d.id.value, hint: "first defined at \(first.id.location)")
                } else {
                    library.dialogs[d.id.value] = d
                    library.order.append(d.id.value)
                }
            case .fragment(let f):
                if let first = library.fragments[f.id.value] {
                    sink.report(.duplicateFragmentID, f.id.location, f.id.value, hint: "first defined at \(first.id.location)")
                } else {
                    library.fragments[f.id.value] = f
                }
            case .taxonomy(let t):
                taxonomies.append(t)
            }
        }
        library.reportIncludeCycles(sink)
        if taxonomies.count > 1 {
            for t in taxonomies.dropFirst() {
                sink.report(.secondTaxonomy, t.location, hint: "the first is \(taxonomies[0].file)")
            }
        }
        var dialogs: [String: Dialog] = [:]
        if let t = taxonomies.first {
            let taxonomy = TaxonomyBuilder(decl: t, sink: sink).build()
            let built = parallelMap(library.order) { id -> (Dialog?, DiagnosticSink) in
                let dialogSink = DiagnosticSink()
                let dialog = DialogBuilder(root: library.dialogs[id]!, library: library, taxonomy: taxonomy, sink: dialogSink).build()
                return (dialog, dialogSink)
            }
            for (id, (dialog, dialogSink)) in zip(library.order, built) {
                sink.merge(dialogSink)
                if let dialog, !dialogSink.hasErrors { dialogs[id] = dialog }
            }
        } else if let first = library.order.first.flatMap({ library.dialogs[$0] }) {
            sink.report(.noTaxonomy, first.id.location)
        }
        return CompilationResult(dialogs: dialogs, diagnostics: sink.all.sorted())
    }
}

/// The parsed files of one compilation, by id.
struct Library {
    var dialogs: [String: DialogDecl] = [:]
    var order: [String] = []
    var fragments: [String: FragmentDecl] = [:]
}

/// Maps on all cores; results in input order.
func parallelMap<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
    if items.count < 2 { return items.map(transform) }
    let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    nonisolated(unsafe) let out = results
    nonisolated(unsafe) let input = items
    withoutActuallyEscaping(transform) { transform in
        nonisolated(unsafe) let work = transform
        DispatchQueue.concurrentPerform(iterations: input.count) { i in out[i] = work(input[i]) }
    }
    return results.map { $0! }
}
