import DialogTesting
import Foundation
import Testing

/// A bridge talks to `coach serve` through pipes; their default 64 KiB would wake the bridge's reader for every
/// 64 KiB of replies (a plan alone is several KiB), so the server asks for 1 MiB buffers.
@Suite struct PipeSizeTests {
    @Test func theServerEnlargesBothOfItsPipesBeforeItsFirstReply() throws {
        let s = try ServeProcess(arguments: ["--no-transcripts"])
        let before = s.pipeSizes
        s.send(ProtocolTests.initialize)
        _ = try #require(s.next())
        #expect(s.pipeSizes.input == 1 << 20 && s.pipeSizes.output == 1 << 20, "before the server ran: \(before)")
        s.close()
        #expect(s.wait() == 0)
    }
}
