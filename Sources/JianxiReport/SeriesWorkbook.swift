import Foundation
import JianxiConsolidate
import JianxiDomain
import JianxiRead
import JianxiStore
import JianxiWorkbook

/// The analyst's export: a long table of every period and region (with the derived rates), the
/// year's new posts against the provincial target, a completeness grid, and line charts.
///
/// The months are not held: `months` hands them over one at a time (from the store, a year's
/// read at a time), and the long table is written as they come, so ten years of a national
/// registry take no more memory than one. The other sheets are small and gathered on the way.
public struct SeriesWorkbook {
    public enum Level: String, Sendable, CaseIterable { case province, city, county }

    /// The provincial target of the notice: at least 36,000 internship posts recruited a year.
    public static let yearlyPostTarget: Int64 = 36_000

    /// Hands every month of `periods`, in order, to `body`: its consolidation and, when `states`
    /// is true, where each unit with a return stands (`ReturnStore.status`; a unit left out is
    /// missing). Each call reads the months anew. Errors are passed on as they are.
    public typealias Months = (_ states: Bool, _ body: (Consolidation, [String: UnitStatus.State]) throws -> Void) throws -> Void

    public let periods: [Period]
    public let registry: RegionRegistry
    public let levels: [Level]
    /// Only this region and the regions below it, when given.
    public let region: Region?
    fileprivate let months: Months

    /// Indices of the selected regions in every month's `provinces`, `cities` and `units` (the
    /// registry's, in code order), for the levels of the long table.
    fileprivate let provinceIndices: [Int]
    fileprivate let cityIndices: [Int]
    fileprivate let unitIndices: [Int]

    /// `periods` must be consecutive months, as `months` hands them over.
    public init(periods: [Period], registry: RegionRegistry, levels: [Level], region: Region?, months: @escaping Months) {
        self.periods = periods
        self.registry = registry
        self.levels = levels
        self.region = region
        self.months = months
        func selected(_ r: Region) -> Bool {
            guard let region else { return true }
            var cursor: Region? = r
            while let c = cursor {
                if c.code == region.code { return true }
                cursor = c.parentCode.flatMap { registry[$0] }
            }
            return false
        }
        provinceIndices = registry.regions.filter { $0.level == .province }.indices(where: selected)
        cityIndices = registry.regions.filter { $0.level == .city }.indices(where: selected)
        unitIndices = registry.reportingUnits.indices(where: selected)
    }

    /// Lines of the long table in one month.
    private var linesPerMonth: Int {
        (levels.contains(.province) ? provinceIndices.count : 0) + (levels.contains(.city) ? cityIndices.count : 0)
            + (levels.contains(.county) ? unitIndices.count : 0)
    }

    /// One line of the long table.
    struct Line {
        let region: Region
        let level: Level
        let values: IndicatorValues?
        let note: String
    }

    /// The lines of one month, in order: provinces, cities, then counties.
    fileprivate func forEachLine<E: Error>(_ month: Consolidation, _ body: (Line) throws(E) -> Void) throws(E) {
        if levels.contains(.province) {
            for index in provinceIndices {
                let p = month.provinces[index]
                try body(Line(region: p.region, level: .province, values: p.values, note: p.isComplete ? "" : p.completeness.zh))
            }
        }
        if levels.contains(.city) {
            for index in cityIndices {
                let c = month.cities[index]
                try body(Line(region: c.region, level: .city, values: c.values, note: c.isComplete ? "" : c.completeness.zh))
            }
        }
        if levels.contains(.county) {
            for index in unitIndices {
                let u = month.units[index]
                try body(Line(region: u.region, level: .county, values: u.counted, note: Self.unitNote(u.state)))
            }
        }
    }

    static func unitNote(_ state: Consolidation.Entry.State) -> String {
        switch state {
        case .accepted: ""
        case .rejected: "退回"
        case .missing: "未报"
        }
    }

    static let rateTitles = ["留用率(9/8)", "到岗中高校毕业生占比(7/6)", "到岗率(6/5)"]

