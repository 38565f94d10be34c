import JianxiDomain

/// Attachment 3 (百万就业见习岗位募集计划情况汇总表) as a worksheet: title, unit line, the
/// three-row header with the "of which" (其中) structure, the row of column numbers, data and total
/// rows, the footer and the seven 填报说明. Column A holds the region, B..O indicators 1..14.
struct FormLayout {
    static let title = "百万就业见习岗位募集计划情况汇总表"
    static let unitLine = "单位：个、人、万元"
    /// 填报说明 as printed in the notice (赣人社发〔2023〕9号, Attachment 3), without the spaces its
    /// PDF extraction put around digits.
    static let instructions = [
        "1.本表于下月前5个工作日内上报，遇节假日顺延。",
        "2.指标8“本期完成见习人数”：是指统计周期内，按照见习协议的规定，如期完成就业见习的人数；以及见习期虽未满，但提前被见习单位留用的人数。（见习期内，因见习人员个人原因等提前结束见习的人员数不算在内）",
        "3.指标11“其他方式就业人数”：是指见习期满后除被见习单位留用外，通过见习单位或公共就业人才服务机构推荐、个人自主择业等方式实现就业的人数。",
        "4.指标12“本期非正常结束见习人数”：是指统计周期内，见习期未满，因个人选择或见习单位变动等原因，未按照见习协议规定提前结束见习，且未被留用的人员数量。",
        "5.指标14“本年累计各级财政实际拨付的见习补贴资金数”：是指省、市、县级财政实际拨付的见习补贴资金数，包括分配拨付中央财政下达的就业补助资金中用于见习补贴的部分。",
        "6.指标中的“本期”：是指统计周期当期实有情况，不与上期数据累积。",
        "7.逻辑关系：1≥2，3≥4，5≥6≥7，8≥9+11，9≥10。",
    ]
    /// The label column's entry in the row of column numbers. Chinese statistical forms number
    /// their descriptive columns 甲, 乙… and their figure columns 1, 2…; the notice's own table
    /// leaves the cell empty, but "甲" marks the row as column numbers, not a region with no name.
    static let indexLabel = "甲"

    // Rows (0-based): the header takes three, then the column numbers, then the data.
    static let headerRows = 2...4
    static let indexRow = 5
    static let firstDataRow = 6
    static let lastColumn = Indicator.allCases.count

    /// Excel allows 255 arguments in a function call.
    static let maximumSumArguments = 255

    let form: FormSheet

    init(_ form: FormSheet) { self.form = form }

    /// Totals must add up rows that exist and never, through other totals, themselves.
    static func validate(_ form: FormSheet) throws(WorkbookError) {
        for (index, row) in form.rows.enumerated() {
            guard let parts = row.sumOf else { continue }
            if let bad = parts.first(where: { !form.rows.indices.contains($0) }) {
                throw .invalid(Text(zh: "工作表「\(form.name)」的合计行「\(row.label)」引用了不存在的第 \(bad) 行。",
                                    en: "The total row '\(row.label)' on sheet '\(form.name)' refers to row \(bad), which does not exist."))
            }
            if sumArguments(parts, column: 1).count > maximumSumArguments {
                throw .invalid(Text(zh: "工作表「\(form.name)」的合计行「\(row.label)」所加的行过于分散，超出 Excel 公式参数上限 255 个。",
                                    en: "The total row '\(row.label)' on sheet '\(form.name)' adds rows too scattered for Excel's 255 formula arguments."))
            }
            var seen: Set<Int> = []
            var stack = parts
            while let next = stack.popLast() {
                if next == index {
                    throw .invalid(Text(zh: "工作表「\(form.name)」的合计行「\(row.label)」直接或间接地加上了它自己。",
                                        en: "The total row '\(row.label)' on sheet '\(form.name)' adds itself, directly or through other totals."))
                }
                if seen.insert(next).inserted { stack += form.rows[next].sumOf ?? [] }
            }
        }
    }

