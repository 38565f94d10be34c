import GRDB
import GRDBSQLite
import JianxiDomain

/// The current (latest) revision of a region's return for a period, as consolidation needs it.
public struct CurrentReturn: Sendable {
    public let regionCode: String
    public let period: Period
    public let scope: Scope
    public let revision: Int
    public let accepted: Bool
    public let values: IndicatorValues
    public let reporter: String?
    public let phone: String?
    /// With the explanations in force (only filled by `currentReturns(period:)`).
    public let findings: [StoredRevision.StoredFinding]

    public init(regionCode: String, period: Period, scope: Scope = .unit, revision: Int = 1, accepted: Bool = true,
                values: IndicatorValues, reporter: String? = nil, phone: String? = nil, findings: [StoredRevision.StoredFinding] = []) {
        self.regionCode = regionCode
        self.period = period
        self.scope = scope
        self.revision = revision
        self.accepted = accepted
        self.values = values
        self.reporter = reporter
        self.phone = phone
        self.findings = findings
    }
}

/// One month of a time series, as `forEachPeriod(from:to:regions:states:_:)` hands it over.
public struct PeriodReturns: Sendable {
    public let period: Period
    /// The current revision of every region's return, units' and cities' totals alike, in code
    /// order, without findings (as `currentReturns(from:to:)` gives them).
    public let current: [CurrentReturn]
    /// Where each region with a unit return stands, as `status(period:...)` judges it (a unit
    /// with none is missing); empty unless asked for.
    public let states: [String: UnitStatus.State]
}

// The revision table has no index on the period alone, only UNIQUE (region_code, period,
// revision): a query by period alone passes over that whole index (every period's entries), and
// a correlated max(revision) costs a search per row. So a period is read by region code, one
// search per code of the registry, every revision in code and revision order: the last of a
// region's revisions is its current one. Without a registry's codes (or more of them than one
// statement takes), a range is read in one pass sorted by period.

extension ReturnStore {
    /// The current revision of every return stored for a period, units' and cities' totals alike,
    /// with their findings. With `regions`, only those regions' returns (what a registry can use),
    /// read by code.
    public func currentReturns(period: Period, regions: [String]? = nil) throws(StoreError) -> [CurrentReturn] {
        do {
            return try database.read { db in
                var result: [CurrentReturn] = []
                try Self.byRegion(db, regions) { filter, codes in
                    let arguments = StatementArguments(codes + [period.description])
                    let statement = try db.makeStatement(sql: """
                        SELECT r.id, r.region_code, r.scope, r.revision, r.status, r.reporter, r.phone, \(Self.valueColumns)
                        FROM revision r WHERE \(filter) AND r.period = ?
                        ORDER BY r.region_code, r.revision
                        """)
                    let revisions = try Row.fetchCursor(statement, arguments: arguments)
                    let columns = Columns(statement)
                    var latest: [(id: Int64, current: CurrentReturn)] = []
                    while try revisions.next() != nil {
                        let current = columns.currentReturn(period: period, code: 1, scope: 2, revision: 3, status: 4, values: 7,
                                                            reporter: columns.text(5), phone: columns.text(6))
                        if latest.last?.current.regionCode == current.regionCode { latest.removeLast() }
                        latest.append((columns.int64(0) ?? 0, current))
                    }
                    let ids = Set(latest.map(\.id))
                    var findings: [Int64: [StoredRevision.StoredFinding]] = [:]
                    let rows = try Row.fetchCursor(db, sql: """
                        SELECT f.revision_id, f.code, f.severity, f."column", f.message_zh, f.message_en, f."values",
                            (SELECT e.text FROM explanation e WHERE e.region_code = r.region_code AND e.period = r.period
                             AND e.rule = f.code ORDER BY e.id DESC LIMIT 1) AS explanation
                        FROM finding f JOIN revision r ON r.id = f.revision_id
                        WHERE \(filter) AND r.period = ?
                        ORDER BY f.revision_id, f.ordinal
                        """, arguments: arguments)
                    while let row = try rows.next() {
                        let id: Int64 = row[0]
                        guard ids.contains(id) else { continue }
                        let severity = Severity(rawValue: row[2]) ?? .error
                        findings[id, default: []].append(StoredRevision.StoredFinding(
                            code: row[1], severity: severity, column: row[3],
                            message: Text(zh: row[4], en: row[5]),
                            explanation: severity == .warning ? row[7] : nil,
                            indicators: StoredRevision.StoredFinding.indicators(inValues: row[6])))
                    }
                    for (id, c) in latest {
                        result.append(CurrentReturn(regionCode: c.regionCode, period: period, scope: c.scope, revision: c.revision,
                                                    accepted: c.accepted, values: c.values, reporter: c.reporter, phone: c.phone,
                                                    findings: findings[id] ?? []))
                    }
                }
                return result
            }
        } catch {
            throw .database(path, error)
        }
    }

