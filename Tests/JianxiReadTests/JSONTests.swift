import XCTest
import JianxiDomain
@testable import JianxiRead

final class JSONTests: XCTestCase {
    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONNode? {
        do {
            return try JSONReader.parse(Array(text.utf8))
        } catch {
            XCTFail("unexpected \(error.message.en)", file: file, line: line)
            return nil
        }
    }

    func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONReader.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    /// Asserts that `text` fails at `line`:`column` with a message containing `en` and `zh`.
    func assertError(_ text: String, _ line: Int, _ column: Int, en: String, zh: String,
                     file: StaticString = #filePath, sourceLine: UInt = #line) {
        guard let error = syntaxError(Array(text.utf8)) else {
            return XCTFail("\(text.debugDescription) parsed", file: file, line: sourceLine)
        }
        XCTAssertEqual(error.line, line, "line of \(error.message.en)", file: file, line: sourceLine)
        XCTAssertEqual(error.column, column, "column of \(error.message.en)", file: file, line: sourceLine)
        XCTAssertTrue(error.message.en.hasPrefix("line \(line), column \(column): "), error.message.en, file: file, line: sourceLine)
        XCTAssertTrue(error.message.zh.hasPrefix("第\(line)行第\(column)列："), error.message.zh, file: file, line: sourceLine)
        XCTAssertTrue(error.message.en.contains(en), error.message.en, file: file, line: sourceLine)
        XCTAssertTrue(error.message.zh.contains(zh), error.message.zh, file: file, line: sourceLine)
    }

    // MARK: Values

    func testScalars() {
        XCTAssertEqual(parse("true")?.value, .bool(true))
        XCTAssertEqual(parse(" false ")?.value, .bool(false))
        XCTAssertEqual(parse("\nnull")?.value, .null)
        XCTAssertEqual(parse("\"江西\"")?.value, .string("江西"))
        XCTAssertEqual(parse("\"\"")?.value, .string(""))
    }

    func testNumbersKeepTheirLexeme() {
        for lexeme in ["0", "-0", "12", "12.3456", "0.0001", "-1.50", "1e5", "1E+10", "2.5e-3", "123456789012345678901234567890"] {
            XCTAssertEqual(parse(lexeme)?.value, .number(lexeme))
            XCTAssertEqual(parse("[\(lexeme)]")?.value, .array([JSONNode(.number(lexeme), line: 1, column: 2)]))
        }
    }

    func testObjectsKeepOrderAndDuplicates() {
        let node = parse("{\"b\": 1, \"a\": 2, \"b\": 3}")
        guard case .object(let members)? = node?.value else { return XCTFail() }
        XCTAssertEqual(members.map(\.key), ["b", "a", "b"])
        XCTAssertEqual(members.map(\.node.value), [.number("1"), .number("2"), .number("3")])
        XCTAssertEqual(members.map(\.keyColumn), [2, 10, 18])
    }

    func testPositionsCountCharactersAndLines() {
        let text = """
        {
          "填报单位": "东湖区",
        \t"values": [1,
            {"x": null}],
          "e": {}
        }
        """
        guard case .object(let members)? = parse(text)?.value else { return XCTFail() }
        XCTAssertEqual(members[0].keyLine, 2)
        XCTAssertEqual(members[0].keyColumn, 3)
        XCTAssertEqual(members[0].node.line, 2)
        XCTAssertEqual(members[0].node.column, 11)  // 4 Chinese characters count as 4 columns
        XCTAssertEqual(members[1].keyLine, 3)
        XCTAssertEqual(members[1].keyColumn, 2)
        guard case .array(let elements) = members[1].node.value else { return XCTFail() }
        XCTAssertEqual([elements[0].line, elements[0].column], [3, 13])
        XCTAssertEqual([elements[1].line, elements[1].column], [4, 5])
        XCTAssertEqual([members[2].node.line, members[2].node.column], [5, 8])
        // CRLF and lone CR end lines too.
        guard case .array(let items)? = parse("[1,\r\n2,\r3]")?.value else { return XCTFail() }
        XCTAssertEqual(items.map(\.line), [1, 2, 3])
    }

