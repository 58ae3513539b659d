public import DialogEngine
import Foundation

/// A transcript as read back: its header, its lines after the header, and what verification found.
public struct TranscriptFile: Sendable {
    /// One line after the header: an input with its day, or an output message.
    public enum Entry: Hashable, Sendable {
        case input(Input, day: Day)
        case output(JSONValue)
    }

    /// A line after the header, with its 1-based line number and turn.
    public struct Line: Hashable, Sendable {
        public let number: Int
        public let turn: Int
        public let entry: Entry
    }

    /// What checking the hash chain found.
    public enum Integrity: Hashable, Sendable {
        /// Every line is sealed into the chain.
        case intact
        /// This line (1-based) is the first that does not fit the chain or cannot be read; the lines before it are kept.
        case tampered(line: Int, reason: String)
    }

    /// A last line cut short by a crash: no newline at the end, or not JSONValue. It is left out, not fatal.
    public struct Torn: Hashable, Sendable {
        public let line: Int
        public let bytes: Int
    }

    public let header: TranscriptHeader
    public let lines: [Line]
    public let integrity: Integrity
    public let torn: Torn?
}

/// Reads and verifies transcripts.
public enum TranscriptReader {
    /// Why a file is not a transcript at all (nothing to verify).
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// The file cannot be read.
        case unreadable(String)
        /// The file is empty, or its first line is not a transcript header.
        case notATranscript(String)
        /// The header's format version is one this build does not read.
        case unsupportedVersion(path: String, found: Int, supported: ClosedRange<Int>)

        public var description: String {
            switch self {
            case .unreadable(let p): "cannot read '\(p)'"
            case .notATranscript(let p): "'\(p)' is not a coach transcript (line 1 is not a transcript header)"
            case .unsupportedVersion(let p, let found, let supported):
                "'\(p)' is transcript format version \(found); this coach reads versions \(supported.lowerBound) to \(supported.upperBound)"
            }
        }
    }

    public static func read(path: String) throws(Failure) -> TranscriptFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try read(Array(data), path: path)
    }

    /// Splits, unseals and checks every line. Tampering stops the reading at the first bad line; a torn last line
    /// is reported and left out.
    public static func read(_ bytes: [UInt8], path: String = "<memory>") throws(Failure) -> TranscriptFile {
        var raw = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var torn: TranscriptFile.Torn?
        if raw.last == "" { raw.removeLast() } else if let last = raw.last {
            torn = .init(line: raw.count, bytes: last.utf8.count)
            raw.removeLast()
        }
        if torn == nil, let last = raw.last, raw.count > 1, (try? JSONParser.parse(String(last))) == nil {
            torn = .init(line: raw.count, bytes: last.utf8.count + 1)
            raw.removeLast()
        }
        guard let first = raw.first, let (body, _) = HashChain.unseal(first[...]), let json = try? JSONParser.parse(String(body)),
              let header = TranscriptHeader(json: json) else {
            if torn?.line == 1 { throw .notATranscript(path) }
            throw .notATranscript(path)
        }
        let supported = TranscriptHeader.minimumVersion...TranscriptHeader.currentVersion
        guard supported.contains(header.version) else {
            throw .unsupportedVersion(path: path, found: header.version, supported: supported)
        }
        var previous = ""
        var lines: [TranscriptFile.Line] = []
        var integrity = TranscriptFile.Integrity.intact
        for (i, text) in raw.enumerated() {
            let number = i + 1
            guard let (body, claimed) = HashChain.unseal(text[...]) else {
                integrity = .tampered(line: number, reason: "no hash member at the end of the line"); break
            }
            guard HashChain.link(previous: previous, body: body) == claimed else {
                integrity = .tampered(line: number, reason: "the hash does not match the line and the one before it"); break
            }
            previous = claimed
            if i == 0 { continue }
            guard let json = try? JSONParser.parse(String(body)), let turn = json["turn"]?.int else {
                integrity = .tampered(line: number, reason: "not a transcript line"); break
            }
            if json["input"] != nil {
                guard let input = Input(json: json), let day = json["day"]?.string.flatMap(Day.init(iso:)) else {
                    integrity = .tampered(line: number, reason: "not a known input"); break
                }
                lines.append(.init(number: number, turn: turn, entry: .input(input, day: day)))
            } else if json["type"]?.string != nil {
                lines.append(.init(number: number, turn: turn, entry: .output(json.removing(["turn", "hash"]))))
            } else {
                integrity = .tampered(line: number, reason: "neither an input nor an output"); break
            }
        }
        return TranscriptFile(header: header, lines: lines, integrity: integrity, torn: torn)
    }
}
