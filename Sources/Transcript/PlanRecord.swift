import Crypto
public import DialogEngine

/// The plan as a format-4 transcript records it: not the whole plan (a third of a transcript's bytes in format 3) but
/// what a reader of the record needs at a glance and a digest of the rest. The plan message's members after
/// `"type":"plan"`: `lead` (the root cause's finding id; left out when the plan has no root cause), `findings` (the
/// findings' ids in plan order), `date` and `resultsDate` (the plan's), and `digest`: the hex SHA-256 of the whole plan
/// as `PlanWriter` writes it, its canonical encoding. The plan itself is a function of the session, so replay
/// recomputes it and writes this message again; a plan that is not the one recorded differs in its digest.
public enum PlanRecord {
    /// Writes the compact members of a finished diagnosis's plan message, digesting the plan's canonical encoding
    /// kept with the diagnosis (so the reply that carries the plan does not encode it again).
    public static func write(_ diagnosis: Diagnosis, into w: JSONWriter) {
        PlanWriter.canonical(diagnosis).withUnsafeBytes { write(diagnosis.plan, encoded: $0, into: w) }
    }

    /// Writes the compact members (`,"lead":…,"digest":"…"`) of a plan message whose canonical encoding is `encoded`.
    static func write(_ plan: Plan, encoded: UnsafeRawBufferPointer, into w: JSONWriter) {
        if let lead = plan.rootCause?.findingID { w.raw(",\"lead\":"); w.string(lead) }
        w.raw(",\"findings\":[")
        for (i, f) in plan.findings.enumerated() {
            if i > 0 { w.byte(0x2C) }
            w.string(f.id)
        }
        w.raw("],\"date\":"); w.day(plan.header.date)
        w.raw(",\"resultsDate\":"); w.day(plan.header.resultsDate)
        w.raw(",\"digest\":\"")
        hex(of: encoded, into: w)
        w.byte(0x22)
    }

    /// The hex SHA-256 of bytes, written as 64 ASCII digits.
    static func hex(of bytes: UnsafeRawBufferPointer, into w: JSONWriter) {
        var h = SHA256()
        h.update(bufferPointer: bytes)
        let digits: StaticString = "0123456789abcdef"
        for b in h.finalize() {
            w.byte(digits.utf8Start[Int(b >> 4)])
            w.byte(digits.utf8Start[Int(b & 15)])
        }
    }

    /// The hex SHA-256 of the plan's canonical encoding (`PlanWriter`'s bytes), written as 64 ASCII digits.
    public static func digest(_ plan: Plan, into w: JSONWriter) {
        let scratch = JSONWriter(capacity: 16_384)
        PlanWriter.write(plan, into: scratch)
        scratch.withBytes { hex(of: $0, into: w) }
    }

    /// The hex SHA-256 of the plan's canonical encoding.
    public static func digest(_ plan: Plan) -> String {
        let w = JSONWriter(capacity: 64)
        digest(plan, into: w)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

extension JSONWriter {
    /// A day as a JSON string, `"YYYY-MM-DD"` (as `Day.description`), written digit by digit.
    func day(_ d: Day) {
        guard (0...9999).contains(d.year) else { string(d.description); return }
        func digits(_ n: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 { byte(0x30 + UInt8(n / divisor % 10)); divisor /= 10 }
        }
        byte(0x22); digits(d.year, 4); byte(0x2D); digits(d.month, 2); byte(0x2D); digits(d.day, 2); byte(0x22)
    }
}

extension MessageEncoder {
    /// A record-mode encoder for a transcript of this format (its plan messages whole before format 4, compact from it).
    public init(engine: Engine, mode: Mode, format: Int) {
        self.init(engine: engine, mode: mode)
        recordFormat = format
    }
}
