import JianxiDomain
import XCTest
@testable import JianxiWorkbook

final class TableAndChartTests: XCTestCase {
    func testTableSheet() throws {
        let path = try scratchDirectory(self) + "/table.xlsx"
        try WorkbookWriter.write(WorkbookDocument(sheets: [.table(Fixtures.statusTable)], created: Fixtures.created), to: path)
        let file = XLSXFile(path: path)
        let sheet = try file.sheet(1)
        XCTAssertTrue(try file.part("xl/workbook.xml").contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'报送情况'!$1:$1</definedName>"))
        XCTAssertEqual(sheet["A1"]?.value, "单位")
        XCTAssertEqual(sheet["A1"]?.bold, true)
        XCTAssertEqual(sheet["A1"]?.fill, "DDEBF7")
        XCTAssertTrue(sheet.xml.contains(#"<autoFilter ref="A1:F5"/>"#))
        XCTAssertTrue(sheet.xml.contains(#"<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>"#))
        // Widths: "逾期工作日" is 5 CJK characters = 10, plus 4 for the filter button; "备注" asked for 30.
        XCTAssertTrue(sheet.xml.contains(#"<col min="3" max="3" width="14.7109375" customWidth="1"/>"#))
        XCTAssertTrue(sheet.xml.contains(#"<col min="6" max="6" width="30.7109375" customWidth="1"/>"#))

        XCTAssertEqual(sheet["C3"]?.value, "2")
        XCTAssertEqual(sheet["C3"]?.numberFormat, "0")
        XCTAssertEqual(sheet["D2"]?.value, "12.3456")
        XCTAssertEqual(sheet["D2"]?.numberFormat, "0.00")
        XCTAssertEqual(sheet["D3"]?.value, "0.0001")
        XCTAssertEqual(sheet["E3"]?.value, "0.125")
        XCTAssertEqual(sheet["E3"]?.numberFormat, "0.0%")
        XCTAssertNil(sheet["C4"], "empty cells are not written")
        XCTAssertEqual(sheet["B2"]?.value, "按时")
        XCTAssertEqual(["B2", "B3", "B4", "B5"].map { sheet[$0]?.fill }, ["C6EFCE", "FCD5B4", "D9D9D9", "FFC7CE"])
        for cell in ["F2", "F4", "F5"] { XCTAssertNil(sheet[cell]?.formula, cell) }
        XCTAssertEqual(sheet["F2"]?.value, "=1+1")
        XCTAssertEqual(sheet["F5"]?.value, "-3")
        XCTAssertEqual(sheet["F5"]?.type, "s")
    }

    func testStreamingWritesTwoHundredThousandRows() throws {
        let count = 200_000
        let rows: [[TableSheet.Cell]] = (0..<count).map { index in
            [.text("36\(index)"), .integer(Int64(index)), .amount(Amount(yuan: Int64(index) * 7)), .percent(0.5), .state("按时", .good)]
        }
        let table = TableSheet(name: "历史", columns: [.init("代码", .text), .init("人数", .integer), .init("补贴", .amount),
                                                        .init("比例", .percent), .init("状态", .text)], rows: rows, frozenColumns: 1)
        let directory = try scratchDirectory(self)
        let path = directory + "/big.xlsx"
        try WorkbookWriter.write(WorkbookDocument(sheets: [.table(table)], created: Fixtures.created, streaming: true), to: path)
        let file = XLSXFile(path: path)
        let head = try file.part("xl/worksheets/sheet1.xml", prefix: 4_000)
        XCTAssertTrue(head.contains(#"<dimension ref="A1:E200001"/>"#))
        XCTAssertTrue(head.contains(#"<c r="A2" t="inlineStr"><is><t>360</t></is></c>"#), "constant_memory writes strings inline")
        let tail = try shell("/usr/bin/unzip -p \(shellQuoted(path)) xl/worksheets/sheet1.xml | tail -c 2000")
        XCTAssertTrue(tail.contains(#"<c r="B200001" s="3"><v>199999</v></c>"#) || tail.contains("<v>199999</v>"), tail)
        XCTAssertTrue(tail.contains(#"<autoFilter ref="A1:E200001"/>"#))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["big.xlsx"])
    }

    func testChartSheetRefersToQuotedChineseRanges() throws {
        let path = try scratchDirectory(self) + "/charts.xlsx"
        let document = WorkbookDocument(sheets: [.table(Fixtures.chartData), .charts(Fixtures.charts)], created: Fixtures.created)
        try WorkbookWriter.write(document, to: path)
        let file = XLSXFile(path: path)
        XCTAssertEqual(try file.sheetNames(), ["图表数据", "趋势图"])
        let parts = try file.partNames()
        XCTAssertTrue(parts.contains("xl/charts/chart1.xml") && parts.contains("xl/charts/chart2.xml"))
        XCTAssertTrue(try file.part("xl/worksheets/sheet2.xml").contains("<drawing r:id=\"rId1\"/>"))

        let first = try file.part("xl/charts/chart1.xml")
        XCTAssertTrue(first.contains("<c:lineChart>"))
        XCTAssertTrue(first.contains("<c:f>'图表数据'!$A$2:$A$13</c:f>"))
        XCTAssertTrue(first.contains("<c:f>'图表数据'!$B$2:$B$13</c:f>"))
        XCTAssertTrue(first.contains("<c:f>'图表数据'!$B$1</c:f>"), "series named from the header cell")
        XCTAssertTrue(first.contains("<a:t>在岗见习人数</a:t>"), "chart title")
        XCTAssertTrue(first.contains("<a:t>人</a:t>"), "y-axis title")
        let second = try file.part("xl/charts/chart2.xml")
        XCTAssertTrue(second.contains("<c:f>'图表数据'!$C$2:$C$13</c:f>"))
        XCTAssertEqual(matches("<c:ser>", in: second).count, 2)

        // Stacked: the second chart starts 20 rows below the first.
        let anchors = matches(#"<xdr:from><xdr:col>([0-9]+)</xdr:col><xdr:colOff>[0-9]+</xdr:colOff><xdr:row>([0-9]+)</xdr:row>"#,
                              in: try file.part("xl/drawings/drawing1.xml")).map { [$0[1], $0[2]] }
        XCTAssertEqual(anchors, [["1", "1"], ["1", "21"]])
    }

    func testChartsInAStreamingWorkbook() throws {
        let path = try scratchDirectory(self) + "/charts-stream.xlsx"
        try WorkbookWriter.write(WorkbookDocument(sheets: [.charts(Fixtures.charts), .table(Fixtures.chartData)], streaming: true), to: path)
        XCTAssertTrue(try XLSXFile(path: path).part("xl/charts/chart1.xml").contains("<c:f>'图表数据'!$A$2:$A$13</c:f>"))
    }
}
