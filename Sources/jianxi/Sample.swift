import ArgumentParser
import Foundation
import JianxiDomain
import JianxiSample

extension SampleLayout: ExpressibleByArgument {}

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成模拟区划和报表（用于测试和性能测试）。Generate a synthetic registry and returns, for tests and benchmarks.",
        discussion: """
            写出 DIR/regions.csv（模拟区划，代码以9开头，不会与真实代码混淆）和报表（one-file：DIR/returns.csv；per-return：DIR/returns/<统计期>/<代码>.csv），同名文件被替换。同一 --seed 生成的文件逐字节相同。检查时加 --regions DIR/regions.csv。
            Writes DIR/regions.csv (synthetic regions, codes starting with 9, never taken for real ones) and the returns (one-file: DIR/returns.csv; per-return: DIR/returns/<period>/<code>.csv), replacing files of the same names. The same --seed gives byte-identical files. Check them with --regions DIR/regions.csv.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("县级填报单位数（1-\(SampleRegions.maximumUnits)）。County-level reporting units.", valueName: "N"))
    var units: Int = 100

    @Option(help: ArgumentHelp("月数。Number of months.", valueName: "M"))
    var months: Int = 12

    @Option(help: ArgumentHelp("随机种子。Random seed.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("输出文件夹。Output folder.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("第一个统计期（默认使最后一个月及其报送日期都早于今天）。First period (default: the last month and all its submissions fall before today).", valueName: "PERIOD"))
    var firstPeriod: String?

    @Option(help: "文件布局 Layout: one-file (DIR/returns.csv) or per-return (DIR/returns/<period>/<code>.csv).")
    var layout: SampleLayout = .oneFile

    @Option(help: ArgumentHelp("故意含错误的报表比例。Share of returns with a deliberate error.", valueName: "R"))
    var errorRate: Double = 0.02

    @Option(help: ArgumentHelp("逾期报送的比例。Share of returns submitted late.", valueName: "R"))
    var lateRate: Double = 0.03

    func run() throws {
        let lang = common.language
        let calendar = try common.calendar()
        let today = try common.todayDate()
        let first: Period
        if let firstPeriod {
            first = try common.period(firstPeriod)
        } else {
            first = SampleOptions.defaultFirstPeriod(months: months, today: today, calendar: calendar)
        }
        let options = SampleOptions(units: units, months: months, seed: seed, firstPeriod: first,
                                    errorRate: errorRate, lateRate: lateRate)
        if options.problem != nil {
            throw CommandFailure(message: lang == .zh
                ? "参数有误：--units 应为1-\(SampleRegions.maximumUnits)，--months 至少为1，--error-rate 和 --late-rate 应在0到1之间。"
                : "Bad options: --units must be 1-\(SampleRegions.maximumUnits), --months at least 1, --error-rate and --late-rate 0 to 1.")
        }
        let generator = SampleGenerator(options: options, calendar: calendar)
        let summary: SampleSummary
        do {
            summary = try generator.write(to: out, layout: layout)
        } catch {
            throw CommandFailure(message: lang == .zh ? "无法写入 \(error.path)：\(error.reason)" : "Cannot write \(error.path): \(error.reason)")
        }
        let span = "\(first)…\(options.lastPeriod)"
        print(lang == .zh
            ? "已生成\(summary.returns)份报表（\(units)个单位×\(months)个月，\(span)），其中\(summary.withErrors)份故意含错误、\(summary.late)份逾期；\(summary.paths.joined(separator: "，"))"
            : "Wrote \(summary.returns) returns (\(units) units × \(months) months, \(span)), \(summary.withErrors) with a deliberate error, \(summary.late) late: \(summary.paths.joined(separator: ", "))")
        if let latest = summary.latestSubmission, latest > today {
            printError(lang == .zh
                ? "注意：最晚的填报时间\(latest)晚于今天（\(today)），jianxi check 会报错；去掉 --first-period 或改用更早的统计期。"
                : "Note: the latest submission date \(latest) is after today (\(today)), which jianxi check reports as an error; leave out --first-period or start earlier.")
        }
    }
}