    func write(to sheet: XLSXWorksheet) throws(WorkbookError) {
        let widths = columnWidths()
        for (column, width) in widths.enumerated() { try sheet.setColumns(column...column, width: width) }
        let blocks = titleBlocks() + headerBlocks() + indexBlocks() + dataBlocks() + footerBlocks()
        var heights: [Int: Double] = [0: 30, 1: 20]
        heights.merge(Self.fittedHeights(blocks, widths: widths), uniquingKeysWith: max)
        try Self.emit(blocks, heights: heights, to: sheet)
        sheet.freeze(rows: Self.firstDataRow, columns: 1)
        try sheet.printSetup(titleRows: Self.headerRows.lowerBound...Self.indexRow)
    }

    // MARK: Layout

    /// A cell or a merged range with its content.
    struct Block {
        enum Content { case text(String), number(Double), formula(String, cached: Double), blank }
        var rows: ClosedRange<Int>
        var columns: ClosedRange<Int>
        var content: Content
        var style: CellStyle
        var note: CellNote?
        /// Whether the text's lines decide row heights (headers, footer, instructions).
        var fitsHeight = false

        init(_ rows: ClosedRange<Int>, _ columns: ClosedRange<Int>, _ content: Content, _ style: CellStyle,
             note: CellNote? = nil, fitsHeight: Bool = false) {
            self.rows = rows
            self.columns = columns
            self.content = content
            self.style = style
            self.note = note
            self.fitsHeight = fitsHeight
        }
    }

    private static let header = CellStyle(fontSize: 10, align: .center, verticalCenter: true, wrap: true, border: true)
    private static let headerLineHeight = 13.0  // points per line at the header's 10-point font
    private static let bodyLineHeight = 15.0

    private func titleBlocks() -> [Block] {
        let last = Self.lastColumn
        return [
            Block(0...0, 0...last, .text(Self.title), CellStyle(bold: true, fontSize: 18, align: .center, verticalCenter: true)),
            Block(1...1, 0...9, .text(form.subtitle), CellStyle(align: .left, verticalCenter: true)),
            Block(1...1, 10...last, .text(Self.unitLine), CellStyle(align: .right, verticalCenter: true)),
        ]
    }

    /// "项目" down rows 3-5; each indicator's header from its level down to row 5; "其中" over the
    /// columns of its descendants at its own level (1 over 2, 3 over 4, 6 over 7, 8 over 9-11,
    /// 9 over 10).
    private func headerBlocks() -> [Block] {
        let bottom = Self.headerRows.upperBound
        var blocks = [Block(Self.headerRows, 0...0, .text("项目"), Self.header, fitsHeight: true)]
        for indicator in Indicator.allCases {
            let top = Self.headerRows.lowerBound + Self.depth(indicator)
            let column = indicator.rawValue
            blocks.append(Block(top...bottom, column...column, .text(Self.headerText(indicator)), Self.header, fitsHeight: true))
            // Descendants sit in the columns right after their ancestor, so they form one range.
            let descendants = Indicator.allCases.filter { Self.isDescendant($0, of: indicator) }.map(\.rawValue)
            if let first = descendants.min(), let last = descendants.max() {
                blocks.append(Block(top...top, first...last, .text("其中"), Self.header, fitsHeight: true))
            }
        }
        return blocks
    }

    /// The form's header, without a leading "其中：" where "其中" is printed above it.
    static func headerText(_ indicator: Indicator) -> String {
        let text = indicator.headerZH
        return indicator.parent != nil && text.hasPrefix("其中：") ? String(text.dropFirst(3)) : text
    }

    private static func depth(_ indicator: Indicator) -> Int {
        indicator.parent.map { depth($0) + 1 } ?? 0
    }

    private static func isDescendant(_ indicator: Indicator, of ancestor: Indicator) -> Bool {
        guard let parent = indicator.parent else { return false }
        return parent == ancestor || isDescendant(parent, of: ancestor)
    }

    private func indexBlocks() -> [Block] {
        let style = CellStyle(align: .center, verticalCenter: true, border: true)
        let row = Self.indexRow
        return [Block(row...row, 0...0, .text(Self.indexLabel), style)]
            + Indicator.allCases.map { Block(row...row, $0.rawValue...$0.rawValue, .number(Double($0.number)), style) }
    }

