import JianxiDomain
import XCTest

final class IndicatorTests: XCTestCase {
    private let expectedKeys = [
        "units_total", "units_new", "posts_total", "posts_new", "planned", "onboarded", "onboarded_grads",
        "completed", "retained", "retained_grads", "employed_other", "ended_abnormal", "on_post", "subsidy_ytd",
    ]

    func testFourteenIndicatorsInFormOrderWithExactKeys() {
        XCTAssertEqual(Indicator.allCases.count, 14)
        XCTAssertEqual(Indicator.allCases.map(\.number), Array(1...14))
        XCTAssertEqual(Indicator.allCases.map(\.key), expectedKeys)
        XCTAssertEqual(Indicator.allCases.sorted(), Indicator.allCases)
        XCTAssertEqual(Indicator.onboardedGrads.key, "onboarded_grads")
        XCTAssertEqual(Indicator.subsidyYTD.number, 14)
    }

    func testLookupByKeyAndNumber() {
        for (index, key) in expectedKeys.enumerated() {
            XCTAssertEqual(Indicator(key: key)?.number, index + 1, key)
            XCTAssertEqual(Indicator(number: index + 1)?.key, key)
        }
        XCTAssertNil(Indicator(key: "Units_Total"), "keys are exact")
        XCTAssertNil(Indicator(key: "units total"))
        XCTAssertNil(Indicator(key: ""))
        XCTAssertNil(Indicator(key: "region_code"))
        XCTAssertNil(Indicator(number: 0))
        XCTAssertNil(Indicator(number: 15))
    }

    func testParentsFollowTheFormHeader() {
        // 2 under 1, 4 under 3, 7 under 6, 9 and 11 under 8, 10 under 9; the rest stand alone.
        let expected: [Int: Int] = [2: 1, 4: 3, 7: 6, 9: 8, 11: 8, 10: 9]
        for indicator in Indicator.allCases {
            XCTAssertEqual(indicator.parent?.number, expected[indicator.number], indicator.key)
        }
        XCTAssertEqual(Indicator.retainedGrads.parent?.parent, .completed)
    }

    func testUnitsAndKinds() {
        XCTAssertEqual(Indicator.allCases.map(\.unitZH),
                       ["个", "个", "个", "个", "人", "人", "人", "人", "人", "人", "人", "人", "人", "万元"])
        XCTAssertEqual(Indicator.allCases.filter { $0.kind == .amount }, [.subsidyYTD])
    }

    func testHeadersAsOnTheForm() {
        XCTAssertEqual(Indicator.unitsTotal.headerZH, "本期末实有见习单位总数")
        XCTAssertEqual(Indicator.subsidyYTD.headerZH, "本年累计各级财政实际拨付的见习补贴资金数")
        XCTAssertEqual(Indicator.onboardedGrads.headerZH, "其中：离校2年内未就业高校毕业生人数")
        XCTAssertEqual(Indicator.onboardedGrads.headerZH, Indicator.retainedGrads.headerZH, "7 and 10 share their header")
        let others = Indicator.allCases.filter { $0 != .onboardedGrads && $0 != .retainedGrads }
        XCTAssertEqual(Set(others.map(\.headerZH)).count, 12, "every other header is unique")
        XCTAssertFalse(others.map(\.headerZH).contains(Indicator.onboardedGrads.headerZH))
        XCTAssertEqual(Indicator.unitsTotal.templateHeader, "1.本期末实有见习单位总数")
        XCTAssertEqual(Indicator.onboardedGrads.templateHeader, "7.其中：离校2年内未就业高校毕业生人数")
        XCTAssertEqual(Indicator.retainedGrads.templateHeader, "10.其中：离校2年内未就业高校毕业生人数")
        XCTAssertEqual(Set(Indicator.allCases.map(\.templateHeader)).count, 14, "template headers are unique")
        XCTAssertEqual(Set(Indicator.allCases.map(\.nameEN)).count, 13, "only 7 and 10 share an English name")
    }

    func testFieldKeys() {
        XCTAssertEqual(Field.all.map(\.key),
                       ["region_code", "region_name", "period", "submitted_on", "reporter", "phone"] + expectedKeys + ["explanations"])
        XCTAssertEqual(Field.all.prefix(6).map(\.headerZH), ["行政区划代码", "填报单位", "统计期", "填报时间", "填报人", "联系电话"])
        XCTAssertEqual(Field.indicator(.planned).headerZH, "5.本期计划组织见习人数")
    }
}

final class IndicatorValuesTests: XCTestCase {
    func testScaledPutsCountsAndAmountsOnOneScale() {
        var values = IndicatorValues()
        values[.postsTotal] = 3
        values[.subsidyYTD] = 123_456  // 12.3456 万元
        XCTAssertEqual(values.scaled(.postsTotal), 30_000)
        XCTAssertEqual(values.scaled(.subsidyYTD), 123_456)
        XCTAssertNil(values.scaled(.unitsTotal), "an unread figure stays unknown")
        values[.onPost] = 0
        XCTAssertEqual(values.scaled(.onPost), 0)
        // A count of 1 and an amount of 1 万元 compare equal on the common scale.
        values[.unitsNew] = 1
        values[.subsidyYTD] = 10_000
        XCTAssertEqual(values.scaled(.unitsNew), values.scaled(.subsidyYTD))
    }

    func testSubscriptDisplayAndCompleteness() {
        var values = IndicatorValues()
        XCTAssertFalse(values.isComplete)
        XCTAssertNil(values[.planned])
        for indicator in Indicator.allCases { values[indicator] = Int64(indicator.number) }
        XCTAssertTrue(values.isComplete)
        XCTAssertEqual(Indicator.allCases.map { values[$0] }, (1...14).map { Int64($0) })
        values[.subsidyYTD] = 125_000
        XCTAssertEqual(values.display(.subsidyYTD), "12.5")
        XCTAssertEqual(values.subsidy, Amount(yuan: 125_000))
        XCTAssertEqual(values.display(.planned), "5")
        values[.planned] = nil
        XCTAssertFalse(values.isComplete)
        XCTAssertNil(values.display(.planned))
    }

    func testEqualityIsFigureByFigureAndAbsentIsNotZero() {
        var a = IndicatorValues(), b = IndicatorValues()
        XCTAssertEqual(a, b)
        a[.onPost] = 0
        XCTAssertNotEqual(a, b, "0 is a figure; nil is none")
        b[.onPost] = 0
        XCTAssertEqual(a, b)
        a[.subsidyYTD] = Int64.max
        b[.subsidyYTD] = Int64.min
        XCTAssertNotEqual(a, b)
        b[.subsidyYTD] = Int64.max
        XCTAssertEqual(a, b)
        a[.subsidyYTD] = nil
        b[.subsidyYTD] = nil
        XCTAssertEqual(a, b, "a figure set and removed leaves nothing behind")
        XCTAssertNil(a[.subsidyYTD])
    }
}
