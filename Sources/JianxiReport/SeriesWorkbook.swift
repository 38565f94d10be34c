import JianxiConsolidate
import JianxiDomain
import JianxiRead
import JianxiStore
import JianxiWorkbook

/// The analyst's export: a long table of every period and region (with the derived rates), the
/// year's new posts against the provincial target, a completeness grid, and line charts.
public struct SeriesWorkbook {
    public enum Level: String, Sendable, CaseIterable { case province, city, county }

    /// The provincial target of the notice: at least 36,000 internship posts recruited a year.
    public static let yearlyPostTarget: Int64 = 36_000

    public let months: [Consolidation]
    public let statuses: [PeriodStatus]
    public let registry: RegionRegistry
    public let levels: [Level]
    /// Only this region and the regions below it, when given.
    public let region: Region?

    public init(months: [Consolidation], statuses: [PeriodStatus], registry: RegionRegistry, levels: [Level], region: Region?) {
        self.months = months
        self.statuses = statuses
        self.registry = registry
        self.levels = levels
        self.region = region
    }

    private func selected(_ r: Region) -> Bool {
        guard let region else { return true }
        var cursor: Region? = r
        while let c = cursor {
            if c.code == region.code { return true }
            cursor = c.parentCode.flatMap { registry[$0] }
        }
        return false
    }

    /// One line of the long table.
    struct Line {
        let period: Period
        let region: Region
        let level: Level
        let values: IndicatorValues?
        let note: String
    }

    var lines: [Line] {
        var lines: [Line] = []
        for month in months {
            if levels.contains(.province) {
                for p in month.provinces where selected(p.region) {
                    lines.append(Line(period: month.period, region: p.region, level: .province, values: p.values, note: p.isComplete ? "" : p.completeness.zh))
                }
            }
            if levels.contains(.city) {
                for c in month.cities where selected(c.region) {
                    lines.append(Line(period: month.period, region: c.region, level: .city, values: c.values, note: c.isComplete ? "" : c.completeness.zh))
                }
            }
            if levels.contains(.county) {
                for u in month.units where selected(u.region) {
                    let note = switch u.state {
                    case .accepted: ""
                    case .rejected: "退回"
                    case .missing: "未报"
                    }
                    lines.append(Line(period: month.period, region: u.region, level: .county, values: u.counted, note: note))
                }
            }
        }
        return lines
    }

    static let rateTitles = ["留用率(9/8)", "到岗中高校毕业生占比(7/6)", "到岗率(6/5)"]

    static func rates(_ v: IndicatorValues?) -> [Double?] {
        func ratio(_ a: Indicator, _ b: Indicator) -> Double? {
            guard let x = v?[a], let y = v?[b], y > 0 else { return nil }
            return Double(x) / Double(y)
        }
        return [ratio(.retained, .completed), ratio(.onboardedGrads, .onboarded), ratio(.onboarded, .planned)]
    }

    static let levelNames: [Level: String] = [.province: "省", .city: "市", .county: "县"]

    /// The long table as CSV (UTF-8 with a BOM, for Excel): keys in the header, figures exact.
    public func csv() -> String {
        var out = "\u{FEFF}" + (["period", "region_code", "region_name", "level"] + Indicator.allCases.map(\.key)
            + ["retention_rate", "graduate_share", "start_rate", "note"]).joined(separator: ",") + "\r\n"
        for line in lines {
            var fields = [line.period.description, line.region.code, line.region.name, line.level.rawValue]
            fields += Indicator.allCases.map { line.values?.display($0) ?? "" }
            fields += Self.rates(line.values).map { $0.map { String(format: "%.4f", $0) } ?? "" }
            fields.append(line.note)
            out += fields.map(CSVFormat.quote).joined(separator: ",") + "\r\n"
        }
        return out
    }

