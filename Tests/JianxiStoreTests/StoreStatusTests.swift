import Foundation
import JianxiDomain
import XCTest
@testable import JianxiStore

/// Where each unit stands for a period: the deadline day itself is on time, the next working
/// day is one day late, and a unit with nothing stored is missing.
final class StoreStatusTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture.remove() }

    func testTheDeadlineDayIsOnTimeAndTheNextWorkingDayIsLate() throws {
        let f = fixture!
        let store = try f.open()
        let units = f.units(5)
        let path = try f.write("2026-09.csv", [
            f.row(units[0], submittedOn: "2026-10-13"),  // the deadline: on time
            f.row(units[1], submittedOn: "2026-10-14"),  // the next working day: 1 day late
            f.row(units[2], submittedOn: "2026-10-10"),  // a Saturday worked after National Day: on time
        ])
        let result = try f.ingest(store, path)
        XCTAssertEqual(result.late, 1)
        XCTAssertEqual(try result.only(units[1]).workingDaysLate, 1)

        let status = try f.status(store)
        XCTAssertEqual(status.deadline.date, CivilDate(year: 2026, month: 10, day: 13))
        XCTAssertEqual(status.units.count, 101)
        let onTime = try status.unit(units[0])
        XCTAssertEqual(onTime.state, .onTime)
        XCTAssertEqual(onTime.workingDaysLate, 0)
        XCTAssertEqual(onTime.submittedOn, CivilDate(year: 2026, month: 10, day: 13))
        let late = try status.unit(units[1])
        XCTAssertEqual(late.state, .late)
        XCTAssertEqual(late.workingDaysLate, 1)
        XCTAssertEqual(late.openWarnings, 1, "W_LATE is open until explained")
        XCTAssertEqual(try status.unit(units[2]).state, .onTime)

        // Nothing stored for the fourth: missing, 28 working days after the deadline as of
        // 20 November (14 Oct - 20 Nov 2026 has no holiday: 13 + 15 weekdays).
        let missing = try status.unit(units[3])
        XCTAssertEqual(missing.state, .missing)
        XCTAssertEqual(missing.workingDaysLate, 28)
        XCTAssertNil(missing.revision)
        XCTAssertNil(missing.submittedOn)
        // As of the deadline itself nobody is overdue yet; the next working day everybody is.
        XCTAssertEqual(try f.status(store, today: CivilDate(year: 2026, month: 10, day: 13)).unit(units[3]).workingDaysLate, 0)
        XCTAssertEqual(try f.status(store, today: CivilDate(year: 2026, month: 10, day: 14)).unit(units[3]).workingDaysLate, 1)
        // The late unit's lateness does not grow with today.
        XCTAssertEqual(try f.status(store, today: CivilDate(year: 2026, month: 12, day: 31)).unit(units[1]).workingDaysLate, 1)

        let counts = status.counts()
        XCTAssertEqual(counts[.onTime], 2)
        XCTAssertEqual(counts[.late], 1)
        XCTAssertEqual(counts[.missing], 98)
        XCTAssertEqual(counts[.rejected], 0)
    }

    func testTheReceiptDateOverridesTheReturnsOwnDate() throws {
        let f = fixture!
        let store = try f.open()
        let units = f.units(2)
        // Dated on time, received late...
        let late = try f.ingest(store, try f.write("a.csv", [f.row(units[0], submittedOn: "2026-10-12")]),
                                receivedOn: CivilDate(year: 2026, month: 10, day: 15))
        XCTAssertEqual(try late.only(units[0]).workingDaysLate, 2)
        // ...and dated late, received on the deadline.
        _ = try f.ingest(store, try f.write("b.csv", [f.row(units[1], submittedOn: "2026-10-20")]),
                         receivedOn: CivilDate(year: 2026, month: 10, day: 13))
        let status = try f.status(store)
        XCTAssertEqual(try status.unit(units[0]).state, .late)
        XCTAssertEqual(try status.unit(units[0]).workingDaysLate, 2)
        XCTAssertEqual(try status.unit(units[0]).submittedOn, CivilDate(year: 2026, month: 10, day: 15))
        XCTAssertEqual(try status.unit(units[1]).state, .onTime)
        XCTAssertEqual(try status.unit(units[1]).submittedOn, CivilDate(year: 2026, month: 10, day: 13))
        XCTAssertEqual(try f.count("SELECT count(*) FROM revision WHERE judged_on_basis = 'received'"), 2)
    }
}
