import JianxiDomain
import JianxiRead
@testable import JianxiRules
import XCTest

/// The checks on a whole return: region, dates, deadline and lateness, contacts, and rule
/// findings placed on the right column.
final class ReturnValidatorTests: XCTestCase {
    private let today = CivilDate(year: 2026, month: 11, day: 20)!

    private func validator(today: CivilDate? = nil) -> ReturnValidator {
        ReturnValidator(registry: .builtin, calendar: .builtin, rules: .builtin, today: today ?? self.today)
    }

    /// A clean September 2026 return for 东湖区, submitted on the deadline day.
    private func read(_ edit: (inout MonthlyReturn) -> Void = { _ in }) -> ReadReturn {
        var values = IndicatorValues()
        for (indicator, figure) in zip(Indicator.allCases, [40, 3, 120, 6, 30, 25, 20, 18, 10, 8, 5, 2, 60, 355_000] as [Int64]) {
            values[indicator] = figure
        }
        var r = MonthlyReturn(regionCode: "360102", regionName: "东湖区", period: Period(year: 2026, month: 9),
                              submittedOn: CivilDate(year: 2026, month: 10, day: 13), reporter: "王芳", phone: "0791-86383274", values: values)
        edit(&r)
        return ReadReturn(value: r, source: "test.csv", row: 2, findings: [], format: .csv,
                          locate: FieldLocator(source: "test.csv", row: 2))
    }

    private func codes(_ checked: CheckedReturn) -> [String] { checked.findings.map(\.code) }

    func testCleanReturnOnTheDeadlineDayIsOnTime() {
        let checked = validator().validate(read())
        XCTAssertEqual(codes(checked), [])
        XCTAssertEqual(checked.deadline?.date, CivilDate(year: 2026, month: 10, day: 13))
        XCTAssertEqual(checked.isLate, false)
        XCTAssertEqual(checked.workingDaysLate, 0)
        XCTAssertEqual(checked.region?.name, "东湖区")
    }

    /// Deadlines of the years around today are worked out once, others when asked: the same
    /// dates either way.
    func testEveryPeriodHasTheCalendarsDeadline() {
        let validator = validator()
        var period = Period(year: 2010, month: 1)!
        while period < Period(year: 2026, month: 11)! {
            let checked = validator.validate(read {
                $0.period = period
                $0.submittedOn = period.next.firstDay.adding(days: 2)
            })
            XCTAssertEqual(checked.deadline, WorkingCalendar.builtin.deadline(for: period), "\(period)")
            period = period.next
        }
    }

    func testLatenessCountsWorkingDaysAfterTheDeadline() {
        // 2026-10-14 (Wed) is 1 working day late; Saturday 17 and Sunday 18 add nothing.
        for (day, late) in [(14, 1), (16, 3), (18, 3), (19, 4)] {
            let checked = validator().validate(read { $0.submittedOn = CivilDate(year: 2026, month: 10, day: day) })
            XCTAssertEqual(checked.workingDaysLate, late, "2026-10-\(day)")
            XCTAssertEqual(codes(checked), ["W_LATE"])
        }
    }

    func testReceivedDateOverridesTheReturnsOwnDate() {
        let checked = validator().validate(read(), receivedOn: CivilDate(year: 2026, month: 10, day: 14))
        XCTAssertEqual(checked.basis, .received)
        XCTAssertEqual(checked.workingDaysLate, 1)
    }

    func testMissingSubmissionDateIsJudgedAsOfToday() {
        let checked = validator().validate(read { $0.submittedOn = nil })
        XCTAssertEqual(checked.basis, .today)
        XCTAssertEqual(checked.judgedOn, today)
        XCTAssertEqual(Set(codes(checked)), ["W_LATE", "W_SUBMITTED_ON_MISSING"])
    }

    func testPeriodMustHaveEnded() {
        // On the last day of September the month has not ended; on 1 October it has.
        let lastDay = validator(today: CivilDate(year: 2026, month: 9, day: 30)).validate(read { $0.submittedOn = nil })
        XCTAssertEqual(codes(lastDay), ["E_PERIOD_NOT_ENDED", "W_SUBMITTED_ON_MISSING"])
        XCTAssertNil(lastDay.deadline)
        let firstDay = validator(today: CivilDate(year: 2026, month: 10, day: 1)).validate(read { $0.submittedOn = CivilDate(year: 2026, month: 10, day: 1) })
        XCTAssertEqual(codes(firstDay), [])
    }

    func testSubmissionDateBounds() {
        let early = validator().validate(read { $0.submittedOn = CivilDate(year: 2026, month: 9, day: 30) })
        XCTAssertEqual(codes(early), ["E_SUBMITTED_BEFORE_PERIOD_END"])
        let future = validator().validate(read { $0.submittedOn = CivilDate(year: 2026, month: 11, day: 21) })
        XCTAssertEqual(codes(future), ["E_SUBMITTED_IN_FUTURE", "W_LATE"], "errors first")
    }

    func testRegionChecks() {
        XCTAssertEqual(codes(validator().validate(read { $0.regionCode = "360199" })), ["E_REGION_UNKNOWN"])
        // A city with counties does not report for itself; the Ganjiang New Area has none and does.
        XCTAssertEqual(codes(validator().validate(read { $0.regionCode = "360100"; $0.regionName = "南昌市" })), ["E_NOT_REPORTING_UNIT"])
        XCTAssertEqual(codes(validator().validate(read { $0.regionCode = "36GJ00"; $0.regionName = "赣江新区" })), [])
        let mismatch = validator().validate(read { $0.regionName = "西湖区" })
        XCTAssertEqual(codes(mismatch), ["E_REGION_NAME_MISMATCH"])
        XCTAssertEqual(mismatch.findings[0].location.column, "region_name")
        XCTAssertEqual(codes(validator().validate(read { $0.regionName = "南昌市东湖区人力资源和社会保障局" })), [])
        XCTAssertEqual(codes(validator().validate(read { $0.regionName = nil })), [])
    }