    public func document(created: CivilDate?) -> WorkbookDocument {
        let all = lines
        let longTable = TableSheet(name: "明细", columns: [.init("统计期", .text), .init("行政区划代码", .text), .init("单位", .text), .init("层级", .text)]
            + Indicator.allCases.map { .init("\($0.number).\($0.headerZH)", $0.kind == .amount ? .amount : .integer, width: 12) }
            + Self.rateTitles.map { .init($0, .percent, width: 12) } + [.init("备注", .text)],
            rows: all.map { line in
                [.text(line.period.description), .text(line.region.code), .text(line.region.name), .text(Self.levelNames[line.level]!)]
                    + Indicator.allCases.map { i -> TableSheet.Cell in
                        guard let v = line.values?[i] else { return .empty }
                        return i.kind == .amount ? .amount(Amount(yuan: v)) : .integer(v)
                    }
                    + Self.rates(line.values).map { $0.map(TableSheet.Cell.percent) ?? .empty } + [.text(line.note)]
            }, frozenColumns: 3)
        var sheets: [Sheet] = [.table(longTable), .table(targetSheet()), .table(gridSheet())]
        let (data, charts) = chartSheets()
        sheets += [.table(data), .charts(charts)]
        return WorkbookDocument(sheets: sheets, created: created, streaming: all.count > 100_000)
    }

    private func targetSheet() -> TableSheet {
        var rows: [[TableSheet.Cell]] = []
        let years = Array(Set(months.map(\.period.year))).sorted()
        for province in registry.regions where province.level == .province && selected(province) {
            for year in years {
                let inYear = months.filter { $0.period.year == year }
                let posts = inYear.compactMap { $0.provinces.first { $0.region.code == province.code }?.values[.postsNew] }.reduce(0, +)
                rows.append([.text(province.name), .text(String(year)), .integer(Int64(inYear.count)), .integer(posts),
                             .integer(Self.yearlyPostTarget), .percent(Double(posts) / Double(Self.yearlyPostTarget))])
            }
        }
        return TableSheet(name: "岗位募集目标", columns: [
            .init("省", .text), .init("年度", .text), .init("已汇总月数", .integer), .init("新增见习岗位数(指标4)合计", .integer, width: 24),
            .init("年度目标", .integer), .init("完成比例", .percent),
        ], rows: rows)
    }

    private func gridSheet() -> TableSheet {
        let colour: [UnitStatus.State: TableSheet.StateColour] = [.onTime: .good, .late: .late, .missing: .missing, .rejected: .rejected]
        let units = registry.reportingUnits.filter(selected)
        let byPeriod = statuses.map { status in Dictionary(status.units.map { ($0.region.code, $0.state) }) { a, _ in a } }
        return TableSheet(name: "报送完整性", columns: [.init("行政区划代码", .text), .init("单位", .text)]
            + statuses.map { .init($0.period.description, .text, width: 8) },
            rows: units.map { unit in
                [.text(unit.code), .text(unit.name)] + byPeriod.map { states in
                    states[unit.code].map { .state(StatusReport.stateText($0, .zh), colour[$0]!) } ?? .empty
                }
            }, frozenColumns: 2)
    }

    /// Month by month per city (or per county within a selected city): posts at month end (3)
    /// and interns on post (13), with a line chart of each.
    private func chartSheets() -> (TableSheet, ChartSheet) {
        let cityTotals = months.first.map { first in first.cities.filter { selected($0.region) } } ?? []
        let series: [Region] = cityTotals.isEmpty ? (months.first?.units.filter { selected($0.region) }.map(\.region) ?? []) : cityTotals.map(\.region)
        func value(_ month: Consolidation, _ region: Region, _ indicator: Indicator) -> TableSheet.Cell {
            let values = month.cities.first { $0.region.code == region.code }?.values ?? month.units.first { $0.region.code == region.code }?.counted
            return values?[indicator].map(TableSheet.Cell.integer) ?? .empty
        }
        let data = TableSheet(name: "图表数据", columns: [.init("统计期", .text)]
            + series.map { .init("\($0.name) 岗位", .integer) } + series.map { .init("\($0.name) 在岗", .integer) },
            rows: months.map { month in
                [.text(month.period.description)] + series.map { value(month, $0, .postsTotal) } + series.map { value(month, $0, .onPost) }
            })
        let rows = 1...max(1, months.count)
        let charts = ChartSheet(name: "图表", charts: [
            .init(title: "各地本期末实有见习岗位数（指标3）", dataSheet: data.name, categoryColumn: 0,
                  seriesColumns: Array(series.indices.map { $0 + 1 }), rows: rows, yAxisTitle: "个"),
            .init(title: "各地本期末实有在岗见习人数（指标13）", dataSheet: data.name, categoryColumn: 0,
                  seriesColumns: Array(series.indices.map { $0 + 1 + series.count }), rows: rows, yAxisTitle: "人"),
        ])
        return (data, charts)
    }
}
