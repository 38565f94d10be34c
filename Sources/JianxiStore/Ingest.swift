import Foundation
import GRDB
import GRDBSQLite
import JianxiDomain
import JianxiRead
import JianxiRules

/// What became of one return given to `ingest`: what reports say of it, and no more, since a
/// file may hold hundreds of thousands of returns (the checked return whole only when rejected,
/// for the report prints those in full).
public struct IngestedReturn: Sendable {
    public enum Disposition: String, Sendable {
        /// A new revision was stored (accepted or rejected).
        case stored
        /// The same content was already stored: nothing changed.
        case unchanged
    }

    public let disposition: Disposition
    /// The revision stored, or the earlier identical one.
    public let revision: Int
    /// The CSV row or JSON position of the return in its file.
    public let row: Int
    public let regionCode: String?
    public let period: Period?
    public let isLate: Bool?
    public let workingDaysLate: Int?
    public let errorCount: Int
    /// Warnings not explained.
    public let warningCount: Int
    public let findings: [Finding]
    /// The return as checked, for a return with errors; nil otherwise.
    public var rejected: CheckedReturn? { kept.first }
    private let kept: [CheckedReturn]  // an array: an absent CheckedReturn then takes 8 bytes, not its size

    init(_ checked: CheckedReturn, disposition: Disposition, revision: Int) {
        self.disposition = disposition
        self.revision = revision
        row = checked.read.row
        regionCode = checked.read.value.regionCode
        period = checked.read.value.period
        isLate = checked.isLate
        workingDaysLate = checked.workingDaysLate
        errorCount = checked.errorCount
        warningCount = checked.warningCount
        findings = checked.findings
        kept = errorCount > 0 ? [checked] : []
    }

    public var isRejected: Bool { errorCount > 0 }
}

/// What became of one file given to `ingest`.
public struct IngestedFile: Sendable {
    public let source: String
    public let returns: [IngestedReturn]
    /// The file's own findings (unreadable, bad header...).
    public let findings: [Finding]

    public let stored: Int
    public let unchanged: Int
    /// Returns stored as rejected.
    public let rejected: Int
    /// Returns stored late.
    public let late: Int
    /// Returns with an error, stored or unchanged.
    public let withErrors: Int

    init(source: String, returns: [IngestedReturn], findings: [Finding]) {
        self.source = source
        self.returns = returns
        self.findings = findings
        var (stored, rejected, late, withErrors) = (0, 0, 0, 0)
        for index in returns.indices {
            let hasErrors = returns[index].isRejected
            if hasErrors { withErrors += 1 }
            guard returns[index].disposition == .stored else { continue }
            stored += 1
            if hasErrors { rejected += 1 }
            if returns[index].isLate == true { late += 1 }
        }
        self.stored = stored
        unchanged = returns.count - stored
        self.rejected = rejected
        self.late = late
        self.withErrors = withErrors
    }
}

extension ReturnStore {
    /// Reads one file, validates each return against the store (previous months, explanations
    /// on record) and stores it, all in one transaction: if anything fails, or the process dies,
    /// none of the file's returns is stored, and running it again does the whole job once.
    /// Returns with errors are stored as rejected. Identical content already stored is left as is.
    ///
    /// Earlier months are stored first, so a file holding a whole year checks each month against
    /// the one before; returns of one month keep their order in the file. Nearly every file is
    /// in month order already: it is stored while it is read, a month at a time, and never held
    /// whole. A file that goes back to an earlier month is read whole and put in order.
    public func ingest(path: String, reader: ReturnFileReader, validator: ReturnValidator,
                       receivedOn: CivilDate? = nil) throws(StoreError) -> IngestedFile {
        if let file = try ingestInOrder(path: path, reader: reader, validator: validator, receivedOn: receivedOn) { return file }
        var reads: [ReadReturn] = []
        let fileFindings = reader.read(path: path) { reads.append($0) }
        let months = reads.map(Self.month)
        let order = months.indices.sorted { (months[$0], $0) < (months[$1], $1) }
        let file = try transaction(path) { db, fileID, ingestedAt -> (returns: [IngestedReturn], findings: [Finding])? in
            var batch = try MonthByMonth(db, fileID: fileID, at: ingestedAt, expecting: reads.count, validator: validator, receivedOn: receivedOn)
            defer { batch.close() }
            for index in order { try batch.add(reads[index]) }
            return (try batch.finish(), fileFindings)
        }
        return file!  // the body never gives nil
    }

    /// A file stored as it is read, a month at a time; nil, with nothing stored, when it goes
    /// back to an earlier month.
    private func ingestInOrder(path: String, reader: ReturnFileReader, validator: ReturnValidator,
                               receivedOn: CivilDate?) throws(StoreError) -> IngestedFile? {
        // About a hundred bytes a return: enough to choose how to insert.
        let expected = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 100
        return try transaction(path) { db, fileID, ingestedAt -> (returns: [IngestedReturn], findings: [Finding])? in
            var batch = try MonthByMonth(db, fileID: fileID, at: ingestedAt, expecting: expected, validator: validator, receivedOn: receivedOn)
            defer { batch.close() }
            var failure: Error?
            var outOfOrder = false
            let fileFindings = reader.read(path: path) { read in
                guard failure == nil, !outOfOrder else { return }
                guard batch.follows(read) else { return outOfOrder = true }
                do { try batch.add(read) } catch { failure = error }
            }
            if let failure { throw failure }
            if outOfOrder { return nil }
            return (try batch.finish(), fileFindings)
        }
    }

