import Foundation
import JianxiDomain
import JianxiSchemas

/// A problem in a reference data file (the region list or the holiday calendar). `row` is the CSV
/// row as a spreadsheet numbers it (the header is row 1), `column` the header name.
public struct ReferenceDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public let source: String
    public let row: Int?
    public let column: String?
    /// The whole message: file, row, column, what is wrong and what to do.
    public let message: Text

    public init(source: String, row: Int? = nil, column: String? = nil, zh: String, en: String) {
        self.source = source
        self.row = row
        self.column = column
        let zhWhere = source + (row.map { " 第\($0)行" } ?? "") + (column.map { "「\($0)」列" } ?? "")
        let enWhere = source + (row.map { ", row \($0)" } ?? "") + (column.map { ", column \($0)" } ?? "")
        message = Text(zh: "\(zhWhere)：\(zh)", en: "\(enWhere): \(en)")
    }

    public var description: String { message.en }
}

extension RegionRegistry {
    /// The registry compiled into the tool from Schemas/regions-jiangxi.csv.
    public static let builtin: RegionRegistry = {
        do {
            return try load(csv: Array(BuiltinSchemas.regionsCSV.utf8), source: "Schemas/regions-jiangxi.csv")
        } catch {
            fatalError("the built-in region list is invalid: \(error)")  // a build defect, caught by the tests
        }
    }()

    /// Reads a region list with the columns code, name, level (province, city or county) and
    /// parent_code, in any order; other columns are ignored. UTF-8 or GB18030; cells are trimmed.
    /// With a `base`, the file extends it: its rows are added, and replace base rows of the same code.
    public static func load(csv bytes: [UInt8], source: String, extending base: RegionRegistry? = nil) throws(ReferenceDataError) -> RegionRegistry {
        let table = try Table(bytes, source: source, columns: ["code", "name", "level", "parent_code"])
        var regions: [Region] = []
        var rowOf: [String: Int] = [:]
        for (row, cells) in table.rows {
            let (code, name, levelText, parent) = (cells[0], cells[1], cells[2], cells[3])
            func fail(_ column: String, zh: String, en: String) -> ReferenceDataError {
                ReferenceDataError(source: source, row: row, column: column, zh: zh, en: en)
            }
            guard !code.isEmpty else {
                throw fail("code", zh: "区划代码为空，请填写区划代码（如360102）。", en: "the region code is empty; fill it in (e.g. 360102).")
            }
            guard !name.isEmpty else {
                throw fail("name", zh: "名称为空，请填写区划名称（如东湖区）。", en: "the name is empty; fill it in (e.g. 东湖区).")
            }
            guard let level = Region.Level(rawValue: levelText) ?? Region.Level(rawValue: levelText.lowercased()) else {
                throw fail("level", zh: "“\(levelText)”不是有效的级别，应为 province（省）、city（市）或 county（县）。",
                           en: "'\(levelText)' is not a level; write province, city or county.")
            }
            if level == .province && !parent.isEmpty {
                throw fail("parent_code", zh: "省级区划没有上级，请清空该单元格。", en: "a province has no parent; leave the cell empty.")
            }
            if level != .province && parent.isEmpty {
                throw fail("parent_code", zh: "缺少上级区划代码：city 的上级应为省，county 的上级应为市。",
                           en: "the parent code is missing: a city's parent is a province, a county's a city.")
            }
            if let first = rowOf[code] {
                throw fail("code", zh: "区划代码\(code)重复（第\(first)行已有），请删除其中一行。",
                           en: "region code \(code) appears twice (also on row \(first)); remove one of the rows.")
            }
            rowOf[code] = row
            regions.append(Region(code: code, name: name, level: level, parentCode: parent.isEmpty ? nil : parent))
        }
        guard !regions.isEmpty else {
            throw ReferenceDataError(source: source, zh: "文件中没有区划数据，只有表头。", en: "the file has a header but no regions.")
        }
        let kept = (base?.regions ?? []).filter { rowOf[$0.code] == nil }
        do {
            return try RegionRegistry(regions: kept + regions)
        } catch {
            // Duplicates were reported above with both rows; the registry checks the hierarchy.
            switch error {
            case .duplicateCode(let code):
                throw ReferenceDataError(source: source, row: rowOf[code], column: "code",
                                         zh: "区划代码\(code)重复，请删除其中一行。", en: "region code \(code) appears twice; remove one of the rows.")
            case .unknownParent(let code, let parent):
                throw ReferenceDataError(source: source, row: rowOf[code], column: "parent_code",
                                         zh: "上级区划代码\(parent)不在区划表中，请改正代码或补上该区划。",
                                         en: "parent code \(parent) is not in the registry; correct it or add that region.")
            case .badParentLevel(let code, let parent):
                throw ReferenceDataError(source: source, row: rowOf[code], column: "parent_code",
                                         zh: "上级\(parent)的级别不对：city 的上级应为 province，county 的上级应为 city。",
                                         en: "parent \(parent) has the wrong level: a city's parent is a province, a county's a city.")
            }
        }
    }
}

