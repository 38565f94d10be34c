import Foundation
import JianxiDomain
@testable import JianxiRead
import XCTest

/// Every class of bad input, read through the same entry point `check` uses: each gives a
/// finding with a stable code and a location, never a crash and never a silent zero.
final class ReturnFileReaderTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jianxi-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    static let header = "region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14"
    static let row = "360102,东湖区,2026-09,2026-10-12,王芳,0791-86383274,40,3,120,6,30,25,20,18,10,8,5,2,60,35.5"

    private struct Result {
        var returns: [ReadReturn]
        var fileFindings: [Finding]
        /// (row, column, code) of every finding, file-level ones first.
        var triples: [String] {
            (fileFindings + returns.flatMap(\.findings)).map { "\($0.location.row.map(String.init) ?? "-") \($0.location.column ?? "-") \($0.code)" }
        }
    }

    private func read(_ name: String, _ bytes: [UInt8], options: ReadOptions = ReadOptions()) throws -> Result {
        let path = scratch.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var returns: [ReadReturn] = []
        let findings = ReturnFileReader(options: options).read(path: path) { returns.append($0) }
        for finding in findings { XCTAssertEqual(finding.location.source, path) }
        return Result(returns: returns, fileFindings: findings)
    }

    private func read(_ name: String, _ text: String, options: ReadOptions = ReadOptions()) throws -> Result {
        try read(name, Array(text.utf8), options: options)
    }

    private func csv(_ rows: String...) -> String { ([Self.header] + rows).joined(separator: "\r\n") + "\r\n" }

    // MARK: whole files

    func testACleanReturnReadsEveryField() throws {
        let result = try read("a.csv", csv(Self.row))
        XCTAssertEqual(result.triples, [])
        let r = try XCTUnwrap(result.returns.first).value
        XCTAssertEqual(r.regionCode, "360102")
        XCTAssertEqual(r.regionName, "东湖区")
        XCTAssertEqual(r.period, Period(year: 2026, month: 9))
        XCTAssertEqual(r.submittedOn, CivilDate(year: 2026, month: 10, day: 12))
        XCTAssertEqual(r.reporter, "王芳")
        XCTAssertEqual(r.phone, "0791-86383274")
        XCTAssertEqual(r.values[.unitsTotal], 40)
        XCTAssertEqual(r.values[.onPost], 60)
        XCTAssertEqual(r.values.subsidy, Amount(yuan: 355_000))
        XCTAssertEqual(result.returns.first?.row, 2)
    }

    func testMissingFileIsUnreadable() {
        var count = 0
        let findings = ReturnFileReader().read(path: scratch.appendingPathComponent("none.csv").path) { _ in count += 1 }
        XCTAssertEqual(findings.map(\.code), ["E_FILE_UNREADABLE"])
        XCTAssertEqual(count, 0)
    }

    func testEmptyFiles() throws {
        XCTAssertEqual(try read("empty.csv", "").triples, ["- - E_FILE_EMPTY"])
        XCTAssertEqual(try read("bom.csv", [0xEF, 0xBB, 0xBF]).triples, ["- - E_FILE_EMPTY"])
        XCTAssertEqual(try read("empty.json", "").triples, ["- - E_FILE_EMPTY"])
        XCTAssertEqual(try read("header.csv", Self.header + "\n").triples, ["- - E_NO_RETURNS"])
        XCTAssertEqual(try read("blank-lines.csv", Self.header + "\n,,,,\n\n").triples, ["- - E_NO_RETURNS"])
    }

    func testBinaryAndWorkbooksAreNotText() throws {
        let workbook = try read("book.csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
        XCTAssertEqual(workbook.triples, ["- - E_NOT_TEXT"])
        XCTAssertTrue(workbook.fileFindings[0].message.zh.contains("另存为"))
        XCTAssertEqual(try read("utf16.csv", [0xFF, 0xFE, 0x31, 0x00]).triples, ["- - E_NOT_TEXT"])
    }

    func testBytesValidInNoEncoding() throws {
        // 0xFF is never valid in UTF-8 nor in GB18030.
        XCTAssertEqual(try read("bad.csv", Array(Self.header.utf8) + [0x0A, 0xFF, 0xFF, 0x2C]).triples, ["- - E_ENCODING"])
    }

    func testTruncatedInsideAQuote() throws {
        let result = try read("cut.csv", Self.header + "\n360102,\"东湖")
        XCTAssertEqual(result.triples, ["2 - E_CSV_UNTERMINATED_QUOTE"])
        XCTAssertEqual(result.returns.count, 0)
    }

    func testGBKFileFromExcel() throws {
        // "360102,东湖区,..." with Chinese headers, as Excel saves CSV on Chinese Windows.
        let text = "行政区划代码,填报单位,统计期,填报时间,填报人,联系电话,1,2,3,4,5,6,7,8,9,10,11,12,13,14\r\n"
            + "360102,东湖区,2026年9月,2026/10/12,王芳,0791-86383274,40,3,120,6,30,25,20,18,10,8,5,2,60,35.5\r\n"
        let gbk = try XCTUnwrap(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        let result = try read("excel.csv", Array(gbk))
        XCTAssertEqual(result.triples, [])
        XCTAssertEqual(result.returns.first?.value.regionName, "东湖区")
        XCTAssertEqual(result.returns.first?.value.reporter, "王芳")
        XCTAssertEqual(result.returns.first?.value.period, Period(year: 2026, month: 9))
    }

    /// A GBK file large enough to be parsed on a second thread reads as its UTF-8 twin, texts,
    /// figures, quoted fields and problems alike.
    func testALargeGBKFileReadsAsItsUTF8Twin() throws {
        var rows = (0..<2_000).map { Self.row.replacingOccurrences(of: "360102", with: String(900_000 + $0)) }
        rows[700] = rows[700].replacingOccurrences(of: "王芳", with: "\"王芳，\r\n李强\"")
        rows[1_500] = rows[1_500].replacingOccurrences(of: ",40,", with: ",四十,")
        let text = ([Self.header] + rows).joined(separator: "\r\n") + "\r\n"
        let gbk = try XCTUnwrap(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        XCTAssertGreaterThan(gbk.count, CSVParser.sampleSize)
        let fromGBK = try read("large-gbk.csv", Array(gbk))
        let fromUTF8 = try read("large-utf8.csv", text)
        XCTAssertEqual(fromGBK.returns.map(\.value), fromUTF8.returns.map(\.value))
        XCTAssertEqual(fromGBK.triples, fromUTF8.triples)
        XCTAssertEqual(fromGBK.triples, ["1502 units_total E_NOT_NUMBER"])
        XCTAssertEqual(fromGBK.returns[700].value.reporter, "王芳,\r\n李强")  // full-width forms made half-width
    }

    func testQuotedFieldsWithCommasAndLineBreaks() throws {
        let row = Self.row.replacingOccurrences(of: "王芳", with: "\"王芳,\r\n李强\"").replacingOccurrences(of: ",120,", with: ",\"1,120\",")
        let result = try read("quoted.csv", csv(row, Self.row.replacingOccurrences(of: "360102,东湖区", with: "360103,西湖区")))
        XCTAssertEqual(result.triples, [])
        XCTAssertEqual(result.returns.map(\.row), [2, 3], "rows count records, as a spreadsheet does")
        XCTAssertEqual(result.returns[0].value.reporter, "王芳,\r\n李强")
        XCTAssertEqual(result.returns[0].value.values[.postsTotal], 1120)
    }

    // MARK: columns

    func testHeaderProblemsNameTheColumn() throws {
        let header = "region_code,period,备注,1,2,2,3,4,5,6,7,8,9,10,11,12,14"
        let result = try read("cols.csv", header + "\n360102,2026-09,x,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n")
        XCTAssertEqual(result.fileFindings.map(\.code), ["E_COLUMN_UNKNOWN", "E_COLUMN_DUPLICATE", "E_COLUMN_MISSING"])
        XCTAssertEqual(result.fileFindings[0].location.columnLabel?.zh, "C列「备注」")
        XCTAssertEqual(result.fileFindings[1].location.column, "units_new")
        XCTAssertEqual(result.fileFindings[2].location.column, "on_post")
        XCTAssertEqual(result.fileFindings.map(\.location.row), [1, 1, 1])
    }

    func testAmbiguousChineseHeader() throws {
        let header = Self.header.replacingOccurrences(of: ",7,", with: ",其中：离校2年内未就业高校毕业生人数,")
        let result = try read("amb.csv", header + "\n" + Self.row + "\n")
        XCTAssertEqual(result.fileFindings.map(\.code), ["E_COLUMN_AMBIGUOUS"])
    }

    func testRaggedRows() throws {
        let other = { (code: String) in Self.row.replacingOccurrences(of: "360102,东湖区", with: "\(code),") }
        let result = try read("ragged.csv", csv(Self.row + ",extra", String(other("360103").dropLast(5)), other("360104") + ",,"))
        XCTAssertEqual(result.triples, ["2 - E_ROW_WIDTH", "3 subsidy_ytd E_EMPTY", "3 - E_ROW_WIDTH"])
    }

    // MARK: cells

    func testCellProblems() throws {
        let bad = "360102,东湖区,2026-09,2026-10-12,王芳,0791-86383274,无,-3,2.5,6,30,,20,18,10,8,5,2,60,35.12345"
        let result = try read("cells.csv", csv(bad))
        XCTAssertEqual(result.triples, ["2 units_total E_NOT_NUMBER", "2 units_new E_NEGATIVE", "2 posts_total E_NOT_INTEGER",
                                        "2 onboarded E_EMPTY", "2 subsidy_ytd E_TOO_MANY_DECIMALS"])
        let r = try XCTUnwrap(result.returns.first)
        XCTAssertNil(r.value.values[.unitsTotal], "an unreadable figure is absent, never zero")
        XCTAssertEqual(r.findings[0].values.map(\.value), ["无"])
        XCTAssertEqual(r.findings[0].location.columnLabel?.zh, "G列「1」")
    }

    func testBlankAsZero() throws {
        let blank = Self.row.replacingOccurrences(of: ",2,60,", with: ",,60,")
        XCTAssertEqual(try read("b.csv", csv(blank)).triples, ["2 ended_abnormal E_EMPTY"])
        let zero = try read("z.csv", csv(blank), options: ReadOptions(blankAsZero: true))
        XCTAssertEqual(zero.triples, [])
        XCTAssertEqual(zero.returns.first?.value.values[.endedAbnormal], 0)
    }

    func testPeriodAndDateFormats() throws {
        for (period, date) in [("202609", "2026/10/12"), ("2026年9月", "2026年10月12日"), ("2026/9/1", "2026-10-12 0:00"), ("2026-9", "20261012")] {
            let result = try read("p.csv", csv(Self.row.replacingOccurrences(of: "2026-09,2026-10-12", with: "\(period),\(date)")))
            XCTAssertEqual(result.triples, [], "\(period) \(date)")
            XCTAssertEqual(result.returns.first?.value.period, Period(year: 2026, month: 9))
            XCTAssertEqual(result.returns.first?.value.submittedOn, CivilDate(year: 2026, month: 10, day: 12))
        }
        let bad = try read("bad.csv", csv(Self.row.replacingOccurrences(of: "2026-09,2026-10-12", with: "2026-13,2026-02-30")))
        XCTAssertEqual(bad.triples, ["2 period E_PERIOD_FORMAT", "2 submitted_on E_DATE_FORMAT"])
        let empty = try read("empty.csv", csv(Self.row.replacingOccurrences(of: "360102,东湖区,2026-09", with: ",东湖区,")))
        XCTAssertEqual(empty.triples, ["2 region_code E_EMPTY", "2 period E_EMPTY"])
    }

    func testRegionCodeForms() throws {
        let long = try read("l.csv", csv(Self.row.replacingOccurrences(of: "360102,", with: "360102000000,")))
        XCTAssertEqual(long.returns.first?.value.regionCode, "360102")
        let lower = try read("g.csv", csv(Self.row.replacingOccurrences(of: "360102,东湖区", with: "36gj00,赣江新区")))
        XCTAssertEqual(lower.returns.first?.value.regionCode, "36GJ00")
    }

    func testDuplicateReturnInOneFile() throws {
        let result = try read("dup.csv", csv(Self.row, Self.row.replacingOccurrences(of: "202", with: "202"), Self.row.replacingOccurrences(of: "2026-09", with: "202609")))
        XCTAssertEqual(result.triples, ["3 region_code E_DUPLICATE_RETURN", "4 region_code E_DUPLICATE_RETURN"])
        XCTAssertTrue(result.returns[1].findings[0].message.zh.contains("第2行"))
    }

    // MARK: JSON

    private let json = """
        {"region_code": "360102", "region_name": "东湖区", "period": "2026-09", "submitted_on": "2026-10-12",
         "reporter": "王芳", "phone": "0791-86383274",
         "indicators": {"units_total": 40, "units_new": 3, "posts_total": 120, "posts_new": 6, "planned": 30,
           "onboarded": 25, "onboarded_grads": 20, "completed": 18, "retained": 10, "retained_grads": 8,
           "employed_other": 5, "ended_abnormal": 2, "on_post": 60, "subsidy_ytd": 12.3456}}
        """

    /// A file large enough to be parsed on a second thread: every return, in order, with its
    /// problems where they are, as in a small file.
    func testALargeFileReadsAsASmallOne() throws {
        var rows = (0..<3_000).map { Self.row.replacingOccurrences(of: "360102", with: String(900_000 + $0)) }
        rows[2_500] = rows[10]  // the same unit and period as row 12
        rows[2_998] = rows[2_998].replacingOccurrences(of: ",35.5", with: ",三十五")
        let text = ([Self.header] + rows).joined(separator: "\r\n") + "\r\n"
        XCTAssertGreaterThan(text.utf8.count, CSVParser.sampleSize)
        let result = try read("large.csv", text)
        XCTAssertEqual(result.returns.map(\.row), Array(2...3_001))
        XCTAssertEqual(result.returns.map(\.value.regionCode), rows.map { String($0.prefix(6)) })
        XCTAssertEqual(result.triples, ["2502 region_code E_DUPLICATE_RETURN", "3000 subsidy_ytd E_NOT_NUMBER"])
        XCTAssertTrue(result.returns[2_500].findings[0].message.en.contains("Row 12"))
    }

    func testJSONObjectAndArray() throws {
        let one = try read("one.json", json)
        XCTAssertEqual(one.triples, [])
        XCTAssertEqual(one.returns.first?.value.values.subsidy, Amount(yuan: 123_456), "exact, not via Double")
        let numbered = json.replacingOccurrences(of: "\"units_total\"", with: "\"1\"").replacingOccurrences(of: "\"subsidy_ytd\"", with: "\"14\"")
        let two = try read("two.json", "[" + json + ",\n" + numbered.replacingOccurrences(of: "360102", with: "360103").replacingOccurrences(of: "东湖区", with: "西湖区") + "]")
        XCTAssertEqual(two.triples, [])
        XCTAssertEqual(two.returns.map(\.row), [1, 2])
        XCTAssertEqual(two.returns[1].value.values[.unitsTotal], 40)
    }

    func testJSONProblems() throws {
        XCTAssertEqual(try read("syntax.json", "[{\"region_code\": \"360102\"\n \"period\": 1}]").triples, ["- - E_JSON_SYNTAX"])
        XCTAssertEqual(try read("shape.json", "42").triples, ["- - E_JSON_SHAPE"])
        XCTAssertEqual(try read("items.json", "[1]").triples, ["1 - E_JSON_SHAPE"])
        XCTAssertEqual(try read("none.json", "[]").triples, ["- - E_NO_RETURNS"])
        let fields = json.replacingOccurrences(of: "\"reporter\"", with: "\"备注\": 1, \"reporter\"")
            .replacingOccurrences(of: "\"on_post\": 60, ", with: "")
            .replacingOccurrences(of: "\"units_new\": 3", with: "\"units_new\": \"三\", \"2\": 3")
            .replacingOccurrences(of: "12.3456", with: "1e3")
        XCTAssertEqual(try read("fields.json", fields).triples,
                       ["1 units_new E_NOT_NUMBER", "1 subsidy_ytd E_NOT_NUMBER", "1 备注 E_COLUMN_UNKNOWN", "1 units_new E_COLUMN_DUPLICATE", "1 on_post E_COLUMN_MISSING"])
        let noIndicators = try read("ni.json", "{\"region_code\": \"360102\", \"period\": \"2026-09\"}")
        XCTAssertEqual(noIndicators.triples, ["1 indicators E_COLUMN_MISSING"])
    }

    func testJSONLocationsNameTheLine() throws {
        let result = try read("loc.json", json.replacingOccurrences(of: "\"on_post\": 60", with: "\"on_post\": -1"))
        let finding = try XCTUnwrap(result.returns.first?.findings.first)
        XCTAssertEqual(finding.code, "E_NEGATIVE")
        XCTAssertEqual(finding.location.columnLabel?.zh, "第5行字段 indicators.on_post")
    }

    func testFormatByContentWhenTheExtensionSaysNothing() throws {
        XCTAssertEqual(try read("return.txt", json).returns.first?.format, .json)
        XCTAssertEqual(try read("return.dat", csv(Self.row)).returns.first?.format, .csv)
    }

    /// With the registry (codes in it kept by slot) and without (every code kept by text).
    func testDuplicateKeysNeverConfuseTwoReturns() {
        for registry in [RegionRegistry.builtin, nil] {
            var guard_ = DuplicateGuard(registry: registry)
            let periods = [Period(year: 2024, month: 12)!, Period(year: 2025, month: 1)!, Period(year: 1899, month: 1)!, Period(year: 7500, month: 1)!]
            let codes = ["360102", "360103", "36010", "36GJ00", "360102000", "东湖区"]
            var row = 1
            // The period changes at every row: each period keeps its own rows.
            for code in codes {
                for period in periods {
                    row += 1
                    XCTAssertNil(guard_.check(MonthlyReturn(regionCode: code, period: period), row: row, format: .csv, at: Location()), "\(code) \(period)")
                }
            }
            for (code, period, first) in [("360102", periods[0], 2), ("360103", periods[1], 7), ("36GJ00", periods[3], 17), ("36010", periods[1], 11),
                                          ("东湖区", periods[3], 25), ("360102", periods[2], 4)] {
                let finding = guard_.check(MonthlyReturn(regionCode: code, period: period), row: 99, format: .csv, at: Location())
                XCTAssertEqual(finding?.message.en, "Row \(first) already holds the \(period) return of \(code).", "\(code) \(period)")
            }
        }
    }

    func testAHeaderSeenBeforeStillNamesItsOwnFile() throws {
        let reader = ReturnFileReader()
        var paths: [String] = []
        for name in ["a.csv", "b.csv"] {
            let path = scratch.appendingPathComponent(name).path
            try Data((Self.header + ",备注\n" + Self.row + ",x\n").utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        for path in paths + paths {
            var count = 0
            let findings = reader.read(path: path) { _ in count += 1 }
            XCTAssertEqual(findings.map(\.code), ["E_COLUMN_UNKNOWN"])
            XCTAssertEqual(findings.first?.location.source, path)
            XCTAssertEqual(findings.first?.location.row, 1)
            XCTAssertEqual(count, 1)
        }
    }
}
