import JianxiDomain
import XCTest

/// Every calendar here is built from explicit days, copied from the State Council's notices, so
/// the tests do not depend on the calendar file the tool ships.
final class WorkingCalendarTests: XCTestCase {
    private func d(_ text: String, line: UInt = #line) -> CivilDate {
        guard let date = CivilDate(parsing: text) else {
            XCTFail("bad date \(text)", line: line)
            return CivilDate(dayNumber: 0)
        }
        return date
    }

    private func p(_ y: Int, _ m: Int) -> Period { Period(year: y, month: m)! }

    private func holidays(_ name: String, _ dates: String...) -> [WorkingCalendar.Day] {
        dates.map { WorkingCalendar.Day(date: d($0), kind: .holiday, name: name) }
    }

    private func workdays(_ name: String, _ dates: String...) -> [WorkingCalendar.Day] {
        dates.map { WorkingCalendar.Day(date: d($0), kind: .workday, name: name) }
    }

    /// 2023: Mid-Autumn and National Day, 29 Sep - 6 Oct off (1 Oct a Sunday), 7-8 Oct worked.
    private var autumn2023: [WorkingCalendar.Day] {
        holidays("中秋节", "2023-09-29") + holidays("国庆节", "2023-10-02", "2023-10-03", "2023-10-04", "2023-10-05", "2023-10-06")
            + workdays("国庆节", "2023-10-07", "2023-10-08")
    }

