import ArgumentParser
import Foundation
import JianxiConsolidate
import JianxiDomain
import JianxiReport
import JianxiRules
import JianxiStore
import JianxiWorkbook

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "导出汇总表（附件3格式）或分析用时间序列。Write the consolidated workbook, or an analyst's time series.",
        discussion: """
            --period P：全省工作簿（各市一行及全省合计；每市一表；报送情况；审核结果；表间审核），--city 只导出一个市。
            --from P1 --to P2：分析用明细表、年度岗位目标、报送完整性和图表；--format csv 只导出明细表。
            --period P: the province workbook; --city CODE for one city. --from/--to: the analyst's series.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("统计期（月度汇总表）。The period of the monthly workbook.", valueName: "PERIOD"))
    var period: String?

    @Option(help: ArgumentHelp("只导出这个设区市。Only this city.", valueName: "CODE"))
    var city: String?

    @Option(help: ArgumentHelp("时间序列的起止统计期。First and last period of a series.", valueName: "PERIOD"))
    var from: String?
    @Option(help: ArgumentHelp("", valueName: "PERIOD"))
    var to: String?

    @Option(help: "明细表层级 Levels of the series: province, city, county (repeatable; default all).")
    var level: [SeriesWorkbook.Level] = []

    @Option(help: ArgumentHelp("只含该区划及其下级。Only this region and those below it.", valueName: "CODE"))
    var region: String?

    @Option(help: "格式 Format: xlsx; json (the consolidation) with --period; csv (the long table) with --from/--to.")
    var format: ExportFormat = .xlsx

    @Option(name: .shortAndLong, help: ArgumentHelp("输出文件（json/csv 默认标准输出）。Output file (json and csv default to standard output).", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("表尾填报单位。The 填报单位 of the footer (default: the province).", valueName: "TEXT"))
    var unit: String?
    @Option(help: ArgumentHelp("表尾填报人。The 填报人 of the footer.", valueName: "TEXT"))
    var reporter: String = ""
    @Option(help: ArgumentHelp("表尾联系电话。The 联系电话 of the footer.", valueName: "TEXT"))
    var phone: String = ""

    enum ExportFormat: String, ExpressibleByArgument { case xlsx, json, csv }

    func validate() throws {
        if (period == nil) == (from == nil && to == nil) { throw ValidationError("Give --period P, or --from P1 --to P2.") }
        if period == nil && (from == nil || to == nil) { throw ValidationError("A series needs both --from and --to.") }
        if format == .json && period == nil { throw ValidationError("--format json is for --period.") }
        if format == .csv && period != nil { throw ValidationError("--format csv is for --from/--to.") }
    }

    func run() throws {
        let lang = common.language
        let registry = try common.registry()
        let calendar = try common.calendar()
        let rules = try common.rules()
        let today = try common.todayDate()
        let database = try store.open(lang)
        func consolidate(_ period: Period) throws -> Consolidation {
            let current = try storeCall(lang) { () throws(StoreError) in try database.currentReturns(period: period) }
            do {
                return try Consolidation.build(period: period, registry: registry, current: current, rules: rules)
            } catch {
                throw CommandFailure(message: error.message(lang))
            }
        }
        func status(_ period: Period) throws -> PeriodStatus {
            try storeCall(lang) { () throws(StoreError) in try database.status(period: period, registry: registry, calendar: calendar, today: today) }
        }
        if let period {
            let month = try common.period(period)
            let consolidation = try consolidate(month)
            if format == .json { return try emit(ConsolidationReport.json(consolidation) + "\n", lang: lang) }
            let cityRegion = try city.map { try common.region($0, in: registry) }
            if let cityRegion, cityRegion.level != .city {
                throw CommandFailure(message: lang == .zh ? "\(cityRegion.code)不是设区市。" : "\(cityRegion.code) is not a city.")
            }
            let province = registry.regions.first { $0.level == .province }
            let footer = FormFooter(unit: unit ?? cityRegion?.name ?? province?.name ?? "", date: today.chinese, reporter: reporter, phone: phone)
            let book = MonthWorkbook(consolidation: consolidation, status: try status(month), footer: footer)
            let name = "jianxi-\(cityRegion.map { $0.code + "-" } ?? "")\(month).xlsx"
            try write(book.document(city: cityRegion, created: today), to: output ?? name, lang: lang)
        } else if let from, let to {
            let first = try common.period(from), last = try common.period(to)
            guard first <= last else { throw CommandFailure(message: lang == .zh ? "--from 应早于 --to。" : "--from must not be after --to.") }
            var periods = [first]
            while periods.last! < last { periods.append(periods.last!.next) }
            let scope = try region.map { try common.region($0, in: registry) }
            let months = try periods.map(consolidate)
            let statuses = format == .csv ? [] : try periods.map(status)
            let series = SeriesWorkbook(months: months, statuses: statuses, registry: registry,
                                        levels: level.isEmpty ? SeriesWorkbook.Level.allCases : level, region: scope)
            if format == .csv { return try emit(series.csv(), lang: lang) }
            try write(series.document(created: today), to: output ?? "jianxi-\(first)-\(last).xlsx", lang: lang)
        }
    }

    private func write(_ document: WorkbookDocument, to path: String, lang: Lang) throws {
        do {
            try WorkbookWriter.write(document, to: path)
        } catch {
            throw CommandFailure(message: error.message(lang))
        }
        printError(lang == .zh ? "已写入 \(path)" : "Wrote \(path)")
    }

    /// JSON and CSV go to standard output unless -o names a file (written whole or not at all).
    private func emit(_ text: String, lang: Lang) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure(message: lang == .zh ? "无法写入 \(output)：\(error.localizedDescription)" : "Cannot write \(output): \(error.localizedDescription)")
        }
    }
}

extension SeriesWorkbook.Level: ExpressibleByArgument {}
