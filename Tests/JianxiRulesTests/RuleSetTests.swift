import Foundation
import JianxiDomain
import JianxiRules
import XCTest

final class RuleSetTests: XCTestCase {
    // MARK: The shipped rules

    func testBuiltinHasTheFormsSixRelationsInOrder() {
        let rules = RuleSet.builtin.rules
        XCTAssertEqual(rules.map(\.id), ["R1", "R2", "R3", "R4", "R5", "R6"])
        XCTAssertEqual(rules.map(\.expression.source), ["1 >= 2", "3 >= 4", "5 >= 6", "6 >= 7", "8 >= 9 + 11", "9 >= 10"])
        XCTAssertEqual(Set(rules.map(\.severity)), [.error])
        XCTAssertFalse(rules.contains { $0.expression.usesPrevious })
        XCTAssertEqual(RuleSet.builtin.findings(current: validReturn(), previous: nil), [])
    }

    /// Each rule passes with both sides equal and fails when the smaller side is one more;
    /// the change breaks no other rule, so the findings name exactly that rule.
    func testEveryShippedRuleOnBothSidesOfItsBoundary() {
        let base = validReturn()
        let cases: [(id: String, larger: Indicator, smaller: Indicator, alsoOnSmallerSide: Indicator?)] = [
            ("R1", .unitsTotal, .unitsNew, nil),
            ("R2", .postsTotal, .postsNew, nil),
            ("R3", .planned, .onboarded, nil),
            ("R4", .onboarded, .onboardedGrads, nil),
            ("R5", .completed, .retained, .employedOther),
            ("R6", .retained, .retainedGrads, nil),
        ]
        for (id, larger, smaller, other) in cases {
            guard let big = base[larger], let rule = RuleSet.builtin.rules.first(where: { $0.id == id }) else {
                return XCTFail(id)
            }
            let equal = big - (other.flatMap { base[$0] } ?? 0)
            let atBoundary = validReturn([smaller: equal])
            let beyond = validReturn([smaller: equal + 1])
            XCTAssertEqual(rule.expression.evaluate(current: atBoundary, previous: nil), .pass, id)
            XCTAssertEqual(RuleSet.builtin.findings(current: atBoundary, previous: nil).map(\.code), [], id)
            guard case .fail = rule.expression.evaluate(current: beyond, previous: nil) else { return XCTFail(id) }
            XCTAssertEqual(RuleSet.builtin.findings(current: beyond, previous: nil).map(\.code), [id], id)
        }
    }

