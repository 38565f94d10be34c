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
        // What people and programs read: check reports as text (Chinese or English) and JSON.
        .target(name: "JianxiReport", dependencies: ["JianxiDomain", "JianxiRead", "JianxiRules"]),
        // The command-line tool: parses arguments and wires the stages together.
        .executableTarget(name: "jianxi", dependencies: [
            "JianxiDomain", "JianxiRead", "JianxiRules", "JianxiReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "JianxiDomainTests", dependencies: ["JianxiDomain"]),
        .testTarget(name: "JianxiReadTests", dependencies: ["JianxiRead"]),
        .testTarget(name: "JianxiRulesTests", dependencies: ["JianxiRules", "JianxiRead"]),
        .testTarget(name: "JianxiReportTests", dependencies: ["JianxiReport"]),
        .testTarget(name: "jianxiTests", dependencies: ["jianxi", "JianxiRead"]),
    ]
)
