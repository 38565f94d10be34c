import Foundation
import JianxiDomain
import JianxiRead

/// A return after validation: its deadline, whether it was on time, and everything found.
public struct CheckedReturn: Sendable {
    public enum DateBasis: String, Sendable {
        /// `--received-on`: the date the centre received it.
        case received
        /// The return's own 填报时间.
        case submittedOn = "submitted_on"
        /// Neither was known: judged as if sent today.
        case today
    }

    public let read: ReadReturn
    /// The registry's entry for the return's code, when there is one.
    public let region: Region?
    public let deadline: Deadline?
    /// The date lateness was judged on, and where that date came from.
    public let judgedOn: CivilDate
    public let basis: DateBasis
    /// Working days after the deadline; 0 when on time; nil without a period.
    public let workingDaysLate: Int?
    public let findings: [Finding]

    public var isLate: Bool? { workingDaysLate.map { $0 > 0 } }
    public var errorCount: Int { findings.count { $0.severity == .error } }
    /// Warnings not (yet) explained; explained ones count as resolved.
    public var warningCount: Int { findings.count(where: \.isOpenWarning) }
}

/// What is known of the same region's previous month, for the month-over-month rules.
public enum PreviousMonth: Sendable {
    /// No store was consulted (a county checking alone): those rules are left out quietly.
    case notConsulted
    /// The store has no accepted return for the previous month: each such rule says it was skipped.
    case absent
    case figures(IndicatorValues)

    var figures: IndicatorValues? {
        if case .figures(let values) = self { values } else { nil }
    }
}

/// Validates returns: the region, the dates, the deadline and every rule of the rules file.
public struct ReturnValidator: Sendable {
    public let registry: RegionRegistry
    public let calendar: WorkingCalendar
    public let rules: RuleSet
    public let today: CivilDate

    /// What every return needs of the rules, worked out once.
    private let firstIndicator: [String: Indicator]
    /// The rules checked when no store is consulted: those comparing with the previous month are left out quietly.
    private let currentMonthRules: RuleSet
    private let errorRules: Set<String>
    private let deadlines: DeadlineTable

    public init(registry: RegionRegistry, calendar: WorkingCalendar, rules: RuleSet, today: CivilDate) {
        self.registry = registry
        self.calendar = calendar
        self.rules = rules
        self.today = today
        firstIndicator = Dictionary(rules.rules.compactMap { rule in rule.expression.indicators.first.map { (rule.id, $0) } }) { a, _ in a }
        currentMonthRules = rules.currentMonthOnly
        errorRules = Set(rules.rules.filter { $0.severity == .error }.map(\.id))
        deadlines = DeadlineTable(calendar: calendar, today: today)
    }

