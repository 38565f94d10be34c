import Foundation
import XCTest
@testable import JianxiWorkbook

/// The form sheet's XML compared with a committed reference, so any change in layout, styles or
/// formulas shows up as a diff to review.
///
/// To accept a deliberate change, re-record and review the diff before committing:
///     JIANXI_RECORD_GOLDENS=1 swift test --filter JianxiWorkbookTests.GoldenTests
/// The reference depends on libxlsxwriter's output: a new library version may need re-recording.
final class GoldenTests: XCTestCase {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    func testFormSheetMatchesGolden() throws {
        let directory = try scratchDirectory(self)
        let path = directory + "/golden.xlsx"
        try WorkbookWriter.write(Fixtures.document, to: path)
        try compare(XLSXFile(path: path).part("xl/worksheets/sheet1.xml"), golden: "form-sheet1.xml", scratch: directory)
    }

    private func compare(_ actual: String, golden name: String, scratch: String) throws {
        let golden = Self.goldens.appendingPathComponent(name)
        // One element per line, so a mismatch reads as a short diff instead of one huge line.
        let pretty = actual.replacingOccurrences(of: "><", with: ">\n<") + "\n"
        if ProcessInfo.processInfo.environment["JIANXI_RECORD_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldens, withIntermediateDirectories: true)
            try pretty.write(to: golden, atomically: true, encoding: .utf8)
            print("recorded \(golden.path)")
            return
        }
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            return XCTFail("no golden file \(golden.path); record it with JIANXI_RECORD_GOLDENS=1")
        }
        guard expected != pretty else { return }
        let actualPath = scratch + "/actual-" + name
        try pretty.write(toFile: actualPath, atomically: true, encoding: .utf8)
        let diff = (try? shell("diff -u \(shellQuoted(golden.path)) \(shellQuoted(actualPath)) | head -80; true")) ?? ""
        XCTFail("\(name) differs from the golden file (JIANXI_RECORD_GOLDENS=1 re-records it):\n\(diff)")
    }
}
