import ArgumentParser
import Foundation
import JianxiDomain
import JianxiRead

struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "生成空白报表模板（CSV可直接用Excel/WPS打开）。Write a blank return to fill in.",
        discussion: "CSV 为带BOM的UTF-8，Excel/WPS 可直接打开；填好后用 jianxi check 检查。The CSV is UTF-8 with a BOM so Excel opens it directly.")

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("填入行政区划代码和单位名称。Fill in this region.", valueName: "CODE"))
    var region: String?

    @Option(help: ArgumentHelp("填入统计期（默认上个月）。Fill in this period (default: last month).", valueName: "PERIOD"))
    var period: String?

    @Option(help: "格式 Format: csv or json.")
    var format: TemplateFormat = .csv

    @Option(name: .shortAndLong, help: ArgumentHelp("写入文件（默认标准输出）。Write to this file (default: standard output).", valueName: "FILE"))
    var output: String?

    enum TemplateFormat: String, ExpressibleByArgument { case csv, json }

    func run() throws {
        let lang = common.language
        var blank = MonthlyReturn()
        if let region {
            let found = try common.region(region, in: try common.registry())
            blank.regionCode = found.code
            blank.regionName = found.name
        }
        blank.period = try period.map(common.period) ?? Period(containing: try common.todayDate()).previous
        let text = format == .csv ? ReturnWriter.csv([blank]) : ReturnWriter.json([blank])
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CommandFailure(message: lang == .zh ? "无法写入 \(output)：\(error.localizedDescription)" : "Cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
