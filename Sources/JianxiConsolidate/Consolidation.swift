import JianxiDomain
import JianxiRules
import JianxiStore

/// A period's returns added up county -> city -> province: exact sums of the current accepted
/// returns, how complete each total is, and how cities' own totals compare with their counties.
public struct Consolidation: Sendable {
    /// One reporting unit and its current return.
    public struct Entry: Sendable {
        public enum State: String, Sendable { case accepted, rejected, missing }

        public let region: Region
        public let current: CurrentReturn?

        public var state: State {
            guard let current else { return .missing }
            return current.accepted ? .accepted : .rejected
        }

        /// The figures that count: an accepted return's; a rejected or missing one adds nothing.
        public var counted: IndicatorValues? { state == .accepted ? current?.values : nil }
    }

    /// The sum over the reporting units below a city-level unit or a province.
    public struct Total: Sendable {
        public let region: Region
        public let values: IndicatorValues
        /// Units whose accepted return is in the sum, and units expected.
        public let reported: Int
        public let expected: Int
        public let missing: [Region]
        public let rejected: [Region]

        public var isComplete: Bool { reported == expected }

        /// "8/10 县区已报" / "8 of 10 units reported".
        public var completeness: Text {
            Text(zh: "\(reported)/\(expected) 县区已报", en: "\(reported) of \(expected) units reported")
        }
    }

    /// An indicator where a city's own total differs from the sum of its counties.
    public struct Difference: Sendable, Equatable {
        public let indicator: Indicator
        public let reported: Int64?
        public let summed: Int64

        public init(indicator: Indicator, reported: Int64?, summed: Int64) {
            self.indicator = indicator
            self.reported = reported
            self.summed = summed
        }
    }

    /// A city's own consolidated return (scope total) against the sum of its counties' returns.
    public struct Reconciliation: Sendable {
        public let city: Region
        public let revision: Int
        public let accepted: Bool
        /// Empty when every figure agrees.
        public let differences: [Difference]
        /// The sum it was compared with is over incomplete data.
        public let summed: Total
    }

    public let period: Period
    /// Every reporting unit of the registry, in code order.
    public let units: [Entry]
    /// Every city-level unit, in code order.
    public let cities: [Total]
    public let provinces: [Total]
    public let reconciliations: [Reconciliation]
    /// Indices in `units` of each city-level unit's reporting units.
    private let unitIndices: [String: [Int]]

    public func units(in city: Region) -> [Entry] {
        // A city-level unit's reporting units are itself or its counties: those grouped under it.
        if city.level == .city, let indices = unitIndices[city.code] { return indices.map { units[$0] } }
        return units.filter { $0.region.code == city.code || $0.region.parentCode == city.code }
    }
    public func cities(in province: Region) -> [Total] { cities.filter { $0.region.parentCode == province.code } }
}

/// A consolidated total breaks a rule that every valid return satisfies. The form's relations
/// are linear and homogeneous, so a sum of valid returns satisfies them too: this is a bug or a
/// bad input that slipped through, never something to round away.
public struct ConsolidationError: Error, Sendable {
    public let message: Text
}

extension Consolidation {
    /// The registry's reporting units grouped under their city-level unit and province: what
    /// every period's consolidation needs of the registry, worked out once for a series.
    public struct Layout: Sendable {
        /// Every reporting unit, in code order.
        let units: [Region]
        /// Every city-level unit and every province, in code order, with the indices in `units`
        /// of the reporting units below it.
        let cities: [(region: Region, members: [Int])]
        let provinces: [(region: Region, members: [Int])]

        public init(registry: RegionRegistry) {
            units = registry.reportingUnits
            var byCity: [String: [Int]] = [:]
            var byProvince: [String: [Int]] = [:]
            for (index, unit) in units.enumerated() {
                guard let city = registry.city(of: unit) else { continue }
                byCity[city.code, default: []].append(index)
                if let province = city.parentCode { byProvince[province, default: []].append(index) }
            }
            cities = registry.regions.filter { $0.level == .city }.map { ($0, byCity[$0.code] ?? []) }
            provinces = registry.regions.filter { $0.level == .province }.map { ($0, byProvince[$0.code] ?? []) }
            unitIndex = Dictionary(units.enumerated().map { ($1.code, $0) }) { a, _ in a }
            cityIndex = Dictionary(cities.enumerated().map { ($1.region.code, $0) }) { a, _ in a }
            unitsByCity = byCity
        }

