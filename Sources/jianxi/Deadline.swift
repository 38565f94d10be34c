import ArgumentParser
import JianxiDomain
import JianxiRead

struct Deadline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "报送截止日期：次月第5个工作日。Deadline of each period: the 5th working day of the next month.",
        discussion: "输出每行“统计期 截止日期”，如 2023-09 2023-10-11。Prints one line per period: PERIOD DEADLINE.")

    @OptionGroup var common: CommonOptions

    @Option(help: "输出格式 Output: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("列出这一年的12个统计期。List the 12 periods of this year.", valueName: "YEAR"))
    var year: Int?

    @Argument(help: ArgumentHelp("统计期，如 2024-03、202403、2024年3月。Periods.", valueName: "PERIOD"))
    var periods: [String] = []

    func validate() throws {
        if periods.isEmpty && year == nil { throw ValidationError("Give at least one PERIOD, or --year.") }
    }

    func run() throws {
        let lang = common.language
        var list: [Period] = []
        if let year {
            guard let january = Period(year: year, month: 1) else { throw CommandFailure(message: lang == .zh ? "年份\(year)无效。" : "Invalid year \(year).") }
            list = (0..<12).reduce(into: [january]) { acc, _ in acc.append(acc.last!.next) }.dropLast()
        }
        list += try periods.map(common.period)
        let calendar = try common.calendar()
        let deadlines = list.map { calendar.deadline(for: $0) }
        let out = StandardOutput()
        defer { out.flush() }
        switch format {
        case .text:
            for d in deadlines { out.line("\(d.period) \(d.date)") }
        case .json:
            let items: [JSONValue] = deadlines.map { d in
                .record([("period", .string(d.period.description)), ("deadline", .string(d.date.description)),
                         ("calendar_covers_month", .bool(!d.usesFallback))])
            }
            out.line(JSONWriter.write(.record([("deadlines", .list(items))]), pretty: true))
        }
        let uncovered = Set(deadlines.filter(\.usesFallback).map { $0.period.next.year }).sorted()
        if !uncovered.isEmpty {
            let years = uncovered.map(String.init).joined(separator: ", ")
            printError(lang == .zh ? "提示：未收录\(years)年的节假日安排，这些截止日期按周一至周五推算，可能不准；用 --calendar 提供安排。"
                : "warning: no holiday schedule for \(years); those deadlines assume Monday-Friday and may be wrong. Give one with --calendar.")
        }
    }
}
