public import DialogCompiler
public import DialogModel
public import Transcript

extension DialogSnapshot {
    /// Compiles the snapshot and returns the dialog with this id, or the compiler's errors.
    public func compile(_ id: String) -> Result<Dialog, DialogStore.Failure> {
        let result = Compiler.compile(files)
        if let d = result.dialogs[id], !result.hasErrors { return .success(d) }
        return .failure(.doesNotCompile(id, result.errors.map(\.rendered)))
    }
}