    /// Months since year 0 of a return's period; 0 without one (those come first).
    static func month(_ read: ReadReturn) -> Int {
        read.value.period.map { $0.year * 12 + $0.month } ?? 0
    }

    /// Runs `body` in one transaction with the file recorded, then records what came of it; a
    /// file that brings nothing new and says what it said before leaves the store as it was.
    /// When `body` gives nil, nothing is kept and the result is nil.
    private func transaction(_ path: String, _ body: (Database, _ fileID: Int64, _ at: String) throws
        -> (returns: [IngestedReturn], findings: [Finding])?) throws(StoreError) -> IngestedFile? {
        do {
            return try database.writeWithoutTransaction { db in
                // An INSERT of many rows keeps, until it ends, a journal of the pages it changed (to
                // undo itself alone if a row fails); past 64 KiB SQLite writes it to a temporary
                // file. In memory it stays (a few hundred KiB at most), for this transaction only.
                try db.cachedStatement(sql: "PRAGMA temp_store = MEMORY").execute()
                defer { try? db.cachedStatement(sql: "PRAGMA temp_store = DEFAULT").execute() }
                var result: IngestedFile?
                try db.inTransaction(.immediate) {
                    let ingestedAt = Self.now()
                    let fileID = try insertFile(db, source: path, at: ingestedAt)
                    guard var (outcomes, fileFindings) = try body(db, fileID, ingestedAt) else { return .rollback }
                    if !outcomes.indices.dropFirst().allSatisfy({ outcomes[$0 - 1].row <= outcomes[$0].row }) {
                        outcomes.sort { $0.row < $1.row }
                    }
                    let file = IngestedFile(source: path, returns: outcomes, findings: fileFindings)
                    if file.stored == 0, try fileAlreadyRecorded(db, source: path, findings: fileFindings, exceptID: fileID) {
                        // Nothing new: leave the store exactly as it was.
                        try db.cachedStatement(sql: "DELETE FROM ingested_file WHERE id = ?").execute(arguments: [fileID])
                    } else {
                        try db.cachedStatement(sql: """
                            UPDATE ingested_file SET returns_read = ?, stored = ?, unchanged = ?, rejected = ?, findings = ?
                            WHERE id = ?
                            """).execute(arguments: [outcomes.count, file.stored, file.unchanged, file.rejected,
                                                     FindingJSON.encode(fileFindings), fileID])
                    }
                    result = file
                    return .commit
                }
                return result
            }
        } catch {
            throw .database(self.path, error)
        }
    }

    private func insertFile(_ db: Database, source: String, at time: String) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO ingested_file (source, ingested_at, returns_read, stored, unchanged, rejected, findings)
            VALUES (?, ?, 0, 0, 0, 0, '[]')
            """).execute(arguments: [source, time])
        return db.lastInsertedRowID
    }

    private func fileAlreadyRecorded(_ db: Database, source: String, findings: [Finding], exceptID: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM ingested_file WHERE source = ? AND findings = ? AND id != ?)"),
                          arguments: [source, FindingJSON.encode(findings), exceptID]) ?? false
    }

    static let insertRevision = revisionInsertSQL(withID: false)

    static func revisionInsertSQL(withID: Bool) -> String {
        let columns = (withID ? ["id"] : []) + ["region_code", "period", "revision", "status"] + Indicator.allCases.map(\.key) + [
            "region_name", "submitted_on", "reporter", "phone", "judged_on", "judged_on_basis", "deadline", "working_days_late", "errors",
            "content_hash", "content", "file_id", "source_row", "ingested_at", "scope",
        ]
        return "INSERT INTO revision (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }

    /// Made once: a statement is found in GRDB's cache by its text.
    private static let acceptedValuesSQL = """
        SELECT \(Indicator.allCases.map(\.key).joined(separator: ", ")) FROM revision
        WHERE region_code = ? AND period = ? AND status = 'accepted' ORDER BY revision DESC LIMIT 1
        """

    /// The figures of the latest accepted revision of a region's return for a period.
    func acceptedValues(_ db: Database, region: String, period: Period) throws -> IndicatorValues? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: Self.acceptedValuesSQL), arguments: [region, period.description]) else { return nil }
        var values = IndicatorValues()
        for (column, indicator) in Indicator.allCases.enumerated() { values[indicator] = row[column] }
        return values
    }

    /// The explanations in force for a region and period, by rule id.
    func explanations(_ db: Database, region: String, period: Period) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT rule, text FROM explanation WHERE region_code = ? AND period = ? ORDER BY id
            """), arguments: [region, period.description]) {
            result[row["rule"]] = row["text"]
        }
        return result
    }

    func insertExplanation(_ db: Database, region: String, period: Period, rule: String, text: String,
                           by source: String, revisionID: Int64?, at time: String) throws {
        try db.cachedStatement(sql: IngestBatch.insertExplanation)
            .execute(arguments: [region, period.description, rule, text, time, source, revisionID])
    }
}

/// Stores a file's returns month after month: a month's are stored once the next month starts
/// (or at the end), after loading what they need of the store, and what regions hold for the
/// months before is let go.
struct MonthByMonth {
    private var batch: IngestBatch
    private let validator: ReturnValidator
    private let receivedOn: CivilDate?
    private var month: [ReadReturn] = []
    private var outcomes: [IngestedReturn] = []

