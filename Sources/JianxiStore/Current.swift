import GRDB
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

extension ReturnStore {
    /// The current revision of every return stored for a period, units' and cities' totals alike,
    /// with their findings.
    public func currentReturns(period: Period) throws(StoreError) -> [CurrentReturn] {
        do {
            return try database.read { db in
                var findings: [Int64: [StoredRevision.StoredFinding]] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT f.revision_id, f.code, f.severity, f."column", f.message_zh, f.message_en, f."values",
                        (SELECT e.text FROM explanation e WHERE e.region_code = r.region_code AND e.period = r.period
                         AND e.rule = f.code ORDER BY e.id DESC LIMIT 1) AS explanation
                    FROM finding f JOIN revision r ON r.id = f.revision_id
                    WHERE r.period = ? AND r.revision = (SELECT max(revision) FROM revision x
                                                         WHERE x.region_code = r.region_code AND x.period = r.period)
                    ORDER BY f.revision_id, f.ordinal
                    """, arguments: [period.description]) {
                    let severity = Severity(rawValue: row["severity"]) ?? .error
                    findings[row["revision_id"], default: []].append(StoredRevision.StoredFinding(
                        code: row["code"], severity: severity, column: row["column"],
                        message: Text(zh: row["message_zh"], en: row["message_en"]),
                        explanation: severity == .warning ? row["explanation"] : nil,
                        indicators: StoredRevision.StoredFinding.indicators(inValues: row["values"])))
                }
                return try fetchCurrent(db, from: period, to: period) { id in findings[id] ?? [] }
            }
        } catch {
            throw .database(path, error)
        }
    }

    /// The current revision of every return for the periods from `first` to `last`, without
    /// findings, for time series.
    public func currentReturns(from first: Period, to last: Period) throws(StoreError) -> [CurrentReturn] {
        do {
            return try database.read { db in try fetchCurrent(db, from: first, to: last) { _ in [] } }
        } catch {
            throw .database(path, error)
        }
    }

    private func fetchCurrent(_ db: Database, from first: Period, to last: Period,
                              findings: (Int64) -> [StoredRevision.StoredFinding]) throws -> [CurrentReturn] {
        try Row.fetchAll(db, sql: """
            SELECT r.id, r.region_code, r.period, r.scope, r.revision, r.status, r.reporter, r.phone,
                \(Indicator.allCases.map { "r.\($0.key)" }.joined(separator: ", "))
            FROM revision r
            WHERE r.period BETWEEN ? AND ? AND r.region_code IS NOT NULL
              AND r.revision = (SELECT max(revision) FROM revision x WHERE x.region_code = r.region_code AND x.period = r.period)
            ORDER BY r.period, r.region_code
            """, arguments: [first.description, last.description]).compactMap { row in
            guard let period = Period(parsing: row["period"]) else { return nil }
            var values = IndicatorValues()
            for indicator in Indicator.allCases { values[indicator] = row[indicator.key] }
            return CurrentReturn(regionCode: row["region_code"], period: period, scope: Scope(rawValue: row["scope"]) ?? .unit,
                                 revision: row["revision"], accepted: (row["status"] as String) == "accepted", values: values,
                                 reporter: row["reporter"], phone: row["phone"], findings: findings(row["id"]))
        }
    }
}
