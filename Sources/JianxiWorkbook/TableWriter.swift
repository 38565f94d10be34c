import CXlsxWriter
import JianxiDomain

/// A plain table: a bold, filled header row with an autofilter, kept in view with the first
/// `frozenColumns` columns and printed on every page; typed cells below. Rows go out strictly in
/// order with no merges, so the same code serves constant_memory (streaming) workbooks, and a
/// table whose rows are produced as it is written.
enum TableWriter {
    static func write(_ table: TableSheet, to sheet: XLSXWorksheet) throws(WorkbookError) {
        for (index, column) in table.columns.enumerated() {
            try sheet.setColumns(index...index, width: column.width ?? defaultWidth(column))
        }
        sheet.freeze(rows: 1, columns: table.frozenColumns)
        try sheet.printSetup(titleRows: 0...0)
        if !table.columns.isEmpty {
            try sheet.autofilter(rows: 0...table.rows.count, columns: 0...(table.columns.count - 1))
        }
        for (index, column) in table.columns.enumerated() {
            try sheet.write(column.title, row: 0, column: index, style: headerStyle)
        }
        let formats = Formats(sheet.workbook)
        var row = 0
        func emit(_ cells: [TableSheet.Cell]) throws(WorkbookError) {
            row += 1
            for (column, cell) in cells.enumerated() {
                try write(cell, row: row, column: column, to: sheet, formats: formats)
            }
        }
        switch table.rows.source {
        case .held(let rows):
            for cells in rows { try emit(cells) }
        case .produced(let produce):
            try produce(emit)
            guard row == table.rows.count else {
                throw .invalid(Text(zh: "表格「\(table.name)」应有 \(table.rows.count) 行，实际生成了 \(row) 行。",
                                    en: "The table '\(table.name)' should have \(table.rows.count) rows but \(row) were made."))
            }
        }
    }

    private static func write(_ cell: TableSheet.Cell, row: Int, column: Int, to sheet: XLSXWorksheet, formats: Formats) throws(WorkbookError) {
        switch cell {
        case .empty: break
        case .text(let text): try sheet.write(text, row: row, column: column, format: nil)
        case .integer(let value): try sheet.write(Double(value), row: row, column: column, format: formats.integer)
        // Exact yuan become a binary fraction only here, for the cell: yuan / 10000 rounds once.
        case .amount(let amount): try sheet.write(Double(amount.yuan) / 10_000, row: row, column: column, format: formats.amount)
        case .percent(let fraction): try sheet.write(fraction, row: row, column: column, format: formats.percent)
        case .state(let text, let colour): try sheet.write(text, row: row, column: column, format: formats.state(colour))
        }
    }

    /// Wide enough for the title (and the filter button); a CJK character counts 2.
    static func defaultWidth(_ column: TableSheet.Column) -> Double {
        let minimum = switch column.kind {
        case .text, .amount: 10
        case .integer, .percent: 8
        }
        return Double(max(TextMetrics.width(column.title) + 4, minimum))
    }

    private static let headerStyle = CellStyle(bold: true, align: .center, verticalCenter: true, wrap: true, border: true, fill: 0xDDEBF7)
    private static let integerStyle = CellStyle(numberFormat: "0")
    private static let amountStyle = CellStyle(numberFormat: "0.00")
    private static let percentStyle = CellStyle(numberFormat: "0.0%")

    private static func fill(_ colour: TableSheet.StateColour) -> UInt32 {
        switch colour {
        case .good: 0xC6EFCE
        case .late: 0xFCD5B4
        case .missing: 0xD9D9D9
        case .rejected: 0xFFC7CE
        }
    }

    /// The table's cell formats, each looked up once, on first use (the workbook numbers its
    /// formats in that order, so the file stays the same).
    private final class Formats {
        typealias Format = UnsafeMutablePointer<lxw_format>
        let workbook: XLSXWorkbook
        private var cache: [Format??] = Array(repeating: nil, count: 7)

        init(_ workbook: XLSXWorkbook) { self.workbook = workbook }

        private func format(_ slot: Int, _ style: @autoclosure () -> CellStyle) -> Format? {
            if let format = cache[slot] { return format }
            let format = workbook.format(style())
            cache[slot] = .some(format)
            return format
        }

        var integer: Format? { format(0, TableWriter.integerStyle) }
        var amount: Format? { format(1, TableWriter.amountStyle) }
        var percent: Format? { format(2, TableWriter.percentStyle) }

        func state(_ colour: TableSheet.StateColour) -> Format? {
            let slot = switch colour {
            case .good: 3
            case .late: 4
            case .missing: 5
            case .rejected: 6
            }
            return format(slot, CellStyle(fill: TableWriter.fill(colour)))
        }
    }
}
