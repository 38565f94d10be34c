import JianxiConsolidate
import JianxiDomain
import JianxiRead
import JianxiRules
import JianxiStore
import XCTest

final class ConsolidationTests: XCTestCase {
    private let september = Period(year: 2026, month: 9)!
    private let registry = RegionRegistry.builtin

    /// A valid return whose figures scale with `k`, subsidy `k` × 1.2345 万元.
    private func values(_ k: Int64) -> IndicatorValues { scaledReturn(k) }

    private func unit(_ code: String, _ k: Int64, accepted: Bool = true) -> CurrentReturn {
        CurrentReturn(regionCode: code, period: september, accepted: accepted, values: values(k))
    }

    private func build(_ current: [CurrentReturn]) throws -> Consolidation {
        try Consolidation.build(period: september, registry: registry, current: current, rules: .builtin)
    }

    func testSumsAreExactAndSayHowCompleteTheyAre() throws {
        let nanchang = registry.children(of: "360100")
        XCTAssertEqual(nanchang.count, 9)
        // Seven accepted, one rejected, one missing.
        var current = nanchang.prefix(7).enumerated().map { unit($1.code, Int64($0 + 1)) }
        current.append(unit(nanchang[7].code, 100, accepted: false))
        let c = try build(current)
        let city = try XCTUnwrap(c.cities.first { $0.region.code == "360100" })
        XCTAssertEqual(city.values[.unitsTotal], 10 * 28)  // 1 + ... + 7 = 28
        XCTAssertEqual(city.values.subsidy, Amount(yuan: 12_345 * 28), "exact to the yuan")
        XCTAssertEqual(city.reported, 7)
        XCTAssertEqual(city.expected, 9)
        XCTAssertEqual(city.completeness.zh, "7/9 县区已报")
        XCTAssertEqual(city.rejected.map(\.code), [nanchang[7].code])
        XCTAssertEqual(city.missing.map(\.code), [nanchang[8].code])
        let province = try XCTUnwrap(c.provinces.first)
        XCTAssertEqual(province.values[.unitsTotal], 280)
        XCTAssertEqual(province.expected, 101)
        XCTAssertEqual(province.reported, 7)
        XCTAssertEqual(c.units.count, 101)
        XCTAssertEqual(c.units.first { $0.region.code == nanchang[7].code }?.state, .rejected)
    }

    func testProvinceIsTheSumOfItsCitiesAndTheNewAreaCountsItself() throws {
        let c = try build(registry.reportingUnits.enumerated().map { unit($1.code, Int64($0 % 5 + 1)) })
        let province = try XCTUnwrap(c.provinces.first)
        XCTAssertTrue(province.isComplete)
        for indicator in Indicator.allCases {
            XCTAssertEqual(province.values[indicator], c.cities.compactMap { $0.values[indicator] }.reduce(0, +), indicator.key)
        }
        let newArea = try XCTUnwrap(c.cities.first { $0.region.code == "36GJ00" })
        XCTAssertEqual(newArea.expected, 1)
        XCTAssertEqual(newArea.values, c.units.first { $0.region.code == "36GJ00" }?.counted)
    }

    func testACityTotalThatBreaksARuleFailsLoudly() {
        var broken = values(1)
        broken[.unitsNew] = 11  // 2 > 1: an accepted return can never be like this
        let current = [CurrentReturn(regionCode: "360102", period: september, values: broken)]
        XCTAssertThrowsError(try build(current)) { error in
            XCTAssertTrue((error as? ConsolidationError)?.message.en.contains("R1") == true, "\(error)")
        }
    }

    func testReconciliationListsEveryIndicatorThatDiffers() throws {
        let counties = registry.children(of: "360200")  // 景德镇市, 4 counties
        var current = counties.map { unit($0.code, 2) }
        var own = values(8)
        own[.postsTotal]! += 5
        own[.subsidyYTD]! -= 1
        current.append(CurrentReturn(regionCode: "360200", period: september, scope: .total, values: own))
        current.append(CurrentReturn(regionCode: "360300", period: september, scope: .total, values: IndicatorValues()))
        let c = try build(current)
        let jingdezhen = try XCTUnwrap(c.reconciliations.first { $0.city.code == "360200" })
        let expected: [Consolidation.Difference] = [
            Consolidation.Difference(indicator: .postsTotal, reported: 245, summed: 240),
            Consolidation.Difference(indicator: .subsidyYTD, reported: 98_759, summed: 98_760),
        ]
        XCTAssertEqual(jingdezhen.differences, expected)
        XCTAssertTrue(jingdezhen.summed.isComplete)
        let pingxiang = try XCTUnwrap(c.reconciliations.first { $0.city.code == "360300" })
        XCTAssertEqual(pingxiang.differences.count, 14, "unreadable figures differ from zero sums")
        XCTAssertFalse(pingxiang.summed.isComplete)
        // Totals never count a city's own return.
        XCTAssertEqual(c.cities.first { $0.region.code == "360200" }?.values[.postsTotal], 240)
    }
}
