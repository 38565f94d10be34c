import JianxiDomain
import XCTest

final class AmountTests: XCTestCase {
    func testDescriptionUsesOnlyTheDecimalsNeeded() {
        let cases: [(Int64, String)] = [
            (0, "0"), (10_000, "1"), (120_000, "12"), (125_000, "12.5"), (1, "0.0001"), (10, "0.001"),
            (100, "0.01"), (123_456, "12.3456"), (123_450, "12.345"), (1_230_000, "123"),
            (100_001, "10.0001"), (-5_000, "-0.5"), (-1, "-0.0001"), (-125_000, "-12.5"),
            (99_999_999_990_000, "9999999999"),
        ]
        for (yuan, text) in cases {
            XCTAssertEqual(Amount(yuan: yuan).description, text, "\(yuan) yuan")
        }
    }

    func testFormattedRoundsHalfAwayFromZero() {
        let twoDecimals: [(Int64, String)] = [
            (125_000, "12.50"), (120_000, "12.00"), (0, "0.00"),
            (123_456, "12.35"), (123_449, "12.34"), (123_450, "12.35"), (123_451, "12.35"),
            (-123_450, "-12.35"), (-123_449, "-12.34"), (-123_451, "-12.35"),
            (99_950, "10.00"), (99_949, "9.99"), (1, "0.00"), (49, "0.00"), (50, "0.01"),
            (-50, "-0.01"), (-49, "0.00"),  // not "-0.00"
        ]
        for (yuan, text) in twoDecimals {
            XCTAssertEqual(Amount(yuan: yuan).formatted(decimals: 2), text, "\(yuan) yuan")
        }
        XCTAssertEqual(Amount(yuan: 125_000).formatted(decimals: 0), "13")
        XCTAssertEqual(Amount(yuan: 124_999).formatted(decimals: 0), "12")
        XCTAssertEqual(Amount(yuan: 5_000).formatted(decimals: 0), "1")
        XCTAssertEqual(Amount(yuan: 4_999).formatted(decimals: 0), "0")
        XCTAssertEqual(Amount(yuan: -5_000).formatted(decimals: 0), "-1")
        XCTAssertEqual(Amount(yuan: 99_999).formatted(decimals: 1), "10.0")
        XCTAssertEqual(Amount(yuan: 123_449).formatted(decimals: 3), "12.345")
        XCTAssertEqual(Amount(yuan: 1).formatted(decimals: 4), "0.0001")
        XCTAssertEqual(Amount(yuan: 125_000).formatted(decimals: 4), "12.5000")
        XCTAssertEqual(Amount(yuan: -1).formatted(decimals: 4), "-0.0001")
    }

    func testComparisonIsExact() {
        XCTAssertLessThan(Amount(yuan: 1), Amount(yuan: 2))
        XCTAssertLessThan(Amount(yuan: -1), Amount(yuan: 0))
        XCTAssertEqual(Amount(yuan: 10_000), Amount(yuan: 10_000))
        XCTAssertNotEqual(Amount(yuan: 10_000), Amount(yuan: 10_001))
        XCTAssertEqual(Set([Amount(yuan: 5), Amount(yuan: 5), Amount(yuan: 6)]).count, 2)
    }
}
