import JianxiDomain
@testable import JianxiRead
import XCTest

final class FigureParserTests: XCTestCase {
    private func count(_ text: String) -> Result<Int64, CellProblem> { FigureParser.parse(text, kind: .count) }
    private func amount(_ text: String) -> Result<Int64, CellProblem> { FigureParser.parse(text, kind: .amount) }

    /// Checks text -> result for both kinds of figure.
    private func check(_ cases: [(String, Result<Int64, CellProblem>)], kind: Indicator.Kind,
                       file: StaticString = #filePath, line: UInt = #line) {
        for (text, expected) in cases {
            XCTAssertEqual(FigureParser.parse(text, kind: kind), expected, "\(kind) \(text.debugDescription)", file: file, line: line)
        }
    }

    func testPlainDigits() {
        check([("0", .success(0)), ("7", .success(7)), ("12", .success(12)), ("007", .success(7)),
               ("1234567", .success(1_234_567)), ("9999999999", .success(9_999_999_999))], kind: .count)
        check([("0", .success(0)), ("12", .success(120_000)), ("9999999999", .success(99_999_999_990_000))], kind: .amount)
    }

    /// Plain figures are read by a short path; a leading space sends the same text down the
    /// general one, which must agree on every outcome.
    func testPlainFiguresReadAsTheGeneralReaderReadsThem() {
        var generator = SeededGenerator(seed: 14)
        let alphabet = Array("0123456789.".utf8)
        for _ in 0..<20_000 {
            let text = String(decoding: (0..<Int.random(in: 0...13, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }, as: UTF8.self)
            for kind in [Indicator.Kind.count, .amount] where !text.isEmpty {
                XCTAssertEqual(FigureParser.parse(text, kind: kind), FigureParser.parse(" " + text, kind: kind), "\(kind) \(text)")
            }
        }
    }

    func testSurroundingSpacesOfEveryKind() {
        check([(" 12", .success(12)), ("12 ", .success(12)), ("  12  ", .success(12)), ("\t12\t", .success(12)),
               ("\u{3000}12\u{3000}", .success(12)), ("\u{00A0}12\u{00A0}", .success(12)),
               (" \t\u{3000}\u{00A0}12\u{00A0}\u{3000}\t ", .success(12))], kind: .count)
        check([(" 12.5 ", .success(125_000)), ("\u{3000}0.0001", .success(1))], kind: .amount)
        // Spaces inside a number are not separators.
        check([("1 234", .failure(.notNumber)), ("1\u{3000}234", .failure(.notNumber)), ("1\u{00A0}234", .failure(.notNumber)),
               ("- 1", .failure(.notNumber))], kind: .count)
    }

    func testEmpty() {
        for text in ["", " ", "\t", "\u{3000}", "\u{00A0}", " \u{3000} "] {
            XCTAssertEqual(count(text), .failure(.empty), text.debugDescription)
            XCTAssertEqual(amount(text), .failure(.empty), text.debugDescription)
        }
    }

    func testThousandsSeparators() {
        check([("1,234", .success(1_234)), ("1,234,567", .success(1_234_567)), ("12,345", .success(12_345)),
               ("123,456", .success(123_456)), ("1,000,000,000", .success(1_000_000_000)), (" 1,234 ", .success(1_234))],
              kind: .count)
        check([("1,234.5", .success(12_345_000)), ("1,234.5678", .success(12_345_678))], kind: .amount)
        // Groups of three only, and never at the ends.
        check([("12,34", .failure(.notNumber)), ("1,2345", .failure(.notNumber)), ("1234,567", .failure(.notNumber)),
               ("1,23,456", .failure(.notNumber)), (",123", .failure(.notNumber)), ("123,", .failure(.notNumber)),
               ("1,,234", .failure(.notNumber)), ("1,234,56", .failure(.notNumber)), (",", .failure(.notNumber)),
               ("1,234.5,6", .failure(.notNumber)), ("12,5", .failure(.notNumber))], kind: .count)
        XCTAssertEqual(amount("12,34"), .failure(.notNumber), "a decimal comma is not read as a point")
    }

    func testFullWidthForms() {
        check([("１２３", .success(123)), ("１，２３４", .success(1_234)), ("１,２３４", .success(1_234)),
               ("３．００", .success(3)), ("\u{3000}４５\u{3000}", .success(45)), ("－０", .success(0))], kind: .count)
        check([("１２．５", .success(125_000)), ("１２．３４５６", .success(123_456))], kind: .amount)
        XCTAssertEqual(count("－１"), .failure(.negative), "full-width minus")
        XCTAssertEqual(count("２．５"), .failure(.notInteger))
        XCTAssertEqual(count("１２／３"), .failure(.notNumber), "full-width solidus is mapped but is no part of a number")
        XCTAssertEqual(count("１２３ａ"), .failure(.notNumber))
    }

    func testCountsMustBeWhole() {
        check([("3.00", .success(3)), ("3.0", .success(3)), ("0.000", .success(0)), ("1,234.00", .success(1_234))], kind: .count)
        check([("2.5", .failure(.notInteger)), ("0.1", .failure(.notInteger)), ("3.001", .failure(.notInteger)),
               ("3.00001", .failure(.notInteger)), ("3.10", .failure(.notInteger))], kind: .count)
    }

    func testNegativeAndSignedZero() {
        check([("-1", .failure(.negative)), ("-12.5", .failure(.negative)), ("-1,234", .failure(.negative)),
               ("-0.001", .failure(.negative))], kind: .count)
        check([("-0", .success(0)), ("-0.00", .success(0)), ("-000", .success(0))], kind: .count)
        check([("-0.0001", .failure(.negative)), ("-0", .success(0)), ("-0.0000", .success(0))], kind: .amount)
        check([("--1", .failure(.notNumber)), ("+1", .failure(.notNumber)), ("1-", .failure(.notNumber)),
               ("-", .failure(.notNumber)), ("\u{2212}1", .failure(.notNumber))], kind: .count)
    }

    func testNotANumber() {
        let texts = ["1e5", "1E5", "0x10", "无", "—", "-", "－", "12人", "12个", "约12", "N/A", "null", "abc", "1.2.3",
                     "１２人", "12\u{FF05}", "￥12", "12万元", "(12)", "1_000", "12\r", "12\n", "\"12\""]
        for text in texts {
            XCTAssertEqual(count(text), .failure(.notNumber), text.debugDescription)
            XCTAssertEqual(amount(text), .failure(.notNumber), text.debugDescription)
        }
    }

    func testTooLarge() {
        check([("12345678901", .failure(.tooLarge)), ("99999999999", .failure(.tooLarge)),
               ("12,345,678,901", .failure(.tooLarge)), ("12345678901.0", .failure(.tooLarge)),
               ("１２３４５６７８９０１", .failure(.tooLarge))], kind: .count)
        check([("12345678901", .failure(.tooLarge)), ("12345678901.5", .failure(.tooLarge))], kind: .amount)
        // Leading zeros do not make a number large.
        check([("00000000001", .success(1)), ("0009999999999", .success(9_999_999_999))], kind: .count)
        check([("9,999,999,999", .success(9_999_999_999))], kind: .count)
    }

    func testAmountsInTenThousandYuan() {
        check([("12.3456", .success(123_456)), ("12.5", .success(125_000)), ("0.0001", .success(1)),
               ("12.34560", .success(123_456)), ("12.345600000", .success(123_456)), ("12.0000", .success(120_000)),
               ("0.5", .success(5_000)), ("3", .success(30_000)), ("3.00", .success(30_000))], kind: .amount)
        check([("12.34567", .failure(.tooManyDecimals)), ("0.00001", .failure(.tooManyDecimals)),
               ("12.34561", .failure(.tooManyDecimals))], kind: .amount)
    }

    func testAPointWithDigitsOnOneSide() {
        // Excel reads ".5" as 0.5 and "5." as 5 when they are typed; SPSS and Stata write ".5".
        check([(".5", .success(5_000)), ("5.", .success(50_000)), (".0001", .success(1)), ("1,234.", .success(12_340_000)),
               ("-.0", .success(0)), (" .25 ", .success(2_500)), ("．５", .success(5_000))], kind: .amount)
        check([("5.", .success(5)), (".0", .success(0)), (".5", .failure(.notInteger)), ("-.5", .failure(.negative))], kind: .count)
        // But a point alone, or a point with a sign and nothing else, is no number.
        for text in [".", "-.", "..5", "5..", ".5.", ",.5", " . "] {
            XCTAssertEqual(count(text), .failure(.notNumber), text.debugDescription)
            XCTAssertEqual(amount(text), .failure(.notNumber), text.debugDescription)
        }
    }

    func testMalformedUTF8IsNotANumber() {
        // The byte-level entry point sees raw cell bytes: a truncated full-width digit, a lone
        // continuation byte and a truncated ideographic space are all rejected.
        for bytes: [UInt8] in [[0x31, 0xEF, 0xBC], [0xEF, 0xBC, 0x91, 0xEF], [0x80, 0x31], [0xE3, 0x80, 0x31], [0xC2, 0x31]] {
            let result = bytes.withUnsafeBufferPointer { FigureParser.parse($0, kind: .count) }
            XCTAssertEqual(result, .failure(.notNumber), "\(bytes)")
        }
        let fullWidthOne: [UInt8] = [0xEF, 0xBC, 0x91]
        XCTAssertEqual(fullWidthOne.withUnsafeBufferPointer { FigureParser.parse($0, kind: .count) }, .success(1))
    }

    func testProblemsMapToFindingCodes() {
        XCTAssertEqual(CellProblem.empty.code, .empty)
        XCTAssertEqual(CellProblem.notNumber.code.rawValue, "E_NOT_NUMBER")
        XCTAssertEqual(CellProblem.negative.code.rawValue, "E_NEGATIVE")
        XCTAssertEqual(CellProblem.notInteger.code.rawValue, "E_NOT_INTEGER")
        XCTAssertEqual(CellProblem.tooManyDecimals.code.rawValue, "E_TOO_MANY_DECIMALS")
        XCTAssertEqual(CellProblem.tooLarge.code.rawValue, "E_TOO_LARGE")
        XCTAssertEqual(CellProblem.empty.code.rawValue, "E_EMPTY")
    }
}
