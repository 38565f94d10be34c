import ArgumentParser
import JianxiDomain
import JianxiRead
import JianxiRules

struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "列出所有审核代码及处理办法。List every finding code and rule, with what to do.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let lang = common.language
        let out = StandardOutput()
        defer { out.flush() }
        for rule in try common.rules().rules {
            out.line("\(rule.id)\t\(rule.severity.rawValue)\t\(rule.expression.source)\t\(rule.title(lang))")
            out.line("\t\t\(rule.hint(lang))")
        }
        for code in FindingCode.allCases {
            out.line("\(code.rawValue)\t\(code.severity.rawValue)\t\(code.title(lang))")
            out.line("\t\t\(code.hint(lang))")
        }
    }
}

struct Regions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "输出区划表（CSV），可作为 --regions 文件的起点。Print the region registry as CSV, a start for --regions.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let out = StandardOutput()
        defer { out.flush() }
        out.line("code,name,level,parent_code")
        for region in try common.registry().regions {
            out.line([region.code, region.name, region.level.rawValue, region.parentCode ?? ""].map(CSVFormat.quote).joined(separator: ","))
        }
    }
}
