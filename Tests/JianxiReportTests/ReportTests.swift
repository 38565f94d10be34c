import JianxiDomain
import JianxiRead
@testable import JianxiReport
import JianxiRules
import XCTest

/// The two report formats, pinned: what a clerk reads and what a program parses.
final class ReportTests: XCTestCase {
    private let validator = ReturnValidator(registry: .builtin, calendar: .builtin, rules: .builtin,
                                            today: CivilDate(year: 2026, month: 11, day: 20)!)

    private func checked(units: Int64 = 40, submitted: CivilDate? = CivilDate(year: 2026, month: 10, day: 14)) -> CheckedReturn {
        var values = IndicatorValues()
        for (indicator, figure) in zip(Indicator.allCases, [units, 3, 120, 6, 30, 25, 20, 18, 10, 8, 5, 2, 60, 125_000] as [Int64]) {
            values[indicator] = figure
        }
        let r = MonthlyReturn(regionCode: "360102", regionName: "东湖区", period: Period(year: 2026, month: 9),
                              submittedOn: submitted, reporter: "王芳", phone: "0791-86383274", values: values)
        let columns = ["units_total": "G", "units_new": "H", "submitted_on": "D"]
        return validator.validate(ReadReturn(value: r, source: "a.csv", row: 2, findings: [], format: .csv,
                                             locate: FieldLocator(source: "a.csv", row: 2) { field in
            columns[field.key].map { Text(zh: "\($0)列「\(field.key)」", en: "column \($0) (\(field.key))") }
        }))
    }

    private func render(_ lang: Lang, json: Bool = false, _ items: [CheckedReturn], fileFindings: [Finding] = []) -> String {
        var lines: [String] = []
        var writer: any CheckReportWriter = json ? JSONReportWriter(lang: lang, sink: { lines.append($0) })
            : TextReportWriter(lang: lang, sink: { lines.append($0) })
        var summary = CheckSummary()
        writer.beginFile("a.csv")
        for item in items {
            summary.add(item)
            writer.write(item)
        }
        summary.add(fileFindings: fileFindings)
        writer.endFile("a.csv", findings: fileFindings)
        writer.finish(summary)
        return lines.joined(separator: "\n")
    }

    func testChineseText() {
        XCTAssertEqual(render(.zh, [checked(units: 2)]), """
            文件 a.csv
              第2行  360102 东湖区  2026年9月  填报时间 2026-10-14  截止 2026-10-13  逾期1个工作日  错误1处，提示1处
                错误 [R1] G列「units_total」：指标2 本期新增见习单位数量（3）大于指标1 本期末实有见习单位总数（2）。
                  处理：\(RuleSet.builtin.rules[0].hint.zh)
                提示 [W_LATE] D列「submitted_on」：2026年9月报表的截止日期是2026年10月13日，填报时间2026年10月14日，逾期1个工作日。
                  处理：报表应于次月前5个工作日内报送，请尽快报送并说明原因。

            汇总：检查1个文件、1份报表。通过0份，有错误1份，仅有提示0份；按时0份，逾期1份。共有错误1处、提示1处。
            结论：有错误，请更正后再报送。
            """)
    }

    func testEnglishText() {
        let text = render(.en, [checked(submitted: CivilDate(year: 2026, month: 10, day: 12))])
        XCTAssertEqual(text, """
            File a.csv
              row 2  360102 东湖区  2026-09  submitted 2026-10-12  due 2026-10-13  on time  OK

            Summary: 1 file, 1 return: 1 clean, 0 with errors, 0 with warnings only; 1 on time, 0 late. 0 errors, 0 warnings.
            Verdict: no errors; ready to send.
            """)
    }