    private func dataBlocks() -> [Block] {
        var blocks: [Block] = []
        for (index, row) in form.rows.enumerated() {
            let sheetRow = Self.firstDataRow + index
            let isTotal = row.sumOf != nil
            var labelStyle = CellStyle(bold: isTotal, align: .left, verticalCenter: true, border: true, fill: isTotal ? Self.totalFill : nil)
            if let fill = row.rowNote.flatMap(Self.fill) { labelStyle.fill = fill }
            blocks.append(Block(sheetRow...sheetRow, 0...0, .text(row.label), labelStyle, note: row.rowNote))
            for indicator in Indicator.allCases {
                let note = row.notes[indicator]
                var style = CellStyle(bold: isTotal, verticalCenter: true, border: true,
                                      numberFormat: indicator.kind == .amount ? "0.00" : "0", fill: isTotal ? Self.totalFill : nil)
                if let fill = note.flatMap(Self.fill) { style.fill = fill }
                let column = indicator.rawValue
                let content: Block.Content
                if let parts = row.sumOf, !parts.isEmpty {
                    let arguments = Self.sumArguments(parts, column: column).joined(separator: ",")
                    content = .formula("=SUM(\(arguments))", cached: Self.number(cachedTotal(index, indicator), indicator))
                } else if isTotal {
                    content = .number(Self.number(row.values[indicator] ?? 0, indicator))  // a total of nothing is 0
                } else {
                    content = row.values[indicator].map { .number(Self.number($0, indicator)) } ?? .blank
                }
                blocks.append(Block(sheetRow...sheetRow, column...column, content, style, note: note))
            }
        }
        return blocks
    }

    /// The figure as the cell shows it: counts as such, indicator 14 in 万元. The exact yuan
    /// become a binary fraction only here, at the last step (yuan / 10000, correctly rounded).
    private static func number(_ raw: Int64, _ indicator: Indicator) -> Double {
        indicator.kind == .amount ? Double(raw) / 10_000 : Double(raw)
    }

    /// The total's own figure; when it has none, what SUM gives over its rows (blank = 0).
    private func cachedTotal(_ index: Int, _ indicator: Indicator) -> Int64 {
        let row = form.rows[index]
        if let value = row.values[indicator] { return value }
        return (row.sumOf ?? []).reduce(0) { $0 + cachedTotal($1, indicator) }
    }

    /// "B7:B9", "B12"...: rows in `FormSheet.rows` as runs of consecutive cells in `column`.
    static func sumArguments(_ rows: [Int], column: Int) -> [String] {
        let letter = CellReference.column(column)
        var arguments: [String] = []
        var run: ClosedRange<Int>?
        func close(_ run: ClosedRange<Int>) {
            let first = run.lowerBound + firstDataRow + 1, last = run.upperBound + firstDataRow + 1
            arguments.append(first == last ? "\(letter)\(first)" : "\(letter)\(first):\(letter)\(last)")
        }
        for row in Set(rows).sorted() {
            if let current = run, current.upperBound + 1 == row {
                run = current.lowerBound...row
            } else {
                if let current = run { close(current) }
                run = row...row
            }
        }
        if let run { close(run) }
        return arguments
    }

    private func footerBlocks() -> [Block] {
        let last = Self.lastColumn
        let f = form.footer
        var row = Self.firstDataRow + form.rows.count + 1  // after one blank row
        let plain = CellStyle(align: .left, verticalCenter: true, wrap: true)
        var blocks = [Block(row...row, 0...last, .text("填报单位（盖章）：\(f.unit)    填报时间：\(f.date)    填报人：\(f.reporter)    联系电话：\(f.phone)"),
                            plain, fitsHeight: true)]
        row += 1
        blocks.append(Block(row...row, 0...last, .text("填报说明："), plain))
        for instruction in Self.instructions {
            row += 1
            blocks.append(Block(row...row, 0...last, .text(instruction), plain, fitsHeight: true))
        }
        return blocks
    }

