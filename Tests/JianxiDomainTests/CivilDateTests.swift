import Foundation
import JianxiDomain
import XCTest

final class CivilDateTests: XCTestCase {
    private func date(_ y: Int, _ m: Int, _ d: Int, line: UInt = #line) -> CivilDate {
        guard let date = CivilDate(year: y, month: m, day: d) else {
            XCTFail("\(y)-\(m)-\(d) should be a valid date", line: line)
            return CivilDate(dayNumber: 0)
        }
        return date
    }

    // MARK: Construction

    func testValidAndInvalidDays() {
        XCTAssertEqual(CivilDate(year: 2024, month: 4, day: 3).map { [$0.year, $0.month, $0.day] }, [2024, 4, 3])
        XCTAssertNil(CivilDate(year: 2023, month: 2, day: 29), "2023 is not a leap year")
        XCTAssertEqual(CivilDate(year: 2024, month: 2, day: 29)?.day, 29)
        XCTAssertEqual(CivilDate(year: 2000, month: 2, day: 29)?.day, 29, "2000 is divisible by 400")
        XCTAssertNil(CivilDate(year: 1900, month: 2, day: 29), "1900 is divisible by 100 but not 400")
        XCTAssertNil(CivilDate(year: 2100, month: 2, day: 29))
        XCTAssertNil(CivilDate(year: 2024, month: 4, day: 31))
        XCTAssertNil(CivilDate(year: 2024, month: 13, day: 1))
        XCTAssertNil(CivilDate(year: 2024, month: 0, day: 1))
        XCTAssertNil(CivilDate(year: 2024, month: 1, day: 0))
        XCTAssertNil(CivilDate(year: 2024, month: 1, day: 32))
        XCTAssertNil(CivilDate(year: 0, month: 1, day: 1))
        XCTAssertNil(CivilDate(year: 10000, month: 1, day: 1))
    }

    func testDaysInMonth() {
        let expected2023 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        XCTAssertEqual((1...12).map { CivilDate.daysIn(year: 2023, month: $0) }, expected2023)
        XCTAssertEqual(CivilDate.daysIn(year: 2024, month: 2), 29)
        XCTAssertEqual(CivilDate.daysIn(year: 2000, month: 2), 29)
        XCTAssertEqual(CivilDate.daysIn(year: 1900, month: 2), 28)
        XCTAssertEqual(CivilDate.daysIn(year: 2100, month: 2), 28)
    }

    // MARK: Parsing

    func testParsesEveryAcceptedForm() {
        let expected = date(2024, 4, 3)
        let forms = [
            "2024-04-03", "2024-4-3", "2024/4/3", "2024/04/03", "2024.4.3", "2024.04.03", "20240403",
            "2024年4月3日", "2024年04月03日",
            "2024/4/3 0:00", "2024/4/3 00:00:00", "2024-04-03 12:30", "2024/4/3 0:00:00.000",
            "2024年4月3日 0:00", "2024-04-03T00:00:00", "2024-04-03T08:15:00+08:00", "2024-04-03T00:00:00Z",
            "  2024-04-03  ", "\t2024/4/3\t", "\u{3000}2024-04-03\u{00A0}",
        ]
        for form in forms {
            XCTAssertEqual(CivilDate(parsing: form), expected, "\(form.debugDescription)")
        }
        XCTAssertEqual(CivilDate(parsing: "2024-12-31"), date(2024, 12, 31))
        XCTAssertEqual(CivilDate(parsing: "2024年10月12日"), date(2024, 10, 12))
        XCTAssertEqual(CivilDate(parsing: "20241012"), date(2024, 10, 12))
    }

    func testRejectsDaysThatDoNotExist() {
        for text in ["2023-02-29", "2023/2/29", "20230229", "2023年2月29日", "2023.2.29 0:00",
                     "2024-13-01", "2024-00-10", "2024-04-31", "2024-04-00", "20241301", "2100-02-29"] {
            XCTAssertNil(CivilDate(parsing: text), text)
        }
        XCTAssertEqual(CivilDate(parsing: "2024-02-29"), date(2024, 2, 29))
        XCTAssertEqual(CivilDate(parsing: "2000/2/29"), date(2000, 2, 29))
    }

