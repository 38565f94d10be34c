import Foundation
import JianxiDomain

/// Reads the returns in one file, CSV or JSON, UTF-8 or GB18030, one at a time.
///
/// Never throws and never crashes on bad input: whatever is wrong with the file as a whole (it
/// cannot be read, is not text, is not a return at all, has a bad header) comes back as findings,
/// and whatever is wrong with one cell travels with its return.
public struct ReturnFileReader: Sendable {
    public let options: ReadOptions
    /// Duplicate returns of a registry's units are caught in memory that does not grow with the file.
    public let registry: RegionRegistry?
    /// Thousands of one-return files share a handful of headers: each is worked out once.
    private let layouts = LayoutCache()

    public init(options: ReadOptions = ReadOptions(), registry: RegionRegistry? = nil) {
        self.options = options
        self.registry = registry
    }

    /// Calls `body` with each return in file order and returns the file's own findings.
    public func read(path: String, _ body: (ReadReturn) -> Void) -> [Finding] {
        let at = Location(source: path)
        var parser: CSVParser
        do {
            parser = try CSVParser(path: path)
        } catch {
            return [Self.unreadable(path, error)]
        }
        let sample = parser.sample
        if sample.count == (parser.hadBOM ? 3 : 0) {
            return [Finding(.fileEmpty, Text(zh: "文件是空的。", en: "The file is empty."), at: at)]
        }
        if TextEncoding.looksBinary(sample) {
            let workbook = sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) || sample.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
            return [Finding(.notText, workbook
                ? Text(zh: "这是Excel工作簿，不是CSV文件。请在Excel中“另存为”CSV后再检查。", en: "This is an Excel workbook, not a CSV file. Save it as CSV first.")
                : Text(zh: "文件含有二进制内容，不是CSV或JSON文本。", en: "The file holds binary data, not CSV or JSON text."), at: at)]
        }
        guard let encoding = TextEncoding.detect(sample, isComplete: parser.sampleIsComplete) else {
            return [Finding(.encoding, Text(zh: "文件既不是UTF-8编码也不是GBK编码。", en: "The file is neither UTF-8 nor GBK text."), at: at)]
        }
        switch Self.format(path: path, sample: sample) {
        case .json:
            guard let data = FileManager.default.contents(atPath: path) else {
                return [Finding(.fileUnreadable, Text(zh: "无法读取文件。", en: "The file cannot be read."), at: at)]
            }
            return JSONReturnReader(source: path, options: options, registry: registry).read(Array(data), encoding: encoding, body)
        case .csv:
            // A file of more than a few hundred returns is parsed on a thread of its own while
            // this one takes its returns.
            guard !parser.sampleIsComplete else { return csvReader(path, encoding).read(&parser, body) }
            let box = ParserBox(parser)
            return ReadAhead.run(produce: { yield in csvReader(path, encoding).read(&box.parser, yield) }, consume: body)
        }
    }

    /// One per file and thread (its decoder is not shared).
    private func csvReader(_ path: String, _ encoding: TextEncoding) -> CSVReturnReader {
        CSVReturnReader(source: path, options: options, registry: registry, decoder: FieldDecoder(encoding), layouts: layouts)
    }

    /// By extension; otherwise JSON when the text starts with `{` or `[`.
    static func format(path: String, sample: [UInt8]) -> SourceFormat {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "json": return .json
        default:
            let first = sample.drop(while: { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }).first
            return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .csv
        }
    }

    static func unreadable(_ path: String, _ error: CSVError) -> Finding {
        let reason = if case .io(let message) = error { message } else { "\(error)" }
        return Finding(.fileUnreadable, Text(zh: "无法读取文件（\(reason)）。", en: "The file cannot be read (\(reason))."),
                       at: Location(source: path))
    }
}

/// Hands a parser to the thread that reads ahead, which alone uses it from then on.
private final class ParserBox: @unchecked Sendable {
    var parser: CSVParser
    init(_ parser: consuming CSVParser) { self.parser = parser }
}

