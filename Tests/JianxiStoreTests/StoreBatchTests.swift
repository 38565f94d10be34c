import Foundation
import GRDB
import JianxiDomain
import JianxiRead
import XCTest
@testable import JianxiStore

/// A file is stored with what its returns need loaded once and kept in memory: whatever a file
/// holds, it must be stored exactly as if each return were looked up in the store one by one,
/// and the content stored must stay what earlier versions wrote.
final class StoreBatchTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture.remove() }

    // MARK: the canonical content

    private func returns() -> [MonthlyReturn] {
        var full = MonthlyReturn(regionCode: "360102", regionName: "东湖区", period: Period(year: 2026, month: 9),
                                 submittedOn: CivilDate(year: 2026, month: 10, day: 12), reporter: "王芳", phone: "0791-86383274")
        for indicator in Indicator.allCases { full.values[indicator] = Int64(indicator.rawValue * 7) }
        full.values[.subsidyYTD] = 355_001
        var odd = full
        odd.regionName = "东湖区 \"新\"\\\n\t\u{1}\u{1F}\u{8}\u{C}\r/"
        odd.reporter = nil
        odd.values[.unitsNew] = nil
        odd.values[.subsidyYTD] = 0
        odd.values[.onPost] = Int64.max
        odd.explanations = ["H2": "3人由外县转入；\"引号\"", "H1": "退回多拨补贴", "W_LATE": "系统故障"]
        var total = full
        total.scope = .total
        total.regionCode = "360100"
        total.explanations = ["H3": "x"]
        total.submittedOn = CivilDate(year: 2026, month: 1, day: 3)
        total.period = Period(year: 2025, month: 12)
        var negative = full
        negative.values[.unitsTotal] = -12
        negative.values[.subsidyYTD] = -5
        return [full, odd, total, negative, MonthlyReturn()]
    }

    func testTheContentIsWhatReturnWriterWrites() {
        for r in returns() {
            let expected = ReturnWriter.json([r])
            XCTAssertEqual(String(decoding: CanonicalContent.of(r), as: UTF8.self), expected)
            // The hash over content and findings, as one string or in parts.
            var hash = ContentHash.start
            ContentHash.add(CanonicalContent.of(r), to: &hash)
            ContentHash.add(Array("[]".utf8), to: &hash)
            XCTAssertEqual(ContentHash.hex(hash), ContentHash.of(expected + "[]"))
        }
        XCTAssertEqual(ContentHash.hex(0), "0000000000000000")
        XCTAssertEqual(ContentHash.hex(0xfedc_ba98_7654_3210), "fedcba9876543210")
    }

    func testNowIsWhatISO8601DateFormatterWrites() throws {
        let now = ReturnStore.now()
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: now), now)
        XCTAssertEqual(ISO8601DateFormatter().string(from: date), now)
        XCTAssertLessThan(abs(date.timeIntervalSinceNow), 5)
    }

    // MARK: a file against the store, return by return

    private static let header = StoreFixture.header + ",说明"

    private func write(_ name: String, _ rows: [String]) throws -> String {
        let url = fixture.folder.appendingPathComponent(name)
        try Data(([Self.header] + rows).joined(separator: "\n").appending("\n").utf8).write(to: url)
        return url.path
    }

    /// A row of `period`, submitted on the 5th of the next month, with on post (13) growing by 5
    /// a month from January, as the clean figures say it does (60 + 25 - 18 - 2): H2 holds.
    private func row(_ code: String, _ period: Period, onPost: Int? = nil, explanation: String = "") -> String {
        let next = period.next
        let submitted = "\(next.description)-05"
        let base = fixture.row(code, period: period.description, submittedOn: submitted,
                               figures: [13: String(onPost ?? (60 + 5 * period.month))])
        return base + "," + (explanation.contains(",") ? "\"\(explanation)\"" : explanation)
    }

    /// What a store holds, as comparable text: every revision (without when it was stored and in
    /// which file) with its findings, and every explanation.
    private func dump(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT r.region_code || ' ' || r.period || ' r' || r.revision || ' ' || r.status || ' ' || r.content_hash || ' '
                    || r.source_row || ' ' || ifnull(r.submitted_on, '-') || ' ' || r.judged_on || ' ' || ifnull(r.deadline, '-') || ' '
                    || ifnull(r.working_days_late, '-') || ' ' || r.errors || ' ' || length(r.content) || ' '
                    || ifnull((SELECT group_concat(f.code || ':' || f.severity || ':' || f."values", ',') FROM finding f WHERE f.revision_id = r.id), '')
                FROM revision r ORDER BY r.region_code, r.period, r.revision
                """) + String.fetchAll(db, sql: """
                SELECT region_code || ' ' || period || ' ' || rule || ' ' || text || ' ' || given_by FROM explanation ORDER BY id
                """)
        }
    }

    /// A dump without the rows in the file: the row, and the hash of a duplicate (its finding
    /// names the row of the first return).
    private func withoutRows(_ dump: [String]) -> [String] {
        dump.map { line in
            var fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count > 6, fields[2].hasPrefix("r") else { return line }  // region period rN status hash row ...
            fields.remove(at: 5)
            if line.contains("E_DUPLICATE_RETURN") { fields.remove(at: 4) }
            return fields.joined(separator: " ")
        }
    }

    func testAWholeYearInOneFileIsStoredAsMonthByMonthFilesAre() throws {
        let codes = fixture.units(4)
        let year = (1...12).map { Period(year: 2025, month: $0)! }
        // Unit 0 breaks H2 every month (on post stays 60); unit 1 breaks it in March and explains
        // it in the file; unit 2 is rejected in May (R1), so June has no accepted previous month;
        // unit 3 sends March twice, corrected (in one file that is a duplicate).
        var rows: [String] = []
        for period in year {
            for (index, code) in codes.enumerated() {
                switch (index, period.month) {
                case (0, _): rows.append(row(code, period, onPost: 60))
                case (1, 3): rows.append(row(code, period, onPost: 80, explanation: "H2：3人由外县转入；H3: 新增"))
                case (2, 5): rows.append(fixture.row(code, period: period.description, submittedOn: "2025-06-05", figures: [2: "50"]) + ",")
                case (3, 3): rows += [row(code, period), row(code, period, onPost: 70)]
                default: rows.append(row(code, period))
                }
            }
        }
        // The file lists December first: the store sorts months, not the file.
        rows = Array(rows.suffix(codes.count)) + rows.dropLast(codes.count)

        let whole = fixture.folder.appendingPathComponent("whole.sqlite").path
        let oneFile = try write("year.csv", rows)
        let storedWhole = try ReturnStore(path: whole).ingest(path: oneFile, reader: fixture.reader, validator: fixture.validator)
        // The same file, inserted by a second thread as a big file is.
        let threaded = fixture.folder.appendingPathComponent("threaded.sqlite").path
        let saved = IngestBatch.returnsForWorker
        IngestBatch.returnsForWorker = 1
        defer { IngestBatch.returnsForWorker = saved }
        let storedThreaded = try ReturnStore(path: threaded).ingest(path: oneFile, reader: fixture.reader, validator: fixture.validator)
        XCTAssertEqual(storedThreaded.returns.map(\.revision), storedWhole.returns.map(\.revision))
        // The same returns in month order, stored while they are read, a month at a time; and
        // that file with January's first return moved to its end, which sends it back to be read
        // whole once months were stored. Both as the whole file, but for the rows.
        let byPeriod = { (line: String) in Period(parsing: String(line.split(separator: ",")[2]))! }
        let inOrder = rows.enumerated().sorted { (byPeriod($0.element), $0.offset) < (byPeriod($1.element), $1.offset) }.map(\.element)
        let late = Array(inOrder.dropFirst()) + [inOrder[0]]
        for (name, lines) in [("streamed", inOrder), ("fallback", late)] {
            let path = fixture.folder.appendingPathComponent("\(name).sqlite").path
            let file = try ReturnStore(path: path).ingest(path: try write("\(name).csv", lines), reader: fixture.reader, validator: fixture.validator)
            XCTAssertEqual(file.returns.count, 49, name)
            XCTAssertEqual(file.returns.map(\.row), Array(2...50), name)
            XCTAssertEqual(try withoutRows(dump(path)), withoutRows(try dump(whole)), name)
            XCTAssertEqual(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM ingested_file") }, 1, name)
        }
        XCTAssertEqual(storedWhole.returns.count, 49)
        // The correction of March is a duplicate in one file, and not in two: left out of the comparison.
        let duplicate = try XCTUnwrap(rows.firstIndex(of: row(codes[3], year[2], onPost: 70))) + 2
        XCTAssertTrue(try XCTUnwrap(storedWhole.returns.first { $0.row == duplicate }).isRejected)
        XCTAssertEqual(storedWhole.returns.map(\.row), Array(2...50), "reported in file order")

        // The same returns, one file per month and code, in month order, into another store.
        let byMonth = fixture.folder.appendingPathComponent("months.sqlite").path
        let store = try ReturnStore(path: byMonth)
        var storedByMonth: [Int: IngestedReturn] = [:]
        let ordered = rows.enumerated().sorted { a, b in
            (Period(parsing: String(a.element.split(separator: ",")[2]))!, a.offset) < (Period(parsing: String(b.element.split(separator: ",")[2]))!, b.offset)
        }
        for (offset, line) in ordered where offset + 2 != duplicate {
            // Row numbers as in the whole file, so source_row and the hash of findings match.
            let padding = Array(repeating: ",,,,,,,,,,,,,,,,,,,,", count: offset)
            let path = try write("part-\(offset).csv", padding + [line])
            let file = try store.ingest(path: path, reader: fixture.reader, validator: fixture.validator)
            storedByMonth[offset + 2] = file.returns.first
        }
        let keyed = Dictionary(uniqueKeysWithValues: storedWhole.returns.map { ($0.row, $0) })
        for (row, expected) in storedByMonth {
            let got = try XCTUnwrap(keyed[row])
            XCTAssertEqual(got.disposition, expected.disposition, "row \(row)")
            XCTAssertEqual(got.revision, expected.revision, "row \(row)")
            XCTAssertEqual(got.findings.map { "\($0.code) \($0.severity)" }, expected.findings.map { "\($0.code) \($0.severity)" },
                           "row \(row)")
        }
        let dumpWhole = try dump(whole), dumpByMonth = try dump(byMonth)
        XCTAssertEqual(try dump(threaded), dumpWhole)
        XCTAssertEqual(dumpWhole.count, 49 + 2)
        let duplicateRevision = try XCTUnwrap(dumpWhole.firstIndex { $0.hasPrefix("\(codes[3]) 2025-03 r2 rejected") })
        XCTAssertEqual(dumpWhole.enumerated().filter { $0.offset != duplicateRevision }.map(\.element), dumpByMonth)
        // What the cases above were meant to show really happened.
        XCTAssertTrue(dumpWhole.contains { $0.hasPrefix("\(codes[0]) 2025-02 r1 accepted") && $0.contains("H2:warning") })
        XCTAssertTrue(dumpWhole.contains { $0.hasPrefix("\(codes[0]) 2025-01 r1 accepted") && $0.contains("H2:info") })
        XCTAssertTrue(dumpWhole.contains { $0.hasPrefix("\(codes[2]) 2025-05 r1 rejected") })
        XCTAssertTrue(dumpWhole.contains { $0.hasPrefix("\(codes[2]) 2025-06 r1 accepted") && $0.contains("H2:info") })
        XCTAssertTrue(dumpWhole.contains { $0.hasPrefix("\(codes[1]) 2025-03 r1 accepted") && $0.contains("H2:warning") })
        XCTAssertTrue(dumpWhole.contains { $0.hasPrefix("\(codes[3]) 2025-04 r1 accepted") && !$0.contains("H2") },
                      "April compares with March's accepted revision 1, not the rejected duplicate")
        XCTAssertTrue(dumpWhole.contains { $0 == "\(codes[1]) 2025-03 H2 3人由外县转入 return" })

        // Again: nothing changes, every return found unchanged at the revision it was stored as.
        let again = try ReturnStore(path: whole).ingest(path: oneFile, reader: fixture.reader, validator: fixture.validator)
        XCTAssertEqual(again.stored, 0)
        XCTAssertEqual(again.returns.map(\.revision), storedWhole.returns.map(\.revision))
        XCTAssertEqual(try dump(whole), dumpWhole)
    }

    func testABigFileThatFailsMidwayOnTheInsertingThreadLeavesNothingBehind() throws {
        let f = fixture!
        let store = try f.open()
        let codes = f.units(50)
        let rows = (1...12).flatMap { month in codes.map { row($0, Period(year: 2025, month: month)!) } }
        XCTAssertGreaterThanOrEqual(rows.count, IngestBatch.returnsForWorker, "big enough for the inserting thread")
        let path = try write("big.csv", rows)
        try f.sql().write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail BEFORE INSERT ON revision WHEN NEW.region_code = '\(codes[20])' AND NEW.period = '2025-07'
                BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;
                """)
        }
        XCTAssertThrowsError(try f.ingest(store, path)) { error in
            let message = (error as? StoreError)?.message.en ?? "\(error)"
            XCTAssertTrue(message.contains("disk full (simulated)"), message)
            XCTAssertTrue(message.contains("rolled back"), message)
        }
        XCTAssertEqual(try f.revisionCount, 0)
        XCTAssertEqual(try f.fileCount, 0)
        XCTAssertEqual(try f.count("SELECT count(*) FROM finding"), 0)

        // The connection is fine afterwards, and the file goes in whole.
        try f.sql().write { try $0.execute(sql: "DROP TRIGGER fail") }
        let stored = try f.ingest(store, path)
        XCTAssertEqual(stored.stored, rows.count)
        XCTAssertEqual(try f.revisionCount, rows.count)
        XCTAssertEqual(try f.count("SELECT count(*) FROM finding WHERE revision_id NOT IN (SELECT id FROM revision)"), 0)
        XCTAssertEqual(try f.count("SELECT count(*) FROM finding"), stored.returns.reduce(0) { $0 + $1.findings.count })
        XCTAssertEqual(try f.ingest(store, path).unchanged, rows.count)
    }

    func testReturnsWithoutARegionOrPeriodAreStoredOnceAsRejected() throws {
        let store = try fixture.open()
        let code = fixture.units(1)[0]
        let path = try fixture.write("odd.csv", [
            fixture.row(code, period: ""),
            fixture.row(code, period: "2026-99"),
            ",,2026-09,2026-10-12,王芳,0791-86383274," + StoreFixture.clean.joined(separator: ","),
        ])
        let first = try fixture.ingest(store, path)
        XCTAssertEqual(first.returns.map(\.disposition), [.stored, .stored, .stored])
        XCTAssertEqual(first.returns.map(\.revision), [1, 2, 1], "two returns of \(code) without a period: revisions 1 and 2")
        XCTAssertTrue(first.returns.allSatisfy(\.isRejected))
        let again = try fixture.ingest(store, path)
        XCTAssertEqual(again.returns.map(\.disposition), [.unchanged, .unchanged, .unchanged])
        XCTAssertEqual(again.returns.map(\.revision), [1, 2, 1])
        XCTAssertEqual(try fixture.revisionCount, 3)
    }

    func testAReturnStoredByAnEarlierVersionIsFoundUnchanged() throws {
        let store = try fixture.open()
        let code = fixture.units(1)[0]
        let path = try fixture.write("2026-09.csv", [fixture.row(code)])
        _ = try fixture.ingest(store, path)
        // As the earlier version wrote it: its content by ReturnWriter, its hash over that text.
        let read = try XCTUnwrap({ () -> ReadReturn? in
            var result: ReadReturn?
            _ = fixture.reader.read(path: path) { result = $0 }
            return result
        }())
        let queue = try fixture.sql()
        try queue.write { db in
            let content = ReturnWriter.json([read.value])
            try db.execute(sql: "UPDATE revision SET content = ?, content_hash = ?",
                           arguments: [content, ContentHash.of(content + "[]")])
        }
        let before = try dump(fixture.storePath)
        XCTAssertEqual(try fixture.ingest(store, path).only(code).disposition, .unchanged)
        XCTAssertEqual(try dump(fixture.storePath), before)
    }
}