    func testRejectsMalformedText() {
        let bad = [
            "", "   ", "abc", "2024", "2024-04", "24-4-3", "2024-4-3-5", "2024-123-1", "2024-1-123",
            "202443", "2024043", "202404031", "１２３",
            "2024/4/3 abc", "2024/4/3 上午", "2024/4/3 0:00 PM",
            // Full-width digits are not read in dates (the figure parser reads them, dates do not).
            "２０２４-04-03",
            // Stray separators, signs and out-of-order markers.
            "2024--04-03", "2024-04-03-", "-2024-04-03", "2024-04-03.", "/2024/4/3",
            "2024-+4-03", "2024-4-+3", "+123-04-03", "2024- 4-03",
            "2024年4月月3日", "2024月4年3日", "2024年4月3", "2024年4月3号", "年月日", "2024年4日",
        ]
        for text in bad {
            XCTAssertNil(CivilDate(parsing: text), "\(text.debugDescription) should not parse")
        }
    }

    // MARK: Text forms

    func testDescriptionAndChinese() {
        XCTAssertEqual(date(2024, 4, 3).description, "2024-04-03")
        XCTAssertEqual(date(2024, 12, 25).description, "2024-12-25")
        XCTAssertEqual(date(2024, 10, 1).description, "2024-10-01")
        XCTAssertEqual(date(1000, 1, 9).description, "1000-01-09")
        XCTAssertEqual(date(9999, 12, 31).description, "9999-12-31")
        XCTAssertEqual(date(999, 1, 1).description, "999-01-01")  // no four-digit year: the plain form
        XCTAssertEqual(date(2024, 4, 3).chinese, "2024年4月3日")
        XCTAssertEqual(date(2024, 11, 30).chinese, "2024年11月30日")
        // What description writes, parsing reads back.
        for d in [date(2024, 4, 3), date(1999, 12, 31), date(2024, 2, 29)] {
            XCTAssertEqual(CivilDate(parsing: d.description), d)
            XCTAssertEqual(CivilDate(parsing: d.chinese), d)
        }
    }

    // MARK: Day numbers and weekdays

    func testKnownDayNumbers() {
        XCTAssertEqual(date(1970, 1, 1).dayNumber, 0)
        XCTAssertEqual(date(1970, 1, 2).dayNumber, 1)
        XCTAssertEqual(date(1969, 12, 31).dayNumber, -1)
        XCTAssertEqual(date(2000, 3, 1).dayNumber, 11_017)
        XCTAssertEqual(date(2024, 4, 3).dayNumber, 19_816)
        XCTAssertEqual(date(1900, 3, 1).dayNumber, -25_508)
        XCTAssertEqual(date(1, 1, 1).dayNumber, -719_162)
        XCTAssertEqual(date(9999, 12, 31).dayNumber, 2_932_896)
    }