        /// Where each reporting unit and city-level unit is in `units` and `cities`, by code.
        let unitIndex: [String: Int]
        let cityIndex: [String: Int]
        /// `cities`' members by code.
        let unitsByCity: [String: [Int]]
    }

    /// Adds up the current accepted unit returns of `period`. `rules` are the form's hard rules,
    /// checked again on every total.
    public static func build(period: Period, registry: RegionRegistry, current: [CurrentReturn],
                             rules: RuleSet) throws(ConsolidationError) -> Consolidation {
        try build(period: period, layout: Layout(registry: registry), current: current, rules: rules)
    }

    /// The same, with the registry's layout worked out beforehand (`Layout(registry:)`).
    public static func build(period: Period, layout: Layout, current: [CurrentReturn],
                             rules: RuleSet) throws(ConsolidationError) -> Consolidation {
        // Each unit's return: the first of its code (there is one).
        var returnIndex = [Int](repeating: -1, count: layout.units.count)
        for index in current.indices where current[index].scope == .unit && current[index].period == period {
            if let unit = layout.unitIndex[current[index].regionCode], returnIndex[unit] < 0 { returnIndex[unit] = index }
        }
        // The figures that count, unit by unit (zeros for a rejected or missing one), and states.
        var counted = [Int64](repeating: 0, count: layout.units.count * Indicator.allCases.count)
        var states = [Entry.State](repeating: .missing, count: layout.units.count)
        var units: [Entry] = []
        units.reserveCapacity(layout.units.count)
        for (unit, index) in returnIndex.enumerated() {
            guard index >= 0 else {
                units.append(Entry(region: layout.units[unit], current: nil))
                continue
            }
            let entry = Entry(region: layout.units[unit], current: current[index])
            if entry.current!.accepted {
                states[unit] = .accepted
                let values = entry.current!.values
                for (offset, indicator) in Indicator.allCases.enumerated() {
                    counted[unit * Indicator.allCases.count + offset] = values[indicator] ?? 0
                }
            } else {
                states[unit] = .rejected
            }
            units.append(entry)
        }
        let cities = layout.cities.map { total($0.region, $0.members, layout.units, states, counted) }
        let provinces = layout.provinces.map { total($0.region, $0.members, layout.units, states, counted) }
        let checks = rules.rules.filter { $0.severity == .error && !$0.expression.usesPrevious }
        for total in cities + provinces {
            for rule in checks {
                if case .fail = rule.expression.evaluate(current: total.values, previous: nil, period: period) {
                    throw ConsolidationError(message: Text(
                        zh: "内部错误：\(total.region.name)的合计数违反\(rule.id)（\(rule.expression.source)），而参与合计的报表都已通过审核。这是程序缺陷，请报告，不要使用这份汇总。",
                        en: "Internal error: the total of \(total.region.name) breaks \(rule.id) (\(rule.expression.source)) although every return in it passed. This is a bug; report it and do not use this consolidation."))
                }
            }
        }
        var reconciliations: [Reconciliation] = []
        for index in current.indices where current[index].scope == .total && current[index].period == period {
            guard let city = layout.cityIndex[current[index].regionCode] else { continue }
            let own = current[index]
            let summed = cities[city]
            let differences = Indicator.allCases.compactMap { indicator -> Difference? in
                let sum = summed.values[indicator] ?? 0
                return own.values[indicator] == sum ? nil : Difference(indicator: indicator, reported: own.values[indicator], summed: sum)
            }
            reconciliations.append(Reconciliation(city: summed.region, revision: own.revision, accepted: own.accepted,
                                                  differences: differences, summed: summed))
        }
        return Consolidation(period: period, units: units, cities: cities, provinces: provinces, reconciliations: reconciliations,
                             unitIndices: layout.unitsByCity)
    }

    private static func total(_ region: Region, _ members: [Int], _ units: [Region], _ states: [Entry.State],
                              _ counted: [Int64]) -> Total {
        let width = Indicator.allCases.count
        var sum = [Int64](repeating: 0, count: width)
        var reported = 0
        var missing: [Region] = []
        var rejected: [Region] = []
        for unit in members {
            switch states[unit] {
            case .missing: missing.append(units[unit])
            case .rejected: rejected.append(units[unit])
            case .accepted:
                reported += 1
                for offset in 0..<width { sum[offset] += counted[unit * width + offset] }
            }
        }
        var values = IndicatorValues()
        for (offset, indicator) in Indicator.allCases.enumerated() { values[indicator] = sum[offset] }
        return Total(region: region, values: values, reported: reported, expected: members.count, missing: missing, rejected: rejected)
    }
}