    /// `receivedOn`, when given, is the date lateness is judged on (the centre's receipt date).
    /// `explanations` are those already on record for this region and period, by rule id (the
    /// return's own take precedence).
    public func validate(_ read: ReadReturn, receivedOn: CivilDate? = nil, previous: PreviousMonth = .notConsulted,
                         explanations: [String: String] = [:]) -> CheckedReturn {
        var findings = read.findings
        let value = read.value
        let index = value.regionCode.flatMap { registry.index(of: $0) }
        let region = index.map { registry.regions[$0] }
        regionFindings(read, region, reports: index.map(registry.isReportingUnit(at:)) ?? false, into: &findings)

        let submitted = value.submittedOn
        var deadline: Deadline?
        var late: Int?
        let (judgedOn, basis): (CivilDate, CheckedReturn.DateBasis) =
            if let receivedOn { (receivedOn, .received) } else if let submitted { (submitted, .submittedOn) } else { (today, .today) }

        if let period = value.period {
            if period >= Period(containing: today) {
                findings.append(Finding(.periodNotEnded, Text(
                    zh: "统计期\(period.chinese)到\(period.lastDay.chinese)才结束，今天是\(today.chinese)。",
                    en: "The period \(period) ends on \(period.lastDay); today is \(today)."), at: read.locate(.period),
                    values: [(Field.period.key, period.description)]))
            } else {
                let due = deadlines[period]
                deadline = due
                let days = calendar.workingDays(after: due.date, through: judgedOn)
                late = days
                if due.usesFallback {
                    findings.append(Finding(.calendarFallback, Text(
                        zh: "未收录\(period.next.year)年的节假日安排，截止日期\(due.date.chinese)按周一至周五推算，可能不准。",
                        en: "No holiday schedule for \(period.next.year): the deadline \(due.date) assumes Monday-Friday and may be wrong."),
                        at: read.locate(.period)))
                }
                if days > 0 {
                    let on = basis == .today ? Text(zh: "按今天（\(judgedOn.chinese)）计，", en: "as of today (\(judgedOn))")
                        : Text(zh: "\(basis == .received ? "收到" : "填报")时间\(judgedOn.chinese)，", en: "\(basis == .received ? "received" : "submitted") \(judgedOn)")
                    findings.append(Finding(.late, Text(
                        zh: "\(period.chinese)报表的截止日期是\(due.date.chinese)，\(on.zh)逾期\(days)个工作日。",
                        en: "The \(period) return was due by \(due.date); \(on.en), \(days) working day\(days == 1 ? "" : "s") late."),
                        at: read.locate(.submittedOn)))
                }
                if let submitted, submitted < period.next.firstDay {
                    findings.append(Finding(.submittedBeforePeriodEnd, Text(
                        zh: "填报时间\(submitted.chinese)早于统计期\(period.chinese)结束。",
                        en: "Submitted \(submitted), before the period \(period) ended."), at: read.locate(.submittedOn),
                        values: [(Field.submittedOn.key, submitted.description)]))
                }
            }
        }
        if let submitted, submitted > today {
            findings.append(Finding(.submittedInFuture, Text(
                zh: "填报时间\(submitted.chinese)晚于今天（\(today.chinese)）。", en: "Submitted \(submitted), after today (\(today))."),
                at: read.locate(.submittedOn), values: [(Field.submittedOn.key, submitted.description)]))
        }
        if submitted == nil, read.findings.allSatisfy({ $0.location.column != Field.submittedOn.key }) {
            findings.append(Finding(.submittedOnMissing, basis == .today
                ? Text(zh: "未填填报时间，按今天（\(judgedOn.chinese)）判断是否逾期。", en: "No submission date: lateness is judged as of today (\(judgedOn)).")
                : Text(zh: "未填填报时间。", en: "No submission date."), at: read.locate(.submittedOn)))
        }
        findings += contactFindings(read)
        // A rule's finding points at the rule's first indicator and lists every value involved.
        let applicable = if case .notConsulted = previous { currentMonthRules } else { rules }
        findings += applicable.findings(current: value.values, previous: previous.figures, period: value.period).map { finding in
            var finding = finding
            finding.location = firstIndicator[finding.code].map { read.locate(.indicator($0)) }
                ?? Location(source: read.source, row: read.row)
            return finding
        }
        if !explanations.isEmpty || !value.explanations.isEmpty {
            findings = explain(findings, with: explanations.merging(value.explanations) { $1 }, read: read)
        }
        // Errors first, for the reader who must fix them, then warnings, then notes.
        if findings.count > 1 {
            findings = Severity.allCases.flatMap { severity in findings.filter { $0.severity == severity } }
        }
        return CheckedReturn(read: read, region: region, deadline: deadline, judgedOn: judgedOn, basis: basis,
                             workingDaysLate: late, findings: findings)
    }

    /// A warning with an explanation stands resolved; an error cannot be explained away.
    private func explain(_ findings: [Finding], with explanations: [String: String], read: ReadReturn) -> [Finding] {
        var result = findings.map { finding in
            var finding = finding
            if finding.severity == .warning { finding.explanation = explanations[finding.code] }
            return finding
        }
        let errors = Set(findings.filter { $0.severity == .error }.map(\.code)).union(errorRules)
        for rule in explanations.keys.sorted() where errors.contains(rule) || rule.hasPrefix("E_") {
            result.append(Finding(.explanationNotApplicable, Text(
                zh: "\(rule)是强制性审核（错误），不能用说明代替更正，说明未采用。",
                en: "\(rule) is an error: it must be corrected, and the explanation was not taken."),
                at: read.locate(.explanations), values: [(Field.explanations.key, rule)]))
        }
        return result
    }

