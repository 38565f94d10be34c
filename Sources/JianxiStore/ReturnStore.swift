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
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path, "\(error)")
        }
        let migrator = Schema.migrator
        do {
            let known = Set(migrator.migrations)
            let applied = try database.read { try migrator.appliedIdentifiers($0) }
            let unknown = applied.subtracting(known)
            if !unknown.isEmpty { throw StoreError.newer(path, unknown: unknown.sorted()) }
            try migrator.migrate(database)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path, error)
        }
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
