public import DialogModel

/// A compilation's result as bytes, read back without the YAML: the compiled-dialog cache's payload.
///
/// The layout is a table of distinct strings (each written once, referred to by index), the distinct taxonomies
/// (the dialogs of one library share theirs), then the dialogs, sorted by id, and the diagnostics. Integers are
/// LEB128 varints (zig-zag for signed ones), a `Double` its 8 bytes; optionals and enum cases carry a tag byte;
/// dictionaries are written in key order, so one result always encodes to the same bytes. `decode` checks every
/// length, string index and tag against the bytes it has and throws on a mismatch rather than trap; references
/// between compiled values (a branch's target node) are not checked again: whether the bytes are the ones that were
/// written is the container's check (`DialogCache` keeps a digest of them).
public enum DialogImage {
    /// The layout's version; bump it with any change to what is written.
    public static let formatVersion = 3

    /// Why bytes could not be read back as a compilation result.
    public struct Malformed: Error, CustomStringConvertible {
        /// The byte offset at which reading failed.
        public let offset: Int
        public var description: String { "malformed dialog image at byte \(offset)" }
    }

    /// The bytes of `result`.
    public static func encode(_ result: CompilationResult) -> [UInt8] {
        var body = ImageWriter()
        var taxonomies: [Taxonomy] = []
        let dialogs = result.dialogs.values.sorted { $0.id < $1.id }
        for d in dialogs where !taxonomies.contains(d.taxonomy) { taxonomies.append(d.taxonomy) }
        body.count(taxonomies.count)
        for t in taxonomies { body.taxonomy(t) }
        body.count(dialogs.count)
        for d in dialogs {
            body.count(taxonomies.firstIndex(of: d.taxonomy)!)
            body.dialog(d)
        }
        body.count(result.diagnostics.count)
        for d in result.diagnostics { body.diagnostic(d) }

        var out = ImageWriter()
        out.count(body.table.count)
        for s in body.table {
            out.count(s.utf8.count)
            out.bytes += s.utf8
        }
        out.bytes += body.bytes
        return out.bytes
    }

    /// The compilation result in `bytes`.
    public static func decode(_ bytes: [UInt8]) throws -> CompilationResult {
        try bytes.withUnsafeBufferPointer { buffer in
            var r = ImageReader(buffer)
            let count = try r.count()
            r.table.reserveCapacity(count)
            for _ in 0..<count { r.table.append(try r.rawString()) }
            let taxonomies = try r.array { try $0.taxonomy() }
            var dialogs: [String: Dialog] = [:]
            for _ in 0..<(try r.count()) {
                let t = try r.index(taxonomies.count)
                let d = try r.dialog(taxonomies[t])
                dialogs[d.id] = d
            }
            let diagnostics = try r.array { try $0.diagnostic() }
            guard r.offset == buffer.count else { throw Malformed(offset: r.offset) }
            return CompilationResult(dialogs: dialogs, diagnostics: diagnostics)
        }
    }
}

/// Appends the image's values to a byte array; strings go to the table and are written as their index.
struct ImageWriter {
    var bytes: [UInt8] = []
    /// The distinct strings, in the order first written.
    var table: [String] = []
    var stringIndex: [String: Int] = [:]

    mutating func uint(_ value: UInt64) { LEB128.append(value, to: &bytes) }

