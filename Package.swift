// swift-tools-version: 6.1
import PackageDescription

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
    ],
    targets: [
        // Core: values and pure logic, no I/O, no Foundation.
        .target(name: "DialogModel"),
        .target(name: "DialogEngine", dependencies: ["DialogModel"]),
        // Compile: YAML -> checked, resolved Dialog.
        .target(name: "DialogCompiler", dependencies: ["DialogModel", .product(name: "Yams", package: "Yams")]),
        // Record: transcripts (hash-chained JSON lines), replay, coverage.
        .target(name: "Transcript", dependencies: [
            "DialogModel", "DialogEngine", "DialogCompiler", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Edges: terminal, pipes, files.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", pkgConfig: "readline",
                       providers: [.apt(["libreadline-dev"]), .brew(["readline"])]),
        .target(name: "CLineSupport", dependencies: ["CReadline"], path: "Sources/CLineSupport"),
        .target(name: "CoachCLI", dependencies: [
            "DialogModel", "DialogCompiler", "DialogEngine", "Transcript", "CReadline", "CLineSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "coach", dependencies: [
            "CoachCLI", "Transcript", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks (run with `swift run -c release coach-bench`).
        .executableTarget(name: "coach-bench", dependencies: ["DialogCompiler", "DialogEngine", "Transcript", "CoachCLI"],
                          path: "Benchmarks/coach-bench"),
        // Tests.
        .target(name: "DialogTesting", dependencies: ["DialogModel", "DialogCompiler", "DialogEngine", "CoachCLI"],
                path: "Tests/DialogTesting"),
        .testTarget(name: "DialogCompilerTests", dependencies: ["DialogCompiler", "CoachCLI", "DialogTesting"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DialogEngineTests", dependencies: ["DialogEngine", "DialogTesting"]),
        .testTarget(name: "ContentTests", dependencies: ["DialogEngine", "DialogCompiler", "DialogTesting", .product(name: "Yams", package: "Yams")],
                    exclude: ["Scripts"]),
        .testTarget(name: "CoachCLITests", dependencies: ["CoachCLI", "Transcript", "DialogTesting"]),
        .testTarget(name: "TranscriptTests", dependencies: ["Transcript", "DialogTesting", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "EndToEndTests", dependencies: ["DialogTesting", "coach"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