    /// The current revision of every return for the periods from `first` to `last`, without
    /// findings, for time series.
    public func currentReturns(from first: Period, to last: Period) throws(StoreError) -> [CurrentReturn] {
        var result: [CurrentReturn] = []
        do {
            try forEachPeriod(from: first, to: last, states: false) { result += $0.current }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path, error)
        }
        return result
    }

    /// Every period from `first` to `last`, in order and one at a time, with its current returns
    /// (and, with `states`, where each unit stands), in one read transaction: a series of any
    /// length takes the memory of a year's returns at most. With `regions`, only those regions'
    /// returns (what a registry can use). An error thrown by `body` ends the pass and is rethrown
    /// as it is; a failure of the store is a `StoreError`.
    public func forEachPeriod(from first: Period, to last: Period, regions: [String]? = nil, states: Bool,
                              _ body: (PeriodReturns) throws -> Void) throws {
        var bodyError: Error?
        do {
            try database.read { db in
                let columns = "r.region_code, r.period, r.scope, r.revision, r.status, r.working_days_late, \(Self.valueColumns)"
                let codes = regions.map { Array(Set($0)) }.flatMap { $0.count + 1 <= db.maximumStatementArgumentCount ? $0 : nil }
                var period = first
                if let codes {
                    // By code, a block of months at a time (a year's, or fewer for a registry of
                    // many thousands of units, to hold at most about 40,000 returns): rows come
                    // by code, month and revision, with no sorting, and are dealt to their month.
                    let monthsPerBlock = max(1, min(12, 40_000 / max(1, codes.count)))
                    let statement = try db.makeStatement(sql: """
                        SELECT \(columns) FROM revision r
                        WHERE r.region_code IN (\(repeatElement("?", count: codes.count).joined(separator: ","))) AND r.period BETWEEN ? AND ?
                        ORDER BY r.region_code, r.period, r.revision
                        """)
                    let reader = Columns(statement)
                    while true {
                        var block = [period]
                        while block.count < monthsPerBlock, block.last! < last { block.append(block.last!.next) }
                        var months = block.map { _ in Month(states: states) }
                        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(
                            codes + [block.first!.description, block.last!.description]))
                        let firstMonth = block.first!.year * 12 + block.first!.month
                        while try rows.next() != nil {
                            // Not a month (2024-13 passes the schema's check): left out.
                            guard let (year, month) = reader.yearMonth(1), (1...12).contains(month) else { continue }
                            let index = year * 12 + month - firstMonth
                            guard months.indices.contains(index) else { continue }
                            months[index].add(reader, period: block[index])
                        }
                        for index in block.indices {
                            if let error = Self.deliver(months[index].finish(block[index]), to: body) {
                                bodyError = error
                                throw error
                            }
                        }
                        if block.last! == last { break }
                        period = block.last!.next
                    }
                    return
                }
                // Every month of the range in one pass, sorted by period.
                let statement = try db.makeStatement(sql: """
                    SELECT \(columns) FROM revision r
                    WHERE r.region_code IS NOT NULL AND r.period BETWEEN ? AND ?
                    ORDER BY r.period, r.region_code, r.revision
                    """)
                let rows = try Row.fetchCursor(statement, arguments: [first.description, last.description])
                let reader = Columns(statement)
                var month = Month(states: states)
                var done = false
                // Rows of a text that is no month (2024-13 passes the schema's check) are left out.
                while !done, try rows.next() != nil {
                    guard let (y, m) = reader.yearMonth(1), let rowPeriod = Period(year: y, month: m), rowPeriod >= period else { continue }
                    // Hand over every month before this row's, months without any return too.
                    while period < rowPeriod, !done {
                        if let error = Self.deliver(month.finish(period), to: body) {
                            bodyError = error
                            throw error
                        }
                        done = period == last
                        if !done { period = period.next }
                    }
                    if !done { month.add(reader, period: period) }
                }
                while !done {
                    if let error = Self.deliver(month.finish(period), to: body) {
                        bodyError = error
                        throw error
                    }
                    done = period == last
                    if !done { period = period.next }
                }
            }
        } catch {
            if let bodyError { throw bodyError }
            throw StoreError.database(path, error)
        }
    }

    private static func deliver(_ returns: PeriodReturns, to body: (PeriodReturns) throws -> Void) -> Error? {
        do {
            try body(returns)
            return nil
        } catch {
            return error
        }
    }

    /// The figure columns, in `Indicator` order.
    static let valueColumns = Indicator.allCases.map { "r.\($0.key)" }.joined(separator: ", ")

    /// Runs `body` with an SQL condition on `r.region_code` and its arguments: every region
    /// (`nil`), or the given codes in groups within SQLite's limit on arguments (one group as
    /// SQLite is built here), in code order.
    static func byRegion(_ db: Database, _ codes: [String]?, _ body: (_ filter: String, _ codes: [String]) throws -> Void) throws {
        guard let codes else { return try body("r.region_code IS NOT NULL", []) }
        let size = max(1, db.maximumStatementArgumentCount - 1)  // and the period
        let unique = Array(Set(codes))
        // SQLite orders text by its bytes; so must the groups, for the result to be in code order.
        let sorted = unique.count <= size ? unique : unique.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var start = 0
        while start < sorted.count {
            let group = Array(sorted[start..<min(start + size, sorted.count)])
            try body("r.region_code IN (\(repeatElement("?", count: group.count).joined(separator: ",")))", group)
            start += group.count
        }
    }

    /// One period's rows (every revision, by region code, oldest first) becoming its current
    /// returns and unit states.
    private struct Month {
        let states: Bool
        var current: [CurrentReturn] = []
        var unitStates: [String: UnitStatus.State] = [:]
        /// The region whose revisions are being read: its latest revision so far, and whether
        /// its first accepted one is a unit's, and how late.
        var latest: CurrentReturn?
        var firstAccepted: (isUnit: Bool, late: Int)?

        init(states: Bool) { self.states = states }

        /// The current row of a statement selecting region_code, period, scope, revision, status,
        /// working_days_late and the figures.
        mutating func add(_ row: Columns, period: Period) {
            let revision = row.currentReturn(period: period, code: 0, scope: 2, revision: 3, status: 4, values: 6)
            if let latest, latest.regionCode != revision.regionCode { close() }
            latest = revision
            if states, firstAccepted == nil, revision.accepted {
                firstAccepted = (revision.scope == .unit, Int(row.int64(5) ?? 0))
            }
        }

        /// The region read is done: its last revision is current.
        private mutating func close() {
            guard let latest else { return }
            current.append(latest)
            if states {
                unitStates[latest.regionCode] = UnitStatus.State.judged(
                    latestRejected: latest.scope == .unit ? !latest.accepted : nil,
                    firstAcceptedLate: firstAccepted.flatMap { $0.isUnit ? $0.late : nil })
            }
            self.latest = nil
            firstAccepted = nil
        }

        mutating func finish(_ period: Period) -> PeriodReturns {
            close()
            defer {
                current = []
                unitStates = [:]
            }
            return PeriodReturns(period: period, current: current, states: unitStates)
        }
    }
}

