public import DialogEngine

extension PlanWriter {
    /// A finished diagnosis's plan in its canonical encoding, written once and kept with the diagnosis: the record's
    /// digest and the reply carrying the plan share the bytes.
    public static func canonical(_ diagnosis: Diagnosis) -> [UInt8] {
        diagnosis.canonicalEncoding { plan in
            let w = JSONWriter(capacity: 16_384)
            write(plan, into: w)
            return w.bytes
        }
    }
}
