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
        if let period {
            let month = try common.period(period)
            // Only the registry's regions can appear in a consolidation: read those.
            let current = try storeCall(lang) { () throws(StoreError) in
                try database.currentReturns(period: month, regions: registry.regions.map(\.code))
            }
            let consolidation: Consolidation
            do {
                consolidation = try Consolidation.build(period: month, registry: registry, current: current, rules: rules)
            } catch {
                throw CommandFailure(message: error.message(lang))
            }
            if format == .json { return try emit(ConsolidationReport.json(consolidation) + "\n", lang: lang) }
            let cityRegion = try city.map { try common.region($0, in: registry) }
            if let cityRegion, cityRegion.level != .city {
                throw CommandFailure(message: lang == .zh ? "\(cityRegion.code)不是设区市。" : "\(cityRegion.code) is not a city.")
            }
            let province = registry.regions.first { $0.level == .province }
            let footer = FormFooter(unit: unit ?? cityRegion?.name ?? province?.name ?? "", date: today.chinese, reporter: reporter, phone: phone)
            let status = try storeCall(lang) { () throws(StoreError) in
                try database.status(period: month, registry: registry, calendar: calendar, today: today)
            }
            let book = MonthWorkbook(consolidation: consolidation, status: status, footer: footer)
            let name = "jianxi-\(cityRegion.map { $0.code + "-" } ?? "")\(month).xlsx"
            try write(book.document(city: cityRegion, created: today), to: output ?? name, lang: lang)
        } else if let from, let to {
            let first = try common.period(from), last = try common.period(to)
            guard first <= last else { throw CommandFailure(message: lang == .zh ? "--from 应早于 --to。" : "--from must not be after --to.") }
            var periods = [first]
            while periods.last! < last { periods.append(periods.last!.next) }
            let scope = try region.map { try common.region($0, in: registry) }
            let layout = Consolidation.Layout(registry: registry)
            let codes = registry.regions.map(\.code)
            // The months come from the store one at a time, as the workbook or CSV is written;
            // a failure of the store or of a consolidation ends it with its own message.
            let series = SeriesWorkbook(periods: periods, registry: registry, levels: level.isEmpty ? SeriesWorkbook.Level.allCases : level,
                                        region: scope) { states, body in
                do {
                    try database.forEachPeriod(from: first, to: last, regions: codes, states: states) { month in
                        try body(try Consolidation.build(period: month.period, layout: layout, current: month.current, rules: rules), month.states)
                    }
                } catch let error as StoreError {
                    throw WorkbookError(message: error.message)
                } catch let error as ConsolidationError {
                    throw WorkbookError(message: error.message)
                }
            }
            if format == .csv { return try emitCSV(series, lang: lang) }
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
            throw CommandFailure(message: cannotWrite(output, error.localizedDescription, lang))
        }
    }

    private func cannotWrite(_ path: String, _ reason: String, _ lang: Lang) -> String {
        lang == .zh ? "无法写入 \(path)：\(reason)" : "Cannot write \(path): \(reason)"
    }

    /// The series' long table as CSV, written as it is made: to standard output, or to a
    /// temporary file beside `-o` renamed into place at the end (whole or not at all).
    private func emitCSV(_ series: SeriesWorkbook, lang: Lang) throws {
        guard let output else {
            do {
                try series.csv { bytes in try writeAll(1, bytes) }
            } catch let error as WorkbookError {
                throw CommandFailure(message: error.message(lang))
            } catch {
                return  // standard output closed (a pipe to `head`): nothing more can be said
            }
            return
        }
        let slash = output.lastIndex(of: "/")
        let directory = slash.map { String(output[...$0]) } ?? ""
        let temporary = directory + "." + (slash.map { String(output[output.index(after: $0)...]) } ?? output) + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw CommandFailure(message: cannotWrite(output, String(cString: strerror(errno)), lang)) }
        do {
            do {
                try series.csv { bytes in try writeAll(fd, bytes) }
                if fsync(fd) != 0 { throw SystemError(code: errno) }
            } catch {
                close(fd)
                throw error
            }
            if close(fd) != 0 { throw SystemError(code: errno) }
            if rename(temporary, output) != 0 { throw SystemError(code: errno) }
        } catch {
            unlink(temporary)
            if let error = error as? WorkbookError { throw CommandFailure(message: error.message(lang)) }
            let reason = (error as? SystemError).map { String(cString: strerror($0.code)) } ?? "\(error)"
            throw CommandFailure(message: cannotWrite(output, reason, lang))
        }
    }
}

private struct SystemError: Error { let code: Int32 }

/// Writes all of `bytes` to a file descriptor.
private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
    var offset = 0
    while offset < bytes.count {
        let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            throw SystemError(code: errno)
        }
        offset += written
    }
}

extension SeriesWorkbook.Level: ExpressibleByArgument {}