    init(_ db: Database, fileID: Int64, at time: String, expecting count: Int, validator: ReturnValidator, receivedOn: CivilDate?) throws {
        batch = try IngestBatch(db, fileID: fileID, at: time, expecting: count)
        self.validator = validator
        self.receivedOn = receivedOn
    }

    /// Whether `read` belongs to this month or a later one.
    func follows(_ read: ReadReturn) -> Bool {
        month.last.map { ReturnStore.month(read) >= ReturnStore.month($0) } ?? true
    }

    /// Adds a return of this month or a later one (see `follows`).
    mutating func add(_ read: ReadReturn) throws {
        if let last = month.last, ReturnStore.month(read) != ReturnStore.month(last) { try storeMonth() }
        month.append(read)
    }

    /// Stores what is left; what became of every return, in the order they were added.
    mutating func finish() throws -> [IngestedReturn] {
        try storeMonth()
        try batch.finish()
        return outcomes
    }

    /// Ends the inserting thread, if it still runs (after a failure).
    func close() { batch.close() }

    private mutating func storeMonth() throws {
        try batch.loadAhead(month.lazy.map(\.value))
        for read in month {
            outcomes.append(try batch.store(read, validator: validator, receivedOn: receivedOn))
        }
        if let period = month.last?.value.period { batch.forget(before: period) }
        month.removeAll(keepingCapacity: true)
    }
}

/// Stores the returns of one file inside its transaction.
///
/// What the checks and the store need of each return's (region, period) — the previous month's
/// accepted figures, the explanations on record, the content hashes and the highest revision
/// number — is loaded from the store the first time a region is seen (`loadAhead`, two range
/// queries: from the month before on), and then kept up to date in memory as returns are
/// stored, so a file holding a whole year sees its own earlier months. The transaction is
/// IMMEDIATE, so no other writer can change those rows meanwhile.
///
/// Revisions and findings are inserted by a `RowInserter`, many rows a statement, through
/// SQLite's C API on statements prepared once (preparing and binding through GRDB's typed
/// arguments cost several times more than storing the row), and for a big file on a second
/// thread (`InsertWorker`) while this one validates. Before this thread reads or writes the
/// store itself it `drain`s what waits, so it always sees every revision stored before.
struct IngestBatch {
    struct Key: Hashable {
        let region: String?
        let period: String?
    }

    /// What the store holds for one region and period.
    struct Stored {
        var maxRevision = 0
        /// The content hashes of every revision: content not among them cannot be stored already.
        var hashes: Set<UInt64> = []
        /// Some revision's hash is not in `hashes` (a store not written by jianxi): compare
        /// content in SQL every time.
        var compareInSQL = false
        /// The latest accepted revision's number and figures.
        var accepted: (revision: Int, values: IndicatorValues)?
        /// The explanations in force, by rule.
        var explanations: [String: String] = [:]
    }

    static let insertExplanation = """
        INSERT INTO explanation (region_code, period, rule, text, given_at, given_by, revision_id) VALUES (?, ?, ?, ?, ?, ?, ?)
        """
    static let revisionColumns = "period, revision, status, content_hash, " + Indicator.allCases.map(\.key).joined(separator: ", ")
    private static let revisionsOfRegion = "SELECT \(revisionColumns) FROM revision WHERE region_code = ? AND period BETWEEN ? AND ?"
    private static let revisionsOfKey = "SELECT \(revisionColumns) FROM revision WHERE region_code IS ? AND period IS ?"

    /// Files with at least this many returns are inserted by a second thread while this one
    /// validates (starting a thread costs more than a small file's inserts). Tests lower it.
    nonisolated(unsafe) static var returnsForWorker = 512

    private let db: Database
    private let fileID: Int64
    private let time: String
    private var stored: [Key: Stored] = [:]
    /// What `loadAhead` has loaded.
    private var loadedRegions: Set<String> = []
    private var loadedKeys: Set<Key> = []
    private var nextID: Int64
    /// Revisions (with their findings) not yet handed to the inserter.
    private var pending = RowInserter.Job()
    /// Inserts here, or on `worker`'s thread.
    private var inserter: RowInserter?
    private var worker: InsertWorker?
    private let identical: RawStatement

    /// For about `count` returns, given a month at a time (`loadAhead` before each month).
    init(_ db: Database, fileID: Int64, at time: String, expecting count: Int) throws {
        self.db = db
        self.fileID = fileID
        self.time = time
        let inserter = try RowInserter(db, returns: count)
        identical = try RawStatement(db, """
            SELECT revision FROM revision WHERE region_code IS ? AND period IS ? AND content_hash = ? AND content = ?
            ORDER BY revision LIMIT 1
            """)
        // As SQLite would number them: the transaction is IMMEDIATE, so no one else inserts meanwhile.
        let maxID = try RawStatement(db, "SELECT max(id) FROM revision")
        var last: Int64 = 0
        try maxID.forEachRow { row in last = row.int64(0) ?? 0 }
        nextID = last + 1
        // Last, so nothing can fail with a thread started and no batch to stop it.
        if count >= Self.returnsForWorker { worker = InsertWorker(inserter) } else { self.inserter = inserter }
    }

