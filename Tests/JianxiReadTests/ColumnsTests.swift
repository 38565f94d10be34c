import JianxiDomain
@testable import JianxiRead
import XCTest

/// HeaderMatcher (one header cell) and ColumnLayout (a header row), internal to JianxiRead.
final class ColumnsTests: XCTestCase {
    /// The header `jianxi template` writes: every field, in order.
    /// The 20 columns of the form (the optional 说明 column left out, so letters stay A-T).
    private let template = Field.all.filter { $0 != .explanations }.map(\.headerZH)
    private let at = Location(source: "returns.csv", row: 1)

    private func codes(_ findings: [Finding]) -> [String] { findings.map(\.code) }

    // MARK: HeaderMatcher

    private func match(_ header: String) -> HeaderMatcher.Match { HeaderMatcher.match(header) }
    private func indicator(_ number: Int) -> HeaderMatcher.Match { .field(.indicator(Indicator(number: number)!)) }

    func testCanonicalKeys() {
        for field in Field.all {
            XCTAssertEqual(match(field.key), .field(field), field.key)
        }
        XCTAssertEqual(match("UNITS_TOTAL"), indicator(1), "keys ignore case")
        XCTAssertEqual(match("Region_Code"), .field(.regionCode))
        XCTAssertEqual(match(" subsidy_ytd "), indicator(14))
        XCTAssertEqual(match("\u{FEFF}region_code"), .field(.regionCode), "a byte-order mark before the first header")
        XCTAssertEqual(match("units total"), .unknown, "spaces are removed, not read as underscores")
    }

    func testUnitsAndSealAfterAHeader() {
        XCTAssertEqual(match("本期末实有见习单位总数（个）"), indicator(1))
        XCTAssertEqual(match("14.本年累计各级财政实际拨付的见习补贴资金数(万元)"), indicator(14))
        XCTAssertEqual(match("填报单位（盖章）"), .field(.regionName))
        XCTAssertEqual(match("（个）"), .unknown, "a unit alone is no header")
    }

    func testIndicatorNumbers() {
        for number in 1...14 {
            XCTAssertEqual(match("\(number)"), indicator(number))
            XCTAssertEqual(match("指标\(number)"), indicator(number))
        }
        XCTAssertEqual(match("指标 7"), indicator(7))
        XCTAssertEqual(match("１４"), indicator(14), "full-width digits")
        XCTAssertEqual(match("指标１"), indicator(1))
        XCTAssertEqual(match("01"), indicator(1))
        for header in ["15", "0", "00", "指标15", "指标0", "99", "100", "15.本期末实有见习单位总数", "指标"] {
            XCTAssertEqual(match(header), .unknown, header)
        }
    }