/// The columns of a statement's current row, read straight from SQLite (rows of a series are
/// many; GRDB's `Row` costs several times more per value). Valid while the statement is on a row.
struct Columns {
    let statement: SQLiteStatement
    static let noValues = IndicatorValues()

    init(_ statement: Statement) { self.statement = statement.sqliteStatement }

    func int64(_ index: Int32) -> Int64? {
        let value = sqlite3_column_int64(statement, index)
        return value == 0 && sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : value
    }

    /// A period's year and month from text "YYYY-MM" (the store's), without a String.
    func yearMonth(_ index: Int32) -> (Int, Int)? {
        guard let text = sqlite3_column_text(statement, index), sqlite3_column_bytes(statement, index) == 7, text[4] == UInt8(ascii: "-") else { return nil }
        var year = 0
        for offset in 0..<4 {
            let digit = Int(text[offset]) - 48
            guard (0...9).contains(digit) else { return nil }
            year = year * 10 + digit
        }
        let tens = Int(text[5]) - 48, ones = Int(text[6]) - 48
        guard (0...9).contains(tens), (0...9).contains(ones) else { return nil }
        return (year, tens * 10 + ones)
    }

    /// As GRDB reads a String: up to the first NUL.
    func text(_ index: Int32) -> String? {
        sqlite3_column_text(statement, index).map { String(cString: $0) }
    }

    /// Whether the text is `expected`, without making a String of it.
    func text(_ index: Int32, is expected: StaticString) -> Bool {
        guard let text = sqlite3_column_text(statement, index) else { return false }
        let count = expected.utf8CodeUnitCount
        for offset in 0..<count where text[offset] != expected.utf8Start[offset] { return false }
        return text[count] == 0
    }

    /// A current return from the region code, scope, revision, status and the 14 figures from
    /// column `values` on.
    func currentReturn(period: Period, code: Int32, scope: Int32, revision: Int32, status: Int32, values first: Int32,
                       reporter: String? = nil, phone: String? = nil) -> CurrentReturn {
        var values = Self.noValues
        for indicator in Indicator.allCases { values[indicator] = int64(first + Int32(indicator.rawValue - 1)) }
        return CurrentReturn(regionCode: text(code) ?? "", period: period, scope: text(scope, is: "total") ? .total : .unit,
                             revision: Int(int64(revision) ?? 0), accepted: text(status, is: "accepted"), values: values,
                             reporter: reporter, phone: phone)
    }
}
