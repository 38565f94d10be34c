import JianxiDomain

/// What to generate.
public struct SampleOptions: Sendable, Equatable {
    /// County-level reporting units (1...69,999).
    public var units: Int
    /// Consecutive months, from `firstPeriod`.
    public var months: Int
    public var seed: UInt64
    public var firstPeriod: Period
    /// Share of returns carrying one deliberate error (a broken R1-R6 relation), 0...1.
    public var errorRate: Double
    /// Share of returns submitted after the deadline, 0...1.
    public var lateRate: Double

    public init(units: Int, months: Int, seed: UInt64, firstPeriod: Period, errorRate: Double = 0.02, lateRate: Double = 0.03) {
        self.units = units
        self.months = months
        self.seed = seed
        self.firstPeriod = firstPeriod
        self.errorRate = errorRate
        self.lateRate = lateRate
    }

    /// The periods, oldest first.
    public var periods: [Period] {
        var result: [Period] = []
        var period = firstPeriod
        for _ in 0..<months {
            result.append(period)
            period = period.next
        }
        return result
    }

    public var lastPeriod: Period { periods.last ?? firstPeriod }

    /// What is wrong with the options, if anything (English; the command words its own messages).
    public var problem: String? {
        if !(1...SampleRegions.maximumUnits).contains(units) { return "units must be 1...\(SampleRegions.maximumUnits)" }
        if months < 1 { return "months must be at least 1" }
        if !(0...1).contains(errorRate) { return "the error rate must be 0...1" }
        if !(0...1).contains(lateRate) { return "the late rate must be 0...1" }
        if firstPeriod.year * 12 + firstPeriod.month - 1 + months - 1 > 9999 * 12 + 11 { return "the periods run past the year 9999" }
        return nil
    }

    /// The first period of `months` months whose last month, and every submission for it (up to
    /// the latest late one), lies before `today`: so `jianxi check` with today's date finds no
    /// period that has not ended and no 填报时间 in the future.
    public static func defaultFirstPeriod(months: Int, today: CivilDate, calendar: WorkingCalendar) -> Period {
        var last = Period(containing: today).previous
        while SubmissionDays(period: last, calendar: calendar).latest >= today { last = last.previous }
        var first = last
        for _ in 1..<max(months, 1) { first = first.previous }
        return first
    }
}

/// Which relation of the form a deliberately wrong return breaks (the rule ids of Schemas/rules.json).
public enum DeliberateError: String, CaseIterable, Sendable {
    /// units_new > units_total
    case r1 = "R1"
    /// posts_new > posts_total
    case r2 = "R2"
    /// onboarded > planned
    case r3 = "R3"
    /// onboarded_grads > onboarded
    case r4 = "R4"
    /// retained + employed_other > completed
    case r5 = "R5"
    /// retained_grads > retained
    case r6 = "R6"

    public var ruleID: String { rawValue }
}

/// The 14 figures of a generated return; indicator 14 in yuan (0.0001 万元), as `IndicatorValues` holds it.
public struct SampleFigures: Sendable, Equatable {
    public var unitsTotal: Int64 = 0, unitsNew: Int64 = 0, postsTotal: Int64 = 0, postsNew: Int64 = 0
    public var planned: Int64 = 0, onboarded: Int64 = 0, onboardedGrads: Int64 = 0
    public var completed: Int64 = 0, retained: Int64 = 0, retainedGrads: Int64 = 0, employedOther: Int64 = 0
    public var endedAbnormal: Int64 = 0, onPost: Int64 = 0, subsidyYuan: Int64 = 0

    public init() {}

    public subscript(indicator: Indicator) -> Int64 {
        switch indicator {
        case .unitsTotal: unitsTotal
        case .unitsNew: unitsNew
        case .postsTotal: postsTotal
        case .postsNew: postsNew
        case .planned: planned
        case .onboarded: onboarded
        case .onboardedGrads: onboardedGrads
        case .completed: completed
        case .retained: retained
        case .retainedGrads: retainedGrads
        case .employedOther: employedOther
        case .endedAbnormal: endedAbnormal
        case .onPost: onPost
        case .subsidyYTD: subsidyYuan
        }
    }

    public var values: IndicatorValues {
        var values = IndicatorValues()
        for indicator in Indicator.allCases { values[indicator] = self[indicator] }
        return values
    }
}

/// One generated return.
public struct SampleReturn: Sendable {
    /// Index of the unit in `SampleRegions.units`.
    public let unit: Int
    public let period: Period
    public let submittedOn: CivilDate
    /// The figures as written, with the deliberate error if there is one.
    public let figures: SampleFigures
    /// The relation this return breaks on purpose; nil for a clean return.
    public let deliberateError: DeliberateError?
    /// Submitted after the deadline (the 5th working day of the next month).
    public let isLate: Bool
    /// Working days after the deadline (0 when on time).
    public let workingDaysLate: Int
}

/// The first working days of the month after a period: the 1st-5th are on time (the 5th is the
/// deadline), the 6th-13th are 1-8 working days late.
struct SubmissionDays {
    static let onTime = 5
    static let maximumLate = 8
    let days: [CivilDate]

