import JianxiDomain
import XCTest

final class RegionRegistryTests: XCTestCase {
    private let province = Region(code: "360000", name: "江西省", level: .province, parentCode: nil)
    private let nanchang = Region(code: "360100", name: "南昌市", level: .city, parentCode: "360000")
    private let donghu = Region(code: "360102", name: "东湖区", level: .county, parentCode: "360100")
    private let xihu = Region(code: "360103", name: "西湖区", level: .county, parentCode: "360100")
    private let nanchangCounty = Region(code: "360121", name: "南昌县", level: .county, parentCode: "360100")
    private let jian = Region(code: "360800", name: "吉安市", level: .city, parentCode: "360000")
    private let jianCounty = Region(code: "360821", name: "吉安县", level: .county, parentCode: "360800")
    /// A city-level unit with no counties of its own (the Ganjiang New Area has no official code;
    /// this one is made up for the test).
    private let ganjiang = Region(code: "369900", name: "赣江新区", level: .city, parentCode: "360000")

    private var all: [Region] { [province, nanchang, donghu, xihu, nanchangCounty, jian, jianCounty, ganjiang] }

    private func makeRegistry(_ regions: [Region]? = nil, line: UInt = #line) -> RegionRegistry {
        do {
            return try RegionRegistry(regions: regions ?? all)
        } catch {
            XCTFail("unexpected \(error)", line: line)
            return try! RegionRegistry(regions: [])
        }
    }

    private func assertProblem(_ regions: [Region], _ expected: RegionRegistry.Problem, line: UInt = #line) {
        do {
            _ = try RegionRegistry(regions: regions)
            XCTFail("expected \(expected)", line: line)
        } catch {
            XCTAssertEqual(error, expected, line: line)
        }
    }

    // MARK: Hierarchy errors

    func testDuplicateCode() {
        let again = Region(code: "360102", name: "东湖区二", level: .county, parentCode: "360100")
        assertProblem(all + [again], .duplicateCode("360102"))
    }

    func testUnknownParent() {
        let orphan = Region(code: "360402", name: "濂溪区", level: .county, parentCode: "360400")
        assertProblem(all + [orphan], .unknownParent(code: "360402", parent: "360400"))
    }

    func testParentsMustBeOneLevelUp() {
        let countyUnderProvince = Region(code: "360999", name: "某县", level: .county, parentCode: "360000")
        assertProblem(all + [countyUnderProvince], .badParentLevel(code: "360999", parent: "360000"))
        let countyUnderCounty = Region(code: "360199", name: "某县", level: .county, parentCode: "360102")
        assertProblem(all + [countyUnderCounty], .badParentLevel(code: "360199", parent: "360102"))
        let cityUnderCity = Region(code: "360199", name: "某市", level: .city, parentCode: "360100")
        assertProblem(all + [cityUnderCity], .badParentLevel(code: "360199", parent: "360100"))
        let provinceWithParent = Region(code: "370000", name: "某省", level: .province, parentCode: "360000")
        assertProblem(all + [provinceWithParent], .badParentLevel(code: "370000", parent: "360000"))
    }

    func testOrderOfRegionsDoesNotMatter() {
        let reversed = makeRegistry(all.reversed())
        XCTAssertEqual(reversed.regions.map(\.code), all.map(\.code).sorted())
        XCTAssertEqual(reversed.reportingUnits.map(\.code), makeRegistry().reportingUnits.map(\.code))
    }

    // MARK: Hierarchy

    func testReportingUnitsAreTheLeavesBelowTheProvince() {
        let registry = makeRegistry()
        // Counties, and the city-level unit with no counties; not the province, not cities with counties.
        XCTAssertEqual(registry.reportingUnits.map(\.code), ["360102", "360103", "360121", "360821", "369900"])
        XCTAssertTrue(registry.isReportingUnit(ganjiang))
        XCTAssertFalse(registry.isReportingUnit(nanchang))
        XCTAssertFalse(registry.isReportingUnit(province))
        // A province alone has no reporting units; a city alone reports itself.
        XCTAssertEqual(makeRegistry([province]).reportingUnits, [])
        XCTAssertEqual(makeRegistry([province, jian]).reportingUnits.map(\.code), ["360800"])
    }