    func testNumberAndFormText() {
        for indicator in Indicator.allCases {
            XCTAssertEqual(match(indicator.templateHeader), .field(.indicator(indicator)), indicator.templateHeader)
        }
        XCTAssertEqual(match("1.本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("7.其中：离校2年内未就业高校毕业生人数"), indicator(7))
        XCTAssertEqual(match("10.其中：离校2年内未就业高校毕业生人数"), indicator(10))
        XCTAssertEqual(match("10.离校2年内未就业高校毕业生人数"), indicator(10), "without 其中")
        XCTAssertEqual(match("1、本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("1:本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("1)本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("1本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("指标1.本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("2.(其中)本期新增见习单位数量"), indicator(2))
        XCTAssertEqual(match("4.其中：本期新增见习岗位数量"), indicator(4))
    }

    func testFullWidthFormsAndSpaces() {
        XCTAssertEqual(match("１．本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("７．其中:离校２年内未就业高校毕业生人数"), indicator(7))
        XCTAssertEqual(match(" 1. 本期末 实有见习单位总数 "), indicator(1))
        XCTAssertEqual(match("1.\u{3000}本期末实有见习单位总数"), indicator(1))
        XCTAssertEqual(match("本期末实有\u{00A0}见习单位总数"), indicator(1))
        XCTAssertEqual(match("（其中）本期新增见习单位数量"), indicator(2))
        XCTAssertEqual(match("(其中) 本期新增见习岗位数量"), indicator(4))
        XCTAssertEqual(match("1．本期末实有见习单位总数\u{3000}"), indicator(1))
    }

    func testChineseHeaderAlone() {
        let unique: [(String, Int)] = [
            ("本期末实有见习单位总数", 1), ("本期新增见习单位数量", 2), ("其中：本期新增见习单位数量", 2),
            ("本期末实有见习岗位总数", 3), ("本期新增见习岗位数量", 4), ("本期计划组织见习人数", 5),
            ("本期实际到岗人数", 6), ("本期完成见习人数", 8), ("被见习单位留用人数", 9), ("其他方式就业人数", 11),
            ("本期非正常结束见习人数", 12), ("本期末实有在岗见习人数", 13), ("本年累计各级财政实际拨付的见习补贴资金数", 14),
        ]
        for (header, number) in unique {
            XCTAssertEqual(match(header), indicator(number), header)
        }
        // 7 and 10 share their header: alone it could be either.
        for header in ["其中：离校2年内未就业高校毕业生人数", "离校2年内未就业高校毕业生人数", "其中:离校2年内未就业高校毕业生人数",
                       "（其中）离校2年内未就业高校毕业生人数", "其中离校2年内未就业高校毕业生人数"] {
            XCTAssertEqual(match(header), .ambiguous([.onboardedGrads, .retainedGrads]), header)
        }
        for header in ["本期末实有见习单位", "见习单位总数", "本期末实有见习单位总数（台）", "单位总数", "合计", "备注"] {
            XCTAssertEqual(match(header), .unknown, header)
        }
    }

    func testOtherFields() {
        XCTAssertEqual(match("行政区划代码"), .field(.regionCode))
        XCTAssertEqual(match("填报单位"), .field(.regionName))
        XCTAssertEqual(match("统计期"), .field(.period))
        XCTAssertEqual(match("报告期"), .field(.period))
        XCTAssertEqual(match("填报时间"), .field(.submittedOn))
        XCTAssertEqual(match("填报日期"), .field(.submittedOn))
        XCTAssertEqual(match("填报人"), .field(.reporter))
        XCTAssertEqual(match("联系电话"), .field(.phone))
        XCTAssertEqual(match(" 联系 电话 "), .field(.phone))
        XCTAssertEqual(match("电话"), .unknown)
    }

    func testNumberAndTextThatDisagree() {
        XCTAssertEqual(match("3.本期末实有见习单位总数"), .mismatch(.postsTotal), "the number says 3, the text says 1")
        XCTAssertEqual(match("1.本期新增见习单位数量"), .mismatch(.unitsTotal))
        XCTAssertEqual(match("6.其中：离校2年内未就业高校毕业生人数"), .mismatch(.onboarded))
        XCTAssertEqual(match("1.foo"), .mismatch(.unitsTotal))
    }

    func testEmptyHeadersAreIgnored() {
        for header in ["", " ", "\t", "\u{3000}", "\u{FEFF}"] {
            XCTAssertEqual(match(header), .ignored, header.debugDescription)
        }
    }

    // MARK: ColumnLayout

    func testColumnLetters() {
        let expected: [(Int, String)] = [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"),
                                         (77, "BZ"), (701, "ZZ"), (702, "AAA")]
        for (index, letters) in expected {
            XCTAssertEqual(ColumnLayout.columnLetter(index), letters, "\(index)")
        }
    }

    func testTheTemplateHeaderMapsEveryFieldWithoutFindings() {
        let full = Field.all.map(\.headerZH)
        let (layout, findings) = ColumnLayout.map(headers: full, location: at)
        XCTAssertEqual(findings, [])
        for (index, field) in Field.all.enumerated() {
            XCTAssertEqual(layout.column(of: field), index, field.key)
        }
        XCTAssertEqual(layout.fields, Field.all.map(Optional.some))
        XCTAssertEqual(layout.headers, full)
        XCTAssertEqual(layout.label(of: .explanations)?.zh, "U列「说明」")
        XCTAssertEqual(layout.label(of: .period)?.zh, "C列「统计期」")
        XCTAssertEqual(layout.label(of: .period)?.en.lowercased(), "column c (统计期)")
        XCTAssertEqual(layout.label(of: .indicator(.subsidyYTD))?.zh, "T列「14.本年累计各级财政实际拨付的见习补贴资金数」")
    }

    func testKeysInAnyOrderWithEmptyColumns() {
        let headers = ["", "period"] + Indicator.allCases.reversed().map(\.key) + ["", "region_code"]
        let (layout, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(findings, [], "optional fields may be left out; empty headers are ignored")
        XCTAssertNil(layout.fields[0])
        XCTAssertNil(layout.fields[16])
        XCTAssertEqual(layout.column(of: .period), 1)
        XCTAssertEqual(layout.column(of: .indicator(.subsidyYTD)), 2)
        XCTAssertEqual(layout.column(of: .indicator(.unitsTotal)), 15)
        XCTAssertEqual(layout.column(of: .regionCode), 17)
        XCTAssertNil(layout.column(of: .regionName))
        XCTAssertNil(layout.label(of: .phone))
        XCTAssertEqual(layout.label(of: .regionCode)?.en.lowercased(), "column r (region_code)")
    }

    func testMissingRequiredColumns() {
        var headers = template
        headers.removeAll { $0 == "统计期" || $0 == Indicator.onPost.templateHeader }
        let (layout, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(codes(findings), ["E_COLUMN_MISSING", "E_COLUMN_MISSING"])
        XCTAssertEqual(findings.map(\.location.column), ["period", "on_post"])
        XCTAssertEqual(findings.map(\.location.source), ["returns.csv", "returns.csv"])
        XCTAssertEqual(findings.map(\.location.row), [1, 1])
        XCTAssertEqual(findings.map(\.severity), [.error, .error])
        XCTAssertNil(findings[0].location.columnLabel, "a missing column has no letter")
        XCTAssertNil(layout.column(of: .period))
        // Every required field, and only those, is reported when nothing is there.
        let (_, none) = ColumnLayout.map(headers: ["填报单位", "填报人", "联系电话", "填报时间"], location: at)
        XCTAssertEqual(none.map(\.location.column), ["region_code", "period"] + Indicator.allCases.map(\.key))
        XCTAssertEqual(Set(codes(none)), ["E_COLUMN_MISSING"])
        let (_, empty) = ColumnLayout.map(headers: [], location: at)
        XCTAssertEqual(empty.count, 16)
    }

    func testOptionalColumnsMayBeLeftOut() {
        let required = template.filter { !["填报单位", "填报时间", "填报人", "联系电话"].contains($0) }
        XCTAssertEqual(required.count, 16)
        XCTAssertEqual(ColumnLayout.map(headers: required, location: at).1, [])
    }

    func testDuplicatedColumn() {
        let headers = template + ["period"]
        let (layout, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(codes(findings), ["E_COLUMN_DUPLICATE"])
        XCTAssertEqual(findings[0].location.column, "period")
        XCTAssertEqual(findings[0].location.columnLabel?.zh, "U列「period」")
        XCTAssertTrue(findings[0].message.zh.contains("C列「统计期」"), findings[0].message.zh)
        XCTAssertEqual(layout.column(of: .period), 2, "the first column is used")
        XCTAssertNil(layout.fields[20])
    }

    func testUnknownColumn() {
        let headers = template + ["15", "备注"]
        let (layout, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(codes(findings), ["E_COLUMN_UNKNOWN", "E_COLUMN_UNKNOWN"])
        XCTAssertEqual(findings.map { $0.location.column }, [nil, nil])
        XCTAssertEqual(findings.map { $0.location.columnLabel?.zh }, ["U列「15」", "V列「备注」"])
        XCTAssertEqual(findings.map { $0.location.columnLabel?.en.lowercased() }, ["column u (15)", "column v (备注)"])
        XCTAssertEqual(findings[0].severity, .error)
        XCTAssertEqual(layout.fields.count, 22)
        XCTAssertNil(layout.fields[20])
    }

    func testMismatchIsNotAlsoReportedMissing() {
        // Column D says indicator 3 but carries indicator 1's text: the columns may be shifted.
        var headers = template
        headers[8] = "3.本期末实有见习单位总数"  // I: was 3.本期末实有见习岗位总数
        let (layout, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(codes(findings), ["E_COLUMN_MISMATCH"])
        XCTAssertEqual(findings[0].location.column, "posts_total")
        XCTAssertEqual(findings[0].location.columnLabel?.zh, "I列「3.本期末实有见习单位总数」")
        XCTAssertNil(layout.column(of: .indicator(.postsTotal)))
        XCTAssertEqual(layout.column(of: .indicator(.unitsTotal)), 6)
    }

    func testAmbiguousColumnsAreReportedOnceEach() {
        // Headers copied from the printed form: 7 and 10 both read 其中：离校2年内未就业高校毕业生人数.
        let headers = ["行政区划代码", "统计期"] + Indicator.allCases.map(\.headerZH)
        let (layout, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(codes(findings), ["E_COLUMN_AMBIGUOUS", "E_COLUMN_AMBIGUOUS"],
                       "the ambiguous columns, and not the indicators they may be, as missing too")
        XCTAssertEqual(findings.map { $0.location.columnLabel?.zh },
                       ["I列「其中：离校2年内未就业高校毕业生人数」", "L列「其中：离校2年内未就业高校毕业生人数」"])
        XCTAssertTrue(findings[0].message.zh.contains("指标7") && findings[0].message.zh.contains("指标10"), findings[0].message.zh)
        XCTAssertNil(layout.column(of: .indicator(.onboardedGrads)))
        XCTAssertNil(layout.column(of: .indicator(.retainedGrads)))
        XCTAssertEqual(layout.column(of: .indicator(.retained)), 10)
        // Numbered, the same headers are read.
        var numbered = headers
        numbered[8] = "7.其中：离校2年内未就业高校毕业生人数"
        numbered[11] = "10.其中：离校2年内未就业高校毕业生人数"
        let (fixed, none) = ColumnLayout.map(headers: numbered, location: at)
        XCTAssertEqual(none, [])
        XCTAssertEqual(fixed.column(of: .indicator(.onboardedGrads)), 8)
        XCTAssertEqual(fixed.column(of: .indicator(.retainedGrads)), 11)
    }

    func testLettersBeyondZInFindings() {
        // 27 empty columns, then an unknown one at AB and a duplicate at BA.
        var headers = template + Array(repeating: "", count: 7)  // A ... AA
        headers.append("额外")  // AB
        headers += Array(repeating: "", count: 24)  // AC ... AZ
        headers.append("region_code")  // BA
        let (_, findings) = ColumnLayout.map(headers: headers, location: at)
        XCTAssertEqual(codes(findings), ["E_COLUMN_UNKNOWN", "E_COLUMN_DUPLICATE"])
        XCTAssertEqual(findings.map { $0.location.columnLabel?.zh }, ["AB列「额外」", "BA列「region_code」"])
    }
}