    init(period: Period, calendar: WorkingCalendar) {
        var days: [CivilDate] = []
        var date = period.next.firstDay
        while days.count < Self.onTime + Self.maximumLate {
            if calendar.isWorkingDay(date) { days.append(date) }
            date = date.adding(days: 1)
        }
        self.days = days
    }

    var latest: CivilDate { days[days.count - 1] }
}

/// Generates the returns of every unit, month by month, deterministically from the seed.
///
/// Each unit has its own random streams (one for its figures, one for errors and submission
/// dates), derived from the seed and the unit's index: a unit's figures do not depend on how
/// many units there are, and changing the error or late rate does not change the true figures.
/// A unit carries its stocks (host units, posts, interns on post, subsidy this year) from month
/// to month, so consecutive clean returns satisfy H1-H4; each return satisfies R1-R6, H5 and H6.
/// A deliberately wrong return breaks one of R1-R6 in its written figures only: the unit's true
/// figures go on, so the next month is consistent with the last accepted one.
public struct SampleGenerator: Sendable {
    public let options: SampleOptions
    public let regions: SampleRegions
    let calendar: WorkingCalendar
    let errorPPM: Int64
    let latePPM: Int64

    public init(options: SampleOptions, calendar: WorkingCalendar) {
        precondition(options.problem == nil, options.problem ?? "")
        self.options = options
        self.calendar = calendar
        regions = SampleRegions(units: options.units, seed: options.seed)
        errorPPM = Int64((options.errorRate * 1_000_000).rounded())
        latePPM = Int64((options.lateRate * 1_000_000).rounded())
    }

    /// Every return, ordered by period, then by unit (code order).
    public func forEach(_ body: (SampleReturn) -> Void) {
        var states = initialStates()
        for period in options.periods {
            let days = SubmissionDays(period: period, calendar: calendar)
            for unit in states.indices {
                body(states[unit].step(unit: unit, period: period, days: days, errorPPM: errorPPM, latePPM: latePPM))
            }
        }
    }

    /// Per-period work for the writers: the period, its submission days, then each return.
    func forEachPeriod(_ begin: (Period, SubmissionDays) -> Void, _ body: (SampleReturn, Int) -> Void) {
        var states = initialStates()
        for period in options.periods {
            let days = SubmissionDays(period: period, calendar: calendar)
            begin(period, days)
            for unit in states.indices {
                let r = states[unit].step(unit: unit, period: period, days: days, errorPPM: errorPPM, latePPM: latePPM)
                body(r, states[unit].submissionIndex)
            }
        }
    }

    /// A return as `jianxi check` would read it from the written file.
    public func monthlyReturn(_ r: SampleReturn) -> MonthlyReturn {
        let region = regions.units[r.unit]
        return MonthlyReturn(regionCode: region.code, regionName: region.name, period: r.period, submittedOn: r.submittedOn,
                             reporter: Contacts.reporter(seed: options.seed, unit: r.unit),
                             phone: Contacts.phone(seed: options.seed, unit: r.unit), values: r.figures.values)
    }

    func initialStates() -> [UnitState] {
        (0..<options.units).map { UnitState(seed: options.seed, unit: $0, first: options.firstPeriod) }
    }
}

/// One unit's stocks and random streams.
struct UnitState {
    var flow: SplitMix64
    var events: SplitMix64
    /// The unit's size: the levels its stocks drift around.
    let targetUnits: Int64
    let targetPosts: Int64
    let targetOnPost: Int64
    /// Subsidy paid per intern per month, in yuan.
    let subsidyRate: Int64
    var units: Int64
    var posts: Int64
    var onPost: Int64
    var subsidyYuan: Int64
    /// Index into `SubmissionDays.days` of the last return's date.
    var submissionIndex = 0

    init(seed: UInt64, unit: Int, first: Period) {
        flow = .stream(seed: seed, 2, UInt64(unit))
        events = .stream(seed: seed, 3, UInt64(unit))
        // Sizes skewed like real counties: many small, a few large (20-240 host units).
        let size = flow.int(20...80) + (flow.chance(ppm: 250_000) ? flow.int(0...160) : 0)
        targetUnits = size
        targetPosts = flow.scale(size, perMille: 2500...5000)
        targetOnPost = flow.scale(targetPosts, perMille: 250...450)
        subsidyRate = flow.int(6...15) * 100
        units = flow.scale(targetUnits, perMille: 800...1200)
        posts = max(units, flow.scale(targetPosts, perMille: 800...1200))
        onPost = min(posts, flow.scale(targetOnPost, perMille: 800...1200))
        // Paid so far this year, before the first month generated.
        subsidyYuan = onPost * subsidyRate * Int64(first.month - 1) * flow.int(500...900) / 1000
    }

    /// Graduates leave school in June and July: planned starts per mille of normal, by month.
    static let season: [Int64] = [800, 600, 1100, 1000, 1000, 1100, 1500, 1600, 1300, 1000, 900, 800]

