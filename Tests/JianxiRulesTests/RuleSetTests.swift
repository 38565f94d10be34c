import Foundation
import JianxiDomain
import JianxiRules
import XCTest

final class RuleSetTests: XCTestCase {
    // MARK: The shipped rules

    func testBuiltinHasTheFormsSixRelationsThenTheWarnings() {
        let rules = RuleSet.builtin.rules
        XCTAssertEqual(rules.map(\.id), ["R1", "R2", "R3", "R4", "R5", "R6", "H1", "H2", "H3", "H4", "H5", "H6"])
        XCTAssertEqual(rules.map(\.expression.source), [
            "1 >= 2", "3 >= 4", "5 >= 6", "6 >= 7", "8 >= 9 + 11", "9 >= 10",
            "14 >= prev_ytd(14)", "13 == prev(13) + 6 - 8 - 12", "1 <= prev(1) + 2", "3 <= prev(3) + 4", "3 >= 1", "13 <= 3",
        ])
        XCTAssertEqual(rules.map(\.severity), Array(repeating: .error, count: 6) + Array(repeating: .warning, count: 6))
        XCTAssertEqual(rules.filter(\.expression.usesPrevious).map(\.id), ["H1", "H2", "H3", "H4"])
        XCTAssertEqual(RuleSet.builtin.findings(current: validReturn(), previous: previousMonth(), period: september2026), [])
        // Every warning tells the reporter a right figure may stay, with an explanation.
        for rule in rules where rule.severity == .warning {
            XCTAssertTrue(rule.hint.zh.hasSuffix("数据核实无误的，可保留并填写说明。"), rule.id)
            XCTAssertTrue(rule.hint.en.hasSuffix("keep them and write an explanation (说明)."), rule.id)
        }
    }

