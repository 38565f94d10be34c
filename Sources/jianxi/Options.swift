import ArgumentParser
import Foundation
import JianxiDomain
import JianxiRead
import JianxiRules

extension Lang: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// Options every command shares: the language, and the reference data it works with.
struct CommonOptions: ParsableArguments {
    @Option(help: "消息语言 Message language: zh or en (default zh, or $JIANXI_LANG).")
    var lang: Lang?

    @Option(name: .customLong("regions"), help: ArgumentHelp(
        "区划表CSV（code,name,level,parent_code），替换内置的江西区划；与 builtin 同用则为扩充。Region registry CSV; replaces the built-in Jiangxi registry, or extends it when `builtin` is also given.",
        valueName: "FILE|builtin"))
    var regionFiles: [String] = []

    @Option(name: .customLong("calendar"), help: ArgumentHelp(
        "节假日安排CSV（date,kind,name），补充或更正内置的2023-2026年安排。Holiday schedule CSV adding years to the built-in 2023-2026 calendar (a year in the file replaces that year).",
        valueName: "FILE"))
    var calendarFiles: [String] = []

    @Option(name: .customLong("rules"), help: ArgumentHelp("审核规则文件，替换内置规则。Rules file replacing the built-in rules (Schemas/rules.json).", valueName: "FILE"))
    var rulesFile: String?

    @Option(help: ArgumentHelp("按此日期作为今天（默认北京时间今天）。Take this date as today (default: today in China).", valueName: "DATE"))
    var today: String?

    var language: Lang {
        lang ?? ProcessInfo.processInfo.environment["JIANXI_LANG"].flatMap(Lang.init(rawValue:)) ?? .zh
    }

    func todayDate() throws -> CivilDate {
        guard let today else { return CivilDate.today() }
        guard let date = CivilDate(parsing: today) else {
            throw CommandFailure(message: language == .zh ? "--today 的日期“\(today)”无法识别，请写成 2024-04-03。" : "--today: cannot read the date \"\(today)\"; write it as 2024-04-03.")
        }
        return date
    }

    /// Files replace the built-in registry; each file extends what comes before it, so
    /// `--regions builtin --regions FILE` extends the built-in one.
    /// The validator for the registry, calendar, rules and date chosen.
    func validator() throws -> ReturnValidator {
        ReturnValidator(registry: try registry(), calendar: try calendar(), rules: try rules(), today: try todayDate())
    }

    func registry() throws -> RegionRegistry {
        var registry: RegionRegistry?
        for file in regionFiles {
            registry = file == "builtin" ? .builtin
                : try load(file) { [registry] in try RegionRegistry.load(csv: $0, source: file, extending: registry) }
        }
        return registry ?? .builtin
    }

    func calendar() throws -> WorkingCalendar {
        try calendarFiles.reduce(WorkingCalendar.builtin) { calendar, file in
            calendar.merging(try load(file) { try WorkingCalendar.load(csv: $0, source: file) })
        }
    }

    func rules() throws -> RuleSet {
        guard let rulesFile else { return .builtin }
        return try load(rulesFile) { try RuleSet(json: $0, source: rulesFile) }
    }

    private func load<T>(_ path: String, _ parse: ([UInt8]) throws -> T) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: language == .zh ? "无法读取文件 \(path)：文件不存在或没有读取权限。" : "Cannot read \(path): no such file, or no permission.")
        }
        do {
            return try parse(Array(data))
        } catch {
            throw CommandFailure(message: describe(error))
        }
    }

    func describe(_ error: Error) -> String {
        switch error {
        case let e as ReferenceDataError: e.message(language)
        case let e as RuleFileError: e.message(language)
        default: "\(error)"
        }
    }
}