    func testDayNumberRoundTripsDayByDay() {
        // Walk every day of 1899-2101 by the calendar rules and check that day numbers are
        // consecutive and that each converts back to the same date.
        var expected = date(1899, 1, 1).dayNumber
        var checked = 0
        for year in 1899...2101 {
            for month in 1...12 {
                for day in 1...CivilDate.daysIn(year: year, month: month) {
                    let d = date(year, month, day)
                    guard d.dayNumber == expected else {
                        return XCTFail("\(d) has day number \(d.dayNumber), expected \(expected)")
                    }
                    guard CivilDate(dayNumber: expected) == d else {
                        return XCTFail("day \(expected) converts to \(CivilDate(dayNumber: expected)), expected \(d)")
                    }
                    expected += 1
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 203 * 365 + 49, "1899-2101 has 49 leap years (not 1900 or 2100)")
    }

    func testDayNumberRoundTripsAtTheEnds() {
        for n in [-719_162, -719_161, -1, 0, 1, 2_932_895, 2_932_896] {
            XCTAssertEqual(CivilDate(dayNumber: n).dayNumber, n)
        }
        XCTAssertEqual(CivilDate(dayNumber: -719_162), date(1, 1, 1))
        XCTAssertEqual(CivilDate(dayNumber: 2_932_896), date(9999, 12, 31))
    }

    func testWeekday() {
        XCTAssertEqual(date(2024, 10, 12).weekday, 6, "2024-10-12 is a Saturday")
        XCTAssertTrue(date(2024, 10, 12).isWeekend)
        XCTAssertEqual(date(2024, 10, 13).weekday, 7)
        XCTAssertTrue(date(2024, 10, 13).isWeekend)
        XCTAssertEqual(date(2024, 10, 14).weekday, 1)
        XCTAssertFalse(date(2024, 10, 14).isWeekend)
        XCTAssertEqual(date(2024, 10, 11).weekday, 5)
        XCTAssertFalse(date(2024, 10, 11).isWeekend)
        XCTAssertEqual(date(1970, 1, 1).weekday, 4, "a Thursday")
        XCTAssertEqual(date(2023, 10, 1).weekday, 7, "a Sunday")
        XCTAssertEqual(date(2024, 4, 3).weekday, 3, "a Wednesday")
        // Before 1970 the day number is negative.
        XCTAssertEqual(date(1969, 12, 29).weekday, 1, "a Monday")
        XCTAssertEqual(date(1969, 12, 28).weekday, 7, "a Sunday")
        XCTAssertEqual(date(1, 1, 1).weekday, 1, "proleptic Gregorian 0001-01-01 is a Monday")
        // Seven consecutive days cover each weekday once, in order.
        let start = date(2024, 10, 7)
        XCTAssertEqual((0..<7).map { start.adding(days: $0).weekday }, [1, 2, 3, 4, 5, 6, 7])
    }

    func testAddingDaysCrossesMonthsAndYears() {
        XCTAssertEqual(date(2023, 12, 31).adding(days: 1), date(2024, 1, 1))
        XCTAssertEqual(date(2024, 2, 28).adding(days: 1), date(2024, 2, 29))
        XCTAssertEqual(date(2024, 3, 1).adding(days: -1), date(2024, 2, 29))
        XCTAssertEqual(date(2023, 3, 1).adding(days: -1), date(2023, 2, 28))
        XCTAssertEqual(date(2024, 1, 1).adding(days: 366), date(2025, 1, 1))
        XCTAssertEqual(date(2024, 4, 3).adding(days: 0), date(2024, 4, 3))
    }

    func testOrdering() {
        let dates = [date(2024, 4, 3), date(2023, 12, 31), date(2024, 3, 31), date(2024, 4, 2), date(2024, 4, 10)]
        XCTAssertEqual(dates.sorted(), [date(2023, 12, 31), date(2024, 3, 31), date(2024, 4, 2), date(2024, 4, 3), date(2024, 4, 10)])
        XCTAssertLessThan(date(2024, 1, 31), date(2024, 2, 1))
        XCTAssertFalse(date(2024, 4, 3) < date(2024, 4, 3))
    }

    func testTodayIsTheDateInShanghai() {
        // 16:30 UTC on 2 April is 00:30 on 3 April in China (UTC+8, no daylight saving).
        let justAfterMidnight = Date(timeIntervalSince1970: TimeInterval(date(2024, 4, 2).dayNumber * 86_400 + 16 * 3600 + 30 * 60))
        XCTAssertEqual(CivilDate.today(now: justAfterMidnight), date(2024, 4, 3))
        let justBeforeMidnight = Date(timeIntervalSince1970: TimeInterval(date(2024, 4, 2).dayNumber * 86_400 + 15 * 3600 + 59 * 60 + 59))
        XCTAssertEqual(CivilDate.today(now: justBeforeMidnight), date(2024, 4, 2))
    }
}