    private func regionFindings(_ read: ReadReturn, _ region: Region?, reports: Bool, into findings: inout [Finding]) {
        guard let code = read.value.regionCode else { return }
        guard let region else {
            findings.append(Finding(.regionUnknown, Text(zh: "行政区划代码\(code)不在区划表中。", en: "Region code \(code) is not in the registry."),
                                    at: read.locate(.regionCode), values: [(Field.regionCode.key, code)]))
            return
        }
        switch read.value.scope {
        case .unit where !reports:
            findings.append(Finding(.notReportingUnit, Text(
                zh: "\(code)是\(region.name)，不是县级填报单位。", en: "\(code) is \(region.name), not a county-level reporting unit."),
                at: read.locate(.regionCode), values: [(Field.regionCode.key, code)]))
        case .total where reports:
            findings.append(Finding(.notConsolidatingUnit, Text(
                zh: "\(code)\(region.name)没有下辖县区，不报汇总表。", en: "\(code) \(region.name) has no units below it to total."),
                at: read.locate(.scope), values: [(Field.scope.key, "total")]))
        default: break
        }
        if let name = read.value.regionName, !registry.name(name, matches: region) {
            findings.append(Finding(.regionNameMismatch, Text(
                zh: "行政区划代码\(code)是“\(region.name)”，填报单位却写的是“\(name)”。",
                en: "Region code \(code) is \(region.name), but the name given is \(name)."),
                at: read.locate(.regionName), values: [(Field.regionCode.key, code), (Field.regionName.key, name)]))
        }
    }

    private func contactFindings(_ read: ReadReturn) -> [Finding] {
        var findings: [Finding] = []
        if read.value.reporter == nil {
            findings.append(Finding(.reporterMissing, Text(zh: "未填填报人。", en: "No reporter given."), at: read.locate(.reporter)))
        }
        guard let phone = read.value.phone else {
            findings.append(Finding(.phoneMissing, Text(zh: "未填联系电话。", en: "No phone number given."), at: read.locate(.phone)))
            return findings
        }
        // Mobile (11 digits), landline with area code, or with an extension; separators vary.
        var digits = 0
        var plausible = true
        for scalar in phone.unicodeScalars {
            switch scalar {
            case "0"..."9": digits += 1
            case " ", "-", "(", ")", "+", "－", "（", "）": continue
            default: plausible = false
            }
        }
        if !plausible || !(7...16).contains(digits) {
            findings.append(Finding(.phoneFormat, Text(zh: "联系电话“\(phone)”不像电话号码。", en: "The phone number \"\(phone)\" does not look like one."),
                                    at: read.locate(.phone), values: [(Field.phone.key, phone)]))
        }
        return findings
    }
}

/// Deadlines by period, worked out once for the periods returns are checked for (the ten years
/// before today and the year after): a return's deadline is then one look into an array, with no
/// lock and no hashing; any other period is worked out when asked.
struct DeadlineTable: Sendable {
    private let calendar: WorkingCalendar
    private let first: Int
    private let deadlines: [Deadline]

    init(calendar: WorkingCalendar, today: CivilDate) {
        self.calendar = calendar
        let last = Period(containing: today).next
        let start = Period(year: last.year - 11, month: last.month) ?? last
        first = Self.months(start)
        deadlines = (first...Self.months(last)).map { calendar.deadline(for: Self.period($0)) }
    }

    private static func months(_ period: Period) -> Int { period.year * 12 + period.month - 1 }
    private static func period(_ months: Int) -> Period { Period(year: months / 12, month: months % 12 + 1)! }

    subscript(period: Period) -> Deadline {
        let offset = Self.months(period) - first
        return deadlines.indices.contains(offset) ? deadlines[offset] : calendar.deadline(for: period)
    }
}
