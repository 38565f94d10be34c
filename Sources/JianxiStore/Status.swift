import GRDB
import JianxiDomain

/// Where one reporting unit stands for a period.
public struct UnitStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        /// Its first accepted return came on or before the deadline.
        case onTime = "on_time"
        /// Its first accepted return came after the deadline.
        case late
        /// No return yet: chase it (催报) once the deadline has passed.
        case missing
        /// Its latest return has errors: not validly reported until a clean one arrives.
        case rejected
    }

    public let region: Region
    public let city: Region?
    public let state: State
    /// The date lateness was judged on: of the first accepted revision, or of the latest
    /// revision of a rejected unit.
    public let submittedOn: CivilDate?
    /// Working days after the deadline: of the first accepted return, or, for a missing or
    /// rejected unit, as of today (0 before the deadline).
    public let workingDaysLate: Int
    /// The latest revision's number, and its error count.
    public let revision: Int?
    public let errors: Int
    /// Warnings of the latest revision with no explanation on record.
    public let openWarnings: Int
    /// From the latest revision: who to call.
    public let reporter: String?
    public let phone: String?
}

/// The reporting month at a glance: every expected unit, and counts per city and province.
public struct PeriodStatus: Sendable {
    public let period: Period
    public let deadline: Deadline
    public let today: CivilDate
    public let units: [UnitStatus]

    /// Counts by state for each city-level unit (in code order) and for all units.
    public func counts(city: Region? = nil) -> [UnitStatus.State: Int] {
        var counts = Dictionary(uniqueKeysWithValues: UnitStatus.State.allCases.map { ($0, 0) })
        for unit in units where city == nil || unit.city?.code == city?.code { counts[unit.state, default: 0] += 1 }
        return counts
    }

    public var cities: [Region] {
        var seen = Set<String>()
        return units.compactMap(\.city).filter { seen.insert($0.code).inserted }
    }
}

extension UnitStatus.State {
    /// A unit's state from its revisions for a period: rejected while its latest revision (if a
    /// unit's) has errors, else on time or late by its first accepted revision (if a unit's, with
    /// its working days late), else missing.
    static func judged(latestRejected: Bool?, firstAcceptedLate: Int?) -> UnitStatus.State {
        if latestRejected == true { return .rejected }
        guard let late = firstAcceptedLate else { return .missing }
        return late > 0 ? .late : .onTime
    }
}

extension ReturnStore {
    /// The status of every reporting unit of the registry for one period, as of `today`.
    public func status(period: Period, registry: RegionRegistry, calendar: WorkingCalendar,
                       today: CivilDate) throws(StoreError) -> PeriodStatus {
        let deadline = calendar.deadline(for: period)
        let overdueToday = calendar.workingDays(after: deadline.date, through: today)
        let reportingUnits = registry.reportingUnits
        /// What a unit's revisions say: its latest (if a unit's return) and its first accepted one.
        struct Latest { var revision: Int, rejected: Bool, errors: Int, reporter: String?, phone: String?, judgedOn: String, openWarnings: Int }
        struct First { var isUnit: Bool, judgedOn: String, late: Int }
        var latest: [String: Latest] = [:]
        var firstAccepted: [String: First] = [:]
        do {
            try database.read { db in
                try Self.byRegion(db, reportingUnits.map(\.code)) { filter, codes in
                    // Every revision of the period, by region and number: the last is the latest,
                    // whatever its scope; the first accepted one judges lateness.
                    // With its warnings that no explanation on record covers.
                    let statement = try db.makeStatement(sql: """
                        SELECT r.id, r.region_code, r.scope, r.revision, r.status, r.errors, r.reporter, r.phone, r.judged_on,
                            r.working_days_late,
                            (SELECT count(*) FROM finding f WHERE f.revision_id = r.id AND f.severity = 'warning'
                             AND NOT EXISTS (SELECT 1 FROM explanation e WHERE e.region_code = r.region_code
                                             AND e.period = r.period AND e.rule = f.code)) AS open_warnings
                        FROM revision r WHERE \(filter) AND r.period = ?
                        ORDER BY r.region_code, r.revision
                        """)
                    let rows = try Row.fetchCursor(statement, arguments: StatementArguments(codes + [period.description]))
                    let row = Columns(statement)
                    var code: String?
                    var last: (isUnit: Bool, value: Latest)?
                    func close() {
                        if let code, let last, last.isUnit { latest[code] = last.value }
                    }
                    while try rows.next() != nil {
                        let rowCode = row.text(1) ?? ""
                        if rowCode != code {
                            close()
                            code = rowCode
                        }
                        let isUnit = row.text(2, is: "unit")
                        let judgedOn = row.text(8) ?? ""
                        last = (isUnit, Latest(revision: Int(row.int64(3) ?? 0), rejected: row.text(4, is: "rejected"),
                                               errors: Int(row.int64(5) ?? 0), reporter: row.text(6), phone: row.text(7),
                                               judgedOn: judgedOn, openWarnings: Int(row.int64(10) ?? 0)))
                        if row.text(4, is: "accepted"), firstAccepted[rowCode] == nil {
                            firstAccepted[rowCode] = First(isUnit: isUnit, judgedOn: judgedOn, late: Int(row.int64(9) ?? 0))
                        }
                    }
                    close()
                }
            }
        } catch {
            throw .database(path, error)
        }
        let units = reportingUnits.map { region -> UnitStatus in
            let last = latest[region.code]
            // The first accepted revision counts only if it is a unit's own return.
            let first = firstAccepted[region.code].flatMap { $0.isUnit ? $0 : nil }
            let state = UnitStatus.State.judged(latestRejected: last?.rejected, firstAcceptedLate: first?.late)
            var late = overdueToday
            var submitted: CivilDate?
            switch state {
            case .rejected: submitted = last.flatMap { CivilDate(parsing: $0.judgedOn) }
            case .late, .onTime:
                late = first?.late ?? 0
                submitted = first.flatMap { CivilDate(parsing: $0.judgedOn) }
            case .missing: break
            }
            return UnitStatus(region: region, city: registry.city(of: region), state: state, submittedOn: submitted,
                              workingDaysLate: late, revision: last?.revision, errors: last?.errors ?? 0,
                              openWarnings: last?.openWarnings ?? 0, reporter: last?.reporter, phone: last?.phone)
        }
        return PeriodStatus(period: period, deadline: deadline, today: today, units: units)
    }
}
