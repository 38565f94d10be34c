import JianxiDomain
@testable import JianxiRead
import XCTest

/// ByteWriter writes what reports and the store write a million times: it must write exactly
/// what the slower, obvious ways of writing the same values give.
final class ByteWriterTests: XCTestCase {
    private func written(_ body: (inout ByteWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: 256) { buffer in
            var out = ByteWriter(buffer.baseAddress!)
            body(&out)
            return out.count
        }
    }

    func testNumbersAreTheirDescriptions() {
        for n: Int64 in [0, 1, 9, 10, 99, 100, 12345, -1, -10, Int64.max, Int64.min] {
            XCTAssertEqual(written { $0.decimal(n) }, String(n))
        }
        for yuan: Int64 in [0, 1, 5, 10, 100, 1000, 9999, 10_000, 10_001, 12_340, 355_000, 355_001, 120_000, -1, -5000, -10_000,
                            -123_456_789, Int64.max, Int64.min] {
            XCTAssertEqual(written { $0.amount(yuan) }, Amount(yuan: yuan).description, "\(yuan)")
        }
    }

    func testJSONStringsEscapeQuotesBackslashesAndControlsOnly() throws {
        XCTAssertEqual(written { $0.jsonString("东湖区") }, "\"东湖区\"")
        XCTAssertEqual(written { $0.jsonString("a\"b\\c/d\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}") },
                       #""a\"b\\c/d\n\r\t\b\f\u0001\u001f\#u{7F}""#)
        XCTAssertEqual(written { $0.jsonString(orNull: String?.none) }, "null")
        XCTAssertEqual(written { $0.jsonString(orNull: CivilDate(year: 2026, month: 10, day: 9)) }, "\"2026-10-09\"")
        XCTAssertEqual(written { $0.jsonString(orNull: CivilDate(year: 999, month: 1, day: 1)) }, "\"999-01-01\"")
        XCTAssertEqual(written { $0.jsonString(orNull: Period(year: 2026, month: 9)) }, "\"2026-09\"")
        XCTAssertEqual(written { $0.jsonString(orNull: Period?.none) }, "null")
        // Every control character, and text around it, reads back as it was written.
        let text = String(decoding: (0..<0x20).map(UInt8.init) + Array("\"\\/é中\u{7F}".utf8), as: UTF8.self)
        var array: [UInt8] = []
        JSONWriter.writeString(text, into: &array)
        XCTAssertEqual(String(decoding: array, as: UTF8.self), written { $0.jsonString(text) })
        XCTAssertEqual(try JSONReader.parse(array).value, .string(text))
    }
}
