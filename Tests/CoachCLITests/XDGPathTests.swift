import CoachCLI
import Testing

/// The XDG Base Directory specification: a relative `XDG_*` path is invalid and is ignored.
@Suite struct XDGPathTests {
    @Test func aRelativeXDGDataHomeIsIgnored() {
        #expect(TranscriptDirectory.defaultPath(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/coach/transcripts")
        #expect(TranscriptDirectory.defaultPath(environment: ["XDG_DATA_HOME": "d", "HOME": "/h"]) == "/h/.local/share/coach/transcripts")
        #expect(TranscriptDirectory.defaultPath(environment: ["XDG_DATA_HOME": "./d", "HOME": "/h"]) == "/h/.local/share/coach/transcripts")
    }

    @Test func aRelativeXDGConfigHomeIsIgnored() {
        let env = ["COACH_KEY_FILE": "", "HOME": "/h"]
        #expect(TranscriptKeyFile.path(option: nil, environment: env.merging(["XDG_CONFIG_HOME": "/c"]) { $1 }) == "/c/coach/transcript.key")
        #expect(TranscriptKeyFile.path(option: nil, environment: env.merging(["XDG_CONFIG_HOME": "c"]) { $1 }) == "/h/.config/coach/transcript.key")
    }
}
