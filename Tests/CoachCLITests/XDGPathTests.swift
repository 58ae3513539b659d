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

    @Test func theDialogCacheIsFoundLikeTheOtherDirectories() {
        func cache(_ env: [String: String]) -> String? { DialogCache.fromEnvironment { env[$0] }?.directory }
        #expect(cache(["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/coach")
        #expect(cache(["XDG_CACHE_HOME": "c", "HOME": "/h"]) == "/h/.cache/coach")
        #expect(cache(["HOME": "/h"]) == "/h/.cache/coach")
        #expect(cache(["COACH_CACHE": "/elsewhere", "XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/elsewhere")
        #expect(cache(["COACH_CACHE": "off", "HOME": "/h"]) == nil)
        #expect(cache(["COACH_CACHE": "", "HOME": "/h"]) == "/h/.cache/coach")
        #expect(cache([:]) == nil)
    }
}