    mutating func int(_ value: Int) { uint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))) }
    /// A count or an index: never negative, so written without the sign.
    mutating func count(_ value: Int) { uint(UInt64(value)) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func tag(_ value: UInt8) { bytes.append(value) }

    mutating func double(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    mutating func string(_ s: String) {
        if let i = stringIndex[s] { return uint(UInt64(i)) }
        stringIndex[s] = table.count
        uint(UInt64(table.count))
        table.append(s)
    }

    mutating func optional<T>(_ value: T?, _ write: (inout ImageWriter, T) -> Void) {
        guard let value else { return tag(0) }
        tag(1)
        write(&self, value)
    }

    mutating func array<T>(_ values: [T], _ write: (inout ImageWriter, T) -> Void) {
        count(values.count)
        for v in values { write(&self, v) }
    }

    mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }
    mutating func optionalString(_ s: String?) { optional(s) { $0.string($1) } }
    mutating func optionalInt(_ i: Int?) { optional(i) { $0.int($1) } }

    mutating func dictionary<V>(_ values: [String: V], _ write: (inout ImageWriter, V) -> Void) {
        count(values.count)
        for key in values.keys.sorted() {
            string(key)
            write(&self, values[key]!)
        }
    }

    mutating func location(_ l: SourceLocation) {
        string(l.file)
        int(l.line)
        int(l.column)
    }

    mutating func diagnostic(_ d: Diagnostic) {
        string(d.code.rawValue)
        tag(d.severity == .error ? 0 : 1)
        location(d.location)
        string(d.message)
        optionalString(d.hint)
    }
}

/// Reads the image's values from bytes, checking every length, index and tag.
struct ImageReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var offset = 0
    /// The image's distinct strings.
    var table: [String] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    var malformed: DialogImage.Malformed { DialogImage.Malformed(offset: offset) }

    mutating func byte() throws -> UInt8 {
        guard offset < buffer.count else { throw malformed }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func uint() throws -> UInt64 {
        guard let value = LEB128.read(buffer, at: &offset) else { throw malformed }
        return value
    }

    mutating func int() throws -> Int {
        let u = try uint()
        return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
    }

    /// A count of things that follow, each at least a byte: never more than the bytes left.
    mutating func count() throws -> Int {
        let n = try uint()
        guard n <= UInt64(buffer.count - offset) else { throw malformed }
        return Int(n)
    }

    /// An index below `bound`.
    mutating func index(_ bound: Int) throws -> Int {
        let i = try uint()
        guard i < UInt64(bound) else { throw malformed }
        return Int(i)
    }

    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: offset -= 1; throw malformed
        }
    }

    mutating func tag(_ cases: UInt8) throws -> UInt8 {
        let t = try byte()
        guard t < cases else { offset -= 1; throw malformed }
        return t
    }

    mutating func double() throws -> Double {
        guard buffer.count - offset >= 8 else { throw malformed }
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(buffer[offset + k]) << UInt64(8 * k) }
        offset += 8
        return Double(bitPattern: bits)
    }

    mutating func int16() throws -> Int16 {
        let v = try int()
        guard let i = Int16(exactly: v) else { throw malformed }
        return i
    }

    mutating func rawString() throws -> String {
        let n = try count()
        let s = String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<(offset + n)]), as: UTF8.self)
        offset += n
        return s
    }

    mutating func string() throws -> String { table[try index(table.count)] }

    mutating func optional<T>(_ read: (inout ImageReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout ImageReader) throws -> T) throws -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }

    mutating func strings() throws -> [String] { try array { try $0.string() } }
    mutating func optionalString() throws -> String? { try optional { try $0.string() } }
    mutating func optionalInt() throws -> Int? { try optional { try $0.int() } }

    mutating func dictionary<V>(_ read: (inout ImageReader) throws -> V) throws -> [String: V] {
        let n = try count()
        var out: [String: V] = [:]
        out.reserveCapacity(n)
        for _ in 0..<n {
            let key = try string()
            out[key] = try read(&self)
        }
        return out
    }

    mutating func location() throws -> SourceLocation {
        SourceLocation(file: try string(), line: try int(), column: try int())
    }

    mutating func diagnostic() throws -> Diagnostic {
        guard let code = DiagnosticCode(rawValue: try string()) else { throw malformed }
        let severity: Diagnostic.Severity = try tag(2) == 0 ? .error : .warning
        let location = try location()
        return Diagnostic(code, at: location, try string(), hint: try optionalString(), severity: severity)
    }
}
