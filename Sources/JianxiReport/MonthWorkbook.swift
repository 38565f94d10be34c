import JianxiConsolidate
import JianxiDomain
import JianxiStore
import JianxiWorkbook

/// The workbook the provincial centre sends upward each month: the province return (one row per
/// city-level unit, then the total), one sheet per city (its counties, then the city total),
/// 报送情况 (every unit's status), 审核结果 (every finding and explanation) and, when cities sent
/// their own totals, 表间审核 (where they differ from the sum of their counties).
public struct MonthWorkbook {
    public let consolidation: Consolidation
    public let status: PeriodStatus
    public let footer: FormFooter

    public init(consolidation: Consolidation, status: PeriodStatus, footer: FormFooter) {
        self.consolidation = consolidation
        self.status = status
        self.footer = footer
    }

    /// Every province of the registry, or one city when `city` is given.
    public func document(city: Region? = nil, created: CivilDate?) -> WorkbookDocument {
        let c = consolidation
        var sheets: [Sheet] = []
        let cities: [Consolidation.Total]
        if let city {
            cities = c.cities.filter { $0.region.code == city.code }
        } else {
            for province in c.provinces { sheets.append(.form(provinceSheet(province))) }
            cities = c.cities
        }
        for total in cities where c.units(in: total.region).contains(where: { $0.region.code != total.region.code }) {
            sheets.append(.form(citySheet(total)))
        }
        let inScope = Set(cities.flatMap { c.units(in: $0.region) }.map(\.region.code))
        sheets.append(.table(statusSheet(status.units.filter { inScope.contains($0.region.code) })))
        sheets.append(.table(findingsSheet(c.units.filter { inScope.contains($0.region.code) })))
        let reconciliations = c.reconciliations.filter { r in cities.contains { $0.region.code == r.city.code } }
        if !reconciliations.isEmpty { sheets.append(.table(reconciliationSheet(reconciliations))) }
        return WorkbookDocument(sheets: sheets, created: created)
    }

    private var subtitle: String { consolidation.period.chinese }

    /// "南昌市" or "南昌市（8/9 县区已报）": a total over incomplete data says so.
    static func label(_ total: Consolidation.Total, suffix: String = "") -> String {
        total.region.name + suffix + (total.isComplete ? "" : "（\(total.completeness.zh)）")
    }

    private func provinceSheet(_ province: Consolidation.Total) -> FormSheet {
        var rows: [FormRow] = []
        // Units by code (the first of a code), to find city-level units that report for themselves.
        var units: [String: Int] = [:]
        for (index, entry) in consolidation.units.enumerated() where units[entry.region.code] == nil {
            units[entry.region.code] = index
        }
        for city in consolidation.cities(in: province.region) {
            let own = units[city.region.code].map { consolidation.units[$0] }
            // A city-level unit that reports for itself (the Ganjiang New Area) is a return here.
            rows.append(own.map { unitRow($0) } ?? FormRow(label: Self.label(city), values: city.values))
        }
        rows.append(FormRow(label: Self.label(province, suffix: "合计"), values: province.values, sumOf: Array(rows.indices)))
        return FormSheet(name: province.region.name, subtitle: "\(subtitle)  \(province.region.name)", rows: rows, footer: footer)
    }

    private func citySheet(_ city: Consolidation.Total) -> FormSheet {
        let entries = consolidation.units(in: city.region)
        var rows = entries.map { unitRow($0) }
        let counted = entries.indices.filter { entries[$0].state == .accepted }
        rows.append(FormRow(label: Self.label(city, suffix: "合计"), values: city.values, sumOf: counted))
        return FormSheet(name: city.region.name, subtitle: "\(subtitle)  \(city.region.name)", rows: rows, footer: footer)
    }

    /// A unit's row: its figures (a rejected return's too, highlighted, but left out of the total),
    /// each cell in a finding carrying the message.
    private func unitRow(_ entry: Consolidation.Entry) -> FormRow {
        switch entry.state {
        case .missing:
            return FormRow(label: entry.region.name + "（未报）", values: IndicatorValues(),
                           rowNote: CellNote(severity: .warning, text: "未报：本期报表尚未收到，不计入合计。"))
        case .accepted, .rejected:
            let current = entry.current!
            var notes: [Indicator: CellNote] = [:]
            for finding in current.findings where finding.severity != .info {
                let text = "[\(finding.code)] \(finding.message.zh)" + (finding.explanation.map { "（已说明：\($0)）" } ?? "")
                let severity = finding.explanation == nil ? finding.severity : .info
                let cells = finding.indicators.isEmpty ? finding.column.flatMap(Indicator.init(key:)).map { [$0] } ?? [] : finding.indicators
                for indicator in cells {
                    let note = notes[indicator].map { CellNote(severity: min($0.severity, severity), text: $0.text + "\n" + text) }
                    notes[indicator] = note ?? CellNote(severity: severity, text: text)
                }
            }
            let rejected = entry.state == .rejected
            return FormRow(label: entry.region.name + (rejected ? "（退回）" : ""), values: current.values, notes: notes,
                           rowNote: rejected ? CellNote(severity: .error, text: "退回：第\(current.revision)版有错误，不计入合计，待更正后重报。") : nil)
        }
    }

