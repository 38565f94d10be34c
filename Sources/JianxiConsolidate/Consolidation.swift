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

    public func units(in city: Region) -> [Entry] { units.filter { $0.region.code == city.code || $0.region.parentCode == city.code } }
    public func cities(in province: Region) -> [Total] { cities.filter { $0.region.parentCode == province.code } }
}

/// A consolidated total breaks a rule that every valid return satisfies. The form's relations
/// are linear and homogeneous, so a sum of valid returns satisfies them too: this is a bug or a
/// bad input that slipped through, never something to round away.
public struct ConsolidationError: Error, Sendable {
    public let message: Text
}

extension Consolidation {
    /// Adds up the current accepted unit returns of `period`. `rules` are the form's hard rules,
    /// checked again on every total.
    public static func build(period: Period, registry: RegionRegistry, current: [CurrentReturn],
                             rules: RuleSet) throws(ConsolidationError) -> Consolidation {
        let unitReturns = Dictionary(current.filter { $0.scope == .unit && $0.period == period }.map { ($0.regionCode, $0) }) { a, _ in a }
        let units = registry.reportingUnits.map { Entry(region: $0, current: unitReturns[$0.code]) }
        let cityRegions = registry.regions.filter { $0.level == .city }
        let cities = cityRegions.map { city in total(city, units.filter { registry.city(of: $0.region)?.code == city.code }) }
        let provinces = registry.regions.filter { $0.level == .province }.map { province in
            total(province, units.filter { registry.city(of: $0.region)?.parentCode == province.code })
        }
        for total in cities + provinces {
            for (rule, outcome) in rules.evaluate(current: total.values, previous: nil, period: period)
            where rule.severity == .error && !rule.expression.usesPrevious {
                if case .fail = outcome {
                    throw ConsolidationError(message: Text(
                        zh: "内部错误：\(total.region.name)的合计数违反\(rule.id)（\(rule.expression.source)），而参与合计的报表都已通过审核。这是程序缺陷，请报告，不要使用这份汇总。",
                        en: "Internal error: the total of \(total.region.name) breaks \(rule.id) (\(rule.expression.source)) although every return in it passed. This is a bug; report it and do not use this consolidation."))
                }
            }
        }
        let citiesByCode = Dictionary(uniqueKeysWithValues: cities.map { ($0.region.code, $0) })
        let reconciliations = current.filter { $0.scope == .total && $0.period == period }.compactMap { own -> Reconciliation? in
            guard let summed = citiesByCode[own.regionCode] else { return nil }
            let differences = Indicator.allCases.compactMap { indicator -> Difference? in
                let sum = summed.values[indicator] ?? 0
                return own.values[indicator] == sum ? nil : Difference(indicator: indicator, reported: own.values[indicator], summed: sum)
            }
            return Reconciliation(city: summed.region, revision: own.revision, accepted: own.accepted, differences: differences, summed: summed)
        }
        return Consolidation(period: period, units: units, cities: cities, provinces: provinces, reconciliations: reconciliations)
    }

    private static func total(_ region: Region, _ entries: [Entry]) -> Total {
        var sum = IndicatorValues()
        for indicator in Indicator.allCases { sum[indicator] = 0 }
        for entry in entries {
            guard let values = entry.counted else { continue }
            for indicator in Indicator.allCases { sum[indicator]! += values[indicator] ?? 0 }
        }
        return Total(region: region, values: sum, reported: entries.count { $0.state == .accepted }, expected: entries.count,
                     missing: entries.filter { $0.state == .missing }.map(\.region),
                     rejected: entries.filter { $0.state == .rejected }.map(\.region))
    }
}