    mutating func step(unit: Int, period: Period, days: SubmissionDays, errorPPM: Int64, latePPM: Int64) -> SampleReturn {
        var f = SampleFigures()
        // Host units: some leave, some join; the level drifts back toward the unit's size.
        let unitsLeft = min(units, flow.scale(units, perMille: 0...60) + max(0, (units - targetUnits) / 8))
        f.unitsNew = flow.int(0...max(1, targetUnits / 12)) + max(0, (targetUnits - units) / 8)
        f.unitsTotal = units - unitsLeft + f.unitsNew

        // Interns: starts (by season), completions, early ends.
        let season = Self.season[period.month - 1]
        f.planned = flow.scale(targetOnPost * season / 6000 + max(0, (targetOnPost - onPost) / 4), perMille: 700...1300)
        f.onboarded = flow.scale(f.planned, perMille: 700...1000)
        f.onboardedGrads = flow.scale(f.onboarded, perMille: 450...900)
        f.completed = min(onPost, flow.scale(onPost, perMille: 90...200))
        f.retained = flow.scale(f.completed, perMille: 300...700)
        f.retainedGrads = flow.scale(f.retained, perMille: 400...900)
        f.employedOther = flow.scale(f.completed - f.retained, perMille: 200...700)
        f.endedAbnormal = min(onPost - f.completed, flow.scale(onPost, perMille: 0...35))
        f.onPost = onPost + f.onboarded - f.completed - f.endedAbnormal

        // Posts: some withdrawn, some added; enough for every host unit and every intern (H5, H6).
        let postsLeft = min(posts, flow.scale(posts, perMille: 0...60) + max(0, (posts - targetPosts) / 8))
        f.postsNew = flow.int(0...max(1, targetPosts / 12)) + max(0, (targetPosts - posts) / 8)
        f.postsNew += max(0, max(f.unitsTotal, f.onPost) - (posts - postsLeft + f.postsNew))
        f.postsTotal = posts - postsLeft + f.postsNew

        // Subsidy: paid in most months, for the interns on post; the year's total restarts in January.
        if period.month == 1 { subsidyYuan = 0 }
        if flow.chance(ppm: 700_000) {
            var paid = f.onPost * subsidyRate * flow.int(600...1000) / 1000
            if flow.chance(ppm: 500_000) { paid = paid / 100 * 100 }  // often whole hundreds of yuan
            subsidyYuan += paid
        }
        f.subsidyYuan = subsidyYuan

        units = f.unitsTotal
        posts = f.postsTotal
        onPost = f.onPost

        // Submission: a working day among the first five of the next month, or 1-8 working days late.
        let late = events.chance(ppm: latePPM)
        submissionIndex = late ? SubmissionDays.onTime + Int(events.int(1...Int64(SubmissionDays.maximumLate))) - 1
                               : Int(events.int(0...Int64(SubmissionDays.onTime - 1)))
        var error: DeliberateError?
        if events.chance(ppm: errorPPM) {
            var kind = DeliberateError.allCases[Int(events.below(Int64(DeliberateError.allCases.count)))]
            if kind == .r3 && f.onboarded == 0 { kind = .r1 }
            let by = events.int(1...5)
            switch kind {
            case .r1: f.unitsNew = f.unitsTotal + by
            case .r2: f.postsNew = f.postsTotal + by
            case .r3: f.planned = f.onboarded - min(by, f.onboarded)
            case .r4: f.onboardedGrads = f.onboarded + by
            case .r5: f.employedOther = f.completed - f.retained + by
            case .r6: f.retainedGrads = f.retained + by
            }
            error = kind
        }
        return SampleReturn(unit: unit, period: period, submittedOn: days.days[submissionIndex], figures: f,
                            deliberateError: error, isLate: late,
                            workingDaysLate: max(0, submissionIndex - (SubmissionDays.onTime - 1)))
    }
}

/// Each unit's 填报人 and 联系电话, fixed for the unit.
enum Contacts {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武")
    static let given = ["芳", "伟", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚",
                        "桂英", "建华", "文", "华", "红梅", "志强", "晓东", "海燕", "小红", "国庆", "春梅", "玉兰", "建国", "丹", "萍", "鹏",
                        "婷", "辉", "俊", "琳"]

    static func reporter(seed: UInt64, unit: Int) -> String {
        var rng = SplitMix64.stream(seed: seed, 4, UInt64(unit))
        return String(surnames[Int(rng.below(Int64(surnames.count)))]) + given[Int(rng.below(Int64(given.count)))]
    }

    /// A mobile number (13x/15x/18x) or a landline with a four-digit area code.
    static func phone(seed: UInt64, unit: Int) -> String {
        var rng = SplitMix64.stream(seed: seed, 5, UInt64(unit))
        if rng.chance(ppm: 600_000) {
            let prefix = ["13", "15", "18"][Int(rng.below(3))]
            return prefix + digits(rng.below(1_000_000_000), 9)
        }
        return "0" + digits(rng.int(700...999), 3) + "-" + digits(rng.int(2_000_000...8_999_999), 7)
    }

    static func digits(_ value: Int64, _ count: Int) -> String {
        let s = String(value)
        return String(repeating: "0", count: max(0, count - s.count)) + s
    }
}