    func testContacts() {
        XCTAssertEqual(codes(validator().validate(read { $0.reporter = nil; $0.phone = nil })), ["W_REPORTER_MISSING", "W_PHONE_MISSING"])
        for phone in ["13907910000", "0791-86383274", "(0791)86383274", "0791 8638 3274 801"] {
            XCTAssertEqual(codes(validator().validate(read { $0.phone = phone })), [], phone)
        }
        for phone in ["123", "无", "0791-8638327x"] {
            XCTAssertEqual(codes(validator().validate(read { $0.phone = phone })), ["W_PHONE_FORMAT"], phone)
        }
    }

    func testCalendarFallbackWarns() {
        let checked = validator(today: CivilDate(year: 2027, month: 3, day: 1)!).validate(read {
            $0.period = Period(year: 2026, month: 12)
            $0.submittedOn = CivilDate(year: 2027, month: 1, day: 5)
        })
        XCTAssertEqual(codes(checked), ["W_CALENDAR_FALLBACK"])
        XCTAssertEqual(checked.deadline?.usesFallback, true)
    }

    func testRuleFindingPointsAtItsFirstIndicatorAndListsTheValues() {
        let checked = validator().validate(read { $0.values[.retained] = 14 })  // 18 < 14 + 5
        XCTAssertEqual(codes(checked), ["R5"])
        let finding = checked.findings[0]
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.location.column, "completed")
        XCTAssertEqual(finding.values.map(\.key), ["completed", "retained", "employed_other"])
        XCTAssertEqual(finding.values.map(\.value), ["18", "14", "5"])
    }

    func testReaderFindingsAreKept() {
        var r = read { $0.values[.onPost] = nil }
        r.findings = [Finding(.notNumber, Text(zh: "x", en: "x"), at: Location(source: "test.csv", row: 2, column: "on_post"))]
        XCTAssertEqual(codes(validator().validate(r)), ["E_NOT_NUMBER"])
    }

    // MARK: month over month

    /// August's figures from which September's on_post (60) follows: 52 + 25 - 18 - 2 = 57, so
    /// H2 holds only when August had 55 on post.
    private func august(onPost: Int64 = 55) -> IndicatorValues {
        var values = read().value.values
        values[.onPost] = onPost
        values[.subsidyYTD] = 300_000
        return values
    }

    func testWithoutAStoreMonthOverMonthRulesAreLeftOutQuietly() {
        XCTAssertEqual(codes(validator().validate(read(), previous: .notConsulted)), [])
    }

    func testWithAStoreButNoPreviousMonthEachRuleSaysItWasSkipped() {
        let checked = validator().validate(read(), previous: .absent)
        XCTAssertEqual(codes(checked), ["H1", "H2", "H3", "H4"])
        XCTAssertTrue(checked.findings.allSatisfy { $0.severity == .info })
        XCTAssertEqual(checked.warningCount, 0)
        XCTAssertEqual(checked.findings.map(\.location.column), ["subsidy_ytd", "on_post", "units_total", "posts_total"],
                       "a note points at its rule's first indicator")
        var january = read { $0.period = Period(year: 2026, month: 1); $0.submittedOn = CivilDate(year: 2026, month: 2, day: 2) }
        january.findings = []
        XCTAssertEqual(codes(validator().validate(january, previous: .absent)), ["H2", "H3", "H4"],
                       "in January the year-to-date total needs no previous month")
    }

    func testPreviousMonthFiguresAreCompared() {
        XCTAssertEqual(codes(validator().validate(read(), previous: .figures(august()))), [])
        let broken = validator().validate(read(), previous: .figures(august(onPost: 50)))
        XCTAssertEqual(codes(broken), ["H2"])
        XCTAssertEqual(broken.findings[0].severity, .warning)
        XCTAssertEqual(broken.warningCount, 1)
        var fallen = august()
        fallen[.subsidyYTD] = 400_000  // 40 万元 in August, 35.5 in September: the year-to-date total fell
        XCTAssertEqual(codes(validator().validate(read(), previous: .figures(fallen))), ["H1"])
    }

    func testAnExplanationResolvesAWarningButNotAnError() {
        let explained = validator().validate(read(), previous: .figures(august(onPost: 50)), explanations: ["H2": "5人从外县调入"])
        XCTAssertEqual(codes(explained), ["H2"])
        XCTAssertEqual(explained.findings[0].explanation, "5人从外县调入")
        XCTAssertEqual(explained.warningCount, 0, "explained warnings count as resolved")
        let own = validator().validate(read { $0.explanations = ["H2": "调入"] }, previous: .figures(august(onPost: 50)),
                                       explanations: ["H2": "older"])
        XCTAssertEqual(own.findings[0].explanation, "调入", "the return's own explanation wins")
        let error = validator().validate(read { $0.values[.unitsNew] = 50; $0.explanations = ["R1": "确实如此"] })
        XCTAssertEqual(codes(error), ["R1", "I_EXPLANATION_NOT_APPLICABLE"])
        XCTAssertNil(error.findings[0].explanation)
        XCTAssertEqual(error.errorCount, 1)
    }
}
