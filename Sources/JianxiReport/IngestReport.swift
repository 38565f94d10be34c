import JianxiDomain
import JianxiRead
import JianxiStore

/// What the text report keeps of one ingested file: its counts, its rejected returns (the only
/// ones it prints) and its own findings, so a run over many files holds little of each.
public struct IngestedFileSummary: Sendable {
    public let source: String
    public let returns: Int
    public let stored: Int
    public let unchanged: Int
    public let rejected: Int
    public let late: Int
    /// Returns stored as rejected, in file order.
    public let rejectedReturns: [IngestedReturn]
    /// Whether any return, stored or unchanged, has an error.
    public let hasRejectedReturn: Bool
    /// The file's own findings (unreadable, bad header...).
    public let findings: [Finding]

    public init(_ file: IngestedFile) {
        source = file.source
        returns = file.returns.count
        stored = file.stored
        unchanged = file.unchanged
        rejected = file.rejected
        late = file.late
        rejectedReturns = file.rejected == 0 ? [] : file.returns.filter { $0.disposition == .stored && $0.isRejected }
        hasRejectedReturn = file.withErrors > 0
        findings = file.findings
    }

    var hasFileError: Bool { findings.contains { $0.severity == .error } }
}

/// What `ingest` did: per file what was stored, each rejected return with its errors, and totals.
///
/// Files are added one at a time as they are stored. The text report is printed at the end from
/// what `IngestedFileSummary` keeps; `--format json`, which lists every return, is written as it
/// goes: `jsonStart`, then `json(file:)` for each file, then `jsonEnd`, which together are the
/// same text as one JSON object `{"files": [...], "summary": {...}}`.
public struct IngestReport {
    public private(set) var files: [IngestedFileSummary] = []

    public init() {}

    public init(files: [IngestedFile]) { self.files = files.map(IngestedFileSummary.init) }

    public mutating func add(_ file: IngestedFile) { files.append(IngestedFileSummary(file)) }

    public var hasErrors: Bool { files.contains { $0.hasFileError || $0.hasRejectedReturn } }

    public func text(_ lang: Lang, store: String) -> [String] {
        var lines: [String] = []
        for file in files {
            let n = file.returns
            lines.append(lang == .zh
                ? "文件 \(file.source)：\(n)份报表，新存\(file.stored)份（其中退回\(file.rejected)份），内容未变\(file.unchanged)份"
                : "File \(file.source): \(n) return\(n == 1 ? "" : "s"), \(file.stored) stored (\(file.rejected) rejected), \(file.unchanged) unchanged")
            for r in file.rejectedReturns {
                guard let checked = r.rejected else { continue }
                let revision = lang == .zh ? "第\(r.revision)版 退回" : "revision \(r.revision) rejected"
                lines.append("  " + TextReportWriter.headline(checked, lang) + "  " + revision)
                lines += TextReportWriter.lines(checked.findings.filter { $0.severity == .error }, lang)
            }
            lines += TextReportWriter.lines(file.findings, lang)
        }
        let all = files.reduce(0) { $0 + $1.returns }
        let stored = files.reduce(0) { $0 + $1.stored }
        let rejected = files.reduce(0) { $0 + $1.rejected }
        let late = files.reduce(0) { $0 + $1.late }
        let badFiles = files.count(where: \.hasFileError)
        lines.append("")
        lines.append(lang == .zh
            ? "汇总：读取\(files.count)个文件、\(all)份报表；新存\(stored)份（其中退回\(rejected)份、逾期\(late)份），内容未变\(all - stored)份"
                + (badFiles > 0 ? "；\(badFiles)个文件无法入库" : "") + "。数据库：\(store)"
            : "Summary: \(files.count) file\(files.count == 1 ? "" : "s"), \(all) return\(all == 1 ? "" : "s"); \(stored) stored (\(rejected) rejected, \(late) late), \(all - stored) unchanged"
                + (badFiles > 0 ? "; \(badFiles) file\(badFiles == 1 ? "" : "s") could not be stored" : "") + ". Store: \(store)")
        return lines
    }

    /// The whole `--format json` report at once: `jsonStart`, each file, `jsonEnd`.
    public func json(_ lang: Lang, files ingested: [IngestedFile]) -> String {
        jsonStart + ingested.enumerated().map { Self.json(file: $1, first: $0 == 0, lang) }.joined() + jsonEnd
    }

    public var jsonStart: String { "{\"files\":[" }

    /// One file's object, with every return and its findings; preceded by a comma unless `first`.
    public static func json(file: IngestedFile, first: Bool, _ lang: Lang) -> String {
        let value: JSONValue = .record([
            ("source", .string(file.source)),
            ("returns", .list(file.returns.map { r in
                .record([
                    ("row", .number(String(r.row))),
                    ("region_code", r.regionCode.map(JSONValue.string) ?? .null),
                    ("period", r.period.map { .string($0.description) } ?? .null),
                    ("disposition", .string(r.disposition.rawValue)),
                    ("revision", .number(String(r.revision))),
                    ("status", .string(r.isRejected ? "rejected" : "accepted")),
                    ("late", r.isLate.map(JSONValue.bool) ?? .null),
                    ("working_days_late", r.workingDaysLate.map { .number(String($0)) } ?? .null),
                    ("errors", .number(String(r.errorCount))),
                    ("open_warnings", .number(String(r.warningCount))),
                    ("findings", .list(r.findings.map { JSONReportWriter.finding($0, lang) })),
                ])
            })),
            ("findings", .list(file.findings.map { JSONReportWriter.finding($0, lang) })),
        ])
        return (first ? "" : ",") + JSONWriter.write(value, pretty: false)
    }

    /// The end of the files' list and the totals of the files added.
    public var jsonEnd: String {
        let returns = files.reduce(0) { $0 + $1.returns }
        let stored = files.reduce(0) { $0 + $1.stored }
        let summary: [(String, Int)] = [
            ("files", files.count), ("returns", returns), ("stored", stored),
            ("unchanged", files.reduce(0) { $0 + $1.unchanged }), ("rejected", files.reduce(0) { $0 + $1.rejected }),
            ("late", files.reduce(0) { $0 + $1.late }),
            ("files_with_errors", files.count(where: \.hasFileError)),
        ]
        return "],\"summary\":" + JSONWriter.write(.record(summary.map { ($0.0, .number(String($0.1))) }), pretty: false) + "}"
    }
}
