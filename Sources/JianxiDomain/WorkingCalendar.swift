/// China's official working days: Monday to Friday, except the State Council's public holidays
/// (days off) and adjusted weekend working days (调休上班日). Only years the calendar covers are
/// known; for other years it falls back to Monday-Friday and says so.
public struct WorkingCalendar: Sendable {
    public enum DayKind: String, Sendable { case holiday, workday }

    public struct Day: Sendable, Equatable {
        public let date: CivilDate
        public let kind: DayKind
        public let name: String
        public init(date: CivilDate, kind: DayKind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    public private(set) var coveredYears: Set<Int>
    private var exceptions: [CivilDate: Day]

    /// `years` are the years the days describe completely (a year with no exceptions is possible).
    public init(days: [Day], years: Set<Int>) {
        exceptions = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { _, last in last })
        coveredYears = years.union(days.map(\.date.year))
    }

    /// The years `other` covers replace the same years here; other years are kept.
    public func merging(_ other: WorkingCalendar) -> WorkingCalendar {
        let kept = exceptions.values.filter { !other.coveredYears.contains($0.date.year) }
        return WorkingCalendar(days: Array(kept) + Array(other.exceptions.values),
                               years: coveredYears.union(other.coveredYears))
    }

    public func covers(_ year: Int) -> Bool { coveredYears.contains(year) }

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if let day = exceptions[date] { return day.kind == .workday }
        return !date.isWeekend
    }

    /// The exception (holiday or adjusted working day) on a date, if any.
    public func exception(on date: CivilDate) -> Day? { exceptions[date] }

    /// The return for `period` is due on the `nth` working day of the following month.
    public func deadline(for period: Period, nth: Int = 5) -> Deadline {
        precondition(nth >= 1, "a deadline is the 1st working day or later")  // 0 would never end
        let month = period.next
        var date = month.firstDay
        var count = 0
        while true {
            if isWorkingDay(date) {
                count += 1
                if count == nth { break }
            }
            date = date.adding(days: 1)
        }
        return Deadline(period: period, date: date, usesFallback: !covers(month.year) || !covers(date.year))
    }

    /// Working days after `start` up to and including `end` (0 when end <= start):
    /// how many working days a return received on `end` is late for a deadline `start`.
    public func workingDays(after start: CivilDate, through end: CivilDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var date = start.adding(days: 1)
        while date <= end {
            if isWorkingDay(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }
}

public struct Deadline: Sendable, Equatable {
    public let period: Period
    public let date: CivilDate
    /// True when the calendar does not cover the month and Monday-Friday was assumed.
    public let usesFallback: Bool
}