    /// Every form a headline takes: JSON positions, no submission date, a deadline from the
    /// Monday-Friday fallback, one day late, one or several errors and warnings.
    func testHeadlines() throws {
        let late = checked(units: 2, submitted: nil)  // judged today, 2026-11-20; R1 fails
        let n = try XCTUnwrap(late.workingDaysLate)
        XCTAssertEqual(late.errorCount, 1)
        XCTAssertEqual(late.warningCount, 2)  // W_LATE, W_SUBMITTED_ON_MISSING
        XCTAssertEqual(TextReportWriter.headline(late, .zh),
                       "第2行  360102 东湖区  2026年9月  填报时间 未填  截止 2026-10-13  逾期\(n)个工作日  错误1处，提示2处")
        XCTAssertEqual(TextReportWriter.headline(late, .en),
                       "row 2  360102 东湖区  2026-09  submitted not given  due 2026-10-13  late by \(n) working days  1 error, 2 warnings")
        let oneDay = checked()
        XCTAssertEqual(TextReportWriter.headline(oneDay, .en),
                       "row 2  360102 东湖区  2026-09  submitted 2026-10-14  due 2026-10-13  late by 1 working day  1 warning")

        // A JSON return of 2031, a year the calendar does not cover, with an unknown code.
        let values = oneDay.read.value.values
        let future = ReturnValidator(registry: .builtin, calendar: .builtin, rules: .builtin, today: CivilDate(year: 2031, month: 12, day: 1)!)
        let json = future.validate(ReadReturn(
            value: MonthlyReturn(regionCode: "369999", regionName: "某县", period: Period(year: 2031, month: 9),
                                 submittedOn: CivilDate(year: 2031, month: 10, day: 7), reporter: "王芳", phone: "0791-86383274", values: values),
            source: "a.json", row: 3, findings: [], format: .json, locate: FieldLocator(source: "a.json", row: 3)))
        let deadline = try XCTUnwrap(json.deadline?.date)
        XCTAssertEqual(deadline, CivilDate(year: 2031, month: 10, day: 7))
        XCTAssertEqual(json.findings.map(\.code), ["E_REGION_UNKNOWN", "W_CALENDAR_FALLBACK"])
        XCTAssertEqual(TextReportWriter.headline(json, .zh), "第3份  369999 某县  2031年9月  填报时间 2031-10-07  截止 2031-10-07*  按时  错误1处，提示1处")
        XCTAssertEqual(TextReportWriter.headline(json, .en), "return 3  369999 某县  2031-09  submitted 2031-10-07  due 2031-10-07*  on time  1 error, 1 warning")
    }

    func testFileFindingsAndJSON() throws {
        let fileFinding = Finding(.csvUnterminatedQuote, Text(zh: "引号没有闭合。", en: "Unclosed quote."), at: Location(source: "a.csv", row: 7))
        let json = render(.en, json: true, [checked(units: 2)], fileFindings: [fileFinding])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let files = try XCTUnwrap(object["files"] as? [[String: Any]])
        XCTAssertEqual(files.first?["source"] as? String, "a.csv")
        let finding = try XCTUnwrap((files.first?["findings"] as? [[String: Any]])?.first)
        XCTAssertEqual(finding["rule"] as? String, "E_CSV_UNTERMINATED_QUOTE")
        XCTAssertEqual(finding["row"] as? Int, 7)
        XCTAssertTrue(finding["column"] is NSNull)
        let summary = try XCTUnwrap(object["summary"] as? [String: Int])
        XCTAssertEqual(summary, ["files": 1, "returns": 1, "clean": 0, "returns_with_errors": 1, "returns_with_warnings_only": 0,
                                 "errors": 2, "warnings": 1, "on_time": 0, "late": 1, "files_with_errors": 1])
    }

    func testFiguresAreNumbersAndEverythingElseStrings() {
        XCTAssertEqual(JSONReportWriter.value(key: "units_total", "12"), .number("12"))
        XCTAssertEqual(JSONReportWriter.value(key: "subsidy_ytd", "12.5"), .number("12.5"))
        XCTAssertEqual(JSONReportWriter.value(key: "prev.on_post", "7"), .number("7"))
        XCTAssertEqual(JSONReportWriter.value(key: "prev_ytd.subsidy_ytd", "7.25"), .number("7.25"))
        XCTAssertEqual(JSONReportWriter.value(key: "units_total", "无"), .string("无"))
        XCTAssertEqual(JSONReportWriter.value(key: "units_total", "012"), .string("012"), "not a JSON number")
        XCTAssertEqual(JSONReportWriter.value(key: "units_total", "1.2.3"), .string("1.2.3"))
        XCTAssertEqual(JSONReportWriter.value(key: "region_code", "360102"), .string("360102"))
    }
}
