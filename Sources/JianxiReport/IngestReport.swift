import JianxiDomain
import JianxiRead
import JianxiStore

/// What `ingest` did: per file what was stored, each rejected return with its errors, and totals.
public struct IngestReport {
    public let files: [IngestedFile]

    public init(files: [IngestedFile]) { self.files = files }

    var returns: [IngestedReturn] { files.flatMap(\.returns) }
    public var hasErrors: Bool {
        files.contains { file in file.findings.contains { $0.severity == .error } || file.returns.contains(where: \.isRejected) }
    }

    public func text(_ lang: Lang, store: String) -> [String] {
        var lines: [String] = []
        for file in files {
            let n = file.returns.count
            lines.append(lang == .zh
                ? "文件 \(file.source)：\(n)份报表，新存\(file.stored)份（其中退回\(file.rejected)份），内容未变\(file.unchanged)份"
                : "File \(file.source): \(n) return\(n == 1 ? "" : "s"), \(file.stored) stored (\(file.rejected) rejected), \(file.unchanged) unchanged")
            for r in file.returns where r.disposition == .stored && r.isRejected {
                let revision = lang == .zh ? "第\(r.revision)版 退回" : "revision \(r.revision) rejected"
                lines.append("  " + TextReportWriter.headline(r.checked, lang) + "  " + revision)
                lines += TextReportWriter.lines(r.checked.findings.filter { $0.severity == .error }, lang)
            }
            lines += TextReportWriter.lines(file.findings, lang)
        }
        let all = returns
        let stored = all.count { $0.disposition == .stored }
        let rejected = files.reduce(0) { $0 + $1.rejected }
        let late = files.reduce(0) { $0 + $1.late }
        let badFiles = files.count { $0.findings.contains { $0.severity == .error } }
        lines.append("")
        lines.append(lang == .zh
            ? "汇总：读取\(files.count)个文件、\(all.count)份报表；新存\(stored)份（其中退回\(rejected)份、逾期\(late)份），内容未变\(all.count - stored)份"
                + (badFiles > 0 ? "；\(badFiles)个文件无法入库" : "") + "。数据库：\(store)"
            : "Summary: \(files.count) file\(files.count == 1 ? "" : "s"), \(all.count) return\(all.count == 1 ? "" : "s"); \(stored) stored (\(rejected) rejected, \(late) late), \(all.count - stored) unchanged"
                + (badFiles > 0 ? "; \(badFiles) file\(badFiles == 1 ? "" : "s") could not be stored" : "") + ". Store: \(store)")
        return lines
    }

    public func json(_ lang: Lang) -> String {
        let fileValues: [JSONValue] = files.map { file in
            .record([
                ("source", .string(file.source)),
                ("returns", .list(file.returns.map { r in
                    let value = r.checked.read.value
                    return .record([
                        ("row", .number(String(r.checked.read.row))),
                        ("region_code", value.regionCode.map(JSONValue.string) ?? .null),
                        ("period", value.period.map { .string($0.description) } ?? .null),
                        ("disposition", .string(r.disposition.rawValue)),
                        ("revision", .number(String(r.revision))),
                        ("status", .string(r.isRejected ? "rejected" : "accepted")),
                        ("late", r.checked.isLate.map(JSONValue.bool) ?? .null),
                        ("working_days_late", r.checked.workingDaysLate.map { .number(String($0)) } ?? .null),
                        ("errors", .number(String(r.checked.errorCount))),
                        ("open_warnings", .number(String(r.checked.warningCount))),
                        ("findings", .list(r.checked.findings.map { JSONReportWriter.finding($0, lang) })),
                    ])
                })),
                ("findings", .list(file.findings.map { JSONReportWriter.finding($0, lang) })),
            ])
        }
        let all = returns
        let summary: [(String, Int)] = [
            ("files", files.count), ("returns", all.count), ("stored", all.count { $0.disposition == .stored }),
            ("unchanged", all.count { $0.disposition == .unchanged }), ("rejected", files.reduce(0) { $0 + $1.rejected }),
            ("late", files.reduce(0) { $0 + $1.late }),
            ("files_with_errors", files.count { $0.findings.contains { $0.severity == .error } }),
        ]
        return JSONWriter.write(.record([("files", .list(fileValues)), ("summary", .record(summary.map { ($0.0, .number(String($0.1))) }))]), pretty: false)
    }
}
