import Foundation
import XCTest

/// The commands end to end: arguments in, report and exit code out.
final class CommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws { scratch = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private func write(_ name: String, _ text: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A clean return for 东湖区, September 2026, sent on time.
    private let header = "region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14"
    private let clean = "360102,东湖区,2026-09,2026-10-12,王芳,0791-86383274,40,3,120,6,30,25,20,18,10,8,5,2,60,35.5"

    // MARK: deadline

    func testDeadlinePrintsOneLinePerPeriod() throws {
        let run = try Run.jianxi(["deadline", "2023-09", "202409", "2025年1月"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "2023-09 2023-10-11\n2024-09 2024-10-12\n2025-01 2025-02-10\n")
        XCTAssertEqual(run.stderr, "")
    }

    func testDeadlineForAYearAndAsJSON() throws {
        let year = try Run.jianxi(["deadline", "--year", "2026"])
        XCTAssertEqual(year.stdout.split(separator: "\n").count, 12)
        XCTAssertTrue(year.stdout.hasPrefix("2026-01 2026-02-06\n"), year.stdout)
        let json = try Run.jianxi(["deadline", "--format", "json", "2026-09"]).json()
        let items = try XCTUnwrap(json["deadlines"] as? [[String: Any]])
        XCTAssertEqual(items.first?["period"] as? String, "2026-09")
        XCTAssertEqual(items.first?["deadline"] as? String, "2026-10-13")
        XCTAssertEqual(items.first?["calendar_covers_month"] as? Bool, true)
    }

    func testDeadlineBeyondTheCalendarWarnsOnStandardError() throws {
        let run = try Run.jianxi(["deadline", "--lang", "en", "2026-12"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "2026-12 2027-01-07\n")
        XCTAssertTrue(run.stderr.contains("no holiday schedule for 2027"), run.stderr)
    }

    func testACalendarFileAddsAYear() throws {
        // A made-up 2027: Friday 1 and Monday 4 January off, Saturday 9 January worked, so the
        // 5th working day is that Saturday (5, 6, 7, 8, 9) instead of Thursday 7 January.
        let calendar = try write("2027.csv", "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦\n2027-01-09,workday,元旦\n")
        let run = try Run.jianxi(["deadline", "--calendar", calendar, "2026-12"])
        XCTAssertEqual(run.stdout, "2026-12 2027-01-09\n")
        XCTAssertEqual(run.stderr, "")
    }

    func testBadPeriodCannotRun() throws {
        let run = try Run.jianxi(["deadline", "2024-13"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("2024-13"), run.stderr)
    }

    // MARK: check

    func testCleanReturnExitsZero() throws {
        let file = try write("clean.csv", header + "\n" + clean + "\n")
        let run = try Run.jianxi(["check", file])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertTrue(run.stdout.contains("第2行  360102 东湖区  2026年9月  填报时间 2026-10-12  截止 2026-10-13  按时  通过"), run.stdout)
        XCTAssertTrue(run.stdout.contains("结论：没有错误，可以报送。"), run.stdout)
    }

    func testErrorFindingsExitOneAndNameRowColumnAndValues() throws {
        let broken = clean.replacingOccurrences(of: ",40,3,", with: ",4,30,")  // units_new > units_total
        let file = try write("r1.csv", header + "\n" + clean + "\n" + broken.replacingOccurrences(of: "360102,东湖区", with: "360103,西湖区") + "\n")
        let run = try Run.jianxi(["check", "--format", "json", file])
        XCTAssertEqual(run.status, 1)
        let json = try run.json()
        let returns = try XCTUnwrap(json["returns"] as? [[String: Any]])
        XCTAssertEqual(returns.count, 2)
        XCTAssertEqual((returns[0]["findings"] as? [Any])?.count, 0)
        let finding = try XCTUnwrap((returns[1]["findings"] as? [[String: Any]])?.first)
        XCTAssertEqual(finding["rule"] as? String, "R1")
        XCTAssertEqual(finding["severity"] as? String, "error")
        XCTAssertEqual(finding["row"] as? Int, 3)
        XCTAssertEqual(finding["column"] as? String, "units_total")
        XCTAssertEqual(finding["indicators"] as? [String: Int], ["units_total": 4, "units_new": 30])
        let summary = try XCTUnwrap(json["summary"] as? [String: Int])
        XCTAssertEqual(summary["returns"], 2)
        XCTAssertEqual(summary["returns_with_errors"], 1)
        XCTAssertEqual(summary["errors"], 1)
    }

    func testJSONReportHasTheDocumentedShape() throws {
        let file = try write("late.csv", header + "\n" + clean.replacingOccurrences(of: "2026-10-12", with: "2026-10-15") + "\n")
        let json = try Run.jianxi(["check", "--format", "json", file]).json()
        XCTAssertEqual(Set(json.keys), ["returns", "files", "summary"])
        let r = try XCTUnwrap((json["returns"] as? [[String: Any]])?.first)
        for key in ["source", "row", "region_code", "period", "submitted_on", "deadline", "late", "findings"] {
            XCTAssertNotNil(r[key], "missing \(key)")
        }
        XCTAssertEqual(r["deadline"] as? String, "2026-10-13")
        XCTAssertEqual(r["late"] as? Bool, true)
        XCTAssertEqual(r["working_days_late"] as? Int, 2)
        let finding = try XCTUnwrap((r["findings"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(finding.keys), ["rule", "severity", "message", "hint", "row", "column", "indicators", "explanation"])
        XCTAssertEqual(finding["rule"] as? String, "W_LATE")
        XCTAssertEqual(finding["severity"] as? String, "warning")
    }

    func testWarningsAloneExitZero() throws {
        let file = try write("late.csv", header + "\n" + clean.replacingOccurrences(of: "2026-10-12", with: "2026-10-14") + "\n")
        let run = try Run.jianxi(["check", "--lang", "en", file])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertTrue(run.stdout.contains("late by 1 working day"), run.stdout)
        XCTAssertTrue(run.stdout.contains("warning [W_LATE]"), run.stdout)
    }

    func testUnreadableFileIsAFindingNotACrash() throws {
        let file = try write("garbage.csv", String(decoding: [0x00, 0x01, 0xFF, 0xFE, 0x00], as: UTF8.self))
        let run = try Run.jianxi(["check", "--format", "json", file])
        XCTAssertEqual(run.status, 1)
        let files = try XCTUnwrap(try run.json()["files"] as? [[String: Any]])
        XCTAssertEqual((files.first?["findings"] as? [[String: Any]])?.first?["rule"] as? String, "E_NOT_TEXT")
    }

    func testMissingPathCannotRun() throws {
        let run = try Run.jianxi(["check", scratch.appendingPathComponent("nope.csv").path])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("nope.csv"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    func testBadArgumentsCannotRun() throws {
        XCTAssertEqual(try Run.jianxi(["check", "--lang", "fr", "x.csv"]).status, 2)
        XCTAssertEqual(try Run.jianxi(["check"]).status, 2)
        XCTAssertEqual(try Run.jianxi(["frobnicate"]).status, 2)
        XCTAssertEqual(try Run.jianxi(["check", "--today", "tomorrow", "x.csv"]).status, 2)
        XCTAssertEqual(try Run.jianxi(["--help"]).status, 0)
    }

    func testPeriodNotEndedDependsOnToday() throws {
        let file = try write("early.csv", header + "\n" + clean + "\n")
        let run = try Run.jianxi(["check", "--format", "json", "--today", "2026-09-30", file])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("\"E_PERIOD_NOT_ENDED\""), run.stdout)
    }

    func testLanguageFromEnvironment() throws {
        let file = try write("clean.csv", header + "\n" + clean + "\n")
        let run = try Run.jianxi(["check", file], environment: ["JIANXI_LANG": "en"])
        XCTAssertTrue(run.stdout.contains("Verdict: no errors"), run.stdout)
    }

    // MARK: template

    /// What `template` writes, once the figures are filled in, passes `check`.
    func testTemplateRoundTripCSV() throws {
        let template = try Run.jianxi(["template", "--region", "360102", "--period", "2026-09"])
        XCTAssertEqual(template.status, 0)
        var lines = template.stdout.components(separatedBy: "\r\n")
        XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}行政区划代码,填报单位,统计期,填报时间,填报人,联系电话,1.本期末实有见习单位总数"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(",14.本年累计各级财政实际拨付的见习补贴资金数,说明"), lines[0])
        XCTAssertEqual(lines[1], "360102,东湖区,2026-09,,,,,,,,,,,,,,,,,,")
        lines[1] = "360102,东湖区,2026-09,2026-10-12,王芳,0791-86383274,40,3,120,6,30,25,20,18,10,8,5,2,60,35.5,"
        let file = try write("filled.csv", lines.joined(separator: "\r\n"))
        let run = try Run.jianxi(["check", file])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertTrue(run.stdout.contains("通过"), run.stdout)
    }

    func testTemplateRoundTripJSON() throws {
        let template = try Run.jianxi(["template", "--region", "36GJ00", "--period", "2026-09", "--format", "json"])
        XCTAssertEqual(template.status, 0)
        var filled = template.stdout
        let figures = ["units_total": "40", "units_new": "3", "posts_total": "120", "posts_new": "6", "planned": "30",
                       "onboarded": "25", "onboarded_grads": "20", "completed": "18", "retained": "10", "retained_grads": "8",
                       "employed_other": "5", "ended_abnormal": "2", "on_post": "60", "subsidy_ytd": "12.3456"]
        for (key, value) in figures {
            filled = filled.replacingOccurrences(of: "\"\(key)\": null", with: "\"\(key)\": \(value)")
        }
        filled = filled.replacingOccurrences(of: "\"submitted_on\": null", with: "\"submitted_on\": \"2026-10-09\"")
            .replacingOccurrences(of: "\"reporter\": null", with: "\"reporter\": \"李强\"")
            .replacingOccurrences(of: "\"phone\": null", with: "\"phone\": \"13907910000\"")
        let file = try write("filled.json", filled)
        let run = try Run.jianxi(["check", "--format", "json", file])
        XCTAssertEqual(run.status, 0, run.stdout)
        let r = try XCTUnwrap((try run.json()["returns"] as? [[String: Any]])?.first)
        XCTAssertEqual(r["region_name"] as? String, "赣江新区")
        XCTAssertEqual((r["findings"] as? [Any])?.count, 0, run.stdout)
    }

    func testTemplateRejectsAnUnknownRegion() throws {
        let run = try Run.jianxi(["template", "--region", "369999"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("369999"), run.stderr)
    }

    // MARK: reference data

    func testRegionsFileReplacesOrExtendsTheRegistry() throws {
        let extra = try write("new.csv", "code,name,level,parent_code\n360199,红谷新区,county,360100\n")
        let file = try write("new-county.csv", header + "\n" + clean.replacingOccurrences(of: "360102,东湖区", with: "360199,红谷新区") + "\n")
        XCTAssertEqual(try Run.jianxi(["check", file]).status, 1, "unknown without the extra registry")
        XCTAssertEqual(try Run.jianxi(["check", "--regions", "builtin", "--regions", extra, file]).status, 0)
        // Alone, the file is not a registry: its county's city is missing.
        let alone = try Run.jianxi(["check", "--regions", extra, file])
        XCTAssertEqual(alone.status, 2)
        XCTAssertTrue(alone.stderr.contains("360100"), alone.stderr)
    }

    func testRegionsCommandPrintsTheRegistry() throws {
        let run = try Run.jianxi(["regions"])
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "code,name,level,parent_code")
        XCTAssertEqual(lines.count, 1 + 1 + 11 + 100 + 1)
        XCTAssertTrue(lines.contains("36GJ00,赣江新区,city,360000"))
    }

    func testCodesListsRulesAndFindingCodes() throws {
        let run = try Run.jianxi(["codes", "--lang", "en"])
        for code in ["R1", "R6", "E_NOT_INTEGER", "W_LATE", "E_COLUMN_AMBIGUOUS"] {
            XCTAssertTrue(run.stdout.contains(code + "\t"), code)
        }
    }
}
