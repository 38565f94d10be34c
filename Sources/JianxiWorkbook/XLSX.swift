import CXlsxWriter
import Foundation
import JianxiDomain

// A thin Swift layer over libxlsxwriter: handles with Swift names, every `lxw_error` thrown as a
// `WorkbookError` naming the sheet and cell, strings passed as C strings only for the length of a
// call. Nothing here is public; the module's API is `WorkbookWriter` and `WorkbookError`.

/// How a cell looks. Each distinct style becomes one libxlsxwriter format, created on first use,
/// so the same document always yields the same styles.xml.
struct CellStyle: Hashable {
    enum Align { case general, left, center, right }

    var bold = false
    var fontSize: Double?
    var align = Align.general
    var verticalCenter = false
    var wrap = false
    var border = false
    var numberFormat: String?
    /// RGB, e.g. 0xFFC7CE.
    var fill: UInt32?
}

final class XLSXWorkbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    let constantMemory: Bool
    private let path: String

    /// Nothing touches the disk until `close()`: libxlsxwriter creates the file there. `path`
    /// holds no NUL (checked by `WorkbookWriter`).
    init(path: String, constantMemory: Bool) throws(WorkbookError) {
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        handle = path.withCString { workbook_new_opt($0, &options) }
        self.constantMemory = constantMemory
        self.path = path
        if handle == nil { throw .library(LXW_ERROR_MEMORY_MALLOC_FAILED, doing: .init(zh: "创建工作簿", en: "creating the workbook")) }
    }

    deinit {
        // Only reached without close(), after an error: free without writing anything.
        if let handle { lxw_workbook_free(handle) }
    }

    /// `created` in seconds since 1970 (0 = now); a fixed value makes the file byte-for-byte repeatable.
    func setProperties(title: String, subject: String, author: String, created: Int) throws(WorkbookError) {
        let error = cString(title) { title in
            cString(subject) { subject in
                cString(author) { author in
                    var properties = lxw_doc_properties()
                    properties.title = UnsafeMutablePointer(mutating: title)
                    properties.subject = UnsafeMutablePointer(mutating: subject)
                    properties.author = UnsafeMutablePointer(mutating: author)
                    properties.created = time_t(created)
                    return workbook_set_properties(handle, &properties)  // copies the strings
                }
            }
        }
        try check(error, doing: .init(zh: "设置文档属性", en: "setting the document properties"))
    }

    /// The name must already be valid and unique (see `SheetNames`).
    func addWorksheet(_ name: String) throws(WorkbookError) -> XLSXWorksheet {
        guard let sheet = cString(name, { workbook_add_worksheet(handle, $0) }) else {
            let reason = cString(name) { workbook_validate_sheet_name(handle, $0) }
            throw .library(reason == LXW_NO_ERROR ? LXW_ERROR_MEMORY_MALLOC_FAILED : reason,
                           doing: .init(zh: "添加工作表", en: "adding the sheet"), sheet: name)
        }
        return XLSXWorksheet(handle: sheet, name: name, workbook: self)
    }

    func addLineChart() throws(WorkbookError) -> XLSXChart {
        guard let chart = workbook_add_chart(handle, UInt8(LXW_CHART_LINE.rawValue)) else {
            throw .library(LXW_ERROR_MEMORY_MALLOC_FAILED, doing: .init(zh: "创建图表", en: "creating a chart"))
        }
        return XLSXChart(handle: chart)
    }

    /// The formats used last, most recent first: cells in a row mostly repeat a few styles, and
    /// comparing is cheaper than hashing.
    private var recent: [(style: CellStyle, format: UnsafeMutablePointer<lxw_format>)] = []

    /// nil for the default style: libxlsxwriter then writes no style index at all.
    func format(_ style: CellStyle) -> UnsafeMutablePointer<lxw_format>? {
        if let index = recent.firstIndex(where: { $0.style == style }) {
            let format = recent[index].format
            if index > 0 { recent.insert(recent.remove(at: index), at: 0) }
            return format
        }
        if style == CellStyle() { return nil }
        let format = lookUp(style)
        if let format {
            if recent.count == 4 { recent.removeLast() }
            recent.insert((style, format), at: 0)
        }
        return format
    }

    private func lookUp(_ style: CellStyle) -> UnsafeMutablePointer<lxw_format>? {
        if let format = formats[style] { return format }
        guard let format = workbook_add_format(handle) else { return nil }
        if style.bold { format_set_bold(format) }
        if let size = style.fontSize { format_set_font_size(format, size) }
        switch style.align {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        if style.verticalCenter { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)) }
        if style.wrap { format_set_text_wrap(format) }
        if style.border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if let numberFormat = style.numberFormat { cString(numberFormat) { format_set_num_format(format, $0) } }
        if let fill = style.fill { format_set_bg_color(format, fill) }  // a solid pattern is implied
        formats[style] = format
        return format
    }

    /// Writes the file. libxlsxwriter frees the workbook whatever the outcome.
    func close() throws(WorkbookError) {
        let error = workbook_close(handle)
        handle = nil
        try check(error, doing: .init(zh: "写出 \(path) ", en: "writing \(path)"))
    }
}