    func testLookupChildrenAndCity() {
        let registry = makeRegistry()
        XCTAssertEqual(registry["360102"]?.name, "东湖区")
        XCTAssertNil(registry["360104"])
        XCTAssertEqual(registry.children(of: "360100").map(\.code), ["360102", "360103", "360121"])
        XCTAssertEqual(registry.children(of: "360000").map(\.code), ["360100", "360800", "369900"])
        XCTAssertEqual(registry.children(of: "360102"), [])
        XCTAssertEqual(registry.city(of: donghu), nanchang)
        XCTAssertEqual(registry.city(of: jianCounty), jian)
        XCTAssertEqual(registry.city(of: ganjiang), ganjiang)
        XCTAssertNil(registry.city(of: province))
        XCTAssertEqual(registry.regions.map(\.code), all.map(\.code).sorted())
    }

    // MARK: Names as written

    func testNameMatchesTheFormsReportersUse() {
        let registry = makeRegistry()
        for written in ["东湖区", "南昌市东湖区", "江西省南昌市东湖区", "东湖区人社局", "南昌市东湖区人力资源和社会保障局",
                        "江西省东湖区", " 东湖区 ", "南昌市 东湖区", "东湖区\u{3000}人社局"] {
            XCTAssertTrue(registry.name(written, matches: donghu), written)
        }
        for written in ["西湖区", "南昌市西湖区", "江西省南昌市西湖区", "东湖", "湖区", "", "南昌市", "江西省",
                        "九江市东湖区", "南昌县东湖区", "区东湖区"] {
            XCTAssertFalse(registry.name(written, matches: donghu), written)
        }
        XCTAssertFalse(registry.name("东湖区", matches: xihu))
        XCTAssertTrue(registry.name("西湖区人社局", matches: xihu))
    }

    func testCountyAndCityOfTheSameStemAreNotConfused() {
        let registry = makeRegistry()
        // 南昌县 is a county of 南昌市: the city's name is not a way of writing the county.
        XCTAssertTrue(registry.name("南昌县", matches: nanchangCounty))
        XCTAssertTrue(registry.name("南昌市南昌县", matches: nanchangCounty))
        XCTAssertTrue(registry.name("江西省南昌市南昌县人社局", matches: nanchangCounty))
        XCTAssertFalse(registry.name("南昌市", matches: nanchangCounty))
        XCTAssertFalse(registry.name("南昌市人社局", matches: nanchangCounty))
        XCTAssertFalse(registry.name("南昌县", matches: nanchang))
        XCTAssertTrue(registry.name("南昌市", matches: nanchang))
        XCTAssertTrue(registry.name("江西省南昌市", matches: nanchang))
        XCTAssertFalse(registry.name("吉安市", matches: jianCounty))
        XCTAssertTrue(registry.name("吉安市吉安县", matches: jianCounty))
        XCTAssertFalse(registry.name("吉安县", matches: jian))
        XCTAssertTrue(registry.name("赣江新区", matches: ganjiang))
        XCTAssertTrue(registry.name("江西省赣江新区管委会", matches: ganjiang))
    }

    func testACountyNamedAfterItsCityIsStillMatched() {
        // When a county's name begins with its city's name, the city prefix must not be stripped
        // from the county's own name.
        let city = Region(code: "100100", name: "某市", level: .city, parentCode: nil)
        let county = Region(code: "100101", name: "某市区", level: .county, parentCode: "100100")
        let registry = makeRegistry([city, county])
        XCTAssertTrue(registry.name("某市区", matches: county))
        XCTAssertTrue(registry.name("某市某市区", matches: county))
        XCTAssertFalse(registry.name("某市", matches: county))
    }
}
