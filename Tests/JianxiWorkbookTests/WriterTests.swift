import Foundation
import JianxiDomain
import XCTest
@testable import JianxiWorkbook

/// Writing as a whole: atomic replacement, repeatable bytes, errors people can act on, sheet names.
final class WriterTests: XCTestCase {
    private let manager = FileManager.default

    func testTwoWritesOfTheSameDocumentAreByteIdentical() throws {
        let directory = try scratchDirectory(self)
        let document = WorkbookDocument(sheets: [.form(Fixtures.form), .table(Fixtures.statusTable), .table(Fixtures.chartData), .charts(Fixtures.charts)],
                                        created: Fixtures.created)
        try WorkbookWriter.write(document, to: directory + "/a.xlsx")
        try WorkbookWriter.write(document, to: directory + "/b.xlsx")
        let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/a.xlsx"))
        XCTAssertEqual(a, try Data(contentsOf: URL(fileURLWithPath: directory + "/b.xlsx")))
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: directory).sorted(), ["a.xlsx", "b.xlsx"], "no temporary file left")
    }

    func testDocumentProperties() throws {
        let path = try scratchDirectory(self) + "/p.xlsx"
        try WorkbookWriter.write(Fixtures.document, to: path)
        let core = try XLSXFile(path: path).part("docProps/core.xml")
        XCTAssertTrue(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-10-09T00:00:00Z</dcterms:created>"))
        XCTAssertTrue(core.contains("<dc:title>百万就业见习岗位募集计划情况汇总表</dc:title>"))
        XCTAssertTrue(core.contains("<dc:subject>2026年9月  南昌市</dc:subject>"))
        XCTAssertTrue(core.contains("<dc:creator>jianxi</dc:creator>"))
    }

    func testReplacesAnExistingFile() throws {
        let path = try scratchDirectory(self) + "/r.xlsx"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try WorkbookWriter.write(Fixtures.document, to: path)
        XCTAssertEqual(try XLSXFile(path: path).sheetNames(), ["南昌市"])
    }

    func testRelativePathWritesInTheCurrentDirectory() throws {
        let directory = try scratchDirectory(self)
        let previous = manager.currentDirectoryPath
        XCTAssertTrue(manager.changeCurrentDirectoryPath(directory))
        defer { _ = manager.changeCurrentDirectoryPath(previous) }
        try WorkbookWriter.write(Fixtures.document, to: "rel.xlsx")
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: directory), ["rel.xlsx"])
    }

    func testMissingDirectoryIsAClearError() throws {
        let directory = try scratchDirectory(self) + "/not-there"
        XCTAssertThrowsError(try WorkbookWriter.write(Fixtures.document, to: directory + "/x.xlsx")) { error in
            let message = (error as! WorkbookError).message
            XCTAssertEqual(message.zh, "输出目录 \(directory) 不存在，请先创建它或换一个路径。")
            XCTAssertTrue(message.en.contains("does not exist"))
        }
    }

    func testEmptyPathOrNULInPathIsAClearError() throws {
        let directory = try scratchDirectory(self)
        for path in ["", directory + "/a\0b.xlsx"] {
            XCTAssertThrowsError(try WorkbookWriter.write(Fixtures.document, to: path)) { error in
                XCTAssertTrue((error as! WorkbookError).message.en.contains("is not valid"))
            }
        }
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: directory), [])
    }

    func testTargetThatIsADirectoryIsAClearError() throws {
        let directory = try scratchDirectory(self)
        try manager.createDirectory(atPath: directory + "/out.xlsx", withIntermediateDirectories: false)
        XCTAssertThrowsError(try WorkbookWriter.write(Fixtures.document, to: directory + "/out.xlsx")) { error in
            XCTAssertTrue((error as! WorkbookError).message.en.contains("is a directory"))
        }
    }

    func testUnwritableDirectoryLeavesTheTargetUntouched() throws {
        // root ignores permission bits, so this can only be shown as another user.
        try XCTSkipIf(geteuid() == 0, "running as root: directory permissions do not apply")
        let directory = try scratchDirectory(self)
        let path = directory + "/keep.xlsx"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(directory, 0o555), 0)
        defer { chmod(directory, 0o755) }
        XCTAssertThrowsError(try WorkbookWriter.write(Fixtures.document, to: path)) { error in
            XCTAssertTrue((error as! WorkbookError).message.en.contains("No permission"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data("old".utf8))
    }

    /// libxlsxwriter refuses a string over Excel's 32,767 characters: the error names the sheet and
    /// cell, and neither the target nor a temporary file is touched.
    func testLibraryErrorLeavesTheTargetUntouched() throws {
        let directory = try scratchDirectory(self)
        let path = directory + "/keep.xlsx"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        var form = Fixtures.form
        form.rows[1].label = String(repeating: "长", count: 40_000)
        XCTAssertThrowsError(try WorkbookWriter.write(WorkbookDocument(sheets: [.form(form)]), to: path)) { error in
            let message = (error as! WorkbookError).message
            XCTAssertTrue(message.zh.contains("工作表「南昌市」 A8"), message.zh)
            XCTAssertTrue(message.en.contains("sheet '南昌市', cell A8"), message.en)
            XCTAssertTrue(message.en.contains("32,767"), message.en)  // lxw_strerror's text
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data("old".utf8))
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: directory), ["keep.xlsx"])
    }

    /// A failure at the very end, when libxlsxwriter creates the file: the temporary path is taken
    /// by a directory, so `workbook_close` fails after every sheet was built.
    func testFailureWhenClosingLeavesTheTargetUntouched() throws {
        let directory = try scratchDirectory(self)
        let path = directory + "/keep.xlsx"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try manager.createDirectory(atPath: directory + "/.keep.xlsx.tmp-\(getpid())", withIntermediateDirectories: false)
        XCTAssertThrowsError(try WorkbookWriter.write(Fixtures.document, to: path)) { error in
            XCTAssertTrue((error as! WorkbookError).message.en.contains("while writing \(directory)/.keep.xlsx.tmp-"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data("old".utf8))
    }

    func testInvalidChartIsRejectedBeforeAnythingIsWritten() throws {
        let directory = try scratchDirectory(self)
        var charts = Fixtures.charts
        charts.charts[0].dataSheet = "没有这张表"
        XCTAssertThrowsError(try WorkbookWriter.write(WorkbookDocument(sheets: [.charts(charts)]), to: directory + "/c.xlsx")) { error in
            XCTAssertTrue((error as! WorkbookError).message.zh.contains("没有这张表"))
        }
        charts = Fixtures.charts
        charts.charts[1].rows = 1...13  // the table has 12 data rows
        XCTAssertThrowsError(try WorkbookWriter.write(WorkbookDocument(sheets: [.table(Fixtures.chartData), .charts(charts)]), to: directory + "/c.xlsx"))
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: directory), [])
    }

    func testSheetNamesFollowExcelsRules() throws {
        let long = String(repeating: "县", count: 40)
        XCTAssertEqual(SheetNames.assign(["a/b", "A_B", "History", long, long, "", "'q'", "数据:1*?", "Sheet6", "x\u{7}y"]), [
            "a_b", "A_B (2)", "History (2)", String(repeating: "县", count: 31), String(repeating: "县", count: 27) + " (2)",
            "Sheet6", "q", "数据_1__", "Sheet6 (2)", "xy",
        ])
        // The names reach the file, and a chart still finds its renamed data sheet.
        let path = try scratchDirectory(self) + "/names.xlsx"
        var data = Fixtures.chartData
        data.name = "图表/数据"
        var charts = Fixtures.charts
        for index in charts.charts.indices { charts.charts[index].dataSheet = "图表/数据" }
        try WorkbookWriter.write(WorkbookDocument(sheets: [.form(Fixtures.form), .table(data), .charts(charts), .table(Fixtures.statusTable), .table(Fixtures.statusTable)]), to: path)
        let file = XLSXFile(path: path)
        XCTAssertEqual(try file.sheetNames(), ["南昌市", "图表_数据", "趋势图", "报送情况", "报送情况 (2)"])
        XCTAssertTrue(try file.part("xl/charts/chart1.xml").contains("<c:f>'图表_数据'!$A$2:$A$13</c:f>"))
    }

    func testApostropheInASheetNameIsDoubledInChartRanges() {
        XCTAssertEqual(CellReference.range(sheet: "O'Brien 表", rows: 1...3, column: 27), "='O''Brien 表'!$AB$2:$AB$4")
        XCTAssertEqual(CellReference.range(sheet: "表", rows: 0...0, column: 0), "='表'!$A$1")
    }
}
