/// The stable id of the person or team a diagnosis is about: lower-case letters, digits and single hyphens, at most
/// 40 characters (`dana`, `dana-m`, `emea-team`). A leader with two reps called Dana gives them two ids, so their
/// histories stay apart; the display name is what the leader typed in the diagnosis.
public enum SubjectID {
    public static let maxLength = 40

    /// Why `id` is not a subject id, in a sentence; nil when it is one.
    public static func problem(_ id: String) -> String? {
        if id.isEmpty { return "a subject id cannot be empty" }
        if id.unicodeScalars.count > maxLength { return "a subject id has at most \(maxLength) characters; '\(id)' has \(id.unicodeScalars.count)" }
        let allowed = id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        if !allowed || id.hasPrefix("-") || id.hasSuffix("-") || id.contains("--") {
            return "a subject id is lower-case letters, digits and single hyphens, such as dana or dana-m; '\(id)' is not"
        }
        return nil
    }

    /// The id a name gives when the leader chose none: `Dana Miller` -> `dana-miller`. Letters outside a-z are
    /// dropped after their accents (`Zoë` -> `zoe`); a name with nothing left gives `unnamed`.
    public static func from(name: String) -> String {
        var out = ""
        var hyphen = false
        for scalar in name.lowercased().unicodeScalars {
            let plain = Self.folded[scalar] ?? scalar
            if ("a"..."z").contains(plain) || ("0"..."9").contains(plain) {
                if hyphen && !out.isEmpty { out.append("-") }
                hyphen = false
                out.unicodeScalars.append(plain)
            } else if !Self.folded.keys.contains(scalar) {
                hyphen = true
            }
            if out.unicodeScalars.count >= maxLength { break }
        }
        return out.isEmpty ? "unnamed" : String(out.unicodeScalars.prefix(maxLength)).trimmingHyphens
    }

    /// Accented Latin letters and their plain letter.
    static let folded: [Unicode.Scalar: Unicode.Scalar] = {
        let table: [(String, Unicode.Scalar)] = [("àáâãäåā", "a"), ("çćč", "c"), ("ďđ", "d"), ("èéêëēęě", "e"), ("ğ", "g"),
                                                 ("ìíîïī", "i"), ("łľ", "l"), ("ñńň", "n"), ("òóôõöøō", "o"), ("řŕ", "r"),
                                                 ("śšş", "s"), ("ťţ", "t"), ("ùúûüūů", "u"), ("ýÿ", "y"), ("źżž", "z")]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, plain) in table { for s in letters.unicodeScalars { map[s] = plain } }
        map["ß"] = "s"
        return map
    }()
}

extension String {
    fileprivate var trimmingHyphens: String {
        var s = Substring(self)
        while s.hasSuffix("-") { s = s.dropLast() }
        return String(s)
    }
}