    func testStringEscapes() {
        XCTAssertEqual(parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#)?.value, .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
        XCTAssertEqual(parse(#""\u00e9\u4E2D\u0000""#)?.value, .string("é中\u{0}"))
        XCTAssertEqual(parse(#""\uD83D\uDE00 \ud83d\ude00""#)?.value, .string("😀 😀"))
        XCTAssertEqual(parse(#""x\u0041y""#)?.value, .string("xAy"))
    }

    func testByteOrderMarkIsAllowed() throws {
        let node = try JSONReader.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8))
        XCTAssertEqual([node.line, node.column], [1, 1])
    }

    func testNestingUpToTheLimit() {
        let depth = JSONReader.maximumDepth
        XCTAssertNotNil(parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        XCTAssertNotNil(parse(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)))
        assertError(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1), 1, depth + 1,
                    en: "nested deeper than 200", zh: "嵌套超过200层")
        // Far deeper input is rejected just as cleanly.
        assertError(String(repeating: "[{\"k\":", count: 100_000), 1, 601, en: "nested deeper", zh: "嵌套")
    }

    // MARK: Errors

    func testErrorsWithPositions() {
        assertError("", 1, 1, en: "no JSON value", zh: "没有JSON内容")
        assertError("  \n ", 2, 2, en: "no JSON value", zh: "没有JSON内容")
        assertError("{\"a\": 1} x", 1, 10, en: "after the JSON value", zh: "多余的内容")
        assertError("[1] [2]", 1, 5, en: "after the JSON value", zh: "多余的内容")
        assertError("[01]", 1, 2, en: "leading zeros", zh: "不能以0开头")
        assertError("-01", 1, 2, en: "leading zeros", zh: "不能以0开头")
        assertError("[1.]", 1, 4, en: "after the decimal point", zh: "小数点后")
        assertError("1e+", 1, 4, en: "exponent", zh: "指数")
        assertError("-", 1, 2, en: "after '-'", zh: "负号后")
        assertError("[.5]", 1, 2, en: "expected a value, found '.'", zh: "此处应为一个值")
        assertError("[+1]", 1, 2, en: "found '+'", zh: "此处应为一个值")
        assertError("{\"a\": NaN}", 1, 7, en: "unrecognised value 'NaN'", zh: "无法识别的值“NaN”")
        assertError("[Infinity]", 1, 2, en: "'Infinity'", zh: "Infinity")
        assertError("[-Infinity]", 1, 2, en: "'-Infinity'", zh: "-Infinity")
        assertError("[True]", 1, 2, en: "'True'", zh: "True")
        assertError("nullx", 1, 1, en: "'nullx'", zh: "nullx")
        assertError("[1,]", 1, 4, en: "trailing comma before ']'", zh: "多了一个逗号")
        assertError("{\"a\":1,\n}", 2, 1, en: "trailing comma before '}'", zh: "多了一个逗号")
        assertError("[1 2]", 1, 4, en: "expected ',' or ']'", zh: "缺少逗号或右括号")
        assertError("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, en: "expected ',' or '}'", zh: "缺少逗号或右括号“}”")
        assertError("{\"a\" 1}", 1, 6, en: "expected ':'", zh: "冒号")
        assertError("{a: 1}", 1, 2, en: "key in double quotes", zh: "键名")
        assertError("{,}", 1, 2, en: "key in double quotes", zh: "键名")
        assertError("['a']", 1, 2, en: "double quotes, not single", zh: "单引号")
        assertError("[1,\n  \"abc", 2, 3, en: "unterminated string", zh: "缺少结束的双引号")
        assertError("[\"a\tb\"]", 1, 4, en: "control character", zh: "控制字符")
        assertError("\"a\nb\"", 1, 3, en: "control character", zh: "控制字符")
        assertError(#"["\x"]"#, 1, 3, en: #"invalid escape '\x'"#, zh: "转义")
        assertError(#""\u12G4""#, 1, 2, en: "4 hexadecimal digits", zh: "十六进制")
        assertError(#""ab\uD83D""#, 1, 4, en: "unpaired surrogate", zh: "代理项")
        assertError(#""\uDE00""#, 1, 2, en: "unpaired surrogate", zh: "代理项")
        assertError(#""\uD83Dx""#, 1, 2, en: "unpaired surrogate", zh: "代理项")
        assertError(#""\uD83D\u0041""#, 1, 2, en: "unpaired surrogate", zh: "代理项")
        assertError("[1, 2", 1, 6, en: "unexpected end of input", zh: "意外结束")
        assertError("{\"a\":", 1, 6, en: "unexpected end of input", zh: "意外结束")
        assertError("{\"a\"", 1, 5, en: "unexpected end of input", zh: "意外结束")
        assertError("[", 1, 2, en: "unexpected end of input", zh: "意外结束")
        assertError(#""\"#, 1, 3, en: "unexpected end of input", zh: "意外结束")
        assertError("// comment\n{}", 1, 1, en: "expected a value, found '/'", zh: "此处应为一个值")
        assertError("[\"东湖区\", 1 x]", 1, 11, en: "expected ',' or ']'", zh: "缺少逗号")
    }

    func testInvalidUTF8InStrings() {
        let error = syntaxError(Array("[\"ok\", \"".utf8) + [0xBD, 0xAD] + Array("\"]".utf8))
        XCTAssertEqual(error?.line, 1)
        XCTAssertEqual(error?.column, 8)
        XCTAssertEqual(error?.message.en, "line 1, column 8: string is not valid UTF-8")
        XCTAssertEqual(error?.message.zh, "第1行第8列：字符串不是有效的UTF-8文字")
        XCTAssertNotNil(syntaxError([0xFF]))
        XCTAssertNotNil(syntaxError(Array("\"a\\n".utf8) + [0xC0, 0x80] + Array("\"".utf8)))
    }

    func testRandomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("{}[]\",:\\u0123456789.-+eEtruefalsn \n\r\t".utf8) + [0xE6, 0xB1, 0x9F, 0xFF, 0x00]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                Bool.random(using: &generator) ? alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
                    : UInt8.random(in: 0...255, using: &generator)
            }
            if let error = syntaxError(bytes) {
                XCTAssertGreaterThanOrEqual(error.line, 1)
                XCTAssertGreaterThanOrEqual(error.column, 1)
            }
        }
    }

    // MARK: Writer

    func testWriterCompactAndPretty() {
        let value = JSONValue.object([
            member("region_code", .string("360102")),
            member("subsidy_ytd", .number("12.3456")),
            member("values", .array([node(.number("1")), node(.null), node(.bool(true)), node(.array([])), node(.object([]))])),
            member("note", .string("引号\"、反斜杠\\、换行\n、制表\t、\u{1}")),
        ])
        XCTAssertEqual(JSONWriter.write(value, pretty: false),
                       #"{"region_code":"360102","subsidy_ytd":12.3456,"values":[1,null,true,[],{}],"note":"引号\"、反斜杠\\、换行\n、制表\t、\u0001"}"#)
        XCTAssertEqual(JSONWriter.write(value, pretty: true), """
        {
          "region_code": "360102",
          "subsidy_ytd": 12.3456,
          "values": [
            1,
            null,
            true,
            [],
            {}
          ],
          "note": "引号\\"、反斜杠\\\\、换行\\n、制表\\t、\\u0001"
        }
        """)
        XCTAssertEqual(JSONWriter.write(.string("\u{8}\u{C}\r\u{1F}/é"), pretty: true), #""\b\f\r\u001f/é""#)
    }

    func testRoundTrips() throws {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            for pretty in [false, true] {
                let text = JSONWriter.write(value, pretty: pretty)
                let parsed = try JSONReader.parse(Array(text.utf8))
                XCTAssertEqual(stripped(parsed.value), stripped(value), text)
                XCTAssertEqual(JSONWriter.write(parsed.value, pretty: pretty), text)
            }
        }
    }

    func testBigFile() throws {
        var text = "[\n"
        for i in 0..<50_000 {
            text += "  {\"region_code\": \"3601\(i % 100)\", \"填报单位\": \"东湖区\", \"subsidy_ytd\": \(i).0001, \"values\": [1, 2, 3]}"
            text += i == 49_999 ? "\n]\n" : ",\n"
        }
        let node = try JSONReader.parse(Array(text.utf8))
        guard case .array(let returns) = node.value, case .object(let last)? = returns.last?.value else { return XCTFail() }
        XCTAssertEqual(returns.count, 50_000)
        XCTAssertEqual(returns.last?.line, 50_001)
        XCTAssertEqual(last[2].node.value, .number("49999.0001"))
        XCTAssertEqual(last[2].node.column, 59)
    }

    // MARK: Helpers

    func node(_ value: JSONValue) -> JSONNode { JSONNode(value, line: 0, column: 0) }
    func member(_ key: String, _ value: JSONValue) -> JSONMember {
        JSONMember(key: key, node: node(value), keyLine: 0, keyColumn: 0)
    }

    /// The value with every position zeroed, to compare structure only.
    func stripped(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): .object(members.map { member($0.key, stripped($0.node.value)) })
        case .array(let elements): .array(elements.map { node(stripped($0.value)) })
        default: value
        }
    }

    func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let strings = ["", "a", "东湖区", "\"q\"", "back\\slash", "tab\t", "\u{0}\u{1F}", "😀", "\u{2028}"]
        let numbers = ["0", "-0", "12.3456", "1e-7", "-3E+2", "100"]
        switch Int.random(in: 0..<(depth < 4 ? 7 : 4), using: &generator) {
        case 0: return .string(strings[Int.random(in: 0..<strings.count, using: &generator)])
        case 1: return .number(numbers[Int.random(in: 0..<numbers.count, using: &generator)])
        case 2: return .bool(Bool.random(using: &generator))
        case 3: return .null
        case 4, 5:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in node(randomValue(depth: depth + 1, using: &generator)) })
        default:
            return .object((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                member(strings[Int.random(in: 0..<strings.count, using: &generator)], randomValue(depth: depth + 1, using: &generator))
            })
        }
    }
}
