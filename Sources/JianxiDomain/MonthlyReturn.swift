/// The 14 figures of one return. Counts are whole numbers; the subsidy (14) is held in yuan
/// (see Amount). A figure is nil when the cell could not be read (a finding says why).
/// Held inline, with no memory of its own to allocate: a million returns are read and checked.
public struct IndicatorValues: Sendable, Equatable {
    @usableFromInline var figures: (Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                          Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Bit n - 1 set when indicator n has a figure.
    @usableFromInline var present: UInt16 = 0
    private static let all: UInt16 = 1 << 14 - 1

    public init() {}

    /// Counts as such; indicator 14 in yuan.
    @inlinable
    public subscript(indicator: Indicator) -> Int64? {
        get {
            let bit: UInt16 = 1 << (indicator.rawValue - 1)
            guard present & bit != 0 else { return nil }
            return withUnsafeBytes(of: figures) { $0.load(fromByteOffset: (indicator.rawValue - 1) * 8, as: Int64.self) }
        }
        set {
            let bit: UInt16 = 1 << (indicator.rawValue - 1)
            guard let newValue else {
                present &= ~bit
                return
            }
            present |= bit
            withUnsafeMutableBytes(of: &figures) { $0.storeBytes(of: newValue, toByteOffset: (indicator.rawValue - 1) * 8, as: Int64.self) }
        }
    }

    public static func == (a: IndicatorValues, b: IndicatorValues) -> Bool {
        a.present == b.present && Indicator.allCases.allSatisfy { a[$0] == b[$0] }
    }

    public var subsidy: Amount? { self[.subsidyYTD].map(Amount.init(yuan:)) }

    /// Every figure on one scale, ten-thousandths of the indicator's unit, so rules may
    /// compare and add counts and amounts alike with integers. nil when the figure is missing,
    /// or too large to scale (figures read from files never are).
    @inlinable
    public func scaled(_ indicator: Indicator) -> Int64? {
        guard let raw = self[indicator] else { return nil }
        if indicator.kind == .amount { return raw }
        let (value, overflow) = raw.multipliedReportingOverflow(by: 10_000)
        return overflow ? nil : value
    }

    /// The figure as a person writes it: "12", or "3.25" for 万元.
    public func display(_ indicator: Indicator) -> String? {
        guard let raw = self[indicator] else { return nil }
        return indicator.kind == .amount ? Amount(yuan: raw).description : String(raw)
    }

    public var isComplete: Bool { present == Self.all }
}

/// The fields of a return other than the figures, and their stable keys.
public enum Field: Hashable, Sendable {
    case regionCode, regionName, period, submittedOn, reporter, phone
    case indicator(Indicator)
    /// Explanations (说明) of warnings: `H1: text; H2: text` in a CSV cell, an object in JSON.
    case explanations
    /// `total` marks a city's own consolidated return (for reconciliation); absent for a unit's.
    case scope

    /// Every field, in the order `jianxi template` writes them.
    public static let all: [Field] = [.regionCode, .regionName, .period, .submittedOn, .reporter, .phone]
        + Indicator.allCases.map(Field.indicator) + [.explanations]

    /// Every field a return may have: the template's, and `scope`, which only cities write.
    public static let recognised: [Field] = all + [.scope]

    public var key: String {
        switch self {
        case .regionCode: "region_code"
        case .regionName: "region_name"
        case .period: "period"
        case .submittedOn: "submitted_on"
        case .reporter: "reporter"
        case .phone: "phone"
        case .indicator(let indicator): indicator.key
        case .explanations: "explanations"
        case .scope: "scope"
        }
    }

    /// The Chinese header `jianxi template` writes.
    public var headerZH: String {
        switch self {
        case .regionCode: "行政区划代码"
        case .regionName: "填报单位"
        case .period: "统计期"
        case .submittedOn: "填报时间"
        case .reporter: "填报人"
        case .phone: "联系电话"
        case .indicator(let indicator): indicator.templateHeader
        case .explanations: "说明"
        case .scope: "范围"
        }
    }
}

/// Whose figures a return holds.
public enum Scope: String, Sendable, CaseIterable {
    /// A reporting unit's own return (the normal case).
    case unit
    /// A city's own consolidated return, compared with the sum of its counties (表间审核).
    case total
}

/// One monthly return as read from a file, before validation.
public struct MonthlyReturn: Sendable, Equatable {
    public var regionCode: String?
    public var regionName: String?
    public var period: Period?
    public var submittedOn: CivilDate?
    public var reporter: String?
    public var phone: String?
    public var values: IndicatorValues
    /// The reporter's explanations of warnings, by rule id.
    public var explanations: [String: String]
    public var scope: Scope

    public init(regionCode: String? = nil, regionName: String? = nil, period: Period? = nil,
                submittedOn: CivilDate? = nil, reporter: String? = nil, phone: String? = nil,
                values: IndicatorValues = IndicatorValues(), explanations: [String: String] = [:], scope: Scope = .unit) {
        self.regionCode = regionCode
        self.regionName = regionName
        self.period = period
        self.submittedOn = submittedOn
        self.reporter = reporter
        self.phone = phone
        self.values = values
        self.explanations = explanations
        self.scope = scope
    }
}
