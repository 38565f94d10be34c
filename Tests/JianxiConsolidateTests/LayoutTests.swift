import JianxiConsolidate
import JianxiDomain
import JianxiRules
import JianxiStore
import XCTest

/// A series consolidates month after month with the registry's layout worked out once; every
/// month must come out as `build(period:registry:...)` gives it.
final class LayoutTests: XCTestCase {
    private let september = Period(year: 2026, month: 9)!
    private let registry = RegionRegistry.builtin

    private func values(_ k: Int64) -> IndicatorValues { scaledReturn(k) }

    /// Accepted, rejected and missing units, a second return of one code (the first counts),
    /// another month's return and cities' own totals.
    private var current: [CurrentReturn] {
        var current: [CurrentReturn] = []
        for (index, unit) in registry.reportingUnits.enumerated() where index % 7 != 3 {
            current.append(CurrentReturn(regionCode: unit.code, period: september, revision: 1 + index % 2, accepted: index % 11 != 5,
                                         values: values(Int64(index % 5 + 1))))
        }
        current.append(CurrentReturn(regionCode: registry.reportingUnits[0].code, period: september, values: values(99)))
        current.append(CurrentReturn(regionCode: registry.reportingUnits[3].code, period: september.previous, values: values(50)))
        current.append(CurrentReturn(regionCode: "360100", period: september, scope: .total, values: values(40)))
        current.append(CurrentReturn(regionCode: "360200", period: september, scope: .total, revision: 2, accepted: false, values: values(8)))
        current.append(CurrentReturn(regionCode: "999999", period: september, values: values(1)))
        return current
    }

    func testALayoutConsolidatesAsTheRegistryDoes() throws {
        let layout = Consolidation.Layout(registry: registry)
        let direct = try Consolidation.build(period: september, registry: registry, current: current, rules: .builtin)
        let laidOut = try Consolidation.build(period: september, layout: layout, current: current, rules: .builtin)
        XCTAssertEqual(direct.units.map(\.region.code), registry.reportingUnits.map(\.code))
        XCTAssertEqual(laidOut.units.map(\.region.code), direct.units.map(\.region.code))
        XCTAssertEqual(laidOut.units.map(\.state), direct.units.map(\.state))
        XCTAssertEqual(laidOut.units.map(\.counted), direct.units.map(\.counted))
        XCTAssertEqual(direct.units[0].current?.values, values(1), "the first return of a code counts")
        for (a, b) in zip(laidOut.cities + laidOut.provinces, direct.cities + direct.provinces) {
            XCTAssertEqual(a.region, b.region)
            XCTAssertEqual(a.values, b.values)
            XCTAssertEqual([a.reported, a.expected], [b.reported, b.expected])
            XCTAssertEqual(a.missing, b.missing)
            XCTAssertEqual(a.rejected, b.rejected)
        }
        XCTAssertEqual(laidOut.reconciliations.map(\.city.code), ["360100", "360200"])
        XCTAssertEqual(laidOut.reconciliations.map(\.differences), direct.reconciliations.map(\.differences))
    }

    /// Each total, worked out by hand from its units.
    func testTotalsAreTheSumsOfTheirUnits() throws {
        let c = try Consolidation.build(period: september, registry: registry, current: current, rules: .builtin)
        for total in c.cities + c.provinces {
            let below = c.units.filter { unit in
                let city = registry.city(of: unit.region)
                return total.region.level == .city ? city?.code == total.region.code : city?.parentCode == total.region.code
            }
            XCTAssertEqual(total.expected, below.count, total.region.code)
            XCTAssertEqual(total.reported, below.count { $0.state == .accepted }, total.region.code)
            XCTAssertEqual(total.missing.map(\.code), below.filter { $0.state == .missing }.map(\.region.code))
            XCTAssertEqual(total.rejected.map(\.code), below.filter { $0.state == .rejected }.map(\.region.code))
            for indicator in Indicator.allCases {
                XCTAssertEqual(total.values[indicator], below.compactMap { $0.counted?[indicator] }.reduce(0, +), "\(total.region.code) \(indicator.key)")
            }
        }
    }

    /// `units(in:)` for any region: a city's own units, as by filtering every unit.
    func testUnitsInARegion() throws {
        let c = try Consolidation.build(period: september, registry: registry, current: current, rules: .builtin)
        for region in registry.regions {
            let expected = c.units.filter { $0.region.code == region.code || $0.region.parentCode == region.code }
            XCTAssertEqual(c.units(in: region).map(\.region.code), expected.map(\.region.code), region.code)
        }
    }
}
