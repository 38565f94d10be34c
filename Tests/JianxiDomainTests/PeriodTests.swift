import JianxiDomain
import XCTest

final class PeriodTests: XCTestCase {
    private func period(_ y: Int, _ m: Int, line: UInt = #line) -> Period {
        guard let period = Period(year: y, month: m) else {
            XCTFail("\(y)-\(m) should be a valid period", line: line)
            return Period(containing: CivilDate(dayNumber: 0))
        }
        return period
    }

    func testConstruction() {
        XCTAssertEqual(Period(year: 2024, month: 3).map { [$0.year, $0.month] }, [2024, 3])
        XCTAssertNil(Period(year: 2024, month: 0))
        XCTAssertNil(Period(year: 2024, month: 13))
        XCTAssertNil(Period(year: 999, month: 1))
        XCTAssertNil(Period(year: 10000, month: 1))
    }

    func testParsesEveryAcceptedForm() {
        let march = period(2024, 3)
        for text in ["2024-03", "2024-3", "202403", "2024年3月", "2024年03月", "2024/3", "2024/03", "2024.03", "2024.3",
                     " 2024-03 ", "\t202403", "\u{3000}2024年3月\u{3000}", "2024年3月份"] {
            XCTAssertEqual(Period(parsing: text), march, text.debugDescription)
        }
        XCTAssertEqual(Period(parsing: "2024-12"), period(2024, 12))
        XCTAssertEqual(Period(parsing: "202412"), period(2024, 12))
        XCTAssertEqual(Period(parsing: "2024年12月"), period(2024, 12))
        XCTAssertEqual(Period(parsing: "2023-01"), period(2023, 1))
    }

    func testRejectsMalformedText() {
        let bad = [
            "", "2024", "2024-13", "2024-00", "202413", "202400", "2024年13月", "2024年0月", "24-03", "20243",
            "2024-003", "2024-03-01", "20240301", "2024年3", "2024年3月份份", "0999-03", "abcd-03", "２０２４-03",
            // Stray separators, signs and repeated markers.
            "2024-", "-2024-03", "2024--03", "2024-03-", "2024-+3", "+202-03", "2024年年3月", "年3月", "2024年月",
        ]
        for text in bad {
            XCTAssertNil(Period(parsing: text), "\(text.debugDescription) should not parse")
        }
    }

    func testNextAndPreviousAcrossYears() {
        XCTAssertEqual(period(2024, 3).next, period(2024, 4))
        XCTAssertEqual(period(2024, 12).next, period(2025, 1))
        XCTAssertEqual(period(2025, 1).previous, period(2024, 12))
        XCTAssertEqual(period(2024, 4).previous, period(2024, 3))
        var p = period(2023, 11)
        for _ in 0..<14 { p = p.next }
        XCTAssertEqual(p, period(2025, 1))
        for _ in 0..<14 { p = p.previous }
        XCTAssertEqual(p, period(2023, 11))
    }

    func testFirstAndLastDay() {
        XCTAssertEqual(period(2024, 3).firstDay, CivilDate(year: 2024, month: 3, day: 1))
        XCTAssertEqual(period(2024, 2).lastDay, CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(period(2023, 2).lastDay, CivilDate(year: 2023, month: 2, day: 28))
        XCTAssertEqual(period(2000, 2).lastDay, CivilDate(year: 2000, month: 2, day: 29))
        XCTAssertEqual(period(2100, 2).lastDay, CivilDate(year: 2100, month: 2, day: 28))
        XCTAssertEqual(period(2024, 4).lastDay, CivilDate(year: 2024, month: 4, day: 30))
        XCTAssertEqual(period(2024, 12).lastDay, CivilDate(year: 2024, month: 12, day: 31))
        // The day after a month's last day is the next month's first.
        for month in 1...12 {
            let p = period(2024, month)
            XCTAssertEqual(p.lastDay.adding(days: 1), p.next.firstDay, "\(p)")
        }
    }

    func testTextForms() {
        XCTAssertEqual(period(2024, 3).description, "2024-03")
        XCTAssertEqual(period(2024, 11).description, "2024-11")
        XCTAssertEqual(period(1000, 1).description, "1000-01")
        XCTAssertEqual(period(9999, 12).description, "9999-12")
        XCTAssertEqual(period(2024, 3).chinese, "2024年3月")
        XCTAssertEqual(period(2024, 11).chinese, "2024年11月")
        for p in [period(2024, 3), period(2024, 12)] {
            XCTAssertEqual(Period(parsing: p.description), p)
            XCTAssertEqual(Period(parsing: p.chinese), p)
        }
    }

    func testContainingAndOrdering() {
        XCTAssertEqual(Period(containing: CivilDate(year: 2024, month: 2, day: 29)!), period(2024, 2))
        XCTAssertEqual(Period(containing: CivilDate(year: 2023, month: 12, day: 1)!), period(2023, 12))
        XCTAssertLessThan(period(2023, 12), period(2024, 1))
        XCTAssertLessThan(period(2024, 2), period(2024, 10))
        XCTAssertEqual([period(2024, 10), period(2023, 12), period(2024, 2)].sorted(),
                       [period(2023, 12), period(2024, 2), period(2024, 10)])
    }
}