/// Catches two returns for the same region and period in one file. It must remember a row for
/// every return of the file, so it keeps them where memory does not grow with the file: for a
/// code of the registry, in a table per period with a slot per region (4 bytes a region); only
/// codes that are not in it (wrong ones, mostly) are kept by text.
struct DuplicateGuard {
    private let registry: RegionRegistry?
    /// The first row of each region (0: none yet) by period, as months since year 0.
    private var tables: [Int: [Int32]] = [:]
    private var other: [String: Int] = [:]

    init(registry: RegionRegistry? = nil) { self.registry = registry }

    /// The row that already holds this region and period, after noting this one if none does.
    private mutating func firstRow(_ code: String, _ period: Period, _ row: Int) -> Int? {
        if let registry, let region = registry.index(of: code), let small = Int32(exactly: row), small > 0 {
            return Self.note(small, at: region, in: &tables[period.year * 12 + period.month,
                                                            default: [Int32](repeating: 0, count: registry.regions.count)])
        }
        let key = "\(code) \(period)"
        if let first = other[key] { return first }
        other[key] = row
        return nil
    }

    /// The row in `slot`, after noting `row` there if it was empty; changed in place.
    private static func note(_ row: Int32, at slot: Int, in rows: inout [Int32]) -> Int? {
        if rows[slot] > 0 { return Int(rows[slot]) }
        rows[slot] = row
        return nil
    }

    mutating func check(_ value: MonthlyReturn, row: Int, format: SourceFormat, at location: @autoclosure () -> Location) -> Finding? {
        guard let code = value.regionCode, let period = value.period,
              let first = firstRow(code, period, row) else { return nil }
        let place = format == .csv ? Text(zh: "第\(first)行", en: "Row \(first)") : Text(zh: "第\(first)份", en: "Return \(first)")
        return Finding(.duplicateReturn, Text(
            zh: "\(code)的\(period.chinese)报表在\(place.zh)已经有了。",
            en: "\(place.en) already holds the \(period) return of \(code)."),
            at: location(), values: [(Field.regionCode.key, code), (Field.period.key, period.description)])
    }
}

struct CSVReturnReader {
    let source: String
    let options: ReadOptions
    let registry: RegionRegistry?
    let decoder: FieldDecoder
    let layouts: LayoutCache

    func read(_ parser: inout CSVParser, _ body: (ReadReturn) -> Void) -> [Finding] {
        var findings: [Finding] = []
        do {
            guard let header = try parser.next() else {
                return [Finding(.fileEmpty, Text(zh: "文件没有内容。", en: "The file has no content."), at: Location(source: source))]
            }
            var headers: [String] = []
            for i in 0..<header.count {
                guard let text = header.string(i, decoder) else {
                    return [Finding(.encoding, Text(zh: "表头第\(i + 1)列的文字无法按\(decoder.encoding.rawValue)解码。",
                                                    en: "Header cell \(i + 1) is not valid \(decoder.encoding.rawValue)."),
                                    at: Location(source: source, row: header.record))]
                }
                headers.append(text)
            }
            let (layout, headerFindings) = layouts.layout(for: headers, source: source, row: header.record)
            findings += headerFindings
            // Rows under a header that leaves a required field unreadable would pass for what
            // they are not: the header is fixed first. An unknown extra column alone does not stop.
            if headerFindings.contains(where: { $0.code != FindingCode.columnUnknown.rawValue }) { return findings }
            var duplicates = DuplicateGuard(registry: registry)
            var count = 0
            while try parser.withNextRecord({ row in
                if row.isBlank { return }  // Excel's trailing ",,,," lines
                body(readReturn(row, layout: layout, duplicates: &duplicates))
                count += 1
            }) != nil {}
            if count == 0 {
                findings.append(Finding(.noReturns, Text(zh: "只有表头，没有数据行。", en: "Only a header, no data rows."), at: Location(source: source)))
            }
        } catch .unterminatedQuote(let record, let line) {
            let where_ = line == record ? Text(zh: "", en: "") : Text(zh: "（文件第\(line)行）", en: " (line \(line) of the file)")
            findings.append(Finding(.csvUnterminatedQuote, Text(
                zh: "这一行\(where_.zh)的引号到文件末尾也没有闭合。",
                en: "A quote opened in this row\(where_.en) is never closed."), at: Location(source: source, row: record)))
        } catch {
            findings.append(ReturnFileReader.unreadable(source, error))
        }
        return findings
    }

