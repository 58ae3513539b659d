/// The closest of a few names to what was typed, for "did you mean ...?".
public enum Suggestion {
    /// The one candidate within a typo or two of `typed` (one for names of three letters or fewer), else nil.
    public static func closest(_ typed: String, among candidates: [String]) -> String? {
        let a = Array(typed.lowercased())
        let limit = a.count <= 3 ? 1 : 2
        let near = candidates.map { ($0, distance(a, Array($0.lowercased()))) }.filter { $0.1 <= limit && $0.1 > 0 }
        guard let best = near.map(\.1).min() else { return nil }
        let closest = near.filter { $0.1 == best }
        return closest.count == 1 ? closest[0].0 : nil
    }

    /// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
