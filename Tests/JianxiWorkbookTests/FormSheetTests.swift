import JianxiDomain
import XCTest
@testable import JianxiWorkbook

/// Attachment 3's layout, read back from the written file.
final class FormSheetTests: XCTestCase {
    private func written(_ document: WorkbookDocument = Fixtures.document) throws -> XLSXFile.Sheet {
        let path = try scratchDirectory(self) + "/form.xlsx"
        try WorkbookWriter.write(document, to: path)
        return try XLSXFile(path: path).sheet(1)
    }

    func testMergedRangesAreExactlyTheFormsLayout() throws {
        let sheet = try written()
        let header = ["A3:A5", "B3:B5", "C4:C5", "D3:D5", "E4:E5", "F3:F5", "G3:G5", "H4:H5", "I3:I5", "J3:L3", "J4:J5",
                      "L4:L5", "M3:M5", "N3:N5", "O3:O5"]
        // Five data rows (7-11), a blank row, the footer (13), "填报说明：" (14) and seven notes (15-21).
        let footer = (13...21).map { "A\($0):O\($0)" }
        XCTAssertEqual(sheet.merges.sorted(), (["A1:O1", "A2:J2", "K2:O2"] + header + footer).sorted())
    }

    func testTitleSubtitleAndUnitLine() throws {
        let sheet = try written()
        XCTAssertEqual(sheet["A1"]?.value, "百万就业见习岗位募集计划情况汇总表")
        XCTAssertEqual(sheet["A1"]?.bold, true)
        XCTAssertEqual(sheet["A2"]?.value, "2026年9月  南昌市")
        XCTAssertEqual(sheet["K2"]?.value, "单位：个、人、万元")
        XCTAssertTrue(sheet.xml.contains(#"<row r="1" spans="1:15" ht="30" customHeight="1">"#))
    }

    func testHeaderTextsFollowTheOfWhichStructure() throws {
        let sheet = try written()
        let expected = [
            "A3": "项目",
            "B3": "本期末实有见习单位总数", "C3": "其中", "C4": "本期新增见习单位数量",
            "D3": "本期末实有见习岗位总数", "E3": "其中", "E4": "本期新增见习岗位数量",
            "F3": "本期计划组织见习人数",
            "G3": "本期实际到岗人数", "H3": "其中", "H4": "离校2年内未就业高校毕业生人数",
            "I3": "本期完成见习人数", "J3": "其中",
            "J4": "被见习单位留用人数", "K4": "其中", "K5": "离校2年内未就业高校毕业生人数", "L4": "其他方式就业人数",
            "M3": "本期非正常结束见习人数", "N3": "本期末实有在岗见习人数", "O3": "本年累计各级财政实际拨付的见习补贴资金数",
        ]
        for (cell, text) in expected { XCTAssertEqual(sheet[cell]?.value, text, cell) }
        // Cells covered by a merge hold nothing of their own; "其中：" is never printed twice.
        for cell in ["A4", "B5", "K3", "L3", "J5", "O5"] { XCTAssertNil(sheet[cell]?.value, cell) }
        XCTAssertFalse(sheet.cells.values.contains { $0.value?.hasPrefix("其中：") == true })
        // The header rows grow so the longest wrapped header shows in full.
        let heights = matches(#"<row r="([345])"[^>]* ht="([0-9.]+)""#, in: sheet.xml).map { Double($0[2])! }
        XCTAssertEqual(heights.count, 3)
        XCTAssertGreaterThanOrEqual(heights.reduce(0, +), 80)
    }

    func testRowOfColumnNumbers() throws {
        let sheet = try written()
        XCTAssertEqual(sheet["A6"]?.value, "甲")
        for indicator in Indicator.allCases {
            let cell = sheet["\(CellReference.column(indicator.rawValue))6"]
            XCTAssertEqual(cell?.value, "\(indicator.number)")
            XCTAssertNil(cell?.type, "a number, not text")
        }
    }

    func testFiguresAndNumberFormats() throws {
        let sheet = try written()
        XCTAssertEqual(sheet["A7"]?.value, "东湖区")
        XCTAssertEqual(sheet["B7"]?.value, "12")
        XCTAssertEqual(sheet["B7"]?.numberFormat, "0")
        XCTAssertEqual(sheet["N7"]?.value, "33")
        // 123,456 yuan = 12.3456 万元, stored exactly, shown with two decimals.
        XCTAssertEqual(sheet["O7"]?.value, "12.3456")
        XCTAssertEqual(sheet["O7"]?.numberFormat, "0.00")
        XCTAssertEqual(sheet["O10"]?.value, "0.0001")
        // A figure not reported is a blank cell that keeps its border, not a 0.
        XCTAssertEqual(sheet["B9"]?.value, "5")
        XCTAssertNotNil(sheet["D9"])
        XCTAssertNil(sheet["D9"]?.value)
    }

    func testTotalsAreSumFormulasCarryingTheirValues() throws {
        let sheet = try written()
        XCTAssertEqual(sheet["A11"]?.value, "南昌市合计")
        XCTAssertEqual(sheet["A11"]?.bold, true)
        XCTAssertEqual(sheet["A11"]?.fill, "EDEDED")
        XCTAssertTrue(sheet.xml.contains("<f>SUM(B7:B8,B10)</f><v>20</v>"), "rejected row 9 is left out")
        XCTAssertTrue(sheet.xml.contains("<f>SUM(O7:O8,O10)</f><v>17.3457</v>"))
        XCTAssertEqual(sheet["O11"]?.numberFormat, "0.00")
        XCTAssertEqual(sheet["G11"]?.fill, "EDEDED")
    }

    func testContiguousTotalIsOneRangeAndEmptyTotalIsZeros() throws {
        var form = Fixtures.form
        form.rows = [
            FormRow(label: "甲县", values: Fixtures.east), FormRow(label: "乙县", values: Fixtures.west),
            FormRow(label: "丙县", values: Fixtures.tricky),
            FormRow(label: "合计", values: Fixtures.sum([Fixtures.east, Fixtures.west, Fixtures.tricky]), sumOf: [2, 0, 1]),
            FormRow(label: "无已报单位", values: IndicatorValues(), sumOf: []),
        ]
        let sheet = try written(WorkbookDocument(sheets: [.form(form)], created: Fixtures.created))
        XCTAssertTrue(sheet.xml.contains("<f>SUM(B7:B9)</f><v>20</v>"))
        XCTAssertEqual(sheet["B11"]?.value, "0")
        XCTAssertNil(sheet["B11"]?.formula)
        XCTAssertEqual(sheet["O11"]?.value, "0")
    }

    func testTotalWithoutItsOwnFigureCachesWhatSumGives() throws {
        var form = Fixtures.form
        form.rows = [FormRow(label: "甲县", values: Fixtures.east), FormRow(label: "乙县", values: IndicatorValues()),
                     FormRow(label: "合计", values: IndicatorValues(), sumOf: [0, 1])]
        let sheet = try written(WorkbookDocument(sheets: [.form(form)], created: Fixtures.created))
        XCTAssertTrue(sheet.xml.contains("<f>SUM(B7:B8)</f><v>12</v>"))
    }

    func testTextThatLooksLikeAFormulaStaysText() throws {
        var form = Fixtures.form
        form.footer.unit = "=HYPERLINK(\"x\")"
        form.rows[0].label = "+1"
        form.rows[1].label = "-A1"
        form.rows[2].label = "@SUM(A1)"
        let sheet = try written(WorkbookDocument(sheets: [.form(form)], created: Fixtures.created))
        XCTAssertEqual(sheet["A10"]?.value, "=1+1")
        XCTAssertEqual(sheet["A10"]?.type, "s", "a shared string")
        for (cell, text) in ["A7": "+1", "A8": "-A1", "A9": "@SUM(A1)"] {
            XCTAssertEqual(sheet[cell]?.value, text)
            XCTAssertNil(sheet[cell]?.formula)
        }
        XCTAssertTrue(sheet["A13"]?.value?.hasPrefix("填报单位（盖章）：=HYPERLINK") == true)
        XCTAssertEqual(matches("<f>", in: sheet.xml).count, 14, "only the total row's SUMs are formulas")
    }

    func testNotesAreFilledCellsWithComments() throws {
        let path = try scratchDirectory(self) + "/notes.xlsx"
        try WorkbookWriter.write(Fixtures.document, to: path)
        let file = XLSXFile(path: path)
        let sheet = try file.sheet(1)
        XCTAssertEqual(sheet["G8"]?.fill, "FFC7CE", "error")
        XCTAssertEqual(sheet["O8"]?.fill, "FFEB9C", "warning")
        XCTAssertEqual(sheet["A9"]?.fill, "FFC7CE", "row note on the label")
        XCTAssertNil(sheet["B8"]?.fill)
        let comments = try file.part("xl/comments1.xml")
        XCTAssertTrue(comments.contains("<author>jianxi</author>"))
        for reference in ["G8", "O8", "A9"] { XCTAssertTrue(comments.contains(#"<comment ref="\#(reference)""#), reference) }
        XCTAssertTrue(comments.contains("[R4] 本期实际到岗人数（8）不应小于其中离校2年内未就业高校毕业生人数（9）。"))
        XCTAssertTrue(comments.contains("退回：第1版有错误，不计入合计，待更正后重报。"))
        // Boxes wider than Excel's default 128 pixels (96pt), so Chinese text wraps readably.
        XCTAssertTrue(try file.part("xl/drawings/vmlDrawing1.vml").contains("width:240pt"))
    }

    func testInfoNoteCommentsWithoutFill() throws {
        var form = Fixtures.form
        form.rows[0].notes = [.planned: CellNote(severity: .info, text: "已说明：季节性招聘。")]
        let path = try scratchDirectory(self) + "/info.xlsx"
        try WorkbookWriter.write(WorkbookDocument(sheets: [.form(form)], created: Fixtures.created), to: path)
        let file = XLSXFile(path: path)
        XCTAssertNil(try file.sheet(1)["F7"]?.fill)
        XCTAssertTrue(try file.part("xl/comments1.xml").contains(#"<comment ref="F7""#))
    }

    func testFooterAndTheSevenInstructions() throws {
        let sheet = try written()
        XCTAssertNil(sheet["A12"]?.value, "one blank row after the data")
        XCTAssertEqual(sheet["A13"]?.value, "填报单位（盖章）：南昌市人社局    填报时间：2026年10月9日    填报人：张三    联系电话：0791-88888888")
        XCTAssertEqual(sheet["A14"]?.value, "填报说明：")
        XCTAssertEqual(sheet["A15"]?.value, "1.本表于下月前5个工作日内上报，遇节假日顺延。")
        XCTAssertEqual(sheet["A16"]?.value?.hasPrefix("2.指标8“本期完成见习人数”：是指统计周期内"), true)
        XCTAssertEqual(sheet["A16"]?.value?.hasSuffix("（见习期内，因见习人员个人原因等提前结束见习的人员数不算在内）"), true)
        XCTAssertEqual(sheet["A21"]?.value, "7.逻辑关系：1≥2，3≥4，5≥6≥7，8≥9+11，9≥10。")
        // Instruction 2 is the longest: its row is taller than a one-line row.
        let height = matches(#"<row r="16"[^>]* ht="([0-9.]+)""#, in: sheet.xml).first.flatMap { Double($0[1]) } ?? 0
        XCTAssertGreaterThan(height, 25)
    }

    func testFrozenPaneAndPageSetup() throws {
        let path = try scratchDirectory(self) + "/print.xlsx"
        try WorkbookWriter.write(Fixtures.document, to: path)
        let file = XLSXFile(path: path)
        let xml = try file.sheet(1).xml
        XCTAssertTrue(xml.contains(#"<pane xSplit="1" ySplit="6" topLeftCell="B7" activePane="bottomRight" state="frozen"/>"#))
        XCTAssertTrue(xml.contains(#"<pageSetUpPr fitToPage="1"/>"#))
        // fitToWidth is absent because 1 is its default; fitToHeight 0 = as many pages as needed.
        XCTAssertTrue(xml.contains(#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>"#))
        XCTAssertTrue(xml.contains(#"<printOptions horizontalCentered="1"/>"#))
        XCTAssertTrue(xml.contains(#"<pageMargins left="0.3" right="0.3" top="0.5" bottom="0.5""#))
        XCTAssertTrue(try file.part("xl/workbook.xml").contains(#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'南昌市'!$3:$6</definedName>"#))
    }

    func testStreamingFormKeepsTextsWithoutMultiRowMerges() throws {
        var document = Fixtures.document
        document.streaming = true
        let sheet = try written(document)
        XCTAssertEqual(sheet["A3"]?.value, "项目")
        XCTAssertEqual(sheet["A3"]?.type, "inlineStr")
        XCTAssertEqual(sheet["K5"]?.value, "离校2年内未就业高校毕业生人数")
        XCTAssertTrue(sheet.xml.contains("<f>SUM(B7:B8,B10)</f><v>20</v>"))
        // Single-row merges survive constant_memory; merges down several rows cannot.
        XCTAssertTrue(sheet.merges.contains("J3:L3"))
        XCTAssertFalse(sheet.merges.contains("A3:A5"))
        XCTAssertEqual(sheet["A4"]?.value, nil)
        XCTAssertNotNil(sheet["A4"], "the covered cell keeps the header's border")
    }

    func testInconsistentTotalsAreRejected() throws {
        let directory = try scratchDirectory(self)
        // A row that does not exist, the total itself, two totals adding each other.
        for (own, other) in [([0, 9], [0, 1, 3]), ([5], [0, 1, 3]), ([4], [5])] {
            var form = Fixtures.form
            form.rows.append(FormRow(label: "再合计", values: IndicatorValues(), sumOf: own))
            form.rows[4].sumOf = other
            XCTAssertThrowsError(try WorkbookWriter.write(WorkbookDocument(sheets: [.form(form)]), to: directory + "/bad.xlsx"), "\(own)") { error in
                XCTAssertTrue((error as? WorkbookError)?.message.zh.contains("合计行") == true, "\(error)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    func testSumArgumentsCollapseRuns() {
        XCTAssertEqual(FormLayout.sumArguments([0, 1, 2, 4, 6, 7], column: 2), ["C7:C9", "C11", "C13:C14"])
        XCTAssertEqual(FormLayout.sumArguments([3, 3, 1], column: 1), ["B8", "B10"])
    }
}
