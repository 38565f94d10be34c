import GRDB
import JianxiDomain
import JianxiRead

/// One stored revision of a return, as `jianxi history` shows it.
public struct StoredRevision: Sendable {
    public struct StoredFinding: Sendable {
        public let code: String
        public let severity: Severity
        public let column: String?
        public let message: Text
        /// The explanation in force now, for a warning.
        public let explanation: String?
        /// This month's figures involved (a previous month's are not cells of this return).
        public let indicators: [Indicator]

        public init(code: String, severity: Severity, column: String?, message: Text, explanation: String?, indicators: [Indicator] = []) {
            self.code = code
            self.severity = severity
            self.column = column
            self.message = message
            self.explanation = explanation
            self.indicators = indicators
        }

        /// The indicator keys of a finding's stored values, {"completed": "18", "prev.on_post": "7"}.
        static func indicators(inValues json: String) -> [Indicator] {
            guard case .object(let members)? = try? JSONReader.parse(Array(json.utf8)).value else { return [] }
            return members.compactMap { Indicator(key: $0.key) }
        }
    }

    public let revision: Int
    public let accepted: Bool
    public let values: IndicatorValues
    public let regionName: String?
    public let submittedOn: String?
    public let reporter: String?
    public let phone: String?
    public let judgedOn: String
    public let workingDaysLate: Int?
    public let source: String
    public let row: Int
    public let ingestedAt: String
    public let findings: [StoredFinding]

    /// What a person compares between revisions, by key, as written.
    var comparable: [(key: String, value: String?)] {
        [("region_name", regionName), ("submitted_on", submittedOn), ("reporter", reporter), ("phone", phone)]
            + Indicator.allCases.map { ($0.key, values.display($0)) }
    }
}

/// A value that differs between a revision and the one before it.
public struct RevisionChange: Sendable, Equatable {
    public let key: String
    public let before: String?
    public let after: String?
}

extension ReturnStore {
    /// Every revision of a region's return for a period, oldest first, each with what changed
    /// from the one before.
    public func history(region: String, period: Period) throws(StoreError) -> [(revision: StoredRevision, changes: [RevisionChange])] {
        let revisions: [StoredRevision]
        do {
            revisions = try database.read { db in
                let explanations = try self.explanations(db, region: region, period: period)
                return try Row.fetchAll(db, sql: """
                    SELECT r.*, f.source AS file FROM revision r JOIN ingested_file f ON f.id = r.file_id
                    WHERE r.region_code = ? AND r.period = ? ORDER BY r.revision
                    """, arguments: [region, period.description]).map { row in
                    var values = IndicatorValues()
                    for indicator in Indicator.allCases { values[indicator] = row[indicator.key] }
                    let findings = try Row.fetchAll(db, sql: """
                        SELECT code, severity, "column", message_zh, message_en FROM finding WHERE revision_id = ? ORDER BY ordinal
                        """, arguments: [row["id"] as Int64]).map { f in
                        let severity = Severity(rawValue: f["severity"]) ?? .error
                        let code: String = f["code"]
                        return StoredRevision.StoredFinding(code: code, severity: severity, column: f["column"],
                                                            message: Text(zh: f["message_zh"], en: f["message_en"]),
                                                            explanation: severity == .warning ? explanations[code] : nil)
                    }
                    return StoredRevision(revision: row["revision"], accepted: (row["status"] as String) == "accepted", values: values,
                                          regionName: row["region_name"], submittedOn: row["submitted_on"], reporter: row["reporter"],
                                          phone: row["phone"], judgedOn: row["judged_on"], workingDaysLate: row["working_days_late"],
                                          source: row["file"], row: row["source_row"], ingestedAt: row["ingested_at"], findings: findings)
                }
            }
        } catch {
            throw .database(path, error)
        }
        return revisions.enumerated().map { index, revision in
            guard index > 0 else { return (revision, []) }
            let before = Dictionary(uniqueKeysWithValues: revisions[index - 1].comparable.map { ($0.key, $0.value) })
            let changes = revision.comparable.compactMap { key, value in
                before[key]! == value ? nil : RevisionChange(key: key, before: before[key]!, after: value)
            }
            return (revision, changes)
        }
    }

    public enum ExplainOutcome: Sendable, Equatable {
        /// Recorded; the warning is open in the latest revision and now resolved.
        case resolved
        /// Recorded, but the latest revision has no such warning (it may come with a later one).
        case recordedWithoutWarning
    }

    /// Records an explanation (说明) of a warning for a region and period. Only warnings can be
    /// explained; the caller checks that `rule` names one.
    public func explain(region: String, period: Period, rule: String, text: String) throws(StoreError) -> ExplainOutcome? {
        do {
            return try database.write { db -> ExplainOutcome? in
                guard let latest = try Int64.fetchOne(db, sql: """
                    SELECT id FROM revision WHERE region_code = ? AND period = ? ORDER BY revision DESC LIMIT 1
                    """, arguments: [region, period.description]) else { return nil }
                try insertExplanation(db, region: region, period: period, rule: rule, text: text, by: "command", revisionID: latest, at: Self.now())
                let open = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM finding WHERE revision_id = ? AND code = ? AND severity = 'warning')
                    """, arguments: [latest, rule]) ?? false
                return open ? .resolved : .recordedWithoutWarning
            }
        } catch {
            throw .database(path, error)
        }
    }
}
