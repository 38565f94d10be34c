/// The 14 indicators of Attachment 3, in the form's column order.
public enum Indicator: Int, CaseIterable, Sendable, Comparable {
    case unitsTotal = 1, unitsNew, postsTotal, postsNew, planned, onboarded, onboardedGrads,
         completed, retained, retainedGrads, employedOther, endedAbnormal, onPost, subsidyYTD

    public enum Kind: Sendable { case count, amount }

    /// Made once: the synthesised `allCases` builds a new array at every use, and figures are
    /// walked indicator by indicator for every return.
    public static let allCases: [Indicator] = (1...14).map { Indicator(rawValue: $0)! }

    public var number: Int { rawValue }

    /// Stable machine key (JSON fields, CSV headers, rule files).
    public var key: String { Self.keys[rawValue - 1] }

    /// The header printed on the form (indicators 7 and 10 share theirs).
    public var headerZH: String { Self.headersZH[rawValue - 1] }

    public var nameEN: String { Self.namesEN[rawValue - 1] }

    /// 个 for units and posts, 人 for persons, 万元 for the subsidy.
    public var unitZH: String {
        switch self {
        case .unitsTotal, .unitsNew, .postsTotal, .postsNew: "个"
        case .subsidyYTD: "万元"
        default: "人"
        }
    }

    public var kind: Kind { self == .subsidyYTD ? .amount : .count }

    /// The indicator this one is printed under in the form's multi-row header ("of which").
    public var parent: Indicator? {
        switch self {
        case .unitsNew: .unitsTotal
        case .postsNew: .postsTotal
        case .onboardedGrads: .onboarded
        case .retained, .employedOther: .completed
        case .retainedGrads: .retained
        default: nil
        }
    }

    /// A header that cannot be confused with another column: the number, then the form's text.
    /// `jianxi template` writes these; reading accepts them.
    public var templateHeader: String { "\(rawValue).\(headerZH)" }

    public init?(number: Int) { self.init(rawValue: number) }

    public init?(key: String) {
        guard let index = Self.keys.firstIndex(of: key) else { return nil }
        self.init(rawValue: index + 1)
    }

    public static func < (a: Indicator, b: Indicator) -> Bool { a.rawValue < b.rawValue }

    private static let keys = [
        "units_total", "units_new", "posts_total", "posts_new", "planned", "onboarded",
        "onboarded_grads", "completed", "retained", "retained_grads", "employed_other",
        "ended_abnormal", "on_post", "subsidy_ytd",
    ]
    private static let headersZH = [
        "本期末实有见习单位总数", "本期新增见习单位数量", "本期末实有见习岗位总数", "本期新增见习岗位数量",
        "本期计划组织见习人数", "本期实际到岗人数", "其中：离校2年内未就业高校毕业生人数", "本期完成见习人数",
        "被见习单位留用人数", "其中：离校2年内未就业高校毕业生人数", "其他方式就业人数", "本期非正常结束见习人数",
        "本期末实有在岗见习人数", "本年累计各级财政实际拨付的见习补贴资金数",
    ]
    private static let namesEN = [
        "host units at month end", "host units added this month", "posts at month end",
        "posts added this month", "persons planned to start", "persons who started",
        "of whom graduates within 2 years", "persons who completed", "retained by the host unit",
        "of whom graduates within 2 years", "employed otherwise", "ended early, not retained",
        "interns on post at month end", "subsidy paid this year (10,000 yuan)",
    ]
}