    private func readReturn(_ row: CSVRecord, layout: ColumnLayout, duplicates: inout DuplicateGuard) -> ReadReturn {
        let record = row.record
        let locate = FieldLocator(source: source, row: record, labels: .columns(layout))
        var builder = ReturnBuilder(options: options, locate: locate)
        var extra: [Finding] = []
        for (column, field) in layout.fields.enumerated() {
            guard let field else { continue }
            guard column < row.count else {
                builder.setText(field, nil)
                continue
            }
            if case .indicator(let indicator) = field {
                setFigure(indicator, row: row, column: column, in: &builder)
            } else if !row.withField(column, { builder.setCell(field, $0, decoder) }) {
                extra.append(Finding(.encoding, Text(zh: "文字无法按\(decoder.encoding.rawValue)解码。", en: "Not valid \(decoder.encoding.rawValue) text."), at: locate(field)))
            }
        }
        if row.count != layout.fields.count,
           row.count < layout.fields.count || (layout.fields.count..<row.count).contains(where: { !row.isEmpty($0) }) {
            extra.append(Finding(.rowWidth, Text(
                zh: "这一行有\(row.count)个单元格，表头有\(layout.fields.count)列。",
                en: "This row has \(row.count) cells; the header has \(layout.fields.count)."),
                at: Location(source: source, row: record)))
        }
        if let duplicate = duplicates.check(builder.value, row: record, format: .csv, at: locate(.regionCode)) {
            extra.append(duplicate)
        }
        return ReadReturn(value: builder.value, source: source, row: record,
                          findings: extra.isEmpty ? builder.findings : builder.findings + extra, format: .csv, locate: locate)
    }

    /// Figures in ASCII are read straight from the bytes; others go through text first.
    private func setFigure(_ indicator: Indicator, row: CSVRecord, column: Int, in builder: inout ReturnBuilder) {
        let written = { row.string(column, decoder) ?? row.withField(column) { String(decoding: $0, as: UTF8.self) } }
        let result: Result<Int64, CellProblem> = row.withField(column) { bytes in
            if decoder.encoding == .utf8 || bytes.allSatisfy({ $0 < 0x80 }) {
                return FigureParser.parse(bytes, kind: indicator.kind)
            }
            return row.string(column, decoder).map { FigureParser.parse($0, kind: indicator.kind) } ?? .failure(.notNumber)
        }
        builder.setFigure(indicator, result, written: written())
    }
}

/// Header rows already mapped, with their findings; the findings are told which file they are in.
final class LayoutCache: @unchecked Sendable {
    private var known: [[String]: (ColumnLayout, [Finding])] = [:]
    private let lock = NSLock()

    func layout(for headers: [String], source: String, row: Int) -> (ColumnLayout, [Finding]) {
        lock.lock()
        let cached = known[headers]
        lock.unlock()
        let (layout, findings) = cached ?? ColumnLayout.map(headers: headers, location: Location(row: 1))
        if cached == nil {
            lock.lock()
            if known.count < 256 { known[headers] = (layout, findings) }
            lock.unlock()
        }
        return (layout, findings.map { finding in
            var finding = finding
            finding.location.source = source
            finding.location.row = row
            return finding
        })
    }
}
