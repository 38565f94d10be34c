import Foundation
import GRDB
import JianxiDomain
import XCTest
@testable import JianxiStore

/// Storing returns: every revision kept, nothing stored twice, rejected returns kept as such, and
/// one file stored whole or not at all.
final class StoreIngestTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture.remove() }

    // MARK: revisions and idempotence

    func testIngestingTheSameFileAgainStoresNothing() throws {
        let f = fixture!
        let store = try f.open()
        let codes = f.units(3)
        let path = try f.write("2026-09.csv", codes.map { f.row($0) })

        let first = try f.ingest(store, path)
        XCTAssertEqual(first.returns.map(\.disposition), [.stored, .stored, .stored])
        XCTAssertEqual(first.returns.map(\.revision), [1, 1, 1])
        XCTAssertEqual([first.stored, first.unchanged, first.rejected], [3, 0, 0])
        XCTAssertEqual(try f.revisionCount, 3)
        XCTAssertEqual(try f.fileCount, 1)
        let findingsBefore = try f.count("SELECT count(*) FROM finding")

        let again = try f.ingest(store, path)
        XCTAssertEqual(again.returns.map(\.disposition), [.unchanged, .unchanged, .unchanged])
        XCTAssertEqual(again.returns.map(\.revision), [1, 1, 1], "points at the identical revision already stored")
        XCTAssertEqual([again.stored, again.unchanged], [0, 3])
        XCTAssertEqual(try f.revisionCount, 3)
        XCTAssertEqual(try f.fileCount, 1, "a file that changed nothing leaves no ingested_file row behind")
        XCTAssertEqual(try f.count("SELECT count(*) FROM finding"), findingsBefore)

        // Through a fresh connection (another process would use one), the same three returns.
        let reopened = try f.open()
        for code in codes {
            XCTAssertEqual(try reopened.history(region: code, period: Period(parsing: "2026-09")!).map(\.revision.revision), [1])
        }
    }

    func testACorrectionBecomesRevisionTwoAndHistoryShowsWhatChanged() throws {
        let f = fixture!
        let store = try f.open()
        let codes = f.units(3)
        let original = try f.write("2026-09.csv", codes.map { f.row($0) })
        _ = try f.ingest(store, original)

        // 东湖区 corrects indicator 1 (units_total) from 40 to 41, and its 填报人.
        let corrected = try f.write("2026-09-360102.csv", [f.row(codes[0], reporter: "李强", figures: [1: "41"])])
        let result = try f.ingest(store, corrected)
        let stored = try result.only(codes[0])
        XCTAssertEqual(stored.disposition, .stored)
        XCTAssertEqual(stored.revision, 2)
        XCTAssertFalse(stored.isRejected)
        XCTAssertEqual(try f.revisionCount, 4)
        XCTAssertEqual(try f.count("SELECT count(*) FROM revision WHERE region_code = ? AND period = '2026-09'", [codes[0]]), 2)
        XCTAssertEqual(try f.fileCount, 2)

        let history = try store.history(region: codes[0], period: Period(parsing: "2026-09")!)
        XCTAssertEqual(history.map(\.revision.revision), [1, 2])
        XCTAssertEqual(history[0].changes, [])
        XCTAssertEqual(history[1].changes, [
            RevisionChange(key: "reporter", before: "王芳", after: "李强"),
            RevisionChange(key: "units_total", before: "40", after: "41"),
        ])
        XCTAssertEqual(history[0].revision.values.display(.unitsTotal), "40")
        XCTAssertEqual(history[1].revision.values.display(.unitsTotal), "41")
        XCTAssertEqual(history[1].revision.source, corrected)
        XCTAssertEqual(history[0].revision.source, original)

        // The status follows the latest revision; the others are untouched.
        let status = try f.status(store)
        XCTAssertEqual(try status.unit(codes[0]).revision, 2)
        XCTAssertEqual(try status.unit(codes[0]).reporter, "李强")
        XCTAssertEqual(try status.unit(codes[1]).revision, 1)

        // The same correction again changes nothing.
        let again = try f.ingest(store, corrected)
        XCTAssertEqual(try again.only(codes[0]).disposition, .unchanged)
        XCTAssertEqual(try again.only(codes[0]).revision, 2)
        XCTAssertEqual(try f.revisionCount, 4)
        XCTAssertEqual(try f.fileCount, 2)

        // Nor does running the whole folder (original and correction) once more: the original's
        // 东湖区 return is the stored revision 1, and revision 2 stays current.
        let rerun = try f.ingest(store, original)
        XCTAssertEqual(rerun.returns.map(\.disposition), [.unchanged, .unchanged, .unchanged])
        XCTAssertEqual(try rerun.only(codes[0]).revision, 1)
        XCTAssertEqual(try f.revisionCount, 4)
        XCTAssertEqual(try f.status(store).unit(codes[0]).revision, 2)
        XCTAssertEqual(try store.history(region: codes[0], period: Period(parsing: "2026-09")!).count, 2)
    }

    // MARK: rejected returns

    func testAReturnWithAnErrorIsStoredAsRejected() throws {
        let f = fixture!
        let store = try f.open()
        let code = f.units(1)[0]
        // units_new (2) 50 > units_total (1) 40: R1 fails.
        let path = try f.write("bad.csv", [f.row(code, figures: [2: "50"])])
        let result = try f.ingest(store, path)
        let stored = try result.only(code)
        XCTAssertEqual(stored.disposition, .stored)
        XCTAssertTrue(stored.isRejected)
        XCTAssertTrue(stored.findings.contains { $0.code == "R1" && $0.severity == .error })
        XCTAssertEqual(result.rejected, 1)
        XCTAssertEqual(try f.count("SELECT count(*) FROM revision WHERE status = 'rejected' AND errors >= 1 AND region_code = ?", [code]), 1)
        XCTAssertEqual(try f.count("""
            SELECT count(*) FROM finding f JOIN revision r ON r.id = f.revision_id
            WHERE r.region_code = ? AND f.code = 'R1' AND f.severity = 'error'
            """, [code]), 1)

        let unit = try f.status(store).unit(code)
        XCTAssertEqual(unit.state, .rejected)
        XCTAssertEqual(unit.revision, 1)
        XCTAssertGreaterThanOrEqual(unit.errors, 1)
        XCTAssertEqual(unit.submittedOn, CivilDate(year: 2026, month: 10, day: 12))
        // A rejected unit has not validly reported: its lateness runs on as of today.
        XCTAssertEqual(unit.workingDaysLate, 28)

        // The same rejected return again is not a new revision either.
        XCTAssertEqual(try f.ingest(store, path).only(code).disposition, .unchanged)
        XCTAssertEqual(try f.revisionCount, 1)
    }

    func testLatenessOfACorrectedReturnIsJudgedOnTheFirstAcceptedRevision() throws {
        let f = fixture!
        let store = try f.open()
        let code = f.units(1)[0]
        // Rejected on 12 October, before the deadline (13 October 2026)...
        _ = try f.ingest(store, try f.write("r1.csv", [f.row(code, submittedOn: "2026-10-12", figures: [2: "50"])]))
        XCTAssertEqual(try f.status(store).unit(code).state, .rejected)

        // ...corrected on Friday 16 October: 3 working days late (14, 15, 16), whatever the rejected one said.
        let second = try f.ingest(store, try f.write("r2.csv", [f.row(code, submittedOn: "2026-10-16")]))
        XCTAssertEqual(try second.only(code).revision, 2)
        XCTAssertFalse(try second.only(code).isRejected)
        var unit = try f.status(store).unit(code)
        XCTAssertEqual(unit.state, .late)
        XCTAssertEqual(unit.workingDaysLate, 3)
        XCTAssertEqual(unit.submittedOn, CivilDate(year: 2026, month: 10, day: 16))
        XCTAssertEqual(unit.revision, 2)
        XCTAssertEqual(unit.errors, 0)

        // A later accepted revision with an earlier date does not make it on time.
        _ = try f.ingest(store, try f.write("r3.csv", [f.row(code, submittedOn: "2026-10-13", figures: [1: "41"])]))
        unit = try f.status(store).unit(code)
        XCTAssertEqual(unit.state, .late)
        XCTAssertEqual(unit.workingDaysLate, 3)
        XCTAssertEqual(unit.submittedOn, CivilDate(year: 2026, month: 10, day: 16))
        XCTAssertEqual(unit.revision, 3)

        // And a unit whose first return is rejected but whose correction comes on time is on time.
        let other = f.units(2)[1]
        _ = try f.ingest(store, try f.write("o1.csv", [f.row(other, submittedOn: "2026-10-09", figures: [4: "121"])]))
        XCTAssertEqual(try f.status(store).unit(other).state, .rejected)
        _ = try f.ingest(store, try f.write("o2.csv", [f.row(other, submittedOn: "2026-10-13")]))
        let onTime = try f.status(store).unit(other)
        XCTAssertEqual(onTime.state, .onTime)
        XCTAssertEqual(onTime.workingDaysLate, 0)
        XCTAssertEqual(onTime.submittedOn, CivilDate(year: 2026, month: 10, day: 13))
    }

    // MARK: all or nothing per file

    func testAFileThatFailsMidwayLeavesNothingOfItBehind() throws {
        let f = fixture!
        let store = try f.open()
        let units = f.units(10).filter { $0 != "360111" }
        XCTAssertNotNil(f.registry["360111"])
        // An earlier file, stored before the failure.
        let earlier = try f.write("earlier.csv", [f.row(units[0]), f.row(units[1])])
        _ = try f.ingest(store, earlier)

        // Five returns; the third is 360111, on which SQLite itself fails.
        let five = [units[2], units[3], "360111", units[4], units[5]]
        let path = try f.write("five.csv", five.map { f.row($0) })
        try f.sql().write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail BEFORE INSERT ON revision WHEN NEW.region_code = '360111'
                BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;
                """)
        }
        do {
            _ = try f.ingest(store, path)
            XCTFail("the ingest should have failed")
        } catch let error as StoreError {
            XCTAssertTrue(error.message.en.contains("disk full (simulated)"), error.message.en)
            XCTAssertTrue(error.message.en.contains("rolled back"), error.message.en)
        }
        XCTAssertEqual(try f.count("SELECT count(*) FROM revision WHERE file_id IN (SELECT id FROM ingested_file WHERE source = ?)", [path]), 0)
        XCTAssertEqual(try f.count("SELECT count(*) FROM ingested_file WHERE source = ?", [path]), 0)
        for code in five {
            XCTAssertEqual(try f.count("SELECT count(*) FROM revision WHERE region_code = ?", [code]), 0, code)
        }
        XCTAssertEqual(try f.count("SELECT count(*) FROM finding"), try f.count("""
            SELECT count(*) FROM finding WHERE revision_id IN (SELECT id FROM revision WHERE region_code IN (?, ?))
            """, [units[0], units[1]]), "no finding of the failed file is left")
        // The earlier file is intact, and the store still works.
        XCTAssertEqual(try f.revisionCount, 2)
        XCTAssertEqual(try f.fileCount, 1)
        XCTAssertEqual(try f.status(store).unit(units[0]).state, .onTime)
        XCTAssertEqual(try f.sql().read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")

        try f.sql().write { try $0.execute(sql: "DROP TRIGGER fail") }
        let rerun = try f.ingest(store, path)
        XCTAssertEqual(rerun.returns.map(\.disposition), Array(repeating: .stored, count: 5))
        XCTAssertEqual(rerun.returns.map(\.revision), [1, 1, 1, 1, 1])
        XCTAssertEqual(try f.revisionCount, 7)
        for code in five {
            XCTAssertEqual(try f.count("SELECT count(*) FROM revision WHERE region_code = ?", [code]), 1, code)
        }
        XCTAssertEqual(try f.fileCount, 2)
        XCTAssertEqual(try f.count("SELECT returns_read FROM ingested_file WHERE source = ?", [path]), 5)
        XCTAssertEqual(try f.count("SELECT stored FROM ingested_file WHERE source = ?", [path]), 5)
    }
}
