import Foundation
import JianxiDomain
import XCTest
@testable import JianxiWorkbook

/// An independent reader: openpyxl (`pip install openpyxl`) opens the file, and every SUM's cached
/// value, what viewers that do not recalculate show, equals the sum of the cells it names.
final class OpenpyxlTests: XCTestCase {
    private static let script = #"""
    import json, re, sys
    from openpyxl import load_workbook
    from openpyxl.utils import range_boundaries
    path = sys.argv[1]
    formulas, values = load_workbook(path), load_workbook(path, data_only=True)
    report = {"sheets": formulas.sheetnames, "totals": 0, "mismatches": [], "merged": {}}
    for ws in formulas.worksheets:
        wv = values[ws.title]
        report["merged"][ws.title] = len(ws.merged_cells.ranges)
        for row in ws.iter_rows():
            for cell in row:
                m = re.fullmatch(r"=SUM\((.*)\)", str(cell.value)) if isinstance(cell.value, str) else None
                if not m:
                    continue
                expected = 0
                for argument in m.group(1).split(","):
                    c1, r1, c2, r2 = range_boundaries(argument)
                    for r in range(r1, r2 + 1):
                        for c in range(c1, c2 + 1):
                            expected += wv.cell(r, c).value or 0
                cached = wv[cell.coordinate].value
                report["totals"] += 1
                if cached is None or abs(cached - expected) > 1e-9:
                    report["mismatches"].append([ws.title, cell.coordinate, cached, expected])
    print(json.dumps(report, ensure_ascii=False))
    """#

    func testEveryTotalEqualsTheSumOfItsRows() throws {
        guard (try? shell("python3 -c 'import openpyxl'")) != nil else {
            throw XCTSkip("openpyxl is not importable (pip install openpyxl)")
        }
        var city = Fixtures.form
        city.name = "赣州市"
        city.rows = [FormRow(label: "章贡区", values: Fixtures.east), FormRow(label: "南康区", values: Fixtures.west),
                     FormRow(label: "赣县区", values: IndicatorValues()),
                     FormRow(label: "赣州市合计", values: IndicatorValues(), sumOf: [0, 1, 2])]
        let province = FormSheet(name: "江西省", subtitle: "2026年9月  江西省", rows: [
            FormRow(label: "南昌市", values: Fixtures.sum([Fixtures.east, Fixtures.west, Fixtures.tricky])),
            FormRow(label: "赣州市", values: Fixtures.sum([Fixtures.east, Fixtures.west])),
            FormRow(label: "赣江新区（退回）", values: Fixtures.tricky, rowNote: CellNote(severity: .error, text: "退回")),
            FormRow(label: "江西省合计", values: Fixtures.sum([Fixtures.east, Fixtures.west, Fixtures.tricky, Fixtures.east, Fixtures.west]), sumOf: [0, 1]),
        ], footer: Fixtures.form.footer)
        let path = try scratchDirectory(self) + "/check.xlsx"
        try WorkbookWriter.write(WorkbookDocument(sheets: [.form(province), .form(Fixtures.form), .form(city)], created: Fixtures.created), to: path)

        let output = try shell("python3 - \(shellQuoted(path)) <<'EOF'\n\(Self.script)\nEOF")
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], output)
        XCTAssertEqual(report["sheets"] as? [String], ["江西省", "南昌市", "赣州市"])
        XCTAssertEqual(report["totals"] as? Int, 3 * 14)
        XCTAssertEqual((report["mismatches"] as? [Any])?.count, 0, "\(report["mismatches"] ?? "")")
        XCTAssertEqual(report["merged"] as? [String: Int], ["江西省": 27, "南昌市": 27, "赣州市": 27])
    }
}