    /// Loads what a month's returns need that is not loaded yet: for a region seen for the first
    /// time, every revision and explanation from the month before this one on (later months of
    /// the file are then known too); keys without a region or period one by one.
    mutating func loadAhead(_ returns: some Collection<MonthlyReturn>) throws {
        var ranges: [String: (low: String, high: String)] = [:]
        var partial: Set<Key> = []
        for r in returns {
            guard let code = r.regionCode, let period = r.period else {
                let key = Key(region: r.regionCode, period: r.period?.description)
                if loadedKeys.insert(key).inserted { partial.insert(key) }
                continue
            }
            if loadedRegions.insert(code).inserted { ranges[code] = (period.previous.description, "9999-12") }
        }
        guard !ranges.isEmpty || !partial.isEmpty else { return }
        try drain()  // the connection is this thread's again
        try query(ranges, partial)
    }

    /// Lets go of what regions hold for periods before `period`: a file in month order needs
    /// only the month before the one it is at.
    mutating func forget(before period: Period) {
        let first = period.description
        stored = stored.filter { key, _ in key.period.map { $0 >= first } ?? true }
    }

    private mutating func query(_ ranges: [String: (low: String, high: String)], _ partial: Set<Key>) throws {
        let revisions = try RawStatement(db, Self.revisionsOfRegion)
        let explanations = try RawStatement(db, """
            SELECT period, rule, text FROM explanation WHERE region_code = ? AND period BETWEEN ? AND ? ORDER BY id
            """)
        for (code, range) in ranges {
            revisions.bind(1, code)
            revisions.bind(2, range.low)
            revisions.bind(3, range.high)
            try revisions.forEachRow { row in
                add(row, to: Key(region: code, period: row.string(0)))
            }
            explanations.bind(1, code)
            explanations.bind(2, range.low)
            explanations.bind(3, range.high)
            try explanations.forEachRow { row in
                guard let rule = row.string(1), let text = row.string(2) else { return }
                stored[Key(region: code, period: row.string(0)), default: Stored()].explanations[rule] = text
            }
        }
        if !partial.isEmpty {
            let byKey = try RawStatement(db, Self.revisionsOfKey)
            for key in partial {
                byKey.bind(1, key.region)
                byKey.bind(2, key.period)
                try byKey.forEachRow { row in add(row, to: key) }
            }
        }
    }

    /// One row of `revisionColumns`.
    private mutating func add(_ row: RawRow, to key: Key) {
        let revision = Int(row.int64(1) ?? 0)
        var entry = stored.removeValue(forKey: key) ?? Stored()
        entry.maxRevision = max(entry.maxRevision, revision)
        if let text = row.string(3), text.utf8.count == 16, let hash = UInt64(text, radix: 16) {
            entry.hashes.insert(hash)
        } else {
            entry.compareInSQL = true
        }
        if row.string(2) == "accepted", revision > entry.accepted?.revision ?? 0 {
            var values = IndicatorValues()
            for (offset, indicator) in Indicator.allCases.enumerated() { values[indicator] = row.int64(Int32(4 + offset)) }
            entry.accepted = (revision, values)
        }
        stored[key] = entry
    }

    mutating func store(_ read: ReadReturn, validator: ReturnValidator, receivedOn: CivilDate?) throws -> IngestedReturn {
        let r = read.value
        let code = r.regionCode
        let key = Key(region: code, period: r.period?.description)
        let known = stored[key].map { (maxRevision: $0.maxRevision, compareInSQL: $0.compareInSQL, explanations: $0.explanations) }
        var previous = PreviousMonth.absent
        var onRecord: [String: String] = [:]
        if let code, let period = r.period {
            previous = stored[Key(region: code, period: period.previous.description)]?.accepted.map { .figures($0.values) } ?? .absent
            onRecord = known?.explanations ?? [:]
        }
        let checked = validator.validate(read, receivedOn: receivedOn, previous: previous, explanations: onRecord)

        // Made here rather than by the inserting thread, which has SQLite's work to do.
        let content = CanonicalContent.of(r)
        let hash = ContentHash.of(content: content, findings: read.findings)
        // Identical content can only be stored already if a revision of this region and period is.
        let maxRevision = known?.maxRevision ?? 0
        if let known, known.maxRevision > 0 || known.compareInSQL {
            let (text, h) = (content, hash)
            if known.compareInSQL || stored[key]?.hashes.contains(h) == true {
                try drain()
                identical.bind(1, key.region)
                identical.bind(2, key.period)
                identical.bind(3, ContentHash.hex(h))
                identical.bind(4, text)
                var existing: Int?
                try identical.forEachRow { row in existing = row.int64(0).map(Int.init) }
                if let existing { return IngestedReturn(checked, disposition: .unchanged, revision: existing) }
            }
        }

        let number = maxRevision + 1
        let id = nextID
        nextID += 1
        pending.revisions.append(RowInserter.revision(id: id, period: key.period, number: number, checked, hash: hash, content: content,
                                                      fileID: fileID, at: time))
        for (ordinal, finding) in checked.findings.enumerated() {
            pending.findings.append(.init(revisionID: id, ordinal: ordinal, finding: finding))
        }
        if pending.revisions.count >= RowInserter.rowsPerInsert { try handOver() }

        let accepted = checked.errorCount == 0
        modify(key) { entry in
            entry.maxRevision = number
            // A hash not known here (made by the inserter) is compared in SQL by a later return.
            entry.hashes.insert(hash)
            if accepted { entry.accepted = (number, r.values) }
        }
        if let code, let period = key.period, !r.explanations.isEmpty {
            let explanations = r.explanations.sorted(by: { $0.key < $1.key }).filter { onRecord[$0.key] != $0.value }
            if !explanations.isEmpty {
                try drain()  // they refer to the revision
                let e = try RawStatement(db, Self.insertExplanation)
                for (rule, text) in explanations {
                    e.bind(1, code)
                    e.bind(2, period)
                    e.bind(3, rule)
                    e.bind(4, text)
                    e.bind(5, time)
                    e.bind(6, "return")
                    e.bind(7, id)
                    try e.run()
                    modify(key) { $0.explanations[rule] = text }
                }
            }
        }
        return IngestedReturn(checked, disposition: .stored, revision: number)
    }

