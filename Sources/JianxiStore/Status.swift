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

extension ReturnStore {
    /// The status of every reporting unit of the registry for one period, as of `today`.
    public func status(period: Period, registry: RegionRegistry, calendar: WorkingCalendar,
                       today: CivilDate) throws(StoreError) -> PeriodStatus {
        let deadline = calendar.deadline(for: period)
        let overdueToday = calendar.workingDays(after: deadline.date, through: today)
        let latest: [String: Row]
        let firstAccepted: [String: Row]
        do {
            (latest, firstAccepted) = try database.read { db in
                let latest = try Row.fetchAll(db, sql: """
                    SELECT r.region_code, r.revision, r.status, r.errors, r.reporter, r.phone, r.judged_on,
                        (SELECT count(*) FROM finding f WHERE f.revision_id = r.id AND f.severity = 'warning'
                         AND NOT EXISTS (SELECT 1 FROM explanation e WHERE e.region_code = r.region_code
                                         AND e.period = r.period AND e.rule = f.code)) AS open_warnings
                    FROM revision r
                    WHERE r.period = ? AND r.scope = 'unit' AND r.revision = (SELECT max(revision) FROM revision x
                                                         WHERE x.region_code = r.region_code AND x.period = r.period)
                    """, arguments: [period.description])
                let first = try Row.fetchAll(db, sql: """
                    SELECT r.region_code, r.judged_on, r.working_days_late FROM revision r
                    WHERE r.period = ? AND r.scope = 'unit' AND r.status = 'accepted' AND r.revision = (
                        SELECT min(revision) FROM revision x
                        WHERE x.region_code = r.region_code AND x.period = r.period AND x.status = 'accepted')
                    """, arguments: [period.description])
                return (Dictionary(latest.map { ($0["region_code"] as String, $0) }) { a, _ in a },
                        Dictionary(first.map { ($0["region_code"] as String, $0) }) { a, _ in a })
            }
        } catch {
            throw .database(path, error)
        }
        let units = registry.reportingUnits.map { region -> UnitStatus in
            let last = latest[region.code]
            let first = firstAccepted[region.code]
            let state: UnitStatus.State
            var late = overdueToday
            var submitted: CivilDate?
            if let last, (last["status"] as String) == "rejected" {
                state = .rejected
                submitted = CivilDate(parsing: last["judged_on"])
            } else if let first {
                late = first["working_days_late"] ?? 0
                submitted = CivilDate(parsing: first["judged_on"])
                state = late > 0 ? .late : .onTime
            } else {
                state = .missing
            }
            return UnitStatus(region: region, city: registry.city(of: region), state: state, submittedOn: submitted,
                              workingDaysLate: late, revision: last?["revision"], errors: last?["errors"] ?? 0,
                              openWarnings: last?["open_warnings"] ?? 0, reporter: last?["reporter"], phone: last?["phone"])
        }
        return PeriodStatus(period: period, deadline: deadline, today: today, units: units)
    }
}