    /// The three rates, each a ratio of two figures (9/8, 7/6, 6/5), nil without a positive denominator.
    static func rate(_ v: IndicatorValues?, _ index: Int) -> Double? {
        let (a, b): (Indicator, Indicator) = switch index {
        case 0: (.retained, .completed)
        case 1: (.onboardedGrads, .onboarded)
        default: (.onboarded, .planned)
        }
        guard let x = v?[a], let y = v?[b], y > 0 else { return nil }
        return Double(x) / Double(y)
    }

    static let levelNames: [Level: String] = [.province: "省", .city: "市", .county: "县"]

    // MARK: - CSV

    /// The long table as CSV (UTF-8 with a BOM, for Excel): keys in the header, figures exact.
    /// Written in pieces of about 64 KiB to `write`, month by month.
    public func csv(to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            let out = CSVWriter(write)
            try out.append(Array(("\u{FEFF}" + (["period", "region_code", "region_name", "level"] + Indicator.allCases.map(\.key)
                + ["retention_rate", "graduate_share", "start_rate", "note"]).joined(separator: ",") + "\r\n").utf8))
            // Every text field as CSVFormat.quote writes it, made once: regions, levels and notes repeat.
            func field(_ text: String) -> [UInt8] { Array(CSVFormat.quote(text).utf8) }
            func fields(_ regions: [Region], _ indices: [Int], _ level: Level) -> [[UInt8]] {
                indices.map { field(regions[$0].code) + [UInt8(ascii: ",")] + field(regions[$0].name) + [UInt8(ascii: ",")] + field(level.rawValue) }
            }
            let provinces = levels.contains(.province) ? fields(registry.regions.filter { $0.level == .province }, provinceIndices, .province) : []
            let cities = levels.contains(.city) ? fields(registry.regions.filter { $0.level == .city }, cityIndices, .city) : []
            let units = levels.contains(.county) ? fields(registry.reportingUnits, unitIndices, .county) : []
            let unitNotes = [Consolidation.Entry.State.accepted, .rejected, .missing].map { field(Self.unitNote($0)) }
            func totalNote(_ total: Consolidation.Total) -> [UInt8] { total.isComplete ? [] : field(total.completeness.zh) }
            try months(false) { month, _ in
                let period = field(month.period.description) + [UInt8(ascii: ",")]
                for (row, index) in provinceIndices.enumerated() where !provinces.isEmpty {
                    let total = month.provinces[index]
                    try out.line(period, provinces[row], total.values, totalNote(total))
                }
                for (row, index) in cityIndices.enumerated() where !cities.isEmpty {
                    let total = month.cities[index]
                    try out.line(period, cities[row], total.values, totalNote(total))
                }
                for (row, index) in unitIndices.enumerated() where !units.isEmpty {
                    let entry = month.units[index]
                    switch entry.state {
                    case .accepted: try out.line(period, units[row], entry.current?.values, unitNotes[0])
                    case .rejected: try out.line(period, units[row], nil, unitNotes[1])
                    case .missing: try out.line(period, units[row], nil, unitNotes[2])
                    }
                }
            }
            try out.flush()
        }
    }

    // MARK: - XLSX

    public func document(created: CivilDate?) -> WorkbookDocument {
        let count = periods.count * linesPerMonth
        let gathered = Gathered(self)
        let longTable = TableSheet(name: "明细", columns: [.init("统计期", .text), .init("行政区划代码", .text), .init("单位", .text), .init("层级", .text)]
            + Indicator.allCases.map { .init("\($0.number).\($0.headerZH)", $0.kind == .amount ? .amount : .integer, width: 12) }
            + Self.rateTitles.map { .init($0, .percent, width: 12) } + [.init("备注", .text)],
            rows: TableSheet.Rows(count: count) { emit throws(WorkbookError) in
                var cells: [TableSheet.Cell] = []
                let indicators = Indicator.allCases
                cells.reserveCapacity(4 + indicators.count + 3 + 1)
                try gathered.pass { month throws(WorkbookError) in
                    let period = TableSheet.Cell.text(month.period.description)
                    try gathered.series.forEachLine(month) { line throws(WorkbookError) in
                        cells.removeAll(keepingCapacity: true)
                        cells += [period, .text(line.region.code), .text(line.region.name), .text(Self.levelNames[line.level]!)]
                        for indicator in indicators {
                            guard let v = line.values?[indicator] else {
                                cells.append(.empty)
                                continue
                            }
                            cells.append(indicator.kind == .amount ? .amount(Amount(yuan: v)) : .integer(v))
                        }
                        for index in 0..<3 { cells.append(Self.rate(line.values, index).map(TableSheet.Cell.percent) ?? .empty) }
                        cells.append(.text(line.note))
                        try emit(cells)
                    }
                }
            }, frozenColumns: 3)
        var sheets: [Sheet] = [.table(longTable), .table(targetSheet(gathered)), .table(gridSheet(gathered))]
        let (data, charts) = chartSheets(gathered)
        sheets += [.table(data), .charts(charts)]
        return WorkbookDocument(sheets: sheets, created: created, streaming: count > 100_000)
    }

    /// What the small sheets need of every month, gathered while the long table is written (or
    /// in a pass of its own if a small sheet is written first).
    private final class Gathered: @unchecked Sendable {
        // Written and read only while one workbook is written, on one thread.
        let series: SeriesWorkbook
        let years: [Int]
        /// The provinces of the target sheet, and their new posts (4) by year.
        let provinces: [Int]
        var posts: [[Int64]] = []
        /// Every selected unit's state, month by month.
        var states: [[UnitStatus.State]] = []
        /// The regions of the chart sheets, each found among a month's cities (index) or units.
        let chartRegions: [Region]
        let chartSources: [(city: Int?, unit: Int?)]
        /// Posts (3) and interns on post (13) of each chart region, month by month.
        var chartRows: [[TableSheet.Cell]] = []
        private var complete = false

        init(_ series: SeriesWorkbook) {
            self.series = series
            let registry = series.registry
            years = Array(Set(series.periods.map(\.year))).sorted()
            provinces = series.provinceIndices
            let cities = registry.regions.filter { $0.level == .city }
            let units = registry.reportingUnits
            // Month by month per city (or per county within a selected city).
            chartRegions = series.cityIndices.isEmpty ? series.unitIndices.map { units[$0] } : series.cityIndices.map { cities[$0] }
            let cityIndex = Dictionary(cities.enumerated().map { ($1.code, $0) }) { a, _ in a }
            let unitIndex = Dictionary(units.enumerated().map { ($1.code, $0) }) { a, _ in a }
            chartSources = chartRegions.map { region in
                if let city = cityIndex[region.code] { return (city, nil) }
                return (nil, unitIndex[region.code])
            }
        }

        /// Reads every month, gathering, and hands each to `body`.
        func pass(_ body: (Consolidation) throws(WorkbookError) -> Void) throws(WorkbookError) {
            posts = Array(repeating: Array(repeating: 0, count: years.count), count: provinces.count)
            states = []
            chartRows = []
            let unitIndices = series.unitIndices
            let units = series.registry.reportingUnits
            do {
                try series.months(true) { month, unitStates in
                    guard let year = years.firstIndex(of: month.period.year) else { return }
                    for (row, province) in provinces.enumerated() {
                        posts[row][year] += month.provinces[province].values[.postsNew] ?? 0
                    }
                    states.append(unitIndices.map { unitStates[units[$0].code] ?? .missing })
                    var cells: [TableSheet.Cell] = [.text(month.period.description)]
                    for indicator in [Indicator.postsTotal, .onPost] {
                        for source in chartSources {
                            let values = source.city.map { month.cities[$0].values } ?? source.unit.flatMap { month.units[$0].counted }
                            cells.append(values?[indicator].map(TableSheet.Cell.integer) ?? .empty)
                        }
                    }
                    chartRows.append(cells)
                    try body(month)
                }
            } catch let error as WorkbookError {
                throw error
            } catch {
                throw WorkbookError(message: Text(zh: "\(error)", en: "\(error)"))
            }
            complete = true
        }

        func ensureComplete() throws(WorkbookError) {
            if !complete { try pass { _ throws(WorkbookError) in } }
        }
    }

    private func targetSheet(_ gathered: Gathered) -> TableSheet {
        let provinces = registry.regions.filter { $0.level == .province }
        let inYear = Dictionary(grouping: periods, by: \.year).mapValues(\.count)
        return TableSheet(name: "岗位募集目标", columns: [
            .init("省", .text), .init("年度", .text), .init("已汇总月数", .integer), .init("新增见习岗位数(指标4)合计", .integer, width: 24),
            .init("年度目标", .integer), .init("完成比例", .percent),
        ], rows: TableSheet.Rows(count: gathered.provinces.count * gathered.years.count) { emit throws(WorkbookError) in
            try gathered.ensureComplete()
            for (row, province) in gathered.provinces.enumerated() {
                for (column, year) in gathered.years.enumerated() {
                    let posts = gathered.posts[row][column]
                    try emit([.text(provinces[province].name), .text(String(year)), .integer(Int64(inYear[year] ?? 0)), .integer(posts),
                              .integer(Self.yearlyPostTarget), .percent(Double(posts) / Double(Self.yearlyPostTarget))])
                }
            }
        })
    }

    private func gridSheet(_ gathered: Gathered) -> TableSheet {
        let colour: [UnitStatus.State: TableSheet.StateColour] = [.onTime: .good, .late: .late, .missing: .missing, .rejected: .rejected]
        let units = registry.reportingUnits
        let unitIndices = unitIndices
        return TableSheet(name: "报送完整性", columns: [.init("行政区划代码", .text), .init("单位", .text)]
            + periods.map { .init($0.description, .text, width: 8) },
            rows: TableSheet.Rows(count: unitIndices.count) { emit throws(WorkbookError) in
                try gathered.ensureComplete()
                let cells = UnitStatus.State.allCases.map { TableSheet.Cell.state(StatusReport.stateText($0, .zh), colour[$0]!) }
                let cell = Dictionary(uniqueKeysWithValues: zip(UnitStatus.State.allCases, cells))
                for (row, index) in unitIndices.enumerated() {
                    let unit = units[index]
                    try emit([.text(unit.code), .text(unit.name)] + gathered.states.map { cell[$0[row]]! })
                }
            }, frozenColumns: 2)
    }

    /// Month by month per city (or per county within a selected city): posts at month end (3)
    /// and interns on post (13), with a line chart of each.
    private func chartSheets(_ gathered: Gathered) -> (TableSheet, ChartSheet) {
        let series = gathered.chartRegions
        let data = TableSheet(name: "图表数据", columns: [.init("统计期", .text)]
            + series.map { .init("\($0.name) 岗位", .integer) } + series.map { .init("\($0.name) 在岗", .integer) },
            rows: TableSheet.Rows(count: periods.count) { emit throws(WorkbookError) in
                try gathered.ensureComplete()
                for row in gathered.chartRows { try emit(row) }
            })
        let rows = 1...max(1, periods.count)
        let charts = ChartSheet(name: "图表", charts: [
            .init(title: "各地本期末实有见习岗位数（指标3）", dataSheet: data.name, categoryColumn: 0,
                  seriesColumns: Array(series.indices.map { $0 + 1 }), rows: rows, yAxisTitle: "个"),
            .init(title: "各地本期末实有在岗见习人数（指标13）", dataSheet: data.name, categoryColumn: 0,
                  seriesColumns: Array(series.indices.map { $0 + 1 + series.count }), rows: rows, yAxisTitle: "人"),
        ])
        return (data, charts)
    }
}