    /// Changes what is known of a key in place (without copying its set and dictionary).
    private mutating func modify(_ key: Key, _ body: (inout Stored) -> Void) {
        body(&stored[key, default: Stored()])
    }

    /// Hands the revisions waiting to the inserter.
    private mutating func handOver() throws {
        guard !pending.revisions.isEmpty || !pending.findings.isEmpty else { return }
        let job = pending
        pending = RowInserter.Job()
        if let worker { try worker.submit(job) } else { try inserter!.insert(job) }
    }

    /// Every revision so far is in the store, and this thread may use the connection.
    private mutating func drain() throws {
        try handOver()
        try worker?.drain()
    }

    /// Everything is inserted; the worker's thread has ended.
    mutating func finish() throws {
        try handOver()
        if let worker { try worker.finish() } else { try inserter!.finish() }
    }

    /// Ends the worker's thread, if it still runs (after a failure).
    func close() {
        worker?.close()
    }
}

/// Inserts revisions and their findings, `rowsPerInsert` rows a statement: what SQLite does once
/// per statement run is shared by many rows (since store v4, about 4 % of this thread's work;
/// before it, when the CHECKs filled a temporary index per run, much more). Findings wait for a
/// whole statement's worth (their revisions are inserted before them); `finish` inserts the rest.
struct RowInserter {
    static let rowsPerInsert = 16

    /// A revision waiting to be inserted: its id is chosen beforehand, so findings and
    /// explanations can refer to it.
    struct PendingRevision: Sendable {
        let id: Int64
        /// Every column's value, numbered from 1 as in a statement of one row: gathered by the
        /// thread that validates, so the inserting thread only binds them.
        let parameters: Parameters
    }

    struct PendingFinding: Sendable {
        let revisionID: Int64
        let ordinal: Int
        let finding: Finding
    }

    struct Job: Sendable {
        var revisions: [PendingRevision] = []
        var findings: [PendingFinding] = []
    }

    private static let revisionParameters = 1 + 4 + Indicator.allCases.count + 15
    private static let findingColumns = """
        revision_id, ordinal, code, severity, "column", message_zh, message_en, hint_zh, hint_en, "values"
        """
    private static let revisionInsertSQL = (single: ReturnStore.revisionInsertSQL(withID: true),
                                            many: multiRow(ReturnStore.revisionInsertSQL(withID: true), rows: rowsPerInsert))
    private static let findingInsertSQL: (single: String, many: String) = {
        let single = "INSERT INTO finding (\(findingColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        return (single, multiRow(single, rows: rowsPerInsert))
    }()

    /// Prepared beforehand (through GRDB, on its queue), so another thread can run them; the
    /// statements of many rows only for a file that can fill them.
    private let revisionOne, findingOne: RawStatement
    private let revisionMany, findingMany: RawStatement?
    private var findings: [PendingFinding] = []
    private var parameters = Parameters()

    init(_ db: Database, returns: Int) throws {
        revisionOne = try RawStatement(db, Self.revisionInsertSQL.single, reportedAs: ReturnStore.insertRevision)
        findingOne = try RawStatement(db, Self.findingInsertSQL.single)
        if returns >= Self.rowsPerInsert {
            revisionMany = try RawStatement(db, Self.revisionInsertSQL.many, reportedAs: ReturnStore.insertRevision)
            findingMany = try RawStatement(db, Self.findingInsertSQL.many, reportedAs: Self.findingInsertSQL.single)
        } else {
            (revisionMany, findingMany) = (nil, nil)
        }
    }

    mutating func insert(_ job: Job) throws {
        var start = 0
        while start < job.revisions.count {
            let many = job.revisions.count - start >= Self.rowsPerInsert ? revisionMany : nil
            let n = many == nil ? 1 : Self.rowsPerInsert
            let s = many ?? revisionOne
            for slot in 0..<n {
                parameters.add(job.revisions[start + slot].parameters, shiftedBy: Int32(slot * Self.revisionParameters))
            }
            try parameters.bind(to: s) { try s.run() }
            start += n
        }
        findings += job.findings
        try insertFindings(all: false)
    }

    /// Inserts the findings still waiting.
    mutating func finish() throws {
        try insertFindings(all: true)
    }

