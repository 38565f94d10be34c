import ArgumentParser
import JianxiDomain
import JianxiRead
import JianxiReport
import JianxiRules
import JianxiStore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "检查报表：表内逻辑关系、数值、区划和报送期限。Check returns before sending them.",
        discussion: """
            FILE 可以是 CSV 或 JSON 文件（UTF-8 或 GBK），也可以是文件夹（检查其中所有 .csv 和 .json）。
            FILE may be CSV or JSON (UTF-8 or GBK), or a folder (every .csv and .json in it).
            退出码 Exit: 0 没有错误 no errors; 1 有错误 errors found; 2 无法执行 could not run.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "输出格式 Output: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "把空白的指标单元格当作0。Treat empty figure cells as 0.")
    var blankAsZero = false

    @Option(help: ArgumentHelp("同时与数据库中的上月数据比较（提示性审核）并采用已有说明。Also check against the previous month in this store, and apply explanations on record.", valueName: "PATH"))
    var db: String?

    @Argument(help: ArgumentHelp("报表文件或文件夹 Return files or folders.", valueName: "FILE"))
    var paths: [String]

    func run() throws {
        let lang = common.language
        let validator = try common.validator()
        let files = try expand(paths, lang: lang)
        let store = try db.map { try StoreOptions.open($0, lang) }
        let out = StandardOutput()
        defer { out.flush() }
        var writer: any CheckReportWriter = switch format {
        case .text: TextReportWriter(lang: lang, sink: out.line)
        case .json: JSONReportWriter(lang: lang, bytes: out.line)
        }
        var summary = CheckSummary()
        let reader = ReturnFileReader(options: ReadOptions(blankAsZero: blankAsZero), registry: validator.registry)
        for file in files {
            writer.beginFile(file)
            var storeFailure: Error?
            // Lookups throw StoreErrors, which name the store in both languages (`ReturnStore.reading`).
            func check(_ lookup: (String, Period) throws -> ReturnStore.Context) -> [Finding] {
                reader.read(path: file) { read in
                    var context: ReturnStore.Context = (.notConsulted, [:])
                    if let code = read.value.regionCode, let period = read.value.period {
                        do { context = try lookup(code, period) } catch { storeFailure = error }
                    }
                    let checked = validator.validate(read, previous: context.previous, explanations: context.explanations)
                    summary.add(checked)
                    writer.write(checked)
                }
            }
            // A file's returns are compared with one view of the store.
            let findings: [Finding]
            do throws(StoreError) {
                findings = if let store { try store.reading { check($0) } } else { check { _, _ in (.notConsulted, [:]) } }
            } catch {
                storeFailure = error
                findings = []
            }
            if let storeFailure {
                throw CommandFailure(message: (storeFailure as? StoreError)?.message(lang) ?? "\(storeFailure)")
            }
            summary.add(fileFindings: findings)
            writer.endFile(file, findings: findings)
        }
        writer.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }
}

/// Files named, and the .csv and .json files under folders named; a path that does not exist
/// stops the command before anything is read.
func expand(_ paths: [String], lang: Lang) throws -> [String] {
    do {
        return try InputFiles.expand(paths)
    } catch let missing as InputFiles.Missing {
        throw CommandFailure(message: lang == .zh ? "找不到 \(missing.path)：路径不存在。" : "\(missing.path): no such file or folder.")
    }
}
