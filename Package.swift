// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "jianxi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jianxi", targets: ["jianxi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Pinned: GRDB is not tested on Linux upstream, so our CI is its Linux CI.
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // The files under Schemas/ compiled into the binary, so the tool never depends on
        // where it is installed; users override them at run time with --regions/--calendar/--rules.
        .executableTarget(name: "EmbedFiles", path: "Sources/EmbedFiles"),
        .plugin(name: "EmbedSchemas", capability: .buildTool(), dependencies: ["EmbedFiles"]),
        .target(name: "JianxiSchemas", plugins: ["EmbedSchemas"]),

        // The model: indicators, periods, dates, amounts, regions, working days, findings. No I/O.
        .target(name: "JianxiDomain"),
        // Reading returns: CSV (RFC 4180, UTF-8 / GB18030) and JSON into typed returns.
        .target(name: "JianxiRead", dependencies: ["JianxiDomain", "JianxiSchemas"]),
        // The form's rules as data, and validation of returns against them and the deadline.
        .target(name: "JianxiRules", dependencies: ["JianxiDomain", "JianxiRead", "JianxiSchemas"]),
        // The provincial centre's store: every revision of every return, in SQLite (GRDB).
        .target(name: "JianxiStore", dependencies: [
            "JianxiDomain", "JianxiRead", "JianxiRules",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // What people and programs read: reports as text (Chinese or English), JSON and CSV.
        .target(name: "JianxiReport", dependencies: ["JianxiDomain", "JianxiRead", "JianxiRules", "JianxiStore"]),
        // The command-line tool: parses arguments and wires the stages together.
        .executableTarget(name: "jianxi", dependencies: [
            "JianxiDomain", "JianxiRead", "JianxiRules", "JianxiReport", "JianxiStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "JianxiDomainTests", dependencies: ["JianxiDomain"]),
        .testTarget(name: "JianxiReadTests", dependencies: ["JianxiRead"]),
        .testTarget(name: "JianxiRulesTests", dependencies: ["JianxiRules", "JianxiRead"]),
        .testTarget(name: "JianxiStoreTests", dependencies: ["JianxiStore"]),
        .testTarget(name: "JianxiReportTests", dependencies: ["JianxiReport"]),
        .testTarget(name: "jianxiTests", dependencies: ["jianxi", "JianxiRead"]),
    ]
)