    private mutating func insertFindings(all: Bool) throws {
        var start = 0
        while (findings.count - start >= Self.rowsPerInsert && findingMany != nil) || (all && start < findings.count) {
            let many = findings.count - start >= Self.rowsPerInsert ? findingMany : nil
            let n = many == nil ? 1 : Self.rowsPerInsert
            let s = many ?? findingOne
            for slot in 0..<n {
                let pending = findings[start + slot]
                let base = Int32(slot * 10)
                let finding = pending.finding
                parameters.add(base + 1, pending.revisionID)
                parameters.add(base + 2, Int64(pending.ordinal))
                parameters.add(base + 3, finding.code)
                parameters.add(base + 4, finding.severity.rawValue)
                parameters.add(base + 5, finding.location.column)
                parameters.add(base + 6, finding.message.zh)
                parameters.add(base + 7, finding.message.en)
                parameters.add(base + 8, finding.hint.zh)
                parameters.add(base + 9, finding.hint.en)
                parameters.add(base + 10, FindingJSON.values(finding))
            }
            try parameters.bind(to: s) { try s.run() }
            start += n
        }
        findings.removeFirst(start)
    }

    /// A revision's columns, in the order of `ReturnStore.revisionInsertSQL(withID: true)`.
    static func revision(id: Int64, period: String?, number: Int, _ checked: CheckedReturn, hash: UInt64, content: [UInt8],
                         fileID: Int64, at time: String) -> PendingRevision {
        let r = checked.read.value
        var p = Parameters(texts: 12, integers: 22, bytes: content.count + 160)
        p.add(1, id)
        p.add(2, r.regionCode)
        p.add(3, period)
        p.add(4, Int64(number))
        p.add(5, checked.errorCount > 0 ? "rejected" : "accepted")
        var index: Int32 = 6
        for indicator in Indicator.allCases {
            p.add(index, r.values[indicator])
            index += 1
        }
        p.add(index, r.regionName)
        p.add(index + 1, r.submittedOn?.description)
        p.add(index + 2, r.reporter)
        p.add(index + 3, r.phone)
        p.add(index + 4, checked.judgedOn.description)
        p.add(index + 5, checked.basis.rawValue)
        p.add(index + 6, checked.deadline?.date.description)
        p.add(index + 7, checked.workingDaysLate.map(Int64.init))
        p.add(index + 8, Int64(checked.errorCount))
        p.add(index + 9, ContentHash.hex(hash))
        p.add(index + 10, content)
        p.add(index + 11, fileID)
        p.add(index + 12, Int64(checked.read.row))
        p.add(index + 13, time)
        p.add(index + 14, r.scope.rawValue)
        return PendingRevision(id: id, parameters: p)
    }

    /// `INSERT … VALUES (…)` with its VALUES row repeated `rows` times.
    private static func multiRow(_ single: String, rows: Int) -> String {
        guard rows > 1, let values = single.range(of: "VALUES ", options: .backwards) else { return single }
        let row = single[values.upperBound...]
        return single + String(repeating: ", " + row, count: rows - 1)
    }
}

/// Runs a `RowInserter` on a thread of its own, so SQLite inserts one file's returns while the
/// thread that called validates the next ones. The connection is opened without SQLite's mutex
/// (GRDB serialises its use), so it must never be used by two threads at once: the caller does
/// not touch it from `submit` until `drain` or `finish` has returned, and the worker touches it
/// only while it holds a job. A failure stops the worker; `submit`, `drain` and `finish` then throw it.
final class InsertWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [RowInserter.Job] = []
    private var working = false
    private var closing = false
    private var failure: Error?
    private var inserter: RowInserter
    private let ended = DispatchSemaphore(value: 0)
    private var joined = false

    /// Jobs waiting at most: the caller stops when the worker falls this far behind.
    private static let queueLength = 8

    init(_ inserter: RowInserter) {
        self.inserter = inserter
        let thread = Thread { [self] in run() }
        thread.name = "jianxi-insert"
        thread.start()
    }

    func submit(_ job: RowInserter.Job) throws {
        condition.lock()
        defer { condition.unlock() }
        while jobs.count >= Self.queueLength && failure == nil { condition.wait() }
        if let failure { throw failure }
        jobs.append(job)
        condition.broadcast()
    }

    /// Waits until every job submitted is inserted.
    func drain() throws {
        condition.lock()
        defer { condition.unlock() }
        while (!jobs.isEmpty || working) && failure == nil { condition.wait() }
        if let failure { throw failure }
    }

    /// Inserts what is left and ends the thread.
    func finish() throws {
        stop(abandoning: false)
        if let failure { throw failure }
    }

    /// Ends the thread without inserting what is left (the transaction is failing); waits for it.
    func close() {
        stop(abandoning: true)
    }

    private func stop(abandoning: Bool) {
        guard !joined else { return }
        joined = true
        condition.lock()
        closing = true
        if abandoning {
            jobs.removeAll()
            finished = true
        }
        condition.broadcast()
        condition.unlock()
        ended.wait()
    }

    private enum Work {
        case insert(RowInserter.Job)
        /// Closing, and nothing left but the findings still waiting.
        case finish
    }

    private var finished = false

    /// The next thing to do, or nil to stop.
    private func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        working = false
        condition.broadcast()
        while jobs.isEmpty && !closing { condition.wait() }
        guard failure == nil, !finished else { return nil }
        working = true
        if !jobs.isEmpty { return .insert(jobs.removeFirst()) }
        finished = true
        return .finish
    }

    private func run() {
        while let work = next() {
            do {
                switch work {
                case .insert(let job): try inserter.insert(job)
                case .finish: try inserter.finish()
                }
            } catch {
                condition.lock()
                failure = error
                jobs.removeAll()
                condition.unlock()
            }
        }
        ended.signal()
    }
}