private extension Array {
    func indices(where predicate: (Element) -> Bool) -> [Int] { indices.filter { predicate(self[$0]) } }
}

/// The long table's CSV, built as bytes and handed on in pieces of about 64 KiB.
final class CSVWriter {
    private static let indicators = Indicator.allCases
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity = 1 << 16
    private var count = 0
    private let write: (UnsafeRawBufferPointer) throws -> Void

    init(_ write: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.write = write
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    func flush() throws {
        guard count > 0 else { return }
        try write(UnsafeRawBufferPointer(start: base, count: count))
        count = 0
    }

    /// Room for `size` more bytes.
    private func reserve(_ size: Int) throws {
        if count + size <= capacity { return }
        try flush()
        guard size > capacity else { return }
        base.deallocate()
        capacity = size
        base = .allocate(capacity: capacity)
    }

    func append(_ bytes: [UInt8]) throws {
        try reserve(bytes.count)
        (base + count).update(from: bytes, count: bytes.count)
        count += bytes.count
    }

    /// One line: the period and region fields (each ending in a comma but the last), the 14
    /// figures (counts as `String(_:)`, 万元 as `Amount.description`), the three rates (as
    /// `String(format: "%.4f")`) and the note.
    func line(_ period: [UInt8], _ region: [UInt8], _ values: IndicatorValues?, _ note: [UInt8]) throws {
        // A figure takes at most 21 bytes (sign and 19 digits, or 万元 with 4 decimals), a rate 26.
        try reserve(period.count + region.count + note.count + Self.indicators.count * 22 + 3 * 40 + 3)
        var p = base + count
        p.update(from: period, count: period.count)
        p += period.count
        p.update(from: region, count: region.count)
        p += region.count
        for indicator in Self.indicators {
            p.pointee = UInt8(ascii: ",")
            p += 1
            guard let value = values?[indicator] else { continue }
            p = indicator.kind == .amount ? Self.amount(value, at: p) : Self.integer(value, at: p)
        }
        for index in 0..<3 {
            p.pointee = UInt8(ascii: ",")
            p += 1
            if let rate = SeriesWorkbook.rate(values, index) { p = Self.fixed4(rate, at: p) }
        }
        p.pointee = UInt8(ascii: ",")
        p += 1
        p.update(from: note, count: note.count)
        p += note.count
        p[0] = 0x0D
        p[1] = 0x0A
        count = p + 2 - base
        if count >= 1 << 16 { try flush() }
    }

    /// As `String(value)`.
    static func integer(_ value: Int64, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = p
        if value < 0 {
            p.pointee = UInt8(ascii: "-")
            p += 1
        }
        return digits(value.magnitude, minimum: 1, at: p)
    }

    /// As `Amount(yuan:).description`: 万元 with as many decimals as needed, at most 4.
    static func amount(_ yuan: Int64, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = p
        if yuan < 0 {
            p.pointee = UInt8(ascii: "-")
            p += 1
        }
        let magnitude = yuan.magnitude
        p = digits(magnitude / 10_000, minimum: 1, at: p)
        var fraction = magnitude % 10_000
        guard fraction != 0 else { return p }
        var width = 4
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        p.pointee = UInt8(ascii: ".")
        return digits(fraction, minimum: width, at: p + 1)
    }

    /// As `String(format: "%.4f", value)`: printf rounds the double's exact value to the nearest
    /// ten-thousandth. Scaled by 10,000 the double is off by far less than 1e-6 below 1e9, so
    /// when it is not that close to a tie, rounding the product gives the same digits; printf
    /// itself does the rest.
    static func fixed4(_ value: Double, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let scaled = value * 10_000
        if value.sign == .plus, scaled < 1e9 {
            let rounded = scaled.rounded()
            if abs(abs(scaled - rounded) - 0.5) > 1e-6 {
                let n = UInt64(rounded)
                let q = digits(n / 10_000, minimum: 1, at: p)
                q.pointee = UInt8(ascii: ".")
                return digits(n % 10_000, minimum: 4, at: q + 1)
            }
        }
        let text = Array(String(format: "%.4f", value).utf8.prefix(40))
        p.update(from: text, count: text.count)
        return p + text.count
    }

    /// The decimal digits of `value`, at least `minimum` (zeros in front).
    private static func digits(_ value: UInt64, minimum: Int, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var length = 1
        var limit: UInt64 = 10
        while length < 20, value >= limit {
            length += 1
            limit = limit &* 10
        }
        length = max(length, minimum)
        var rest = value
        for offset in stride(from: length - 1, through: 0, by: -1) {
            p[offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return p + length
    }
}
