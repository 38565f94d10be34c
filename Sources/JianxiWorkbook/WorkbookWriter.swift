import Foundation
import JianxiDomain

/// Why a workbook could not be written; each says what to do. An existing file at the target
/// path is then left as it was.
public struct WorkbookError: Error, Sendable, CustomStringConvertible {
    public let message: Text

    public var description: String { message.en }

    /// A failure of whatever makes a table's rows as they are written (the store, say), with
    /// its own message.
    public init(message: Text) { self.message = message }

    static func noDirectory(_ directory: String) -> WorkbookError {
        WorkbookError(message: Text(zh: "输出目录 \(directory) 不存在，请先创建它或换一个路径。",
                                    en: "The output directory \(directory) does not exist; create it or choose another path."))
    }

    static func notADirectory(_ directory: String) -> WorkbookError {
        WorkbookError(message: Text(zh: "\(directory) 不是目录，无法在其中写入 Excel 文件。",
                                    en: "\(directory) is not a directory; cannot write the Excel file there."))
    }

    static func notWritable(_ directory: String) -> WorkbookError {
        WorkbookError(message: Text(zh: "没有权限写入目录 \(directory)，请检查权限或换一个路径。",
                                    en: "No permission to write in \(directory); check its permissions or choose another path."))
    }

    static func badPath(_ path: String) -> WorkbookError {
        WorkbookError(message: Text(zh: "输出路径“\(path)”无效，请给出 .xlsx 文件名。",
                                    en: "The output path \"\(path)\" is not valid; give an .xlsx file name."))
    }

    static func targetIsDirectory(_ path: String) -> WorkbookError {
        WorkbookError(message: Text(zh: "\(path) 是一个目录，请给出 .xlsx 文件名。",
                                    en: "\(path) is a directory; give an .xlsx file name."))
    }

    static func system(_ what: Text, _ path: String, errno code: Int32) -> WorkbookError {
        let reason = String(cString: strerror(code))
        return WorkbookError(message: Text(zh: "\(what.zh) \(path) 失败：\(reason)。原有文件未被改动。",
                                           en: "\(what.en) \(path) failed: \(reason). Any existing file was left as it was."))
    }

    /// The document itself is inconsistent: a bug in the stage that built it, not in the user's data.
    static func invalid(_ what: Text) -> WorkbookError {
        WorkbookError(message: Text(zh: "工作簿内容有误，未生成文件：\(what.zh)",
                                    en: "The workbook's content is inconsistent; no file was written: \(what.en)"))
    }
}

public enum WorkbookWriter {
    /// Writes `document` to `path` (an .xlsx file): first to `.<name>.tmp-<pid>` beside it, then
    /// renamed over the target, so readers never see half a file and a failure leaves any
    /// existing file untouched.
    public static func write(_ document: WorkbookDocument, to path: String) throws(WorkbookError) {
        // A C path ends at the first NUL: the file would land somewhere else.
        guard !path.isEmpty, !path.utf8.contains(0) else { throw .badPath(path) }
        let (directory, fileName) = split(path)
        try checkDirectory(directory, target: path)
        let names = SheetNames.assign(document.sheets.map(\.name))
        let charts = try ChartPlan.resolve(document, names: names)
        for sheet in document.sheets { if case .form(let form) = sheet { try FormLayout.validate(form) } }

        let temporary = "\(directory)/.\(fileName).tmp-\(getpid())"
        do throws(WorkbookError) {
            try build(document, names: names, charts: charts, at: temporary)
            try flush(temporary)
            if rename(temporary, path) != 0 {
                throw WorkbookError.system(Text(zh: "替换", en: "Replacing"), path, errno: errno)
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func build(_ document: WorkbookDocument, names: [String], charts: [Int: [ChartPlan]], at path: String) throws(WorkbookError) {
        let workbook = try XLSXWorkbook(path: path, constantMemory: document.streaming)
        let forms = document.sheets.compactMap { if case .form(let form) = $0 { form } else { nil } }
        try workbook.setProperties(
            title: forms.isEmpty ? names.joined(separator: "、") : FormLayout.title,
            subject: forms.map(\.subtitle).first ?? "江西省就业见习岗位募集计划",
            author: "jianxi",
            // Midnight UTC of the given day; 0 lets libxlsxwriter use the current time.
            created: document.created.map { $0.dayNumber * 86_400 } ?? 0)
        for (index, sheet) in document.sheets.enumerated() {
            let worksheet = try workbook.addWorksheet(names[index])
            switch sheet {
            case .form(let form): try FormLayout(form).write(to: worksheet)
            case .table(let table): try TableWriter.write(table, to: worksheet)
            case .charts: try ChartPlan.write(charts[index] ?? [], to: worksheet, workbook: workbook)
            }
        }
        try workbook.close()
    }

    /// "out/a.xlsx" -> ("out", "a.xlsx"); "a.xlsx" -> (".", "a.xlsx").
    private static func split(_ path: String) -> (directory: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func checkDirectory(_ directory: String, target: String) throws(WorkbookError) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw errno == ENOENT ? .noDirectory(directory) : .system(Text(zh: "访问目录", en: "Accessing the directory"), directory, errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notADirectory(directory) }
        guard access(directory, W_OK | X_OK) == 0 else { throw .notWritable(directory) }
        if target.hasSuffix("/") || (stat(target, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR) {
            throw .targetIsDirectory(target)
        }
    }

    /// The rename is only atomic on disk if the new file's bytes are there first.
    private static func flush(_ path: String) throws(WorkbookError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let code = errno
            if descriptor >= 0 { close(descriptor) }
            throw .system(Text(zh: "保存", en: "Saving"), path, errno: code)
        }
        close(descriptor)
    }
}

extension Sheet {
    /// The name asked for; the name written follows Excel's rules (`SheetNames`).
    var name: String {
        switch self {
        case .form(let form): form.name
        case .table(let table): table.name
        case .charts(let charts): charts.name
        }
    }
}