    /// 2024: Spring Festival 10-17 Feb off, Sunday 4 Feb and Sunday 18 Feb worked;
    /// Labour Day 1-5 May off, Sunday 28 Apr and Saturday 11 May worked.
    private var spring2024: [WorkingCalendar.Day] {
        holidays("春节", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16")
            + workdays("春节", "2024-02-04", "2024-02-18")
            + holidays("劳动节", "2024-05-01", "2024-05-02", "2024-05-03")
            + workdays("劳动节", "2024-04-28", "2024-05-11")
    }

    /// 2025: New Year's Day, Wednesday 1 Jan off.
    private var newYear2025: [WorkingCalendar.Day] { holidays("元旦", "2025-01-01") }

    // MARK: Deadlines

    func testDeadlineIsTheFifthWorkingDayOfTheNextMonth() {
        let plain = WorkingCalendar(days: [], years: [2024])
        // June 2024: Sat 1, Sun 2, then Mon 3 ... Fri 7.
        let may = plain.deadline(for: p(2024, 5))
        XCTAssertEqual(may.date, d("2024-06-07"))
        XCTAssertEqual(may.period, p(2024, 5))
        XCTAssertFalse(may.usesFallback)
        // October 2024 starts on a Tuesday: 1, 2, 3, 4, then Monday 7 (with no holidays).
        XCTAssertEqual(plain.deadline(for: p(2024, 9)).date, d("2024-10-07"))
        XCTAssertEqual(plain.deadline(for: p(2024, 9), nth: 1).date, d("2024-10-01"))
        XCTAssertEqual(plain.deadline(for: p(2024, 5), nth: 1).date, d("2024-06-03"), "a weekend is skipped")
    }

    func testSeptember2023IsDueOnEleventhOctober() {
        // DOMAIN.md: 1-6 October 2023 were holidays, Saturday 7 and Sunday 8 October working days.
        let calendar = WorkingCalendar(days: autumn2023, years: [2023])
        let deadline = calendar.deadline(for: p(2023, 9))
        XCTAssertEqual(deadline.date, d("2023-10-11"))
        XCTAssertFalse(deadline.usesFallback)
        // The same month with no holidays known would be due on Friday 6 October.
        XCTAssertEqual(WorkingCalendar(days: [], years: [2023]).deadline(for: p(2023, 9)).date, d("2023-10-06"))
    }

    func testHolidaysPushTheDeadlineOut() {
        // May 2024 without holidays: Wed 1, Thu 2, Fri 3, Mon 6, Tue 7.
        XCTAssertEqual(WorkingCalendar(days: [], years: [2024]).deadline(for: p(2024, 4)).date, d("2024-05-07"))
        // With 1-3 May off (4-5 May are a weekend anyway): Mon 6 ... Fri 10.
        XCTAssertEqual(WorkingCalendar(days: spring2024, years: [2024]).deadline(for: p(2024, 4)).date, d("2024-05-10"))
    }

    func testAnAdjustedWeekendWorkdayCounts() {
        // February 2024: Thu 1, Fri 2, Sun 4 (worked), Mon 5, Tue 6.
        let calendar = WorkingCalendar(days: spring2024, years: [2024])
        XCTAssertTrue(calendar.isWorkingDay(d("2024-02-04")))
        XCTAssertEqual(calendar.deadline(for: p(2024, 1)).date, d("2024-02-06"))
        // Without the adjusted day: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7.
        XCTAssertEqual(WorkingCalendar(days: [], years: [2024]).deadline(for: p(2024, 1)).date, d("2024-02-07"))
        // A deadline can fall on an adjusted weekend day: 4th working day is Sunday 4 Feb.
        XCTAssertEqual(calendar.deadline(for: p(2024, 1), nth: 3).date, d("2024-02-04"))
    }

    func testFallbackWhenTheNextMonthsYearIsNotCovered() {
        // The December 2024 return is due in January 2025.
        let only2024 = WorkingCalendar(days: spring2024, years: [2024])
        let fallback = only2024.deadline(for: p(2024, 12))
        XCTAssertTrue(fallback.usesFallback)
        // Monday to Friday assumed: Wed 1 (really a holiday), Thu 2, Fri 3, Mon 6, Tue 7.
        XCTAssertEqual(fallback.date, d("2025-01-07"))

        let both = WorkingCalendar(days: spring2024 + newYear2025, years: [2024, 2025])
        let known = both.deadline(for: p(2024, 12))
        XCTAssertFalse(known.usesFallback)
        XCTAssertEqual(known.date, d("2025-01-08"))

        // Covering the period's own year is not enough; covering only the next year is.
        XCTAssertFalse(WorkingCalendar(days: newYear2025, years: []).deadline(for: p(2024, 12)).usesFallback)
        XCTAssertTrue(WorkingCalendar(days: [], years: [2024]).deadline(for: p(2024, 12)).usesFallback)
        XCTAssertFalse(WorkingCalendar(days: [], years: [2024]).deadline(for: p(2024, 11)).usesFallback)
        XCTAssertTrue(WorkingCalendar(days: [], years: []).deadline(for: p(2024, 6)).usesFallback)
    }

    func testCoveredYears() {
        let calendar = WorkingCalendar(days: autumn2023, years: [2030])
        XCTAssertTrue(calendar.covers(2023), "a year with listed days is covered")
        XCTAssertTrue(calendar.covers(2030), "a year may be covered with no exceptions at all")
        XCTAssertFalse(calendar.covers(2024))
        XCTAssertEqual(calendar.coveredYears, [2023, 2030])
    }

    func testWorkingDaysAndExceptions() {
        let calendar = WorkingCalendar(days: autumn2023, years: [2023])
        XCTAssertFalse(calendar.isWorkingDay(d("2023-10-02")), "a holiday on a Monday")
        XCTAssertTrue(calendar.isWorkingDay(d("2023-10-07")), "an adjusted Saturday")
        XCTAssertFalse(calendar.isWorkingDay(d("2023-10-14")), "an ordinary Saturday")
        XCTAssertTrue(calendar.isWorkingDay(d("2023-10-09")), "an ordinary Monday")
        XCTAssertFalse(calendar.isWorkingDay(d("2023-10-01")), "a Sunday that is also a holiday")
        XCTAssertEqual(calendar.exception(on: d("2023-09-29")), WorkingCalendar.Day(date: d("2023-09-29"), kind: .holiday, name: "中秋节"))
        XCTAssertEqual(calendar.exception(on: d("2023-10-08"))?.kind, .workday)
        XCTAssertNil(calendar.exception(on: d("2023-10-09")))
    }

    func testALaterDayForTheSameDateWins() {
        let calendar = WorkingCalendar(days: holidays("x", "2024-03-04") + workdays("y", "2024-03-04"), years: [2024])
        XCTAssertTrue(calendar.isWorkingDay(d("2024-03-04")))
        XCTAssertEqual(calendar.exception(on: d("2024-03-04"))?.name, "y")
    }

    // MARK: Merging

    func testMergingReplacesTheOtherCalendarsYearsAndKeepsTheRest() {
        // Base: 2023 and a wrong 2024 (Labour Day only, and one day that is not a holiday at all).
        let base = WorkingCalendar(days: autumn2023 + holidays("劳动节", "2024-05-01") + holidays("错误", "2024-03-04"), years: [2023, 2024])
        // Override: the right 2024, and 2026 with nothing listed.
        let override = WorkingCalendar(days: spring2024, years: [2024, 2026])
        let merged = base.merging(override)

        XCTAssertEqual(merged.coveredYears, [2023, 2024, 2026])
        // 2023 is kept from the base.
        XCTAssertEqual(merged.exception(on: d("2023-10-02"))?.name, "国庆节")
        XCTAssertEqual(merged.deadline(for: p(2023, 9)).date, d("2023-10-11"))
        // 2024 comes only from the override: the base's stray day is gone, not merged in.
        XCTAssertNil(merged.exception(on: d("2024-03-04")))
        XCTAssertTrue(merged.isWorkingDay(d("2024-03-04")))
        XCTAssertEqual(merged.exception(on: d("2024-02-04"))?.kind, .workday)
        XCTAssertEqual(merged.deadline(for: p(2024, 1)).date, d("2024-02-06"))
        XCTAssertEqual(merged.deadline(for: p(2024, 4)).date, d("2024-05-10"))
        // 2026 is covered, with no exceptions.
        XCTAssertFalse(merged.deadline(for: p(2025, 12)).usesFallback)

        // The base and the override are unchanged.
        XCTAssertNotNil(base.exception(on: d("2024-03-04")))
        XCTAssertEqual(base.coveredYears, [2023, 2024])
        XCTAssertEqual(override.coveredYears, [2024, 2026])
    }

    func testMergingAnEmptyYearClearsIt() {
        let base = WorkingCalendar(days: autumn2023, years: [2023])
        let merged = base.merging(WorkingCalendar(days: [], years: [2023]))
        XCTAssertNil(merged.exception(on: d("2023-10-02")))
        XCTAssertTrue(merged.covers(2023))
        XCTAssertEqual(merged.deadline(for: p(2023, 9)).date, d("2023-10-06"))
        // Merging a calendar that covers nothing changes nothing.
        let same = base.merging(WorkingCalendar(days: [], years: []))
        XCTAssertEqual(same.coveredYears, [2023])
        XCTAssertEqual(same.deadline(for: p(2023, 9)).date, d("2023-10-11"))
    }

    // MARK: Lateness

    func testWorkingDaysAfterThrough() {
        let calendar = WorkingCalendar(days: autumn2023, years: [2023])
        let due = d("2023-10-11")
        XCTAssertEqual(calendar.workingDays(after: due, through: due), 0, "on the day is on time")
        XCTAssertEqual(calendar.workingDays(after: due, through: d("2023-10-02")), 0, "early is on time")
        XCTAssertEqual(calendar.workingDays(after: due, through: d("2023-10-12")), 1)
        XCTAssertEqual(calendar.workingDays(after: due, through: d("2023-10-13")), 2)
        XCTAssertEqual(calendar.workingDays(after: due, through: d("2023-10-15")), 2, "a weekend adds nothing")
        XCTAssertEqual(calendar.workingDays(after: due, through: d("2023-10-16")), 3)
        // Across the holidays: 29 Sep and 2-6 Oct off, 30 Sep and 1 Oct a weekend, 7, 8, 9 Oct worked.
        XCTAssertEqual(calendar.workingDays(after: d("2023-09-28"), through: d("2023-10-09")), 3)
        XCTAssertEqual(calendar.workingDays(after: d("2023-09-28"), through: d("2023-10-06")), 0)
        // Across a year end.
        let plain = WorkingCalendar(days: [], years: [2024, 2025])
        XCTAssertEqual(plain.workingDays(after: d("2024-12-27"), through: d("2025-01-03")), 5, "30, 31 Dec, 1, 2, 3 Jan")
    }
}
