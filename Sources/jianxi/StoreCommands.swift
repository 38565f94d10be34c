import ArgumentParser
import Foundation
import JianxiDomain
import JianxiReport
import JianxiRules
import JianxiStore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "报送情况：按时、逾期、未报、退回，兼作催报名单。Who is on time, late, missing or rejected.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("统计期 The period.", valueName: "PERIOD"))
    var period: String

    @Option(help: "输出格式 Output: table, csv or json.")
    var format: StatusFormat = .table

    enum StatusFormat: String, ExpressibleByArgument { case table, csv, json }

    func run() throws {
        let lang = common.language
        let period = try common.period(period)
        let registry = try common.registry()
        let calendar = try common.calendar()
        let today = try common.todayDate()
        let database = try store.open(lang)
        let status = try storeCall(lang) { () throws(StoreError) in
            try database.status(period: period, registry: registry, calendar: calendar, today: today)
        }
        let report = StatusReport(status)
        let out = StandardOutput()
        defer { out.flush() }
        switch format {
        case .table: report.table(lang).forEach(out.line)
        case .csv: out.line(String(report.csv().replacingOccurrences(of: "\r\n", with: "\n").dropLast()))  // "\r\n" is one Character
        case .json: out.line(report.json())
        }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "报表的各版及其变化。Every revision of a return and what changed.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var store: StoreOptions

    @OptionGroup var which: RegionPeriodOptions

    @Option(help: "输出格式 Output: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let lang = common.language
        let period = try common.period(which.period)
        let code = MonthlyReturn.normaliseRegionCode(which.region)
        let database = try store.open(lang)
        let revisions = try storeCall(lang) { () throws(StoreError) in try database.history(region: code, period: period) }
        let report = HistoryReport(code: code, region: try common.registry()[code], period: period, revisions: revisions)
        let out = StandardOutput()
        defer { out.flush() }
        switch format {
        case .text: report.text(lang).forEach(out.line)
        case .json: out.line(report.json(lang))
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "为提示性审核填写说明（错误不能说明）。Explain a warning so the figure stands (errors cannot be explained).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var store: StoreOptions

    @OptionGroup var which: RegionPeriodOptions

    @Option(help: ArgumentHelp("审核规则编号，如 H1。The warning's rule id.", valueName: "ID"))
    var rule: String

    @Argument(help: ArgumentHelp("说明文字 The explanation.", valueName: "TEXT"))
    var text: String

    func run() throws {
        let lang = common.language
        let period = try common.period(which.period)
        let code = try common.region(which.region, in: try common.registry()).code
        let rule = rule.uppercased()
        let warnings = Set(try common.rules().rules.filter { $0.severity == .warning }.map(\.id))
            .union(FindingCode.allCases.filter { $0.severity == .warning }.map(\.rawValue))
        guard warnings.contains(rule) else {
            throw CommandFailure(message: lang == .zh ? "\(rule)不是提示性审核：只有提示（警告）可以说明，错误必须更正后重新报送。"
                : "\(rule) is not a warning: only warnings can be explained; errors must be corrected and the return sent again.")
        }
        let text = text.trimmed
        guard !text.isEmpty else { throw CommandFailure(message: lang == .zh ? "说明不能为空。" : "The explanation is empty.") }
        let database = try store.open(lang)
        let outcome = try storeCall(lang) { () throws(StoreError) in try database.explain(region: code, period: period, rule: rule, text: text) }
        switch outcome {
        case .resolved?:
            print(lang == .zh ? "已记录：\(code) \(period.chinese)的\(rule)提示已说明。" : "Recorded: \(rule) of \(code) for \(period) is explained.")
        case .recordedWithoutWarning?:
            print(lang == .zh ? "已记录，但\(code) \(period.chinese)的当前版本没有\(rule)提示；之后出现时将视为已说明。"
                : "Recorded, but the current revision of \(code) for \(period) has no \(rule) warning; it will count as explained if one appears.")
        case nil:
            throw CommandFailure(message: lang == .zh ? "数据库中没有\(code) \(period.chinese)的报表，请先入库。" : "No return of \(code) for \(period) in the store; ingest it first.")
        }
    }
}

/// Which return: a region and a period.
struct RegionPeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("行政区划代码 Region code.", valueName: "CODE"))
    var region: String

    @Option(help: ArgumentHelp("统计期 The period.", valueName: "PERIOD"))
    var period: String
}