/// One of GRDB's cached statements, bound and stepped through SQLite's C API. The statement
/// stays GRDB's (cached per connection, finalized with it); it is always reset after use.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    /// The SQL errors name (a statement of many rows is named by its first).
    private let sql: String

    init(_ db: Database, _ sql: String, reportedAs: String? = nil) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        self.sql = reportedAs ?? sql
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Text as GRDB binds it: up to a NUL, copied by SQLite.
    func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bindText(index, UnsafeRawBufferPointer($0)) }
    }

    /// UTF-8 text, as `bind(_:_:)` binds a string.
    func bind(_ index: Int32, _ utf8: [UInt8]) {
        utf8.withUnsafeBytes { bindText(index, $0) }
    }

    private func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else {
            sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            return
        }
        let count = memchr(base, 0, bytes.count).map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
        sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(count), sqliteTransient)
    }

    /// Bytes SQLite does not copy: they must stay valid until the statement has run and
    /// `clearBindings` is called.
    func bindStatic(_ index: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) {
        sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self), Int32(count), nil)
    }

    func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
        sqlite3_reset(handle)
    }

    /// Calls `body` with each row.
    func forEachRow(_ body: (RawRow) throws -> Void) throws {
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_ROW {
                do { try body(RawRow(handle: handle)) } catch {
                    sqlite3_reset(handle)
                    throw error
                }
            } else if code == SQLITE_DONE {
                sqlite3_reset(handle)
                return
            } else {
                throw failure(code)
            }
        }
    }

    /// The error as GRDB would report it; resets the statement.
    private func failure(_ code: Int32) -> DatabaseError {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        sqlite3_reset(handle)
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: sql)
    }
}

/// A statement's parameters, gathered before it runs: texts in one buffer that lives until the
/// statement has run (SQLite reads them there, without copying), integers and NULLs. One row's
/// can be gathered by one thread and added, renumbered, to another thread's.
struct Parameters: Sendable {
    private var bytes: [UInt8] = []
    private var texts: [(index: Int32, offset: Int, count: Int)] = []
    private var integers: [(index: Int32, value: Int64?)] = []

    init() {}

    /// Room for this many parameters and bytes of text.
    init(texts: Int, integers: Int, bytes: Int) {
        self.texts.reserveCapacity(texts)
        self.integers.reserveCapacity(integers)
        self.bytes.reserveCapacity(bytes)
    }

    /// Text as `RawStatement.bind(_:_:)` binds it: up to a NUL; nil is NULL.
    mutating func add(_ index: Int32, _ text: String?) {
        guard var text else { return integers.append((index, nil)) }
        text.withUTF8 { add(index, $0) }
    }

    mutating func add(_ index: Int32, _ utf8: [UInt8]) {
        utf8.withUnsafeBufferPointer { add(index, $0) }
    }

    mutating func add(_ index: Int32, _ value: Int64?) {
        integers.append((index, value))
    }

    private mutating func add(_ index: Int32, _ text: UnsafeBufferPointer<UInt8>) {
        var count = text.count
        if let base = text.baseAddress, let nul = memchr(base, 0, count) {
            count = UnsafePointer<UInt8>(nul.assumingMemoryBound(to: UInt8.self)) - base
        }
        texts.append((index, bytes.count, count))
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<count]))
    }

    /// Another row's parameters, their numbers shifted by `base` (its place in a statement of many rows).
    mutating func add(_ other: Parameters, shiftedBy base: Int32) {
        let offset = bytes.count
        bytes += other.bytes
        for text in other.texts { texts.append((text.index + base, text.offset + offset, text.count)) }
        for integer in other.integers { integers.append((integer.index + base, integer.value)) }
    }

    /// Binds the parameters added, runs `body` (which runs the statement), then unbinds and forgets them.
    mutating func bind(to statement: RawStatement, _ body: () throws -> Void) throws {
        defer {
            bytes.removeAll(keepingCapacity: true)
            texts.removeAll(keepingCapacity: true)
            integers.removeAll(keepingCapacity: true)
        }
        let empty: StaticString = ""
        try bytes.withUnsafeBufferPointer { buffer in
            defer { statement.clearBindings() }
            for integer in integers { statement.bind(integer.index, integer.value) }
            for text in texts {
                if let base = buffer.baseAddress, text.count > 0 {
                    statement.bindStatic(text.index, base + text.offset, text.count)
                } else {
                    statement.bindStatic(text.index, empty.utf8Start, 0)
                }
            }
            try body()
        }
    }
}

/// The current row of a `RawStatement`.
struct RawRow {
    let handle: OpaquePointer

    func int64(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: text)
    }
}