struct XLSXWorksheet {
    let handle: UnsafeMutablePointer<lxw_worksheet>
    let name: String
    unowned let workbook: XLSXWorkbook

    func write(_ text: String, row: Int, column: Int, style: CellStyle = CellStyle()) throws(WorkbookError) {
        let format = workbook.format(style)
        // Always a string cell: "=1+1" stays text (worksheet_write_string never parses formulas).
        try check(cString(text) { worksheet_write_string(handle, r(row), c(column), $0, format) }, row, column, "写入文字", "writing text")
    }

    func write(_ number: Double, row: Int, column: Int, style: CellStyle = CellStyle()) throws(WorkbookError) {
        try check(worksheet_write_number(handle, r(row), c(column), number, workbook.format(style)), row, column, "写入数字", "writing a number")
    }

    /// The same with a format already looked up (`XLSXWorkbook.format`), for many cells.
    func write(_ text: String, row: Int, column: Int, format: UnsafeMutablePointer<lxw_format>?) throws(WorkbookError) {
        let error = cString(text) { worksheet_write_string(handle, r(row), c(column), $0, format) }
        if error != LXW_NO_ERROR { try check(error, row, column, "写入文字", "writing text") }
    }

    func write(_ number: Double, row: Int, column: Int, format: UnsafeMutablePointer<lxw_format>?) throws(WorkbookError) {
        let error = worksheet_write_number(handle, r(row), c(column), number, format)
        if error != LXW_NO_ERROR { try check(error, row, column, "写入数字", "writing a number") }
    }

    /// A formula with its result stored beside it, so viewers that do not recalculate show `cached`.
    func write(formula: String, cached: Double, row: Int, column: Int, style: CellStyle = CellStyle()) throws(WorkbookError) {
        let format = workbook.format(style)
        try check(cString(formula) { worksheet_write_formula_num(handle, r(row), c(column), $0, format, cached) }, row, column, "写入公式", "writing a formula")
    }

    /// An empty cell that still shows its style (borders, fill); without a style nothing is written.
    func writeBlank(row: Int, column: Int, style: CellStyle) throws(WorkbookError) {
        try check(worksheet_write_blank(handle, r(row), c(column), workbook.format(style)), row, column, "写入空单元格", "writing a blank cell")
    }

    func merge(_ text: String, rows: ClosedRange<Int>, columns: ClosedRange<Int>, style: CellStyle) throws(WorkbookError) {
        let format = workbook.format(style)
        let error = cString(text) {
            worksheet_merge_range(handle, r(rows.lowerBound), c(columns.lowerBound), r(rows.upperBound), c(columns.upperBound), $0, format)
        }
        try check(error, rows.lowerBound, columns.lowerBound, "合并单元格", "merging cells")
    }

    /// A cell comment by "jianxi", `width` x `height` pixels.
    func comment(_ text: String, row: Int, column: Int, width: Int, height: Int) throws(WorkbookError) {
        let error = cString(text) { text in
            cString("jianxi") { author in
                var options = lxw_comment_options()
                options.author = UnsafeMutablePointer(mutating: author)  // copied by libxlsxwriter
                options.width = UInt16(clamping: width)
                options.height = UInt16(clamping: height)
                return worksheet_write_comment_opt(handle, r(row), c(column), text, &options)
            }
        }
        try check(error, row, column, "写入批注", "writing a comment")
    }

    func setRow(_ row: Int, height: Double) throws(WorkbookError) {
        try check(worksheet_set_row(handle, r(row), height, nil), row, 0, "设置行高", "setting a row height")
    }

    func setColumns(_ columns: ClosedRange<Int>, width: Double) throws(WorkbookError) {
        try check(worksheet_set_column(handle, c(columns.lowerBound), c(columns.upperBound), width, nil), 0, columns.lowerBound, "设置列宽", "setting a column width")
    }

    /// Keeps `rows` rows and `columns` columns in view.
    func freeze(rows: Int, columns: Int) {
        worksheet_freeze_panes(handle, r(rows), c(columns))
    }

    func autofilter(rows: ClosedRange<Int>, columns: ClosedRange<Int>) throws(WorkbookError) {
        let error = worksheet_autofilter(handle, r(rows.lowerBound), c(columns.lowerBound), r(rows.upperBound), c(columns.upperBound))
        try check(error, rows.lowerBound, columns.lowerBound, "设置筛选", "setting the autofilter")
    }

