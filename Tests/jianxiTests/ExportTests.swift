import Foundation
import XCTest

/// `jianxi export` end to end: the samples stored, then the workbooks and the consolidation.
final class ExportTests: XCTestCase {
    private var scratch: URL!
    private var db: String { scratch.appendingPathComponent("store.sqlite").path }

    override func setUpWithError() throws {
        scratch = try temporaryDirectory()
        let ingest = try Run.jianxi(["ingest", "--db", db, "--today", "2026-11-20", "Samples"])
        XCTAssertEqual(ingest.status, 1, "the samples hold rejected returns")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private func export(_ arguments: [String]) throws -> Run {
        try Run.jianxi(["export", "--db", db, "--today", "2026-11-20"] + arguments)
    }

    /// One part of an .xlsx (a zip of XML).
    private func part(_ path: String, _ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", path, name]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private func sheetNames(_ path: String) throws -> [String] {
        let workbook = try part(path, "xl/workbook.xml")
        return workbook.components(separatedBy: "<sheet name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    func testTheProvinceWorkbookHasTheFormForTheProvinceAndEachCity() throws {
        let path = scratch.appendingPathComponent("province.xlsx").path
        let run = try export(["--period", "2026-09", "-o", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try sheetNames(path), ["江西省", "南昌市", "景德镇市", "萍乡市", "九江市", "新余市", "鹰潭市", "赣州市",
                                              "吉安市", "宜春市", "抚州市", "上饶市", "报送情况", "审核结果", "表间审核"])
        let strings = try part(path, "xl/sharedStrings.xml")
        for text in ["百万就业见习岗位募集计划情况汇总表", "单位：个、人、万元", "江西省合计（94/101 县区已报）",
                     "南昌市（8/9 县区已报）", "青山湖区（退回）", "南昌市合计（8/9 县区已报）", "7.逻辑关系：1≥2，3≥4，5≥6≥7，8≥9+11，9≥10。"] {
            XCTAssertTrue(strings.contains(text), text)
        }
        // 南昌市: nine county rows from row 7, the rejected 青山湖区 (row 10) left out of the total.
        let nanchang = try part(path, "xl/worksheets/sheet2.xml")
        XCTAssertTrue(nanchang.contains("<f>SUM(B7:B9,B11:B15)</f>"), nanchang)
        XCTAssertTrue(try part(path, "xl/worksheets/sheet1.xml").contains("<f>SUM(B7:B18)</f>"))
    }

    func testTextFromReturnsIsNeverAFormula() throws {
        let file = scratch.appendingPathComponent("inject.csv").path
        try Data("""
            region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14
            360124,进贤县,2026-09,2026-10-30,=1+1,@SUM(A1),40,3,120,6,30,25,20,18,10,8,5,2,60,35.5

            """.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try Run.jianxi(["ingest", "--db", db, "--today", "2026-11-20", file]).status, 0)
        let path = scratch.appendingPathComponent("inject.xlsx").path
        XCTAssertEqual(try export(["--period", "2026-09", "-o", path]).status, 0)
        let index = try XCTUnwrap(try sheetNames(path).firstIndex(of: "报送情况"))
        let sheet = try part(path, "xl/worksheets/sheet\(index + 1).xml")
        XCTAssertFalse(sheet.contains("<f>"), "no formula on the status sheet")
        let strings = try part(path, "xl/sharedStrings.xml")
        XCTAssertTrue(strings.contains("<t>=1+1</t>"), "the reporter is kept as text")
        XCTAssertTrue(strings.contains("<t>@SUM(A1)</t>"))
    }

    func testConsolidationAsJSONSaysWhatIsMissingAndWhereCitiesDisagree() throws {
        let run = try export(["--period", "2026-09", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        let province = try XCTUnwrap((json["provinces"] as? [[String: Any]])?.first)
        XCTAssertEqual(province["reported"] as? Int, 94)
        XCTAssertEqual(province["expected"] as? Int, 101)
        XCTAssertEqual(province["complete"] as? Bool, false)
        XCTAssertEqual(province["completeness"] as? String, "94/101 县区已报")
        XCTAssertEqual((province["rejected"] as? [String])?.count, 7)
        let reconciliation = try XCTUnwrap((json["reconciliations"] as? [[String: Any]])?.first)
        XCTAssertEqual(reconciliation["city_code"] as? String, "360200")
        let differences = try XCTUnwrap(reconciliation["differences"] as? [[String: Any]])
        XCTAssertEqual(differences.count, 1)
        XCTAssertEqual(differences[0]["indicator"] as? String, "posts_total")
        let reported = try XCTUnwrap(differences[0]["city_reported"] as? Int)
        XCTAssertEqual(reported - (differences[0]["sum_of_counties"] as? Int ?? 0), 5)
    }

    func testACityWorkbook() throws {
        let path = scratch.appendingPathComponent("city.xlsx").path
        XCTAssertEqual(try export(["--period", "2026-09", "--city", "360100", "-o", path]).status, 0)
        XCTAssertEqual(try sheetNames(path), ["南昌市", "报送情况", "审核结果"])
        XCTAssertEqual(try export(["--period", "2026-09", "--city", "360102", "-o", path]).status, 2, "a county is no city")
    }

    func testAMissingUnitIsShownAndLeftOut() throws {
        let fresh = scratch.appendingPathComponent("partial.sqlite").path
        let file = scratch.appendingPathComponent("two.csv").path
        try Data("""
            region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14
            360102,东湖区,2026-09,2026-10-12,王芳,0791-86383274,40,3,120,6,30,25,20,18,10,8,5,2,60,35.5
            360103,西湖区,2026-09,2026-10-12,李强,0791-86383275,10,1,30,2,9,8,6,5,3,2,1,0,20,12.25

            """.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try Run.jianxi(["ingest", "--db", fresh, "--today", "2026-11-20", file]).status, 0)
        let run = try Run.jianxi(["export", "--db", fresh, "--today", "2026-11-20", "--period", "2026-09", "--format", "json"])
        let cities = try XCTUnwrap(try run.json()["cities"] as? [[String: Any]])
        let nanchang = try XCTUnwrap(cities.first { $0["region_code"] as? String == "360100" })
        XCTAssertEqual(nanchang["completeness"] as? String, "2/9 县区已报")
        XCTAssertEqual((nanchang["indicators"] as? [String: Any])?["units_total"] as? Int, 50)
        XCTAssertEqual((nanchang["indicators"] as? [String: Any])?["subsidy_ytd"] as? Double, 47.75)
        XCTAssertEqual((nanchang["missing"] as? [String])?.count, 7)
        let path = scratch.appendingPathComponent("partial.xlsx").path
        XCTAssertEqual(try Run.jianxi(["export", "--db", fresh, "--today", "2026-11-20", "--period", "2026-09", "-o", path]).status, 0)
        XCTAssertTrue(try part(path, "xl/sharedStrings.xml").contains("青云谱区（未报）"))
    }

    func testAnAnalystSeries() throws {
        let path = scratch.appendingPathComponent("series.xlsx").path
        let run = try export(["--from", "2026-08", "--to", "2026-09", "-o", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try sheetNames(path), ["明细", "岗位募集目标", "报送完整性", "图表数据", "图表"])
        XCTAssertTrue(try part(path, "xl/charts/chart1.xml").contains("'图表数据'!$A$2:$A$3"))
        let csv = try export(["--from", "2026-08", "--to", "2026-09", "--format", "csv", "--level", "county"])
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}period,region_code,region_name,level,units_total"), lines[0])
        XCTAssertEqual(lines.count, 1 + 2 * 101)
        XCTAssertTrue(lines.contains { $0.hasPrefix("2026-09,360111,青山湖区,county,,") && $0.hasSuffix(",退回") }, "a rejected unit has no figures")
    }

    /// The series is written month by month as it is read: to a file (whole, renamed into place)
    /// it is what standard output gets; a month without returns has every unit missing.
    func testASeriesAsCSVToAFileIsWhatItPrints() throws {
        let printed = try export(["--from", "2026-07", "--to", "2026-09", "--format", "csv"])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        let path = scratch.appendingPathComponent("series.csv").path
        let written = try export(["--from", "2026-07", "--to", "2026-09", "--format", "csv", "-o", path])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(printed.stdout.utf8))
        let lines = printed.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 1 + 3 * (1 + 12 + 101), "the province, 12 city-level units and 101 units a month")
        XCTAssertTrue(lines.contains("2026-07,360000,江西省,province,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,0/101 县区已报"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("2026-07,") && $0.contains(",county,") && $0.hasSuffix(",,,,,,,,,,,,,,,,,,未报") }.count, 101)
        XCTAssertTrue(lines.contains { $0.hasPrefix("2026-09,360000,江西省,province,") && $0.hasSuffix(",94/101 县区已报") })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.contains("tmp") }, [], "no temporary file left")
    }

    func testASeriesCSVThatCannotBeWrittenLeavesNothing() throws {
        let run = try export(["--from", "2026-08", "--to", "2026-09", "--format", "csv", "--lang", "en",
                              "-o", scratch.appendingPathComponent("no/such/dir/x.csv").path])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("Cannot write \(scratch.appendingPathComponent("no/such/dir/x.csv").path)"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    /// One city's series: its counties in the completeness grid, the city alone in the charts.
    func testACitysSeries() throws {
        let path = scratch.appendingPathComponent("nanchang.xlsx").path
        let run = try export(["--from", "2026-08", "--to", "2026-09", "--region", "360100", "-o", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        let grid = try part(path, "xl/worksheets/sheet3.xml")
        XCTAssertEqual(grid.components(separatedBy: "<row r=").count - 1, 1 + 9, "the header and 南昌市's nine counties")
        let chart = try part(path, "xl/charts/chart1.xml")
        XCTAssertEqual(chart.components(separatedBy: "<c:ser>").count - 1, 1)
        XCTAssertTrue(chart.contains("'图表数据'!$B$1"))
        let target = try part(path, "xl/worksheets/sheet2.xml")
        XCTAssertEqual(target.components(separatedBy: "<row r=").count - 1, 1, "no province in a city's series")
    }

    func testWritingWhereItCannotFailsWithoutAFile() throws {
        let run = try export(["--period", "2026-09", "-o", scratch.appendingPathComponent("no/such/dir/x.xlsx").path])
        XCTAssertEqual(run.status, 2)
        XCTAssertFalse(run.stderr.isEmpty)
    }
}