    func testAFailureBecomesAFindingWithTheFiguresAsWritten() throws {
        let location = Location(source: "九江.csv", row: 3)
        let findings = RuleSet.builtin.findings(current: validReturn([.retained: 4]), previous: nil, location: location)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(finding.code, "R5")
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.location, location)
        XCTAssertEqual(finding.values.map(\.key), ["completed", "retained", "employed_other"])
        XCTAssertEqual(finding.values.map(\.value), ["5", "4", "2"])
        XCTAssertEqual(finding.message.zh, "指标9 被见习单位留用人数（4）与指标11 其他方式就业人数（2）之和大于指标8 本期完成见习人数（5）。")
        XCTAssertEqual(finding.message.en, "Indicator 9, persons retained by the host unit (4), plus indicator 11, persons employed otherwise (2), is greater than indicator 8, persons who completed this month (5).")
        XCTAssertEqual(finding.hint.zh, "被留用的人员和以其他方式就业的人员都计入本期完成见习人数（见习期未满提前被留用的也计入指标8），请核实指标8、9、11。")
    }

    func testShippedMessagesNameTheirIndicatorsAndTellThe7And10Apart() {
        let fails = validReturn([.unitsNew: 11])
        let r1 = RuleSet.builtin.rules[0].message(current: fails, previous: nil)
        XCTAssertEqual(r1.zh, "指标2 本期新增见习单位数量（11）大于指标1 本期末实有见习单位总数（10）。")
        XCTAssertEqual(RuleSet.builtin.rules[0].hint.zh, "新增单位包含在期末实有单位中，请核实指标1和指标2。")
        let r4 = RuleSet.builtin.rules[3].message.zh
        let r6 = RuleSet.builtin.rules[5].message.zh
        XCTAssertTrue(r4.contains("指标7 到岗人数中离校2年内未就业高校毕业生"))
        XCTAssertTrue(r6.contains("指标10 留用人数中离校2年内未就业高校毕业生"))
    }

    func testEvaluateReturnsEveryRuleWithItsOutcome() {
        let results = RuleSet.builtin.evaluate(current: validReturn([.unitsNew: 11, .retained: nil]), previous: nil)
        XCTAssertEqual(results.map(\.rule.id), ["R1", "R2", "R3", "R4", "R5", "R6"])
        XCTAssertEqual(results.map(\.outcome), [
            .fail(involved: [.init(.unitsTotal), .init(.unitsNew)]), .pass, .pass, .pass,
            .notEvaluable(.missingValues([.init(.retained)])), .notEvaluable(.missingValues([.init(.retained)])),
        ])
        // Not evaluable is no finding: the reader already reported the unreadable cell.
        XCTAssertEqual(RuleSet.builtin.findings(current: validReturn([.retained: nil]), previous: nil), [])
    }

    // MARK: Message templates

    func testPlaceholdersTakeTheFiguresAsWritten() throws {
        let rules = try RuleSet(json: file([rule(
            expression: "subsidy_ytd >= prev(subsidy_ytd)",
            message: ["zh": "指标14（{14}万元）少于上月（{prev.14}万元），{subsidy_ytd}/{prev.subsidy_ytd}/{1}",
                      "en": "{subsidy_ytd} < {prev.subsidy_ytd} ({units_total} units, {prev.1} before)"])]),
            source: "test.json")
        let rule = try XCTUnwrap(rules.rules.first)
        let now = validReturn()  // 14 = 12.5 万元
        let before = validReturn([.subsidyYTD: 130_000, .unitsTotal: 7])
        XCTAssertEqual(rule.message(current: now, previous: before),
                       Text(zh: "指标14（12.5万元）少于上月（13万元），12.5/13/10", en: "12.5 < 13 (10 units, 7 before)"))
        XCTAssertEqual(rule.message(current: validReturn([.subsidyYTD: 1]), previous: before).zh,
                       "指标14（0.0001万元）少于上月（13万元），0.0001/13/10")
        XCTAssertEqual(rule.message(current: validReturn([.unitsTotal: nil]), previous: nil),
                       Text(zh: "指标14（12.5万元）少于上月（无上月数万元），12.5/无上月数/未能读取",
                            en: "12.5 < no figure for the previous month (unreadable units, no figure for the previous month before)"))

        let findings = rules.findings(current: now, previous: before)
        XCTAssertEqual(findings.first?.values.map(\.key), ["subsidy_ytd", "prev.subsidy_ytd"])
        XCTAssertEqual(findings.first?.values.map(\.value), ["12.5", "13"])
        XCTAssertEqual(rules.findings(current: now, previous: nil), [], "no previous month is not a failure")
    }

    func testTextWithoutPlaceholdersIsKeptAsIs() throws {
        let rules = try RuleSet(json: file([rule(message: ["zh": "不对", "en": "wrong"])]), source: "t")
        XCTAssertEqual(rules.rules.first?.message(current: validReturn(), previous: nil), Text(zh: "不对", en: "wrong"))
    }

    // MARK: Validating the rules file

    func testAMinimalFileLoads() throws {
        let rules = try RuleSet(json: file([rule(id: "R_ON_POST", severity: "warning", expression: "13 <= 3")]), source: "t")
        XCTAssertEqual(rules.rules.map(\.id), ["R_ON_POST"])
        XCTAssertEqual(rules.rules.first?.severity, .warning)
        XCTAssertEqual(try RuleSet(json: file([]), source: "t").rules.count, 0)
        XCTAssertEqual(try RuleSet(json: #"{"$schema": "rules.schema.json", "version": 1, "rules": []}"#, source: "t").rules.count, 0)
    }

    func testNotJSON() {
        assertProblems("{\"version\": 1, ", [.notJSON])
        assertProblems(bytes: [0xFF, 0xFE, 0x00], [.notJSON])
        assertProblems("", [.notJSON])
        assertProblems("{\n \"version\": 1,\n x}", [.notJSON], en: "around character 18")
        assertProblems(#"{"version": 1.5, "rules": []}"#, [.wrongType], zh: "version 应为整数 1")
    }

    func testWrongTypes() {
        assertProblems(#"{"version": 1, "rules": "R1"}"#, [.wrongType], zh: "rules 应为规则数组 [ … ]")
        assertProblems(#"{"version": "1", "rules": []}"#, [.wrongType], zh: "version 应为整数，如 1")
        assertProblems(#"[]"#, [.wrongType])
        assertProblems(#"{"version": 1, "rules": ["R1"]}"#, [.wrongType], zh: "第1条规则应为对象 { … }")
        assertProblems(file([rule(), rule(id: 7)]), [.wrongType], zh: "第2条规则的 id 应为带引号的文字",
                       en: "rule #2: id must be a string in quotes")
        assertProblems(file([rule(title: "标题")]), [.wrongType], zh: "第1条规则的 title 应为对象 {\"zh\": …, \"en\": …}")
    }

    func testUnknownKeys() {
        assertProblems(#"{"version": 1, "rules": [], "Rules": []}"#, [.unknownKey], zh: "文件顶层有无法识别的键“Rules”")
        var extra = rule()
        extra["Severity"] = "error"
        assertProblems(file([extra]), [.unknownKey], rule: "R1", zh: "规则R1有无法识别的键“Severity”")
        assertProblems(file([rule(hint: ["zh": "请核实。", "en": "Check.", "fr": "Vérifiez."])]), [.unknownKey],
                       zh: "规则R1的 hint 中有无法识别的键“fr”，只允许 zh 和 en")
    }

    func testMissingKeys() {
        assertProblems(#"{"rules": []}"#, [.missingKey], zh: "文件缺少 \"version\": 1")
        assertProblems(#"{"version": 1}"#, [.missingKey], zh: "文件缺少规则数组 \"rules\": [ … ]")
        for key in ["severity", "expression", "title", "message", "hint"] {
            var incomplete = rule()
            incomplete[key] = nil
            assertProblems(file([incomplete]), [.missingKey], rule: "R1", zh: "规则R1缺少 \(key)")
        }
        var anonymous = rule()
        anonymous["id"] = nil
        assertProblems(file([rule(), anonymous]), [.missingKey], rule: .some(nil), zh: "第2条规则缺少 id", en: "rule #2 has no id")
        assertProblems(file([rule(message: ["zh": "{1}"])]), [.missingKey], zh: "规则R1的 message 缺少英文（en）或内容为空")
        assertProblems(file([rule(hint: ["zh": "  ", "en": "Check."])]), [.missingKey], zh: "规则R1的 hint 缺少中文（zh）或内容为空")
    }

    func testUnsupportedVersion() {
        assertProblems(#"{"version": 2, "rules": [{"anything": "new"}]}"#, [.unsupportedVersion],
                       zh: "规则文件版本为 2，本版本的 jianxi 只支持 version 1")
    }

    func testBadIDs() {
        for id in ["r1", "1R", "R-1", "", "Ｒ1", "R 1"] {
            assertProblems(file([rule(id: id)]), [.badID], rule: id, zh: "第1条规则的ID“\(id)”不合格")
        }
    }

    func testIDsOfTheToolsOwnFindingsAreReserved() {
        for id in ["E_EMPTY", "W_LATE", "E_X"] {
            assertProblems(file([rule(id: id)]), [.reservedID], rule: id, zh: "以 E_ 或 W_ 开头")
        }
        XCTAssertNoThrow(try RuleSet(json: file([rule(id: "EW_1"), rule(id: "E1")]), source: "t"))
    }

    func testDuplicateIDs() {
        assertProblems(file([rule(id: "R1"), rule(id: "R2"), rule(id: "R1")]), [.duplicateID], rule: "R1",
                       zh: "第3条规则的ID“R1”与第1条规则重复", en: "already used by rule #1")
    }

    func testBadSeverity() {
        for severity in ["fatal", "Error", "WARNING", ""] {
            assertProblems(file([rule(severity: severity)]), [.badSeverity], rule: "R1",
                           zh: "规则R1的 severity 为“\(severity)”，只能是 error（强制性审核，必须修正）或 warning（提示性审核，核实后可保留）")
        }
    }

    func testBadExpression() {
        assertProblems(file([rule(expression: "8 >= 9 + 15")]), [.badExpression], rule: "R1",
                       zh: "规则R1的表达式“8 >= 9 + 15”第10个字符处：“15”不是指标序号",
                       en: "rule R1: expression \"8 >= 9 + 15\" at character 10: \"15\" is not an indicator number")
    }

    func testBadPlaceholders() {
        for bad in ["{foo}", "{15}", "{0}", "{prev.foo}", "{prev 1}", "{Units_New}", "{}", "{+1}", "{02}", "{prev.}"] {
            assertProblems(file([rule(message: ["zh": "新增\(bad)个", "en": "added"])]), [.badPlaceholder], rule: "R1",
                           zh: "规则R1的 message.zh 中的“\(bad)”不是有效的占位符")
        }
        assertProblems(file([rule(message: ["zh": "新增{units_new个", "en": "added"])]), [.badPlaceholder],
                       zh: "“{units_new个”不是有效的占位符")
        assertProblems(file([rule(message: ["zh": "新增", "en": "added} {2}"])]), [.badPlaceholder],
                       en: "\"}\" in message.en is not a valid placeholder")
    }

    func testPlaceholdersOnlyInMessages() {
        assertProblems(file([rule(title: ["zh": "指标{2}", "en": "title"])]), [.placeholderNotAllowed], rule: "R1",
                       zh: "规则R1的 title.zh 中有花括号：只有 message 会替换占位符，title 请写普通文字")
        assertProblems(file([rule(hint: ["zh": "请核实。", "en": "Check {2}."])]), [.placeholderNotAllowed])
    }

    func testEveryProblemIsReportedAtOnceNamingTheFile() {
        let json = file([rule(id: "r1", severity: "fatal"), rule(id: "R2", expression: "1 >=")])
        XCTAssertThrowsError(try RuleSet(json: json, source: "my-rules.json")) { error in
            guard let error = error as? RuleFileError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.problems.map(\.kind), [.badID, .badSeverity, .badExpression])
            XCTAssertEqual(error.problems.map(\.rule), ["r1", "r1", "R2"])
            XCTAssertEqual(error.source, "my-rules.json")
            let lines = error.message.zh.split(separator: "\n")
            XCTAssertEqual(lines.first, "规则文件 my-rules.json 有3处错误，修正后才能检查报表：")
            XCTAssertEqual(lines.count, 4)
            XCTAssertTrue(error.message.en.hasPrefix("rules file my-rules.json has 3 problems; fix them before any return is checked:\n- "))
        }
    }

    // MARK: Helpers

    /// A valid rule; pass a value to replace a field (a non-string value to test types).
    private func rule(id: Any = "R1", severity: Any = "error", expression: Any = "1 >= 2",
                      title: Any = ["zh": "标题", "en": "title"],
                      message: Any = ["zh": "指标2（{2}）大于指标1（{units_total}）", "en": "{2} > {units_total}"],
                      hint: Any = ["zh": "请核实。", "en": "Check."]) -> [String: Any] {
        ["id": id, "severity": severity, "expression": expression, "title": title, "message": message, "hint": hint]
    }

    private func file(_ rules: [[String: Any]]) -> String {
        let object: [String: Any] = ["version": 1, "rules": rules]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    private func assertProblems(_ json: String? = nil, bytes: [UInt8]? = nil, _ kinds: [RuleFileError.Problem.Kind],
                                rule: String?? = .none, zh: String? = nil, en: String? = nil,
                                file: StaticString = #filePath, line: UInt = #line) {
        do {
            let rules = try RuleSet(json: bytes ?? Array((json ?? "").utf8), source: "test.json")
            XCTFail("loaded \(rules.rules.count) rules", file: file, line: line)
        } catch {
            XCTAssertEqual(error.problems.map(\.kind), kinds, error.message.en, file: file, line: line)
            if case .some(let expected) = rule {
                XCTAssertEqual(error.problems.first?.rule, expected, file: file, line: line)
            }
            if let zh {
                XCTAssertTrue(error.problems.contains { $0.message.zh.contains(zh) }, error.message.zh, file: file, line: line)
            }
            if let en {
                XCTAssertTrue(error.problems.contains { $0.message.en.contains(en) }, error.message.en, file: file, line: line)
            }
        }
    }
}
