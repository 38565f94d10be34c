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
        configuration.prepareDatabase { db in
            // In WAL mode, synchronous=NORMAL writes each commit to the WAL before COMMIT returns
            // but does not fsync it: a commit is atomic and survives the process being killed or
            // crashing (what was handed to the operating system is kept), and the store cannot be
            // corrupted. Only a power cut or kernel crash may lose the last commits, whole files at a
            // time, never part of one. Checkpoints (every 1000 pages, and when a store that wrote is
            // released, see deinit) still fsync, so what `ingest` stored is on disk once it exits.
            // FULL would fsync the WAL at every commit: once per file, the cost of a one-return file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A new store gets 8 KiB pages (SQLite's default is 4 KiB): half the page writes and
            // reads for the same data, whether a file holds one return or a year's. A store that
            // exists keeps its page size; this does nothing to it.
            try db.execute(sql: "PRAGMA page_size = 8192")
        }
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

    /// What this connection wrote reaches the disk: a checkpoint fsyncs the WAL (see
    /// `synchronous` above). Passive: it never waits for, nor blocks, other processes.
    deinit {
        let database = database
        try? database.writeWithoutTransaction { db in
            if db.totalChangesCount > 0 { try db.checkpoint(.passive) }
        }
    }

    /// Now in UTC, as ISO8601DateFormatter writes it (2026-01-05T08:30:00Z), without building one.
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

extension ReturnStore {
    /// What the month-over-month rules need to check a return before it is sent: the region's
    /// accepted figures for the previous month, and the explanations on record for this one.
    public typealias Context = (previous: PreviousMonth, explanations: [String: String])

    public func context(region: String, period: Period) throws(StoreError) -> Context {
        try reading { try $0(region, period) }
    }

    /// Calls `body` with a way to look up contexts, all within one read of the store: a
    /// consistent view for a whole file, and no transaction begun and ended for each return.
    /// A lookup that fails throws a StoreError, which names the store, as every store error does.
    public func reading<R>(_ body: (_ context: (String, Period) throws -> Context) throws -> R) throws(StoreError) -> R {
        do {
            return try database.read { db in
                try body { region, period in try context(db, region: region, period: period) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path, error)
        }
    }

    private func context(_ db: Database, region: String, period: Period) throws(StoreError) -> Context {
        do {
            let previous = try acceptedValues(db, region: region, period: period.previous).map(PreviousMonth.figures) ?? .absent
            return (previous, try explanations(db, region: region, period: period))
        } catch {
            throw .database(path, error)
        }
    }
}
