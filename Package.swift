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
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Debian's libxlsxwriter (libxlsxwriter-dev), wrapped as a system library; `make deps` installs it.
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // Workbooks: Attachment 3's layout, plain tables and charts, over libxlsxwriter.
        .target(name: "JianxiWorkbook", dependencies: ["JianxiDomain", "CXlsxWriter"]),
        // County -> city -> province sums, completeness, and reconciliation with cities' own totals.
        .target(name: "JianxiConsolidate", dependencies: ["JianxiDomain", "JianxiRules", "JianxiStore"]),
        // What people and programs read: reports as text (Chinese or English), JSON and CSV.
        .target(name: "JianxiReport", dependencies: [
            "JianxiDomain", "JianxiRead", "JianxiRules", "JianxiStore", "JianxiConsolidate", "JianxiWorkbook",
        ]),
        // Synthetic registries and returns (valid, late or deliberately wrong) for tests and `make bench`.
        .target(name: "JianxiSample", dependencies: ["JianxiDomain", "JianxiRead"]),
        // The command-line tool: parses arguments and wires the stages together.
        .executableTarget(name: "jianxi", dependencies: [
            "JianxiDomain", "JianxiRead", "JianxiRules", "JianxiReport", "JianxiStore", "JianxiConsolidate", "JianxiWorkbook", "JianxiSample",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "JianxiDomainTests", dependencies: ["JianxiDomain"]),
        .testTarget(name: "JianxiReadTests", dependencies: ["JianxiRead", "JianxiDomain"]),
        .testTarget(name: "JianxiRulesTests", dependencies: ["JianxiRules", "JianxiRead", "JianxiDomain"]),
        .testTarget(name: "JianxiStoreTests", dependencies: [
            "JianxiStore", "JianxiDomain", "JianxiRead", "JianxiRules", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "JianxiWorkbookTests", dependencies: ["JianxiWorkbook", "JianxiDomain"], exclude: ["Goldens"]),
        .testTarget(name: "JianxiConsolidateTests", dependencies: ["JianxiConsolidate", "JianxiDomain", "JianxiRead", "JianxiRules", "JianxiStore"]),
        .testTarget(name: "JianxiReportTests", dependencies: ["JianxiReport", "JianxiDomain", "JianxiRead", "JianxiRules"]),
        .testTarget(name: "JianxiSampleTests", dependencies: ["JianxiSample", "JianxiDomain", "JianxiRead", "JianxiRules", "JianxiStore"]),
        .testTarget(name: "jianxiTests", dependencies: ["jianxi", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
