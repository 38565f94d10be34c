import Foundation
import GRDB
import JianxiDomain
import JianxiRead
import JianxiRules

/// The provincial centre's store: every revision of every return, its findings, explanations of
/// warnings, and every file read. One SQLite file in WAL mode; nothing in it is ever overwritten.
public final class ReturnStore {
    public let path: String
    let database: DatabaseQueue

    /// Opens the store at `path`, creating it if needed and upgrading an older one. Several
    /// processes may use one store: a writer waits for another (up to `busyTimeout` seconds)
    /// instead of failing with "database is locked".
    public init(path: String, busyTimeout: TimeInterval = 300) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        // Two processes opening a new (or older) store at once race: each may find a migration
        // missing and run it after the other already has (GRDB checks outside the migration's
        // transaction), or find the store locked while it switches to WAL. The loser's attempt
        // is rolled back; trying again sees the other's work. Real faults persist and are reported.
        var lastError: Error?
        for attempt in 0..<8 {
            do {
                database = try Self.openAndMigrate(path, configuration)
                return
            } catch let error as StoreError {
                throw error
            } catch {
                lastError = error
                usleep(useconds_t(20_000 * (attempt + 1)))
            }
        }
        if let lastError, (lastError as? DatabaseError)?.resultCode == .SQLITE_CANTOPEN {
            throw .cannotOpen(path, "\(lastError)")
        }
        throw .database(path, lastError ?? DatabaseError())
    }

    private static func openAndMigrate(_ path: String, _ configuration: Configuration) throws -> DatabaseQueue {
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let migrator = Schema.migrator
        let unknown = try database.read { try migrator.appliedIdentifiers($0) }.subtracting(migrator.migrations)
        if !unknown.isEmpty { throw StoreError.newer(path, unknown: unknown.sorted()) }
        try migrator.migrate(database)
        return database
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

extension ReturnStore {
    /// What the month-over-month rules need to check a return before it is sent: the region's
    /// accepted figures for the previous month, and the explanations on record for this one.
    public func context(region: String, period: Period) throws(StoreError) -> (previous: PreviousMonth, explanations: [String: String]) {
        do {
            return try database.read { db in
                (try acceptedValues(db, region: region, period: period.previous).map(PreviousMonth.figures) ?? .absent,
                 try explanations(db, region: region, period: period))
            }
        } catch {
            throw .database(path, error)
        }
    }
}