/// SQLite's SQLITE_TRANSIENT (a macro Swift does not import): SQLite copies the bound value.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// The content stored with each revision: the return as `ReturnWriter.json([r])` writes it
/// (pretty JSON and a final line end), byte for byte, built directly. Stores written before keep
/// matching: identical returns give identical text, and a return stored by an earlier jianxi is
/// found `unchanged`. Anything read is in it, except the raw text of unreadable cells, which
/// the content hash adds from the read findings.
enum CanonicalContent {
    /// Every key as written, one after another, and where each one is: plain ranges into one
    /// buffer cost nothing to look up for each of the returns stored.
    private static let keys: (bytes: [UInt8], ranges: [Range<Int>]) = {
        let header = [Field.regionCode, .regionName, .period, .submittedOn, .reporter, .phone].map { "  \"\($0.key)\": " }
        let indicators = Indicator.allCases.map { "    \"\($0.key)\": " }
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for key in header + indicators + ["  \"\(Field.scope.key)\": "] {
            ranges.append(bytes.count..<bytes.count + key.utf8.count)
            bytes += key.utf8
        }
        return (bytes, ranges)
    }()
    private static let headerKeys = 0..<6
    private static let indicatorKeys = 6..<20
    private static let scopeKey = 20

    static func of(_ r: MonthlyReturn) -> [UInt8] {
        let (keyBytes, keyRanges) = keys
        // At most: every key and bracket, each string byte escaped as \u00XX, 21 bytes a figure.
        var bound = keyBytes.count + 128 + 21 * Indicator.allCases.count + 2 * 12 + 2 * 9
        for value in [r.regionCode, r.regionName, r.reporter, r.phone] { bound += 6 * (value?.utf8.count ?? 0) + 2 }
        for (key, value) in r.explanations { bound += 6 * (key.utf8.count + value.utf8.count) + 16 }
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            keyBytes.withUnsafeBufferPointer { keyBytes in
                var out = ByteWriter(buffer.baseAddress!)
                func key(_ index: Int) { out.append(UnsafeBufferPointer(rebasing: keyBytes[keyRanges[index]])) }
                out.append("{\n")
                for field in headerKeys {
                    key(field)
                    switch field {
                    case 0: out.jsonString(orNull: r.regionCode)
                    case 1: out.jsonString(orNull: r.regionName)
                    case 2: out.jsonString(orNull: r.period)
                    case 3: out.jsonString(orNull: r.submittedOn)
                    case 4: out.jsonString(orNull: r.reporter)
                    default: out.jsonString(orNull: r.phone)
                    }
                    out.append(",\n")
                }
                if r.scope == .total {
                    key(scopeKey)
                    out.jsonString(r.scope.rawValue)
                    out.append(",\n")
                }
                out.append("  \"indicators\": {\n")
                for (offset, indicator) in Indicator.allCases.enumerated() {
                    if offset > 0 { out.append(",\n") }
                    key(indicatorKeys.lowerBound + offset)
                    // IndicatorValues.display: a count as String(figure) writes it, 万元 as Amount does.
                    if let figure = r.values[indicator] {
                        if indicator.kind == .amount { out.amount(figure) } else { out.decimal(figure) }
                    } else {
                        out.append("null")
                    }
                }
                out.append("\n  },\n  \"explanations\": {")
                if !r.explanations.isEmpty {
                    for (offset, entry) in r.explanations.sorted(by: { $0.key < $1.key }).enumerated() {
                        out.append(offset > 0 ? ",\n    " : "\n    ")
                        out.jsonString(entry.key)
                        out.append(": ")
                        out.jsonString(entry.value)
                    }
                    out.append("\n  ")
                }
                out.append("}\n}\n")
                precondition(out.count <= bound)
                count = out.count
            }
        }
    }
}

/// A stable 64-bit FNV-1a hash of a return's content, to find identical content quickly; the
/// content itself is compared too, so a collision can never hide a revision.
enum ContentHash {
    static func of(_ text: String) -> String {
        var hash = start
        add(Array(text.utf8), to: &hash)
        return hex(hash)
    }

    /// The hash stored with a revision: of its content and of the findings of reading it
    /// (unreadable cells leave no figure behind, so what was written in them counts too).
    static func of(content: [UInt8], findings: [Finding]) -> UInt64 {
        var hash = start
        add(content, to: &hash)
        add(findings.isEmpty ? FindingJSON.none : Array(FindingJSON.encode(findings).utf8), to: &hash)
        return hash
    }

    static let start: UInt64 = 0xcbf2_9ce4_8422_2325

    static func add(_ bytes: [UInt8], to hash: inout UInt64) {
        var h = hash
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        hash = h
    }

    /// 16 lower-case hex digits.
    static func hex(_ hash: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for i in 0..<16 { buffer[i] = digits[Int((hash >> UInt64(60 - 4 * i)) & 0xF)] }
            return 16
        }
    }
}

/// Findings as stored: JSON, in both languages.
enum FindingJSON {
    /// `encode([])`.
    static let none = Array("[]".utf8)

    static func encode(_ findings: [Finding]) -> String {
        JSONWriter.write(.list(findings.map { f in
            .record([
                ("rule", .string(f.code)), ("severity", .string(f.severity.rawValue)), ("row", f.location.row.map { .number(String($0)) } ?? .null),
                ("column", f.location.column.map(JSONValue.string) ?? .null),
                ("message_zh", .string(f.message.zh)), ("message_en", .string(f.message.en)),
                ("values", .record(f.values.map { ($0.key, .string($0.value)) })),
            ])
        }), pretty: false)
    }

    static func values(_ finding: Finding) -> String {
        JSONWriter.write(.record(finding.values.map { ($0.key, .string($0.value)) }), pretty: false)
    }
}
