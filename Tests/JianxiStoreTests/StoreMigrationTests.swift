import Foundation
import GRDB
import JianxiDomain
import XCTest
@testable import JianxiStore

/// A newer jianxi upgrades an older store in place; an older jianxi refuses a newer store.
final class StoreMigrationTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture.remove() }

    /// Every migration this version knows, in order: "v1-revisions", "v2-explanations"...
    private let known = Schema.migrator.migrations

    private func applied(_ queue: DatabaseQueue) throws -> [String] {
        try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }

    private func tableExists(_ queue: DatabaseQueue, _ name: String) throws -> Bool {
        try queue.read { try $0.tableExists(name) }
    }

    /// A store as the first release wrote it: only "v1-revisions", with one return of 东湖区 in it.
    private func makeVersion1Store() throws {
        let queue = try DatabaseQueue(path: fixture.storePath)
        try Schema.migrator.migrate(queue, upTo: "v1-revisions")
        XCTAssertEqual(try applied(queue), ["v1-revisions"])
        XCTAssertFalse(try tableExists(queue, "explanation"))
        let counts = StoreFixture.clean.dropLast().joined(separator: ", ")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO ingested_file (id, source, ingested_at, returns_read, stored, unchanged, rejected, findings)
                VALUES (1, 'old/2026-09.csv', '2026-10-14T01:00:00Z', 1, 1, 0, 0, '[]')
                """)
            // Indicator 14 is stored as a whole number of yuan (0.0001 万元): 35.5 万元 is 355000.
            try db.execute(sql: """
                INSERT INTO revision (region_code, period, revision, status, \(Indicator.allCases.map(\.key).joined(separator: ", ")),
                    region_name, submitted_on, reporter, phone, judged_on, judged_on_basis, deadline, working_days_late, errors,
                    content_hash, content, file_id, source_row, ingested_at)
                VALUES ('360102', '2026-09', 1, 'accepted', \(counts), 355000,
                    '东湖区', '2026-10-12', '王芳', '0791-86383274', '2026-10-12', 'submitted_on', '2026-10-13', 0, 0,
                    '0000000000000000', '{}', 1, 2, '2026-10-14T01:00:00Z')
                """)
            try db.execute(sql: """
                INSERT INTO finding (revision_id, ordinal, code, severity, "column", message_zh, message_en, hint_zh, hint_en, "values")
                VALUES (1, 0, 'W_PHONE_FORMAT', 'warning', 'phone', '旧', 'old', '', '', '{}')
                """)
        }
    }

    func testAnOlderStoreIsUpgradedAndKeepsItsData() throws {
        try makeVersion1Store()
        let store = try fixture.open()
        let queue = try fixture.sql()
        XCTAssertEqual(Array(known.prefix(2)), ["v1-revisions", "v2-explanations"])
        XCTAssertEqual(try applied(queue), known.sorted())
        XCTAssertTrue(try tableExists(queue, "explanation"))
        XCTAssertEqual(try fixture.revisionCount, 1)
        XCTAssertEqual(try fixture.fileCount, 1)

        let history = try store.history(region: "360102", period: Period(parsing: "2026-09")!)
        XCTAssertEqual(history.count, 1)
        let revision = history[0].revision
        XCTAssertEqual(revision.values.display(.unitsTotal), "40")
        XCTAssertEqual(revision.values.display(.subsidyYTD), "35.5")
        XCTAssertEqual(revision.source, "old/2026-09.csv")
        XCTAssertEqual(revision.findings.map(\.code), ["W_PHONE_FORMAT"])

        // The new table works on the old data: the old warning can be explained.
        XCTAssertEqual(try store.explain(region: "360102", period: Period(parsing: "2026-09")!, rule: "W_PHONE_FORMAT", text: "分机号"), .resolved)
        XCTAssertEqual(try fixture.status(store).unit("360102").openWarnings, 0)
        XCTAssertEqual(try fixture.status(store).unit("360102").state, .onTime)

        // Opening again runs nothing twice.
        _ = try fixture.open()
        XCTAssertEqual(try applied(queue), known.sorted())
    }

    /// v4 changes the text of two CHECKs: an upgraded store has the schema of a new one, and
    /// the constraints still hold.
    func testChecksWithoutListsStillRefuseWhatTheyRefused() throws {
        try makeVersion1Store()
        _ = try fixture.open()
        let upgraded = try fixture.sql()
        let fresh = try DatabaseQueue()
        try Schema.migrator.migrate(fresh)
        let schema = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        let upgradedSchema = try upgraded.read { try Row.fetchAll($0, sql: schema) }
        XCTAssertEqual(upgradedSchema, try fresh.read { try Row.fetchAll($0, sql: schema) })
        XCTAssertFalse(upgradedSchema.contains { ($0["sql"] as String).contains("IN ('received'") })
        try upgraded.write { db in
            XCTAssertThrowsError(try db.execute(sql: "UPDATE revision SET judged_on_basis = 'yesterday'"))
            XCTAssertThrowsError(try db.execute(sql: "UPDATE finding SET severity = 'fatal'"))
            try db.execute(sql: "UPDATE revision SET judged_on_basis = 'received'")
            try db.execute(sql: "UPDATE finding SET severity = 'info'")
            XCTAssertEqual(try String.fetchAll(db, sql: "PRAGMA integrity_check"), ["ok"])
        }
    }

    func testAStoreWrittenByANewerJianxiIsRefused() throws {
        _ = try fixture.open()
        let path = try fixture.write("2026-09.csv", [fixture.row("360102")])
        _ = try fixture.ingest(try fixture.open(), path)
        let queue = try fixture.sql()
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }

        XCTAssertThrowsError(try ReturnStore(path: fixture.storePath)) { error in
            guard let error = error as? StoreError else { return XCTFail("not a StoreError: \(error)") }
            XCTAssertTrue(error.message.en.contains("written by a newer jianxi"), error.message.en)
            XCTAssertTrue(error.message.en.contains("v9-future"), error.message.en)
            XCTAssertTrue(error.message.en.contains(self.fixture.storePath), error.message.en)
            XCTAssertTrue(error.message.zh.contains("更新版本的 jianxi"), error.message.zh)
        }
        // Refusing it left it as it was.
        XCTAssertEqual(try applied(queue), (known + ["v9-future"]).sorted())
        XCTAssertEqual(try fixture.revisionCount, 1)
    }

    func testAnOlderStoreWithAnUnknownMigrationIsRefusedBeforeAnyUpgrade() throws {
        try makeVersion1Store()
        let queue = try fixture.sql()
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        XCTAssertThrowsError(try ReturnStore(path: fixture.storePath)) { error in
            XCTAssertTrue((error as? StoreError)?.message.en.contains("newer jianxi") == true, "\(error)")
        }
        XCTAssertEqual(try applied(queue), ["v1-revisions", "v9-future"])
        XCTAssertFalse(try tableExists(queue, "explanation"), "nothing was migrated in a store this version does not understand")
    }
}