    private func statusSheet(_ units: [UnitStatus]) -> TableSheet {
        let colour: [UnitStatus.State: TableSheet.StateColour] = [.onTime: .good, .late: .late, .missing: .missing, .rejected: .rejected]
        return TableSheet(name: "报送情况", columns: [
            .init("行政区划代码", .text), .init("单位", .text), .init("所属市", .text), .init("状态", .text),
            .init("填报时间", .text), .init("逾期工作日", .integer), .init("版本", .integer), .init("错误", .integer),
            .init("未说明提示", .integer), .init("填报人", .text), .init("联系电话", .text),
        ], rows: units.map { u in
            [.text(u.region.code), .text(u.region.name), .text(u.city?.name ?? ""),
             .state(StatusReport.stateText(u.state, .zh), colour[u.state]!), .text(u.submittedOn?.description ?? ""),
             .integer(Int64(u.workingDaysLate)), u.revision.map { .integer(Int64($0)) } ?? .empty, .integer(Int64(u.errors)),
             .integer(Int64(u.openWarnings)), .text(u.reporter ?? ""), .text(u.phone ?? "")]
        }, frozenColumns: 2)
    }

    private func findingsSheet(_ entries: [Consolidation.Entry]) -> TableSheet {
        var rows: [[TableSheet.Cell]] = []
        for entry in entries {
            guard let current = entry.current else { continue }
            for f in current.findings {
                let severity = switch f.severity {
                case .error: "错误"
                case .warning: "提示"
                case .info: "说明"
                }
                let column = f.column.flatMap(Indicator.init(key:)).map { "指标\($0.number)" } ?? f.column ?? ""
                rows.append([.text(entry.region.code), .text(entry.region.name), .integer(Int64(current.revision)), .text(f.code),
                             .text(severity), .text(column), .text(f.message.zh), .text(f.explanation ?? "")])
            }
        }
        return TableSheet(name: "审核结果", columns: [
            .init("行政区划代码", .text), .init("单位", .text), .init("版本", .integer), .init("规则", .text), .init("类别", .text),
            .init("位置", .text), .init("审核意见", .text, width: 80), .init("填报单位说明", .text, width: 40),
        ], rows: rows, frozenColumns: 2)
    }

    private func reconciliationSheet(_ items: [Consolidation.Reconciliation]) -> TableSheet {
        var rows: [[TableSheet.Cell]] = []
        for item in items {
            let note = (item.accepted ? "" : "（自报汇总表第\(item.revision)版被退回）") + (item.summed.isComplete ? "" : "（\(item.summed.completeness.zh)）")
            if item.differences.isEmpty {
                rows.append([.text(item.city.code), .text(item.city.name), .text("全部一致"), .empty, .empty, .empty, .text(note)])
            }
            for d in item.differences {
                let cell: (Int64?) -> TableSheet.Cell = { value in
                    guard let value else { return .empty }
                    return d.indicator.kind == .amount ? .amount(Amount(yuan: value)) : .integer(value)
                }
                let difference: TableSheet.Cell = d.reported.map { reported in
                    d.indicator.kind == .amount ? .amount(Amount(yuan: reported - d.summed)) : .integer(reported - d.summed)
                } ?? .empty
                rows.append([.text(item.city.code), .text(item.city.name), .text("指标\(d.indicator.number) \(d.indicator.headerZH)"),
                             cell(d.reported), cell(d.summed), difference, .text(note)])
            }
        }
        return TableSheet(name: "表间审核", columns: [
            .init("行政区划代码", .text), .init("设区市", .text), .init("指标", .text, width: 40), .init("市自报数", .text),
            .init("县区合计数", .text), .init("差额", .text), .init("备注", .text, width: 40),
        ], rows: rows, frozenColumns: 2)
    }
}