    private func columnWidths() -> [Double] {
        let labels = form.rows.map(\.label) + ["项目"]
        let label = Double(min(max(labels.map(TextMetrics.width).max() ?? 0, 12), 40) + 2)
        return [label] + Indicator.allCases.map { $0.kind == .amount ? 12 : 10 }
    }

    // MARK: Styles

    private static let totalFill: UInt32 = 0xEDEDED

    /// Errors red, warnings yellow (Excel's own "bad" and "neutral" fills); info notes only comment.
    private static func fill(_ note: CellNote) -> UInt32? {
        switch note.severity {
        case .error: 0xFFC7CE
        case .warning: 0xFFEB9C
        case .info: nil
        }
    }

    // MARK: Writing

    /// Heights for rows whose text wraps, so every line shows: a block spanning several rows
    /// only needs what its rows above do not already give.
    static func fittedHeights(_ blocks: [Block], widths: [Double]) -> [Int: Double] {
        var heights: [Int: Double] = [:]
        let fitted = blocks.filter(\.fitsHeight).sorted { $0.rows.upperBound < $1.rows.upperBound }
        for block in fitted {
            guard case .text(let text) = block.content else { continue }
            let width = block.columns.reduce(0) { $0 + widths[$1] }
            let lineHeight = block.style.fontSize == header.fontSize ? headerLineHeight : bodyLineHeight
            let needed = Double(TextMetrics.lines(text, width: width)) * lineHeight + 5
            let above = block.rows.dropLast().reduce(0) { $0 + (heights[$1] ?? bodyLineHeight) }
            let last = block.rows.upperBound
            heights[last] = max(heights[last] ?? 18, needed - above)
        }
        return heights
    }

    /// Writes row by row, as constant_memory requires. There a merge reaching below its first row
    /// would flush that row before its other cells are written, so such blocks become their text
    /// plus styled blank cells (the grid still shows); single-row merges work in both modes.
    static func emit(_ blocks: [Block], heights: [Int: Double], to sheet: XLSXWorksheet) throws(WorkbookError) {
        let streaming = sheet.workbook.constantMemory
        let starting = Dictionary(grouping: blocks, by: \.rows.lowerBound)
        let lastRow = blocks.map(\.rows.upperBound).max() ?? 0
        var unmerged: [Block] = []
        for row in 0...lastRow {
            if let height = heights[row] { try sheet.setRow(row, height: height) }
            unmerged.removeAll { $0.rows.upperBound < row }
            for block in unmerged {
                for column in block.columns { try sheet.writeBlank(row: row, column: column, style: block.style) }
            }
            for block in starting[row] ?? [] {
                let (column, style) = (block.columns.lowerBound, block.style)
                switch block.content {
                case .text(let text) where block.rows.count > 1 && streaming:
                    try sheet.write(text, row: row, column: column, style: style)
                    for other in block.columns.dropFirst() { try sheet.writeBlank(row: row, column: other, style: style) }
                    unmerged.append(block)
                case .text(let text) where block.rows.count > 1 || block.columns.count > 1:
                    try sheet.merge(text, rows: block.rows, columns: block.columns, style: style)
                case .text(let text): try sheet.write(text, row: row, column: column, style: style)
                case .number(let number): try sheet.write(number, row: row, column: column, style: style)
                case .formula(let formula, let cached): try sheet.write(formula: formula, cached: cached, row: row, column: column, style: style)
                case .blank: try sheet.writeBlank(row: row, column: column, style: style)
                }
                if let note = block.note { try comment(note, row: row, column: column, on: sheet) }
            }
        }
    }

    /// A comment box big enough for its text: about 25 Chinese characters a line at the default
    /// 8-point comment font.
    private static func comment(_ note: CellNote, row: Int, column: Int, on sheet: XLSXWorksheet) throws(WorkbookError) {
        let lines = TextMetrics.lines(note.text, width: 51)
        try sheet.comment(note.text, row: row, column: column, width: 320, height: 16 + 15 * lines)
    }
}
