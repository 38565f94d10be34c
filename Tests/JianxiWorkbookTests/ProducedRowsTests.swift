import Foundation
import JianxiDomain
import XCTest
@testable import JianxiWorkbook

/// Tables whose rows are made while the sheet is written (`TableSheet.Rows(count:produce:)`), so
/// a long table never has to be held: the same file as held rows, the promised count enforced,
/// and a failure of the producer leaving nothing behind.
final class ProducedRowsTests: XCTestCase {
    private static func produced(_ table: TableSheet) -> TableSheet {
        guard case .held(let rows) = table.rows.source else { fatalError("a held table") }
        return TableSheet(name: table.name, columns: table.columns, rows: TableSheet.Rows(count: rows.count) { emit throws(WorkbookError) in
            for row in rows { try emit(row) }
        }, frozenColumns: table.frozenColumns)
    }

    func testProducedRowsWriteTheSameFileAsHeldRows() throws {
        let directory = try scratchDirectory(self)
        for streaming in [false, true] {
            let held = WorkbookDocument(sheets: [.table(Fixtures.statusTable), .table(Fixtures.chartData), .charts(Fixtures.charts)],
                                        created: Fixtures.created, streaming: streaming)
            var produced = held
            produced.sheets = [.table(Self.produced(Fixtures.statusTable)), .table(Self.produced(Fixtures.chartData)), .charts(Fixtures.charts)]
            try WorkbookWriter.write(held, to: directory + "/held.xlsx")
            try WorkbookWriter.write(produced, to: directory + "/produced.xlsx")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory + "/held.xlsx")),
                           try Data(contentsOf: URL(fileURLWithPath: directory + "/produced.xlsx")), "streaming: \(streaming)")
        }
    }

    func testAProducerMustMakeTheRowsItPromised() throws {
        let directory = try scratchDirectory(self)
        for made in [2, 4] {
            let table = TableSheet(name: "表", columns: [.init("数", .integer)], rows: TableSheet.Rows(count: 3) { emit throws(WorkbookError) in
                for index in 0..<made { try emit([.integer(Int64(index))]) }
            })
            XCTAssertThrowsError(try WorkbookWriter.write(WorkbookDocument(sheets: [.table(table)]), to: directory + "/t.xlsx")) { error in
                XCTAssertTrue((error as! WorkbookError).message.en.contains("should have 3 rows but \(made) were made"), "\(error)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }

    /// The store failing halfway through a long table: its own message, the old file kept, no
    /// temporary file left.
    func testAFailingProducerLeavesTheTargetUntouched() throws {
        let directory = try scratchDirectory(self)
        let path = directory + "/keep.xlsx"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let failure = Text(zh: "数据库出错", en: "The store failed")
        let table = TableSheet(name: "明细", columns: [.init("数", .integer)], rows: TableSheet.Rows(count: 200_000) { emit throws(WorkbookError) in
            for index in 0..<150_000 { try emit([.integer(Int64(index))]) }
            throw WorkbookError(message: failure)
        })
        XCTAssertThrowsError(try WorkbookWriter.write(WorkbookDocument(sheets: [.table(table)], streaming: true), to: path)) { error in
            XCTAssertEqual((error as! WorkbookError).message, failure)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data("old".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["keep.xlsx"])
    }

    /// Line counts as the text split by Character gives them: "\r\n" is one character and ends
    /// no line; a lone "\n" does, however many.
    func testLinesCountAsSplittingByCharacter() {
        func reference(_ text: String, width: Double) -> Int {
            let usable = max(width - 1, 1)
            return text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, line in
                total + max(1, Int((Double(TextMetrics.width(String(line))) / usable).rounded(.up)))
            }
        }
        let pieces = ["a", "中", "\n", "\r", "\r\n", "\n\n", " ", "\u{301}", "１", "😀", "ab c", "本期末实有见习岗位总数"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for width in [1.0, 3, 10, 12.5, 51] {
                XCTAssertEqual(TextMetrics.lines(text, width: width), reference(text, width: width), "\(text.debugDescription) at \(width)")
            }
        }
    }
}