    /// A4 landscape, one page wide, `titleRows` repeated on every page, centred, narrow margins.
    func printSetup(titleRows: ClosedRange<Int>?) throws(WorkbookError) {
        worksheet_set_paper(handle, 9)  // 9 = A4
        worksheet_set_landscape(handle)
        worksheet_fit_to_pages(handle, 1, 0)  // 0 pages tall = as many as needed
        worksheet_center_horizontally(handle)
        worksheet_set_margins(handle, 0.3, 0.3, 0.5, 0.5)  // inches
        guard let titleRows else { return }
        let error = worksheet_repeat_rows(handle, r(titleRows.lowerBound), r(titleRows.upperBound))
        try check(error, titleRows.lowerBound, 0, "设置打印标题行", "setting the print title rows")
    }

    func insert(_ chart: XLSXChart, row: Int, column: Int, xScale: Double, yScale: Double) throws(WorkbookError) {
        var options = lxw_chart_options()
        options.x_scale = xScale
        options.y_scale = yScale
        try check(worksheet_insert_chart_opt(handle, r(row), c(column), chart.handle, &options), row, column, "插入图表", "inserting a chart")
    }

    private func check(_ error: lxw_error, _ row: Int, _ column: Int, _ zh: String, _ en: String) throws(WorkbookError) {
        if error != LXW_NO_ERROR {
            throw .library(error, doing: .init(zh: zh, en: en), sheet: name, cell: CellReference.name(row: row, column: column))
        }
    }

    // Out-of-range indices saturate, so libxlsxwriter reports them instead of Swift trapping.
    private func r(_ row: Int) -> lxw_row_t { lxw_row_t(clamping: row) }
    private func c(_ column: Int) -> lxw_col_t { lxw_col_t(clamping: column) }
}

struct XLSXChart {
    let handle: UnsafeMutablePointer<lxw_chart>

    /// Ranges are formulas such as `='图表数据'!$B$2:$B$13` (see `CellReference.range`).
    func addSeries(name: String, categories: String, values: String) throws(WorkbookError) {
        let series = cString(categories) { categories in cString(values) { chart_add_series(handle, categories, $0) } }
        guard let series else {
            throw .library(LXW_ERROR_MEMORY_MALLOC_FAILED, doing: .init(zh: "添加图表系列", en: "adding a chart series"))
        }
        cString(name) { chart_series_set_name(series, $0) }
    }

    func setTitle(_ title: String, yAxis: String) {
        cString(title) { chart_title_set_name(handle, $0) }
        cString(yAxis) { chart_axis_set_name(handle.pointee.y_axis, $0) }
        chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
    }
}

/// A1-style references, and ranges on a named sheet as chart formulas want them.
enum CellReference {
    static func column(_ index: Int) -> String { SpreadsheetColumn.letters(index) }

    static func name(row: Int, column: Int) -> String { "\(Self.column(column))\(row + 1)" }

    /// `='图表数据'!$A$2:$A$13`: always quoted (PLATFORM.md: Chinese names need it), quotes doubled.
    static func range(sheet: String, rows: ClosedRange<Int>, column: Int) -> String {
        let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        let col = Self.column(column)
        if rows.count == 1 { return "=\(quoted)!$\(col)$\(rows.lowerBound + 1)" }
        return "=\(quoted)!$\(col)$\(rows.lowerBound + 1):$\(col)$\(rows.upperBound + 1)"
    }
}

extension WorkbookError {
    static func library(_ error: lxw_error, doing what: Text, sheet: String? = nil, cell: String? = nil) -> WorkbookError {
        let reason = String(cString: lxw_strerror(error))
        let whereZH = sheet.map { "（工作表「\($0)」" + (cell.map { " \($0)" } ?? "") + "）" } ?? ""
        let whereEN = sheet.map { " (sheet '\($0)'" + (cell.map { ", cell \($0)" } ?? "") + ")" } ?? ""
        return WorkbookError(message: Text(
            zh: "生成 Excel 文件时\(what.zh)失败\(whereZH)：\(reason)",
            en: "Writing the Excel file failed while \(what.en)\(whereEN): \(reason)"))
    }
}

private func check(_ error: lxw_error, doing what: Text) throws(WorkbookError) {
    if error != LXW_NO_ERROR { throw .library(error, doing: what) }
}

/// C strings end at the first NUL: drop NULs rather than silently cut the text there.
private func cString<R>(_ text: String, _ body: (UnsafePointer<CChar>) -> R) -> R {
    let count = text.utf8.count
    return text.withCString { pointer in
        // No NUL before the end (strlen is quick; scanning the UTF-8 view is not).
        strlen(pointer) == count ? body(pointer) : text.filter { $0 != "\0" }.withCString(body)
    }
}
