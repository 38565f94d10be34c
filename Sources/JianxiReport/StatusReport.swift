import JianxiDomain
import JianxiRead
import JianxiStore

/// `jianxi status`: who has reported, who is late, who must be chased, as a table for people,
/// CSV for spreadsheets, or JSON.
public struct StatusReport {
    public let status: PeriodStatus

    public init(_ status: PeriodStatus) { self.status = status }

    static func stateText(_ state: UnitStatus.State, _ lang: Lang) -> String {
        switch (state, lang) {
        case (.onTime, .zh): "按时"
        case (.late, .zh): "逾期"
        case (.missing, .zh): "未报"
        case (.rejected, .zh): "退回"
        case (.onTime, .en): "on time"
        case (.late, .en): "late"
        case (.missing, .en): "missing"
        case (.rejected, .en): "rejected"
        }
    }

    private func countsText(_ counts: [UnitStatus.State: Int], _ lang: Lang) -> String {
        UnitStatus.State.allCases.map { "\(Self.stateText($0, lang)) \(counts[$0] ?? 0)" }.joined(separator: lang == .zh ? "，" : ", ")
    }

    public func table(_ lang: Lang) -> [String] {
        let s = status
        var lines = [lang == .zh
            ? "\(s.period.chinese)报送情况（截止 \(s.deadline.date)\(s.deadline.usesFallback ? "，按周一至周五推算" : "")，今天 \(s.today)）"
            : "Returns for \(s.period) (due \(s.deadline.date)\(s.deadline.usesFallback ? ", Monday-Friday assumed" : ""), today \(s.today))"]
        let header = lang == .zh
            ? ["代码", "单位", "状态", "填报时间", "逾期工作日", "版本", "错误", "未说明提示", "填报人", "联系电话"]
            : ["code", "unit", "state", "submitted", "days late", "rev", "errors", "open warnings", "reporter", "phone"]
        var rows: [[String]] = []
        for city in s.cities {
            for unit in s.units where unit.city?.code == city.code {
                rows.append([unit.region.code, unit.region.name, Self.stateText(unit.state, lang), unit.submittedOn?.description ?? "",
                             String(unit.workingDaysLate), unit.revision.map(String.init) ?? "", String(unit.errors),
                             String(unit.openWarnings), unit.reporter ?? "", unit.phone ?? ""])
            }
        }
        lines += TextTable.render(header: header, rows: rows)
        lines.append("")
        for city in s.cities {
            lines.append("\(city.name)：" + countsText(s.counts(city: city), lang))
        }
        lines.append((lang == .zh ? "合计：" : "All: ") + countsText(s.counts(), lang))
        return lines
    }

    static let csvHeader = ["region_code", "region_name", "city_code", "state", "submitted_on", "working_days_late",
                            "revision", "errors", "open_warnings", "reporter", "phone"]

    private func fields(_ unit: UnitStatus) -> [String?] {
        [unit.region.code, unit.region.name, unit.city?.code, unit.state.rawValue, unit.submittedOn?.description,
         String(unit.workingDaysLate), unit.revision.map(String.init), String(unit.errors), String(unit.openWarnings),
         unit.reporter, unit.phone]
    }

    public func csv() -> String {
        ([Self.csvHeader.joined(separator: ",")] + status.units.map { unit in
            fields(unit).map { CSVFormat.quote($0 ?? "") }.joined(separator: ",")
        }).joined(separator: "\r\n") + "\r\n"
    }

    public func json() -> String {
        let numeric: Set<String> = ["working_days_late", "revision", "errors", "open_warnings"]
        let units: [JSONValue] = status.units.map { unit in
            .record(zip(Self.csvHeader, fields(unit)).map { key, value in
                (key, value.map { numeric.contains(key) ? .number($0) : .string($0) } ?? .null)
            })
        }
        func counts(_ c: [UnitStatus.State: Int]) -> JSONValue {
            .record(UnitStatus.State.allCases.map { ($0.rawValue, .number(String(c[$0] ?? 0))) } + [("units", .number(String(c.values.reduce(0, +))))])
        }
        let summary: JSONValue = .record([
            ("province", counts(status.counts())),
            ("cities", .list(status.cities.map { city in
                .record([("city_code", .string(city.code)), ("city_name", .string(city.name)), ("counts", counts(status.counts(city: city)))])
            })),
        ])
        return JSONWriter.write(.record([
            ("period", .string(status.period.description)), ("deadline", .string(status.deadline.date.description)),
            ("calendar_covers_month", .bool(!status.deadline.usesFallback)), ("today", .string(status.today.description)),
            ("units", .list(units)), ("summary", summary),
        ]), pretty: true)
    }
}

/// Columns aligned for a terminal, where a Chinese character takes two cells.
enum TextTable {
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6: true
        default: false
        }
    }

    static func render(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { width($0[column]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - width(cell))
            }.joined(separator: "  ")
        }
    }
}