extension WorkingCalendar {
    /// The calendar compiled into the tool from Schemas/calendar-cn.csv.
    public static let builtin: WorkingCalendar = {
        do {
            return try load(csv: Array(BuiltinSchemas.calendarCSV.utf8), source: "Schemas/calendar-cn.csv")
        } catch {
            fatalError("the built-in calendar is invalid: \(error)")  // a build defect, caught by the tests
        }
    }()

    /// Reads the State Council's exceptions to Monday-Friday with the columns date, kind
    /// (holiday = a weekday off, workday = a weekend day worked) and name, in any order. Every year
    /// that appears in the file is taken as completely described by it.
    public static func load(csv bytes: [UInt8], source: String) throws(ReferenceDataError) -> WorkingCalendar {
        let table = try Table(bytes, source: source, columns: ["date", "kind", "name"])
        var days: [Day] = []
        var rowOf: [CivilDate: Int] = [:]
        for (row, cells) in table.rows {
            func fail(_ column: String, zh: String, en: String) -> ReferenceDataError {
                ReferenceDataError(source: source, row: row, column: column, zh: zh, en: en)
            }
            guard let date = CivilDate(parsing: cells[0]) else {
                throw fail("date", zh: "“\(cells[0])”不是有效的日期，请写作 2024-10-01 这样的格式。",
                           en: "'\(cells[0])' is not a valid date; write it like 2024-10-01.")
            }
            guard let kind = DayKind(rawValue: cells[1].lowercased()) else {
                throw fail("kind", zh: "“\(cells[1])”应为 holiday（工作日放假）或 workday（周末调休上班）。",
                           en: "'\(cells[1])' must be holiday (a weekday off) or workday (a weekend day worked).")
            }
            let weekday = (zh: Self.weekdaysZH[date.weekday - 1], en: Self.weekdaysEN[date.weekday - 1])
            if kind == .holiday && date.isWeekend {
                throw fail("kind", zh: "\(date)是\(weekday.zh)，本来就休息，标为 holiday 没有意义。请改正日期或删除该行。",
                           en: "\(date) is a \(weekday.en), a day off anyway, so holiday means nothing; correct the date or remove the row.")
            }
            if kind == .workday && !date.isWeekend {
                throw fail("kind", zh: "\(date)是\(weekday.zh)，本来就上班，标为 workday 没有意义。请改正日期或删除该行。",
                           en: "\(date) is a \(weekday.en), a working day anyway, so workday means nothing; correct the date or remove the row.")
            }
            if let first = rowOf[date] {
                throw fail("date", zh: "日期\(date)重复（第\(first)行已有），请删除其中一行。",
                           en: "date \(date) appears twice (also on row \(first)); remove one of the rows.")
            }
            rowOf[date] = row
            days.append(Day(date: date, kind: kind, name: cells[2]))
        }
        guard !days.isEmpty else {
            throw ReferenceDataError(source: source, zh: "文件中没有日期，只有表头。", en: "the file has a header but no dates.")
        }
        return WorkingCalendar(days: days, years: Set(days.map(\.date.year)))
    }

    private static let weekdaysZH = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    private static let weekdaysEN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}

