// swift-tools-version: 6.1
import PackageDescription

// Modules along the data flow; imports point one way (docs/architecture.md, checked by .ci/run):
// DialogModel <- DialogCompiler, DialogEngine <- Transcript <- CoachCLI <- CoachTerminal | CoachServer <- coach.
let package = Package(
    name: "coach",
    products: [
        .executable(name: "coach", targets: ["coach"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // Core: values and pure logic, no I/O, no Foundation.
        .target(name: "DialogModel"),
        .target(name: "DialogEngine", dependencies: ["DialogModel"]),
        // Compile: YAML -> checked, resolved Dialog.
        .target(name: "DialogCompiler", dependencies: ["DialogModel", .product(name: "Yams", package: "Yams")]),
        // Record: transcripts (hash-chained JSON lines), the one message encoder, replay as a fold, coverage.
        .target(name: "Transcript", dependencies: [
            "DialogModel", "DialogEngine", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The shared edge: dialog library, clock, renderers, transcript directory, check/replay runners.
        .target(name: "CFileSupport", path: "Sources/CFileSupport"),
        .target(name: "CoachCLI", dependencies: [
            "DialogModel", "DialogCompiler", "DialogEngine", "Transcript", "CFileSupport",
        ]),
        // The shared store: conversations, transcripts and follow-ups in PostgreSQL, for many `coach serve` processes.
        .target(name: "CoachPostgres", dependencies: [
            "DialogModel", "DialogEngine", "Transcript", "CoachCLI",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Front ends: the terminal chat (GNU readline through a small C edge) and the JSON-lines server.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", pkgConfig: "readline",
                       providers: [.apt(["libreadline-dev"]), .brew(["readline"])]),
        .target(name: "CLineSupport", dependencies: ["CReadline"], path: "Sources/CLineSupport"),
        .target(name: "CoachTerminal", dependencies: [
            "DialogModel", "DialogEngine", "Transcript", "CoachCLI", "CReadline", "CLineSupport",
        ]),
        .target(name: "CoachServer", dependencies: [
            "DialogModel", "DialogEngine", "Transcript", "CoachCLI", "CFileSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The MCP server for AI assistants, on the official Swift SDK.
        .target(name: "CoachMCP", dependencies: [
            "DialogModel", "DialogCompiler", "DialogEngine", "Transcript", "CoachCLI",
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The executable: argument parsing and exit codes.
        .executableTarget(name: "coach", dependencies: [
            "CoachCLI", "CoachTerminal", "CoachServer", "CoachPostgres", "CoachMCP", "Transcript",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks (run with `swift run -c release coach-bench`).
        .executableTarget(name: "coach-bench", dependencies: ["DialogModel", "DialogCompiler", "DialogEngine", "Transcript", "CoachCLI"],
                          path: "Benchmarks/coach-bench"),
        // Tests.
        .target(name: "DialogTesting", dependencies: ["DialogModel", "DialogCompiler", "DialogEngine"],
                path: "Tests/DialogTesting"),
        .testTarget(name: "DialogCompilerTests", dependencies: ["DialogCompiler", "CoachCLI", "DialogTesting"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DialogEngineTests", dependencies: ["DialogEngine", "DialogTesting"], exclude: ["Corpus"]),
        .testTarget(name: "ContentTests", dependencies: ["DialogEngine", "DialogCompiler", "DialogTesting", .product(name: "Yams", package: "Yams")],
                    exclude: ["Scripts"]),
        .testTarget(name: "CoachTerminalTests", dependencies: ["CoachTerminal", "DialogEngine", "DialogModel", "DialogTesting"]),
        .testTarget(name: "CoachCLITests", dependencies: ["CoachCLI", "Transcript", "DialogTesting"]),
        .testTarget(name: "CoachServerTests", dependencies: ["CoachServer", "CoachCLI", "Transcript", "DialogCompiler", "DialogEngine", "DialogModel", "DialogTesting",
                                                             .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "TranscriptTests", dependencies: ["Transcript", "CoachCLI", "DialogTesting", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "StoreTests", dependencies: ["CoachCLI", "CoachPostgres", "Transcript", "DialogEngine", "DialogCompiler", "DialogTesting"]),
        .testTarget(name: "EndToEndTests", dependencies: ["DialogTesting", "DialogEngine", "DialogModel", "Transcript", "coach"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
