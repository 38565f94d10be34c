import ArgumentParser
import Foundation
import JianxiDomain
import JianxiRead
import JianxiReport
import JianxiRules
import JianxiStore

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把报表存入数据库（保留每一版）。Store returns, keeping every revision.",
        discussion: """
            逐个文件入库：一个文件要么全部存入，要么一份也不存；重复执行不会重复存入。有错误的报表存为“退回”。
            Each file is stored whole or not at all; running again stores nothing twice. Returns with errors are stored as rejected.
            是否逾期按 --received-on，否则按填报时间，否则按今天判断。Lateness is judged on --received-on, else the return's date, else today.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "输出格式 Output: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("收到报表的日期，用于判断是否逾期。The date the returns were received, for lateness.", valueName: "DATE"))
    var receivedOn: String?

    @Flag(help: "把空白的指标单元格当作0。Treat empty figure cells as 0.")
    var blankAsZero = false

    @Argument(help: ArgumentHelp("报表文件或文件夹 Return files or folders.", valueName: "FILE|DIR"))
    var paths: [String]

    func run() throws {
        let lang = common.language
        let validator = try common.validator()
        let received = try receivedOn.map { text in
            guard let date = CivilDate(parsing: text) else {
                throw CommandFailure(message: lang == .zh ? "--received-on 的日期“\(text)”无法识别。" : "--received-on: cannot read the date \"\(text)\".")
            }
            return date
        }
        let files = try expand(paths, lang: lang)
        let database = try store.open(lang)
        let reader = ReturnFileReader(options: ReadOptions(blankAsZero: blankAsZero), registry: validator.registry)
        let progress = Progress(total: files.count, lang: lang)
        // Only what the report prints is kept of each file; `--format json`, which lists every
        // return, is written as each file is stored.
        var report = IngestReport()
        let json = format == .json ? StandardOutput() : nil
        json?.write(report.jsonStart)
        for (index, file) in files.enumerated() {
            progress.show(index)
            let ingested = try storeCall(lang) { () throws(StoreError) in
                try database.ingest(path: file, reader: reader, validator: validator, receivedOn: received)
            }
            json?.write(IngestReport.json(file: ingested, first: index == 0, lang))
            report.add(ingested)
        }
        progress.finish()
        if let json {
            json.line(report.jsonEnd)
            json.flush()
        } else {
            let out = StandardOutput()
            defer { out.flush() }
            report.text(lang, store: database.path).forEach(out.line)
        }
        if report.hasErrors { throw ExitCode(1) }
    }
}

/// "已处理 120/3400 个文件" on a terminal, for runs of a thousand files or more; nothing when
/// standard error is not a terminal.
struct Progress {
    let total: Int
    let lang: Lang
    private let enabled: Bool

    init(total: Int, lang: Lang) {
        self.total = total
        self.lang = lang
        enabled = total >= 1000 && isatty(STDERR_FILENO) == 1
    }

    func show(_ done: Int) {
        guard enabled, done % 50 == 0 else { return }
        printError(lang == .zh ? "\r已处理 \(done)/\(total) 个文件" : "\r\(done)/\(total) files", newline: false)
    }

    func finish() {
        if enabled { printError("\r\u{1B}[K", newline: false) }
    }
}