    /// Each rule passes with both sides equal and fails when the smaller side is one more;
    /// the change breaks no other rule, so the findings name exactly that rule.
    func testEveryRelationOfTheFormOnBothSidesOfItsBoundary() {
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
            XCTAssertEqual(rule.expression.evaluate(current: atBoundary, previous: nil, period: september2026), .pass, id)
            XCTAssertEqual(codes(atBoundary, previousMonth(before: atBoundary)), [], id)
            guard case .fail = rule.expression.evaluate(current: beyond, previous: nil, period: september2026) else {
                return XCTFail(id)
            }
            XCTAssertEqual(codes(beyond, previousMonth(before: beyond)), [id], id)
            // Without a previous month the form's relations are checked all the same.
            XCTAssertEqual(codes(beyond, nil).filter { $0.hasPrefix("R") }, [id], id)
        }
    }

    func testAFailureBecomesAFindingWithTheFiguresAsWritten() throws {
        let location = Location(source: "九江.csv", row: 3)
        let findings = RuleSet.builtin.findings(current: validReturn([.retained: 4]), previous: previousMonth(),
                                                period: september2026, location: location)
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
        let r1 = RuleSet.builtin.rules[0].message(current: fails, previous: nil, period: september2026)
        XCTAssertEqual(r1.zh, "指标2 本期新增见习单位数量（11）大于指标1 本期末实有见习单位总数（10）。")
        XCTAssertEqual(RuleSet.builtin.rules[0].hint.zh, "新增单位包含在期末实有单位中，请核实指标1和指标2。")
        let r4 = RuleSet.builtin.rules[3].message.zh
        let r6 = RuleSet.builtin.rules[5].message.zh
        XCTAssertTrue(r4.contains("指标7 到岗人数中离校2年内未就业高校毕业生"))
        XCTAssertTrue(r6.contains("指标10 留用人数中离校2年内未就业高校毕业生"))
    }

    func testEvaluateReturnsEveryRuleWithItsOutcome() {
        let results = RuleSet.builtin.evaluate(current: validReturn([.unitsNew: 11, .retained: nil]), previous: nil,
                                               period: september2026)
        XCTAssertEqual(results.map(\.rule.id), ["R1", "R2", "R3", "R4", "R5", "R6", "H1", "H2", "H3", "H4", "H5", "H6"])
        XCTAssertEqual(results.map(\.outcome), [
            .fail(involved: [.init(.unitsTotal), .init(.unitsNew)]), .pass, .pass, .pass,
            .notEvaluable(.missingValues([.init(.retained)])), .notEvaluable(.missingValues([.init(.retained)])),
            .notEvaluable(.noPreviousMonth), .notEvaluable(.noPreviousMonth), .notEvaluable(.noPreviousMonth),
            .notEvaluable(.noPreviousMonth), .pass, .pass,
        ])
        // An unreadable cell of this return is no finding: the reader already reported it.
        XCTAssertEqual(RuleSet.builtin.findings(current: validReturn([.retained: nil]), previous: previousMonth(),
                                                period: september2026), [])
    }

    // MARK: The month-over-month and plausibility warnings (H1-H6)

    /// H1-H6 each pass at their boundary and fail one beyond it, with only that rule failing;
    /// H5 and H6 need no previous month, H1-H4 then give notes instead.
    func testEveryWarningOnBothSidesOfItsBoundary() {
        typealias Case = (id: String, now: [Indicator: Int64?], before: [Indicator: Int64?],
                          beyondNow: [Indicator: Int64?], beyondBefore: [Indicator: Int64?])
        let cases: [Case] = [
            // 14 = 12.5 万元; the previous month's year-to-date total may equal it, not exceed it.
            ("H1", [:], [.subsidyYTD: 125_000], [:], [.subsidyYTD: 125_001]),
            ("H1", [.subsidyYTD: 100_000], [:], [.subsidyYTD: 99_999], [:]),
            // 9 on post last month + 6 started - 5 completed - 1 ended early = 9.
            ("H2", [.onPost: 9], [:], [.onPost: 10], [:]),
            ("H2", [.onPost: 9], [:], [.onPost: 8], [:]),
            ("H2", [:], [.onPost: 9], [:], [.onPost: 8]),
            // 8 units last month + 3 new = 11 at most.
            ("H3", [.unitsTotal: 11], [:], [.unitsTotal: 12], [:]),
            ("H3", [:], [.unitsTotal: 7], [:], [.unitsTotal: 6]),
            // 17 posts last month + 5 new = 22 at most.
            ("H4", [.postsTotal: 22], [:], [.postsTotal: 23], [:]),
            ("H4", [:], [.postsTotal: 15], [:], [.postsTotal: 14]),
            // 10 units need at least 10 posts (9 on post fit in them).
            ("H5", [.postsTotal: 10], [:], [.postsTotal: 10, .unitsTotal: 11], [:]),
            // As many on post as posts (last month's 13 moved along, so H2 still holds).
            ("H6", [.onPost: 20], [.onPost: 20], [.onPost: 21], [.onPost: 21]),
        ]
        for (id, now, before, beyondNow, beyondBefore) in cases {
            let label = "\(id) \(now) \(before) / \(beyondNow) \(beyondBefore)"
            let current = validReturn(now)
            let previous = previousMonth(before)
            XCTAssertEqual(codes(current, previous), [], label)
            XCTAssertEqual(codes(validReturn(now.merging(beyondNow) { $1 }), previousMonth(before.merging(beyondBefore) { $1 })),
                           [id], label)
            XCTAssertEqual(RuleSet.builtin.findings(current: validReturn(now.merging(beyondNow) { $1 }),
                                                    previous: previousMonth(before.merging(beyondBefore) { $1 }),
                                                    period: september2026).first?.severity, .warning, label)
        }
        // Without a previous month H5 and H6 are still checked.
        XCTAssertEqual(codes(validReturn([.postsTotal: 10, .unitsTotal: 11]), nil), ["H5"])
        XCTAssertEqual(codes(validReturn([.onPost: 21]), nil), ["H6"])
        XCTAssertEqual(codes(validReturn([.onPost: 20]), nil), [])
        // Without one H1-H4 give notes, never warnings, whatever the figures.
        for changes: [Indicator: Int64?] in [[:], [.onPost: 0], [.unitsTotal: 99, .postsTotal: 99], [.subsidyYTD: 0]] {
            let findings = RuleSet.builtin.findings(current: validReturn(changes), previous: nil, period: september2026)
            XCTAssertEqual(findings.filter { $0.severity == .info }.map(\.code), ["H1", "H2", "H3", "H4"], "\(changes)")
        }
    }

    /// A wrong sign anywhere in H2 would pass one of these returns or fail the right one.
    func testH2AddsStartersAndSubtractsCompletedAndEndedEarly() throws {
        let h2 = try XCTUnwrap(RuleSet.builtin.rules.first { $0.id == "H2" }).expression
        // Last month 30 on post; this month 7 started, 4 completed, 2 ended early: 31 on post.
        let flows: [Indicator: Int64?] = [.onboarded: 7, .completed: 4, .endedAbnormal: 2]
        let previous = previousMonth([.onPost: 30])
        func onPost(_ figure: Int64) -> RuleOutcome {
            h2.evaluate(current: validReturn(flows.merging([.onPost: figure]) { $1 }), previous: previous, period: september2026)
        }
        XCTAssertEqual(onPost(31), .pass)
        // Every other choice of signs for 7, 4 and 2, a term left out, and one person off.
        for wrong: Int64 in [43, 39, 35, 29, 25, 21, 17, 33, 24, 37, 30, 32] {
            XCTAssertEqual(onPost(wrong), .fail(involved: [.init(.onPost), .init(.onPost, previous: true), .init(.onboarded),
                                                           .init(.completed), .init(.endedAbnormal)]), "\(wrong)")
        }
        // A month of no movement keeps the same figure.
        XCTAssertEqual(h2.evaluate(current: validReturn([.onboarded: 0, .completed: 0, .endedAbnormal: 0, .onPost: 30]),
                                   previous: previous, period: september2026), .pass)
    }

    func testH1InJanuaryNeedsNoPreviousMonth() {
        // Any non-negative January total passes, with or without December's return, and gives no note.
        for figure: Int64 in [0, 1, 125_000, 50_000_000] {
            for previous in [nil, previousMonth([.subsidyYTD: 60_000_000])] {
                let findings = RuleSet.builtin.findings(current: validReturn([.subsidyYTD: figure]), previous: previous,
                                                        period: january2026)
                XCTAssertFalse(findings.contains { $0.code == "H1" }, "\(figure) \(String(describing: previous))")
            }
        }
        // The other month-over-month checks still want December's return.
        XCTAssertEqual(RuleSet.builtin.findings(current: validReturn(), previous: nil, period: january2026).map(\.code),
                       ["H2", "H3", "H4"])
    }

    func testH1InFebruaryFailsWhenTheYearsTotalFell() throws {
        let findings = RuleSet.builtin.findings(current: validReturn(), previous: previousMonth([.subsidyYTD: 130_000]),
                                                period: february2026)
        let h1 = try XCTUnwrap(findings.first)
        XCTAssertEqual(findings.map(\.code), ["H1"])
        XCTAssertEqual(h1.severity, .warning)
        XCTAssertEqual(h1.values.map(\.key), ["subsidy_ytd", "prev_ytd.subsidy_ytd"])
        XCTAssertEqual(h1.values.map(\.value), ["12.5", "13"])
        XCTAssertEqual(h1.message.zh, "指标14 本年累计各级财政实际拨付的见习补贴资金数（12.5万元）少于上月的本年累计数（13万元）。")
        XCTAssertEqual(h1.message.en, "Indicator 14, subsidy paid by all levels of finance this year to date (12.5, in 10,000 yuan), is less than the previous month's year-to-date figure (13).")
        // Without a period H1 compares with the previous month as prev() would.
        XCTAssertEqual(RuleSet.builtin.findings(current: validReturn(), previous: previousMonth([.subsidyYTD: 130_000]),
                                                period: nil).map(\.code), ["H1"])
    }

    func testWarningMessagesShowThePreviousMonthsFigures() throws {
        func message(_ id: String, _ now: [Indicator: Int64?], _ before: [Indicator: Int64?]) throws -> Text {
            let findings = RuleSet.builtin.findings(current: validReturn(now), previous: previousMonth(before), period: september2026)
            return try XCTUnwrap(findings.first { $0.code == id }).message
        }
        let h2 = try message("H2", [.onPost: 12], [:])
        XCTAssertEqual(h2.zh, "指标13 本期末实有在岗见习人数（12）与上月末在岗人数推算的结果不符：上月末在岗9人，加指标6 本期实际到岗6人，减指标8 本期完成见习5人，减指标12 本期非正常结束见习1人。")
        XCTAssertEqual(h2.en, "Indicator 13, interns on post at month end (12), does not follow from last month: 9 on post at the end of last month, plus indicator 6, 6 who started this month, less indicator 8, 5 who completed, less indicator 12, 1 who ended early.")
        XCTAssertEqual(try message("H3", [.unitsTotal: 15], [:]).zh,
                       "指标1 本期末实有见习单位总数（15）大于上月末实有见习单位总数（8）与指标2 本期新增见习单位数量（3）之和。")
        XCTAssertEqual(try message("H4", [.postsTotal: 40], [:]).zh,
                       "指标3 本期末实有见习岗位总数（40）大于上月末实有见习岗位总数（17）与指标4 本期新增见习岗位数量（5）之和。")
        XCTAssertEqual(try message("H5", [.unitsTotal: 11, .postsTotal: 10], [:]).zh,
                       "指标3 本期末实有见习岗位总数（10）少于指标1 本期末实有见习单位总数（11）。")
        XCTAssertEqual(try message("H6", [.onPost: 21], [.onPost: 21]).zh,
                       "指标13 本期末实有在岗见习人数（21）多于指标3 本期末实有见习岗位总数（20）。")
        let h3 = RuleSet.builtin.findings(current: validReturn([.unitsTotal: 15]), previous: previousMonth(), period: september2026)
        XCTAssertEqual(h3.first?.values.map(\.key), ["units_total", "prev.units_total", "units_new"])
        XCTAssertEqual(h3.first?.values.map(\.value), ["15", "8", "3"])
    }

    // MARK: Notes for checks not made

    func testARuleWithoutItsPreviousMonthGivesANote() throws {
        let findings = RuleSet.builtin.findings(current: validReturn(), previous: nil, period: september2026,
                                                location: Location(source: "t.csv", row: 2))
        XCTAssertEqual(findings.map(\.code), ["H1", "H2", "H3", "H4"])
        for finding in findings {
            XCTAssertEqual(finding.severity, .info, finding.code)
            XCTAssertEqual(finding.message, Text(zh: "无上月（2026年8月）数据，本条未检查。",
                                                 en: "No figures for the previous month (2026-08): not checked."), finding.code)
            XCTAssertEqual(finding.hint, RuleSet.builtin.rules.first { $0.id == finding.code }?.hint, finding.code)
            XCTAssertTrue(finding.values.isEmpty, finding.code)
            XCTAssertEqual(finding.location, Location(source: "t.csv", row: 2), finding.code)
            XCTAssertFalse(finding.isOpenWarning)
        }
        // January's previous month is last December; H1 needs none then.
        let january = RuleSet.builtin.findings(current: validReturn(), previous: nil, period: january2026)
        XCTAssertEqual(january.map(\.code), ["H2", "H3", "H4"])
        XCTAssertEqual(january.first?.message, Text(zh: "无上月（2025年12月）数据，本条未检查。",
                                                     en: "No figures for the previous month (2025-12): not checked."))
        // Without a period there is no month to name, and H1 needs the previous month too.
        let unknown = RuleSet.builtin.findings(current: validReturn(), previous: nil, period: nil)
        XCTAssertEqual(unknown.map(\.code), ["H1", "H2", "H3", "H4"])
        XCTAssertEqual(unknown.first?.message, Text(zh: "无上月数据，本条未检查。", en: "No figures for the previous month: not checked."))
    }

    func testAFailureComesWithTheNotesInFileOrder() {
        let findings = RuleSet.builtin.findings(current: validReturn([.unitsNew: 11, .onPost: 21]), previous: nil,
                                                period: september2026)
        XCTAssertEqual(findings.map(\.code), ["R1", "H1", "H2", "H3", "H4", "H6"])
        XCTAssertEqual(findings.map(\.severity), [.error, .info, .info, .info, .info, .warning])
    }

    func testAnUnreadableCellGivesNoNoteButAnUnreadablePreviousFigureDoes() throws {
        // This month's 13 unreadable: the reader says so; H2 and H6 stay silent, previous month or not.
        for previous in [nil, previousMonth()] {
            let codes = RuleSet.builtin.findings(current: validReturn([.onPost: nil]), previous: previous, period: september2026)
                .map(\.code)
            XCTAssertFalse(codes.contains("H2"), "\(String(describing: previous))")
            XCTAssertFalse(codes.contains("H6"), "\(String(describing: previous))")
        }
        // Last month's 13 unreadable: nobody reports it in this return, so the note says so.
        let findings = RuleSet.builtin.findings(current: validReturn(), previous: previousMonth([.onPost: nil, .unitsTotal: nil]),
                                                period: september2026)
        XCTAssertEqual(findings.map(\.code), ["H2", "H3"])
        XCTAssertEqual(findings.map(\.severity), [.info, .info])
        XCTAssertEqual(findings.first?.message, Text(zh: "上月（2026年8月）报表的指标13未能读取，本条未检查。",
                                                     en: "Indicator 13 of the previous month's return (2026-08) could not be read: not checked."))
        XCTAssertEqual(findings.first?.values.count, 0)
    }

    func testEveryPreviousMonthRuleOfAUsersFileGivesNotes() throws {
        let rules = try RuleSet(json: file([
            rule(id: "M1", severity: "error", expression: "9 + 11 <= prev(9) + prev(11) + 8"),
            rule(id: "M2", expression: "1 >= 2"),
        ]), source: "t")
        let findings = rules.findings(current: validReturn(), previous: nil, period: february2026)
        XCTAssertEqual(findings.map(\.code), ["M1"])
        XCTAssertEqual(findings.first?.severity, .info, "a note, even for an error rule")
        let unreadable = rules.findings(current: validReturn(), previous: previousMonth([.retained: nil, .employedOther: nil]),
                                        period: february2026)
        XCTAssertEqual(unreadable.first?.message, Text(zh: "上月（2026年1月）报表的指标9、11未能读取，本条未检查。",
                                                       en: "Indicators 9, 11 of the previous month's return (2026-01) could not be read: not checked."))
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
        XCTAssertEqual(rule.message(current: now, previous: before, period: september2026),
                       Text(zh: "指标14（12.5万元）少于上月（13万元），12.5/13/10", en: "12.5 < 13 (10 units, 7 before)"))
        XCTAssertEqual(rule.message(current: validReturn([.subsidyYTD: 1]), previous: before, period: september2026).zh,
                       "指标14（0.0001万元）少于上月（13万元），0.0001/13/10")
        XCTAssertEqual(rule.message(current: validReturn([.unitsTotal: nil]), previous: nil, period: september2026),
                       Text(zh: "指标14（12.5万元）少于上月（无上月数万元），12.5/无上月数/未能读取",
                            en: "12.5 < no figure for the previous month (unreadable units, no figure for the previous month before)"))
        // prev() is the previous return's figure, in January too.
        XCTAssertEqual(rule.message(current: now, previous: before, period: january2026).zh, "指标14（12.5万元）少于上月（13万元），12.5/13/10")

        let findings = rules.findings(current: now, previous: before, period: september2026)
        XCTAssertEqual(findings.first?.values.map(\.key), ["subsidy_ytd", "prev.subsidy_ytd"])
        XCTAssertEqual(findings.first?.values.map(\.value), ["12.5", "13"])
        XCTAssertEqual(rules.findings(current: now, previous: nil, period: september2026).map(\.severity), [.info],
                       "no previous month is a note, not a failure")
    }

    func testPrevYTDPlaceholdersShowWhatTheExpressionUsed() throws {
        let rules = try RuleSet(json: file([rule(
            expression: "14 >= prev_ytd(14)",
            message: ["zh": "本年累计{14}，上月累计{prev_ytd.14}（{prev_ytd.subsidy_ytd}），上月报表{prev.14}，{prev_ytd.1}",
                      "en": "{subsidy_ytd} < {prev_ytd.subsidy_ytd}"])]),
            source: "test.json")
        let rule = try XCTUnwrap(rules.rules.first)
        let before = validReturn([.subsidyYTD: 130_000, .unitsTotal: 7])
        XCTAssertEqual(rule.message(current: validReturn(), previous: before, period: september2026).zh,
                       "本年累计12.5，上月累计13（13），上月报表13，7")
        // January: the year's total starts again from 0; December's return is still {prev.14}.
        XCTAssertEqual(rule.message(current: validReturn(), previous: before, period: january2026).zh,
                       "本年累计12.5，上月累计0（0），上月报表13，0")
        XCTAssertEqual(rule.message(current: validReturn(), previous: nil, period: january2026).zh,
                       "本年累计12.5，上月累计0（0），上月报表无上月数，0")
        XCTAssertEqual(rule.message(current: validReturn(), previous: nil, period: february2026),
                       Text(zh: "本年累计12.5，上月累计无上月数（无上月数），上月报表无上月数，无上月数",
                            en: "12.5 < no figure for the previous month"))
        XCTAssertEqual(rule.message(current: validReturn(), previous: before, period: nil).zh,
                       "本年累计12.5，上月累计13（13），上月报表13，7")
        // A January failure (a negative total no reader lets through) lists the 0 it compared with.
        let findings = rules.findings(current: validReturn([.subsidyYTD: -1]), previous: nil, period: january2026)
        XCTAssertEqual(findings.first?.values.map(\.key), ["subsidy_ytd", "prev_ytd.subsidy_ytd"])
        XCTAssertEqual(findings.first?.values.map(\.value), ["-0.0001", "0"])
    }

    func testTextWithoutPlaceholdersIsKeptAsIs() throws {
        let rules = try RuleSet(json: file([rule(message: ["zh": "不对", "en": "wrong"])]), source: "t")
        XCTAssertEqual(rules.rules.first?.message(current: validReturn(), previous: nil, period: nil), Text(zh: "不对", en: "wrong"))
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
        // info is jianxi's own, for notes: a rule that fails asks something of the reporter.
        for severity in ["fatal", "Error", "WARNING", "", "info"] {
            assertProblems(file([rule(severity: severity)]), [.badSeverity], rule: "R1",
                           zh: "规则R1的 severity 为“\(severity)”，只能是 error（强制性审核，必须修正）或 warning（提示性审核，核实后可保留）")
        }
    }

    func testBadExpression() {
        assertProblems(file([rule(expression: "8 >= 9 + 15")]), [.badExpression], rule: "R1",
                       zh: "规则R1的表达式“8 >= 9 + 15”第10个字符处：“15”不是指标序号",
                       en: "rule R1: expression \"8 >= 9 + 15\" at character 10: \"15\" is not an indicator number")
        assertProblems(file([rule(expression: "14 >= prev_ytd(9 + 11)")]), [.badExpression], rule: "R1",
                       zh: "规则R1的表达式“14 >= prev_ytd(9 + 11)”第7个字符处：prev_ytd 后应在括号中写一个指标")
        XCTAssertNoThrow(try RuleSet(json: file([rule(expression: "subsidy_ytd >= prev_ytd(subsidy_ytd)",
                                                      message: ["zh": "{prev_ytd.14}", "en": "{prev_ytd.subsidy_ytd}"])]), source: "t"))
    }

    func testBadPlaceholders() {
        for bad in ["{foo}", "{15}", "{0}", "{prev.foo}", "{prev 1}", "{Units_New}", "{}", "{+1}", "{02}", "{prev.}",
                    "{prev_ytd.}", "{prev_ytd.15}", "{prev_ytd 14}", "{prevytd.14}", "{prev_ytd}", "{prev.prev_ytd.14}", "{ytd.14}"] {
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

    /// August for validReturn(): H1-H4 hold between the two (9 on post, 8 units, 17 posts, 10 万元).
    private func previousMonth(_ changes: [Indicator: Int64?] = [:]) -> IndicatorValues {
        validReturn([.unitsTotal: 8, .postsTotal: 17, .subsidyYTD: 100_000].merging(changes) { $1 })
    }

    /// August for `current`, with last month's 13 such that H2 holds for this month's flows.
    private func previousMonth(before current: IndicatorValues) -> IndicatorValues {
        guard let now = current[.onPost], let started = current[.onboarded], let completed = current[.completed],
              let ended = current[.endedAbnormal] else { return previousMonth() }
        return previousMonth([.onPost: now - started + completed + ended])
    }

    /// The codes of the shipped rules' errors and warnings for a September return (notes left out).
    private func codes(_ current: IndicatorValues, _ previous: IndicatorValues?) -> [String] {
        RuleSet.builtin.findings(current: current, previous: previous, period: september2026)
            .filter { $0.severity != .info }.map(\.code)
    }

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
