import JianxiDomain

/// A plain table: a bold, filled header row with an autofilter, kept in view with the first
/// `frozenColumns` columns and printed on every page; typed cells below. Rows go out strictly in
/// order with no merges, so the same code serves constant_memory (streaming) workbooks.
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
        for (index, cells) in table.rows.enumerated() {
            for (column, cell) in cells.enumerated() {
                try write(cell, row: index + 1, column: column, to: sheet)
            }
        }
    }

    private static func write(_ cell: TableSheet.Cell, row: Int, column: Int, to sheet: XLSXWorksheet) throws(WorkbookError) {
        switch cell {
        case .empty: break
        case .text(let text): try sheet.write(text, row: row, column: column)
        case .integer(let value): try sheet.write(Double(value), row: row, column: column, style: integerStyle)
        // Exact yuan become a binary fraction only here, for the cell: yuan / 10000 rounds once.
        case .amount(let amount): try sheet.write(Double(amount.yuan) / 10_000, row: row, column: column, style: amountStyle)
        case .percent(let fraction): try sheet.write(fraction, row: row, column: column, style: percentStyle)
        case .state(let text, let colour): try sheet.write(text, row: row, column: column, style: CellStyle(fill: fill(colour)))
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
}
