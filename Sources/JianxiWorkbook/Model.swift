import JianxiDomain

/// What a workbook holds, independent of how it is written: the tool's stages build these values
/// and `WorkbookWriter` turns them into an .xlsx file.
public struct WorkbookDocument: Sendable {
    public var sheets: [Sheet]
    /// The creation date stored in the file; fixed in tests so output is byte-for-byte repeatable.
    public var created: CivilDate?
    /// Write rows as they come, holding one row in memory (libxlsxwriter's constant_memory):
    /// for very large tables. No merged cells or comments then.
    public var streaming: Bool

    public init(sheets: [Sheet], created: CivilDate? = nil, streaming: Bool = false) {
        self.sheets = sheets
        self.created = created
        self.streaming = streaming
    }
}

public enum Sheet: Sendable {
    /// A return in Attachment 3's own layout.
    case form(FormSheet)
    /// A plain table with a header row.
    case table(TableSheet)
    /// Line charts over the columns of a table sheet of the same workbook.
    case charts(ChartSheet)
}

/// One sheet in the layout of Attachment 3 (百万就业见习岗位募集计划情况汇总表): title, unit line,
/// the multi-row header with the indicators' "of which" structure, the row of numbers 1-14, data
/// rows (first column the region), total rows, the footer and the seven 填报说明.
public struct FormSheet: Sendable {
    public var name: String
    /// Printed under the title, e.g. "2026年9月 江西省".
    public var subtitle: String
    public var rows: [FormRow]
    public var footer: FormFooter

    public init(name: String, subtitle: String, rows: [FormRow], footer: FormFooter) {
        self.name = name
        self.subtitle = subtitle
        self.rows = rows
        self.footer = footer
    }
}

public struct FormRow: Sendable {
    /// First column: the region's name, with any remark ("南昌市（8/9 县区已报）", "青山湖区（退回）").
    public var label: String
    /// Blank cells where a figure is nil (a unit that has not reported).
    public var values: IndicatorValues
    /// For a total row: the indices (in `FormSheet.rows`) of the rows it adds up. The cell holds
    /// a SUM formula over them and, as its cached result, the exact sum in `values`.
    public var sumOf: [Int]?
    /// Cells involved in a finding: highlighted, with the message as a cell comment.
    public var notes: [Indicator: CellNote]
    /// A note on the whole row (a rejected or missing unit), shown on its first cell.
    public var rowNote: CellNote?

    public init(label: String, values: IndicatorValues, sumOf: [Int]? = nil, notes: [Indicator: CellNote] = [:], rowNote: CellNote? = nil) {
        self.label = label
        self.values = values
        self.sumOf = sumOf
        self.notes = notes
        self.rowNote = rowNote
    }
}

public struct CellNote: Sendable, Equatable {
    public var severity: Severity
    public var text: String

    public init(severity: Severity, text: String) {
        self.severity = severity
        self.text = text
    }
}

/// 填报单位（盖章） / 填报时间 / 填报人 / 联系电话.
public struct FormFooter: Sendable {
    public var unit: String
    public var date: String
    public var reporter: String
    public var phone: String

    public init(unit: String, date: String, reporter: String = "", phone: String = "") {
        self.unit = unit
        self.date = date
        self.reporter = reporter
        self.phone = phone
    }
}

/// A plain table: a header row, then rows of typed cells.
public struct TableSheet: Sendable {
    public struct Column: Sendable {
        public enum Kind: Sendable { case text, integer, amount, percent }
        public var title: String
        public var kind: Kind
        /// Width in characters; nil picks one from the title.
        public var width: Double?

        public init(_ title: String, _ kind: Kind, width: Double? = nil) {
            self.title = title
            self.kind = kind
            self.width = width
        }
    }

    public enum Cell: Sendable, Equatable {
        case empty
        /// Always written as text, never as a formula, whatever it starts with.
        case text(String)
        case integer(Int64)
        /// 万元 held exactly as yuan; shown with two decimals.
        case amount(Amount)
        /// A fraction (0.5 = 50%).
        case percent(Double)
        /// A state cell with a fill colour by meaning (on time, late, missing, rejected).
        case state(String, StateColour)
    }

    public enum StateColour: Sendable { case good, late, missing, rejected }

    /// The rows of a table: held, or made one at a time while the sheet is written, so a table
    /// of any length takes the memory of one row (with a streaming document).
    public struct Rows: Sendable {
        /// How many rows there are (the producer must make exactly this many).
        public let count: Int
        let source: Source

        enum Source: Sendable {
            case held([[Cell]])
            case produced(@Sendable (_ emit: (_ row: [Cell]) throws(WorkbookError) -> Void) throws(WorkbookError) -> Void)
        }

        public init(_ rows: [[Cell]]) {
            count = rows.count
            source = .held(rows)
        }

        /// `count` rows made by `produce`, which hands each to `emit` in order. It is called when
        /// the sheet is written (at most once per write), and may throw to abandon the workbook:
        /// nothing is written then.
        public init(count: Int, produce: @escaping @Sendable (_ emit: (_ row: [Cell]) throws(WorkbookError) -> Void) throws(WorkbookError) -> Void) {
            self.count = count
            source = .produced(produce)
        }
    }

    public var name: String
    public var columns: [Column]
    public var rows: Rows
    /// Keep the header and the first `frozenColumns` columns in view.
    public var frozenColumns: Int

    public init(name: String, columns: [Column], rows: [[Cell]], frozenColumns: Int = 0) {
        self.init(name: name, columns: columns, rows: Rows(rows), frozenColumns: frozenColumns)
    }

    public init(name: String, columns: [Column], rows: Rows, frozenColumns: Int = 0) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.frozenColumns = frozenColumns
    }
}

/// Native Excel line charts, each over columns of a table sheet (categories in one column,
/// one series per other column).
public struct ChartSheet: Sendable {
    public struct LineChart: Sendable {
        public var title: String
        /// The table sheet holding the data, by name.
        public var dataSheet: String
        /// 0-based column of the categories (periods) and the columns of the series.
        public var categoryColumn: Int
        public var seriesColumns: [Int]
        /// 1-based data rows used (the header is row 0).
        public var rows: ClosedRange<Int>
        public var yAxisTitle: String

        public init(title: String, dataSheet: String, categoryColumn: Int, seriesColumns: [Int], rows: ClosedRange<Int>, yAxisTitle: String) {
            self.title = title
            self.dataSheet = dataSheet
            self.categoryColumn = categoryColumn
            self.seriesColumns = seriesColumns
            self.rows = rows
            self.yAxisTitle = yAxisTitle
        }
    }

    public var name: String
    public var charts: [LineChart]

    public init(name: String, charts: [LineChart]) {
        self.name = name
        self.charts = charts
    }
}
