import JianxiDomain
import JianxiRead
import JianxiStore

/// `jianxi history`: every revision of a return, with what changed value by value.
public struct HistoryReport {
    public let region: Region?
    public let code: String
    public let period: Period
    public let revisions: [(revision: StoredRevision, changes: [RevisionChange])]

    public init(code: String, region: Region?, period: Period, revisions: [(revision: StoredRevision, changes: [RevisionChange])]) {
        self.code = code
        self.region = region
        self.period = period
        self.revisions = revisions
    }

    static func label(_ key: String, _ lang: Lang) -> String {
        if let indicator = Indicator(key: key) { return lang == .zh ? "指标\(indicator.number)" : "indicator \(indicator.number)" }
        let names = ["region_name": ("填报单位", "region name"), "submitted_on": ("填报时间", "submitted"),
                     "reporter": ("填报人", "reporter"), "phone": ("联系电话", "phone")]
        return names[key].map { lang == .zh ? $0.0 : $0.1 } ?? key
    }

    public func text(_ lang: Lang) -> [String] {
        let name = region?.name ?? ""
        guard !revisions.isEmpty else {
            return [lang == .zh ? "\(code) \(name) \(period.chinese)：数据库中没有报表。" : "\(code) \(name) \(period): no return in the store."]
        }
        var lines = [lang == .zh ? "\(code) \(name) \(period.chinese)：共\(revisions.count)版" : "\(code) \(name) \(period): \(revisions.count) revision\(revisions.count == 1 ? "" : "s")"]
        for (r, changes) in revisions {
            let state = r.accepted ? (lang == .zh ? "采用" : "accepted") : (lang == .zh ? "退回" : "rejected")
            lines.append(lang == .zh
                ? "第\(r.revision)版  \(state)  填报时间 \(r.submittedOn ?? "未填")  来源 \(r.source) 第\(r.row)行  入库 \(r.ingestedAt)"
                : "revision \(r.revision)  \(state)  submitted \(r.submittedOn ?? "-")  from \(r.source) row \(r.row)  stored \(r.ingestedAt)")
            if !changes.isEmpty {
                let list = changes.map { "\(Self.label($0.key, lang)) \($0.before ?? "∅") → \($0.after ?? "∅")" }
                lines.append("  " + (lang == .zh ? "变化：" : "changed: ") + list.joined(separator: lang == .zh ? "；" : "; "))
            }
            for f in r.findings {
                let severity = switch (f.severity, lang) {
                case (.error, .zh): "错误"
                case (.warning, .zh): "提示"
                case (.info, .zh): "说明"
                default: f.severity.rawValue
                }
                lines.append("  \(severity) [\(f.code)] \(f.message(lang))" + (f.explanation.map { lang == .zh ? "（已说明：\($0)）" : " (explained: \($0))" } ?? ""))
            }
        }
        return lines
    }

    public func json(_ lang: Lang) -> String {
        JSONWriter.write(.record([
            ("region_code", .string(code)), ("period", .string(period.description)),
            ("revisions", .list(revisions.map { r, changes in
                .record([
                    ("revision", .number(String(r.revision))), ("status", .string(r.accepted ? "accepted" : "rejected")),
                    ("submitted_on", r.submittedOn.map(JSONValue.string) ?? .null), ("source", .string(r.source)),
                    ("row", .number(String(r.row))), ("ingested_at", .string(r.ingestedAt)),
                    ("indicators", .record(Indicator.allCases.map { ($0.key, r.values.display($0).map(JSONValue.number) ?? .null) })),
                    ("changes", .list(changes.map { c in
                        .record([("field", .string(c.key)), ("before", c.before.map(JSONValue.string) ?? .null), ("after", c.after.map(JSONValue.string) ?? .null)])
                    })),
                    ("findings", .list(r.findings.map { f in
                        .record([("rule", .string(f.code)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message(lang))),
                                 ("column", f.column.map(JSONValue.string) ?? .null), ("explanation", f.explanation.map(JSONValue.string) ?? .null)])
                    })),
                ])
            })),
        ]), pretty: true)
    }
}
