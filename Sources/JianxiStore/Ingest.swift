import Foundation
import GRDB
import JianxiDomain
import JianxiRead
import JianxiRules

/// What became of one return given to `ingest`.
public struct IngestedReturn: Sendable {
    public enum Disposition: String, Sendable {
        /// A new revision was stored (accepted or rejected).
        case stored
        /// The same content was already stored: nothing changed.
        case unchanged
    }

    public let checked: CheckedReturn
    public let disposition: Disposition
    /// The revision stored, or the earlier identical one.
    public let revision: Int
    public var isRejected: Bool { checked.errorCount > 0 }
}

/// What became of one file given to `ingest`.
public struct IngestedFile: Sendable {
    public let source: String
    public let returns: [IngestedReturn]
    /// The file's own findings (unreadable, bad header...).
    public let findings: [Finding]

    public var stored: Int { returns.count { $0.disposition == .stored } }
    public var unchanged: Int { returns.count { $0.disposition == .unchanged } }
    public var rejected: Int { returns.count { $0.disposition == .stored && $0.isRejected } }
    public var late: Int { returns.count { $0.disposition == .stored && $0.checked.isLate == true } }
}

extension ReturnStore {
    /// Reads one file, validates each return against the store (previous months, explanations
    /// on record) and stores it, all in one transaction: if anything fails, or the process dies,
    /// none of the file's returns is stored, and running it again does the whole job once.
    /// Returns with errors are stored as rejected. Identical content already stored is left as is.
    public func ingest(path: String, reader: ReturnFileReader, validator: ReturnValidator,
                       receivedOn: CivilDate? = nil) throws(StoreError) -> IngestedFile {
        var reads: [ReadReturn] = []
        let fileFindings = reader.read(path: path) { reads.append($0) }
        // Earlier months first, so a file holding a whole year checks each month against the one before.
        let ordered = reads.enumerated().sorted { a, b in
            let ka = (a.element.value.period.map { $0.year * 12 + $0.month } ?? 0, a.offset)
            let kb = (b.element.value.period.map { $0.year * 12 + $0.month } ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
        do {
            return try database.writeWithoutTransaction { db in
                var result: IngestedFile!
                try db.inTransaction(.immediate) {
                    let ingestedAt = Self.now()
                    let fileID = try insertFile(db, source: path, at: ingestedAt)
                    var outcomes: [IngestedReturn] = []
                    for read in ordered {
                        outcomes.append(try store(read, db: db, fileID: fileID, at: ingestedAt, validator: validator, receivedOn: receivedOn))
                    }
                    let file = IngestedFile(source: path, returns: outcomes.sorted { $0.checked.read.row < $1.checked.read.row },
                                            findings: fileFindings)
                    if file.stored == 0, try fileAlreadyRecorded(db, source: path, findings: fileFindings, exceptID: fileID) {
                        // Nothing new: leave the store exactly as it was.
                        try db.execute(sql: "DELETE FROM ingested_file WHERE id = ?", arguments: [fileID])
                    } else {
                        try db.execute(sql: """
                            UPDATE ingested_file SET returns_read = ?, stored = ?, unchanged = ?, rejected = ?, findings = ?
                            WHERE id = ?
                            """, arguments: [outcomes.count, file.stored, file.unchanged, file.rejected,
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
        try db.execute(sql: """
            INSERT INTO ingested_file (source, ingested_at, returns_read, stored, unchanged, rejected, findings)
            VALUES (?, ?, 0, 0, 0, 0, '[]')
            """, arguments: [source, time])
        return db.lastInsertedRowID
    }

    private func fileAlreadyRecorded(_ db: Database, source: String, findings: [Finding], exceptID: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ingested_file WHERE source = ? AND findings = ? AND id != ?)",
                          arguments: [source, FindingJSON.encode(findings), exceptID]) ?? false
    }

    private func store(_ read: ReadReturn, db: Database, fileID: Int64, at time: String,
                       validator: ReturnValidator, receivedOn: CivilDate?) throws -> IngestedReturn {
        let code = read.value.regionCode
        let period = read.value.period
        var previous = PreviousMonth.absent
        var onRecord: [String: String] = [:]
        if let code, let period {
            previous = try acceptedValues(db, region: code, period: period.previous).map(PreviousMonth.figures) ?? .absent
            onRecord = try explanations(db, region: code, period: period)
        }
        let checked = validator.validate(read, receivedOn: receivedOn, previous: previous, explanations: onRecord)
        let content = ReturnWriter.json([read.value])
        // Unreadable cells leave no figure behind, so what was written in them is part of the content.
        let hash = ContentHash.of(content + FindingJSON.encode(read.findings))
        if let existing = try Int.fetchOne(db, sql: """
            SELECT revision FROM revision WHERE region_code IS ? AND period IS ? AND content_hash = ? AND content = ?
            ORDER BY revision LIMIT 1
            """, arguments: [code, period?.description, hash, content]) {
            return IngestedReturn(checked: checked, disposition: .unchanged, revision: existing)
        }
        let number = (try Int.fetchOne(db, sql: "SELECT max(revision) FROM revision WHERE region_code IS ? AND period IS ?",
                                       arguments: [code, period?.description]) ?? 0) + 1
        let r = read.value
        var arguments: StatementArguments = [code, period?.description, number, checked.errorCount > 0 ? "rejected" : "accepted"]
        for indicator in Indicator.allCases { arguments += [r.values[indicator]] }
        arguments += [r.regionName, r.submittedOn?.description, r.reporter, r.phone,
                      checked.judgedOn.description, checked.basis.rawValue, checked.deadline?.date.description,
                      checked.workingDaysLate, checked.errorCount, hash, content, fileID, read.row, time, r.scope.rawValue]
        try db.execute(sql: Self.insertRevision, arguments: arguments)
        let revisionID = db.lastInsertedRowID
        for (ordinal, finding) in checked.findings.enumerated() {
            try db.execute(sql: """
                INSERT INTO finding (revision_id, ordinal, code, severity, "column", message_zh, message_en, hint_zh, hint_en, "values")
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [revisionID, ordinal, finding.code, finding.severity.rawValue, finding.location.column,
                                 finding.message.zh, finding.message.en, finding.hint.zh, finding.hint.en,
                                 FindingJSON.values(finding)])
        }
        if let code, let period {
            for (rule, text) in r.explanations.sorted(by: { $0.key < $1.key }) where onRecord[rule] != text {
                try insertExplanation(db, region: code, period: period, rule: rule, text: text, by: "return", revisionID: revisionID, at: time)
            }
        }
        return IngestedReturn(checked: checked, disposition: .stored, revision: number)
    }

    static let insertRevision = """
        INSERT INTO revision (region_code, period, revision, status, \(Indicator.allCases.map(\.key).joined(separator: ", ")),
            region_name, submitted_on, reporter, phone, judged_on, judged_on_basis, deadline, working_days_late, errors,
            content_hash, content, file_id, source_row, ingested_at, scope)
        VALUES (\(Array(repeating: "?", count: 4 + Indicator.allCases.count + 15).joined(separator: ", ")))
        """

    /// The figures of the latest accepted revision of a region's return for a period.
    func acceptedValues(_ db: Database, region: String, period: Period) throws -> IndicatorValues? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT \(Indicator.allCases.map(\.key).joined(separator: ", ")) FROM revision
            WHERE region_code = ? AND period = ? AND status = 'accepted' ORDER BY revision DESC LIMIT 1
            """, arguments: [region, period.description]) else { return nil }
        var values = IndicatorValues()
        for (column, indicator) in Indicator.allCases.enumerated() { values[indicator] = row[column] }
        return values
    }

    /// The explanations in force for a region and period, by rule id.
    func explanations(_ db: Database, region: String, period: Period) throws -> [String: String] {
        var result: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT rule, text FROM explanation WHERE region_code = ? AND period = ? ORDER BY id
            """, arguments: [region, period.description]) {
            result[row["rule"]] = row["text"]
        }
        return result
    }

    func insertExplanation(_ db: Database, region: String, period: Period, rule: String, text: String,
                           by source: String, revisionID: Int64?, at time: String) throws {
        try db.execute(sql: """
            INSERT INTO explanation (region_code, period, rule, text, given_at, given_by, revision_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [region, period.description, rule, text, time, source, revisionID])
    }
}

/// A stable 64-bit FNV-1a hash of a return's content, to find identical content quickly; the
/// content itself is compared too, so a collision can never hide a revision.
enum ContentHash {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Findings as stored: JSON, in both languages.
enum FindingJSON {
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