/// A small CSV file read whole: the cells of the wanted columns, trimmed, for each data row.
private struct Table {
    /// Row number (the header is row 1) and the cells in the order of `columns`.
    var rows: [(row: Int, cells: [String])] = []

    init(_ bytes: [UInt8], source: String, columns: [String]) throws(ReferenceDataError) {
        let header = columns.joined(separator: ",")
        if TextEncoding.looksBinary(bytes) {
            throw ReferenceDataError(source: source, zh: "不是文本文件，请提供CSV文件（UTF-8或GBK编码）。",
                                     en: "not a text file; provide a CSV file (UTF-8 or GBK).")
        }
        guard let encoding = TextEncoding.detect(bytes, isComplete: true) else {
            throw ReferenceDataError(source: source, zh: "文字编码无法识别，请另存为UTF-8或GBK编码的CSV。",
                                     en: "the text encoding is not recognised; save the file as UTF-8 or GBK CSV.")
        }
        let decoder = FieldDecoder(encoding)
        var parser = CSVParser(bytes: bytes)
        var indices: [Int] = []
        var width = 0
        do {
            guard let headerRow = try parser.next() else {
                throw ReferenceDataError(source: source, zh: "文件为空，第1行应为表头 \(header)。",
                                         en: "the file is empty; row 1 must be the header \(header).")
            }
            var names: [String] = []
            for i in 0..<headerRow.count {
                guard let name = headerRow.withField(i, { CellText.trimmed($0, decoder) }) else {
                    throw ReferenceDataError(source: source, row: headerRow.record,
                                             zh: "表头第\(i + 1)个单元格的文字不是有效的\(encoding.rawValue)编码，请检查文件编码。",
                                             en: "header cell \(i + 1) is not valid \(encoding.rawValue) text; check the file's encoding.")
                }
                names.append(name.lowercased())
            }
            for column in columns {
                let found = names.indices.filter { names[$0] == column }
                guard found.count == 1 else {
                    throw ReferenceDataError(
                        source: source, row: headerRow.record, column: column,
                        zh: found.isEmpty ? "表头缺少该列。表头应为 \(header)（顺序不限）。" : "表头中该列出现了\(found.count)次，请只保留一列。",
                        en: found.isEmpty ? "the header lacks this column; it must have \(header) (in any order)."
                            : "the header has this column \(found.count) times; keep one.")
                }
                indices.append(found[0])
            }
            width = names.count
            // Rows read in place; only the wanted cells become text (other columns are ignored).
            while let row = try parser.withNextRecord({ record -> Result<(row: Int, cells: [String])?, ReferenceDataError> in
                if record.isBlank { return .success(nil) }  // Excel writes an emptied row as ",,,"
                guard record.count == width else {
                    return .failure(ReferenceDataError(source: source, row: record.record,
                                                       zh: "这一行有\(record.count)个单元格，表头有\(width)列。请检查是否多了或少了逗号。",
                                                       en: "the row has \(record.count) cells but the header has \(width); look for a missing or extra comma."))
                }
                var cells: [String] = []
                cells.reserveCapacity(indices.count)
                for (column, i) in zip(columns, indices) {
                    guard let text = record.withField(i, { CellText.trimmed($0, decoder) }) else {
                        return .failure(ReferenceDataError(source: source, row: record.record, column: column,
                                                           zh: "第\(i + 1)个单元格的文字不是有效的\(encoding.rawValue)编码，请检查文件编码。",
                                                           en: "cell \(i + 1) is not valid \(encoding.rawValue) text; check the file's encoding."))
                    }
                    cells.append(text)
                }
                return .success((record.record, cells))
            }) {
                if let row = try row.get() { rows.append(row) }
            }
        } catch let error as ReferenceDataError {
            throw error
        } catch CSVError.unterminatedQuote(let record, let line) {
            throw ReferenceDataError(source: source, row: record,
                                     zh: "从第\(line)行开始的引号没有闭合，文件可能不完整。请检查该行的引号。",
                                     en: "a quote opened on line \(line) is never closed; the file may be cut short. Check the quotes on that row.")
        } catch {
            throw ReferenceDataError(source: source, zh: "无法读取：\(error)", en: "cannot be read: \(error)")
        }
    }
}
