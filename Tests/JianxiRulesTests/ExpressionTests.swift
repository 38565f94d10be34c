import JianxiDomain
import JianxiRules
import XCTest

/// A return that satisfies every relation of the form, with a fractional subsidy (12.5 万元).
func validReturn(_ changes: [Indicator: Int64?] = [:]) -> IndicatorValues {
    var values = IndicatorValues()
    let figures: [Int64] = [10, 3, 20, 5, 8, 6, 4, 5, 2, 1, 2, 1, 9, 125_000]
    for (indicator, figure) in zip(Indicator.allCases, figures) { values[indicator] = figure }
    for (indicator, figure) in changes { values[indicator] = figure }
    return values
}

let september2026 = Period(year: 2026, month: 9)!
let january2026 = Period(year: 2026, month: 1)!
let february2026 = Period(year: 2026, month: 2)!
let december2025 = Period(year: 2025, month: 12)!

func outcome(_ source: String, _ current: IndicatorValues = validReturn(), previous: IndicatorValues? = nil,
             period: Period? = nil, file: StaticString = #filePath, line: UInt = #line) -> RuleOutcome? {
    do {
        return try RuleExpression(parsing: source).evaluate(current: current, previous: previous, period: period)
    } catch {
        XCTFail("\(source): \(error.message.en)", file: file, line: line)
        return nil
    }
}

final class ExpressionTests: XCTestCase {
    func testEveryComparisonOperatorInBothSpellings() {
        // Indicator 1 is 10, indicator 2 is 3.
        let cases: [(String, Bool)] = [
            ("1 >= 2", true), ("1 ≥ 2", true), ("2 >= 1", false), ("2 ≥ 1", false),
            ("1 <= 2", false), ("1 ≤ 2", false), ("2 <= 1", true), ("2 ≤ 1", true),
            ("1 > 2", true), ("1 < 2", false), ("1 == 2", false), ("1 = 2", false),
            ("1 != 2", true), ("1 = 1", true), ("1 >= 1", true), ("1 ≥ 1", true), ("1 <= 1", true), ("1 ≤ 1", true), ("1 != 1", false), ("1 == units_total", true), ("1 > 1", false), ("1 < 1", false),
        ]
        for (source, holds) in cases {
            switch outcome(source) {
            case .pass?: XCTAssertTrue(holds, source)
            case .fail?: XCTAssertFalse(holds, source)
            default: XCTFail("\(source) was not evaluated")
            }
        }
    }

    func testTheFormsOwnSpellingParsesWithoutSpaces() throws {
        XCTAssertEqual(try RuleExpression(parsing: "8≥9+11").indicators, [.completed, .retained, .employedOther])
        XCTAssertEqual(outcome("8≥9+11"), .pass)
    }

    func testChainHoldsOnlyWhenEveryAdjacentPairHolds() {
        // 5 = 8, 6 = 6, 7 = 4.
        XCTAssertEqual(outcome("5 >= 6 >= 7"), .pass)
        XCTAssertEqual(outcome("5≥6≥7"), .pass)
        XCTAssertEqual(outcome("5 >= 6 >= 7", validReturn([.onboardedGrads: 6])), .pass)
        let involved = [IndicatorReference(.planned), IndicatorReference(.onboarded), IndicatorReference(.onboardedGrads)]
        XCTAssertEqual(outcome("5 >= 6 >= 7", validReturn([.onboardedGrads: 7])), .fail(involved: involved))
        XCTAssertEqual(outcome("5 >= 6 >= 7", validReturn([.onboarded: 9])), .fail(involved: involved))
        // Not transitive shortcuts: 5 >= 7 holds here, but 6 >= 7 does not.
        XCTAssertEqual(outcome("5 >= 6 >= 7", validReturn([.onboarded: 3])), .fail(involved: involved))
    }

    func testKeysAndNumbersGiveTheSameResult() {
        let spellings = ["8 >= 9 + 11", "completed >= retained + employed_other", "completed ≥ 9 + employed_other"]
        for values in [validReturn(), validReturn([.retained: 3]), validReturn([.retained: 4])] {
            let results = spellings.map { outcome($0, values) }
            XCTAssertEqual(results[0], results[1])
            XCTAssertEqual(results[0], results[2])
        }
        XCTAssertEqual(outcome("completed >= retained + employed_other", validReturn([.retained: 4])),
                       .fail(involved: [.init(.completed), .init(.retained), .init(.employedOther)]))
    }

    func testABareIntegerIsAnIndicatorNotAConstant() {
        // As constants 9 + 11 would be 20 > 8; as indicators it is 2 + 2 <= 5.
        XCTAssertEqual(outcome("8 >= 9 + 11"), .pass)
        XCTAssertEqual(outcome("8 >= 9 + 11", validReturn([.retained: 3])), .pass)
        XCTAssertEqual(outcome("8 >= 9 + 11", validReturn([.retained: 4])),
                       .fail(involved: [.init(.completed), .init(.retained), .init(.employedOther)]))
    }

    func testMinusBeforeParenthesesAppliesToEveryTermInside() {
        // 6 - (8 - 12) = 6 - 4 = 2; read as 6 - 8 - 12 it would be -3.
        XCTAssertEqual(outcome("13 == 6 - (8 - 12)", validReturn([.onPost: 2])), .pass)
        XCTAssertEqual(outcome("on_post = onboarded - (completed - ended_abnormal)", validReturn([.onPost: 2])), .pass)
        XCTAssertEqual(outcome("13 == 6 - 8 - 12", validReturn([.onPost: 2])),
                       .fail(involved: [.init(.onPost), .init(.onboarded), .init(.completed), .init(.endedAbnormal)]))
        XCTAssertEqual(outcome("((1)) >= (2)"), .pass)
    }

    func testCountsAndTheAmountShareOneScale() {
        // Indicator 14 is 12.5 万元; counts are compared in the same ten-thousandths.
        XCTAssertEqual(outcome("14 >= 1", validReturn([.unitsTotal: 12])), .pass)
        XCTAssertEqual(outcome("14 >= 1", validReturn([.unitsTotal: 13])),
                       .fail(involved: [.init(.subsidyYTD), .init(.unitsTotal)]))
        XCTAssertEqual(outcome("14 > 1", validReturn([.unitsTotal: 12, .subsidyYTD: 120_001])), .pass)
    }

    func testIndicatorsAreListedInExpressionOrderOnce() throws {
        let expression = try RuleExpression(parsing: "13 >= prev(13) + 6 - 8 + 6")
        XCTAssertEqual(expression.indicators, [.onPost, .onboarded, .completed])
        XCTAssertTrue(expression.usesPrevious)
        XCTAssertEqual(expression.source, "13 >= prev(13) + 6 - 8 + 6")
        XCTAssertFalse(try RuleExpression(parsing: "1 >= 2").usesPrevious)
        XCTAssertEqual(outcome("13 >= prev(13) + 6 - 8 + 6", validReturn([.onPost: 0]), previous: validReturn()),
                       .fail(involved: [.init(.onPost), .init(.onPost, previous: true), .init(.onboarded), .init(.completed)]))
    }

    func testPreviousMonth() {
        let rule = "subsidy_ytd >= prev(subsidy_ytd)"
        XCTAssertEqual(outcome(rule, previous: nil), .notEvaluable(.noPreviousMonth))
        XCTAssertEqual(outcome(rule, previous: validReturn([.subsidyYTD: 100_000])), .pass)
        XCTAssertEqual(outcome(rule, previous: validReturn()), .pass)
        XCTAssertEqual(outcome(rule, previous: validReturn([.subsidyYTD: 125_001])),
                       .fail(involved: [.init(.subsidyYTD), .init(.subsidyYTD, previous: true)]))
        XCTAssertEqual(outcome("14 >= prev(14)", previous: validReturn([.subsidyYTD: 125_001])),
                       outcome(rule, previous: validReturn([.subsidyYTD: 125_001])))
        XCTAssertEqual(outcome(rule, previous: validReturn([.subsidyYTD: nil])),
                       .notEvaluable(.missingValues([.init(.subsidyYTD, previous: true)])))
        // A rule without prev() does not need the previous month.
        XCTAssertEqual(outcome("1 >= 2", previous: nil), .pass)
    }

    // MARK: prev_ytd

    private let ytd = [IndicatorReference(.subsidyYTD), IndicatorReference(.subsidyYTD, month: .previousYearToDate)]

    func testPrevYTDIsZeroInJanuaryAndNeedsNoPreviousMonth() {
        let rule = "14 >= prev_ytd(14)"
        for figure: Int64 in [0, 1, 125_000, 99_999_999] {
            XCTAssertEqual(outcome(rule, validReturn([.subsidyYTD: figure]), previous: nil, period: january2026), .pass, "\(figure)")
        }
        // December's total is last year's: January's small total is no fall.
        XCTAssertEqual(outcome(rule, validReturn([.subsidyYTD: 1]), previous: validReturn([.subsidyYTD: 3_000_000]),
                               period: january2026), .pass)
        // Only a negative figure (which no reader lets through) is below January's 0.
        XCTAssertEqual(outcome(rule, validReturn([.subsidyYTD: -1]), period: january2026), .fail(involved: ytd))
        // This month's figure is still needed.
        XCTAssertEqual(outcome(rule, validReturn([.subsidyYTD: nil]), period: january2026),
                       .notEvaluable(.missingValues([.init(.subsidyYTD)])))
        // Same for the key spelling.
        XCTAssertEqual(outcome("subsidy_ytd >= prev_ytd(subsidy_ytd)", period: january2026), .pass)
    }

    func testPrevYTDIsThePreviousMonthWithinTheYear() {
        let rule = "14 >= prev_ytd(14)"
        for period in [february2026, september2026, december2025] {
            XCTAssertEqual(outcome(rule, previous: validReturn([.subsidyYTD: 125_000]), period: period), .pass, "\(period)")
            XCTAssertEqual(outcome(rule, previous: validReturn([.subsidyYTD: 125_001]), period: period),
                           .fail(involved: ytd), "\(period)")
            XCTAssertEqual(outcome(rule, previous: nil, period: period), .notEvaluable(.noPreviousMonth), "\(period)")
            XCTAssertEqual(outcome(rule, previous: validReturn([.subsidyYTD: nil]), period: period),
                           .notEvaluable(.missingValues([.init(.subsidyYTD, month: .previousYearToDate)])), "\(period)")
        }
    }

    func testWithoutAPeriodPrevYTDIsPrev() {
        for previous in [nil, validReturn([.subsidyYTD: 125_000]), validReturn([.subsidyYTD: 125_001]), validReturn([.subsidyYTD: nil])] {
            let ytdOutcome = outcome("14 >= prev_ytd(14)", previous: previous, period: nil)
            let prevOutcome = outcome("14 >= prev(14)", previous: previous, period: nil)
            switch (ytdOutcome, prevOutcome) {
            case (.pass?, .pass?), (.fail?, .fail?), (.notEvaluable(.noPreviousMonth)?, .notEvaluable(.noPreviousMonth)?),
                 (.notEvaluable(.missingValues)?, .notEvaluable(.missingValues)?):
                break
            default:
                XCTFail("\(String(describing: ytdOutcome)) vs \(String(describing: prevOutcome))")
            }
        }
    }

    func testPrevStaysThePreviousReturnInJanuary() {
        // prev() is not reset: December's 13 is January's starting point.
        XCTAssertEqual(outcome("13 >= prev(13)", previous: nil, period: january2026), .notEvaluable(.noPreviousMonth))
        XCTAssertEqual(outcome("13 >= prev(13)", previous: validReturn([.onPost: 10]), period: january2026),
                       .fail(involved: [.init(.onPost), .init(.onPost, previous: true)]))
        // A rule naming both needs the previous return in January for its prev() alone.
        let mixed = try? RuleExpression(parsing: "14 >= prev_ytd(14) + prev(1) - prev(1)")
        XCTAssertEqual(mixed?.needsPreviousReturn(period: january2026), true)
        XCTAssertEqual(outcome("14 >= prev_ytd(14) + prev(1) - prev(1)", period: january2026), .notEvaluable(.noPreviousMonth))
        XCTAssertEqual(outcome("14 >= prev_ytd(14) + prev(1) - prev(1)", previous: validReturn([.subsidyYTD: 999_999]),
                               period: january2026), .pass)
    }

    func testWhoNeedsThePreviousReturn() throws {
        let ytdRule = try RuleExpression(parsing: "14 >= prev_ytd(14)")
        XCTAssertTrue(ytdRule.usesPrevious)
        XCTAssertFalse(ytdRule.needsPreviousReturn(period: january2026))
        XCTAssertTrue(ytdRule.needsPreviousReturn(period: february2026))
        XCTAssertTrue(ytdRule.needsPreviousReturn(period: nil))
        XCTAssertEqual(ytdRule.indicators, [.subsidyYTD])
        XCTAssertTrue(try RuleExpression(parsing: "13 == prev(13)").needsPreviousReturn(period: january2026))
        XCTAssertFalse(try RuleExpression(parsing: "13 <= 3").needsPreviousReturn(period: nil))
    }

    func testPrevYTDReferenceKeysAndDisplay() {
        let amount = IndicatorReference(.subsidyYTD, month: .previousYearToDate)
        let count = IndicatorReference(.unitsTotal, month: .previousYearToDate)
        XCTAssertEqual(amount.key, "prev_ytd.subsidy_ytd")
        XCTAssertTrue(amount.previous)
        XCTAssertNotEqual(amount, IndicatorReference(.subsidyYTD, previous: true))
        let before = validReturn([.subsidyYTD: 130_000, .unitsTotal: 7])
        XCTAssertEqual(amount.display(current: validReturn(), previous: before, period: january2026), "0")
        XCTAssertEqual(count.display(current: validReturn(), previous: before, period: january2026), "0")
        XCTAssertEqual(amount.display(current: validReturn(), previous: before, period: february2026), "13")
        XCTAssertEqual(count.display(current: validReturn(), previous: before, period: nil), "7")
        XCTAssertNil(amount.display(current: validReturn(), previous: nil, period: february2026))
        XCTAssertEqual(NotEvaluableReason.missingValues([amount]).explanation.zh, "上月指标14未能读取，本条未检查")
    }

    func testAMissingValueMakesTheRuleNotEvaluable() {
        XCTAssertEqual(outcome("8 >= 9 + 11", validReturn([.retained: nil, .completed: nil])),
                       .notEvaluable(.missingValues([.init(.completed), .init(.retained)])))
        // This month's unreadable cells are reported before the missing previous month.
        XCTAssertEqual(outcome("13 >= prev(13)", validReturn([.onPost: nil]), previous: nil),
                       .notEvaluable(.missingValues([.init(.onPost)])))
        // A value the rule does not name does not matter.
        XCTAssertEqual(outcome("1 >= 2", validReturn([.subsidyYTD: nil])), .pass)
    }

    func testAMissingValueOutranksAFailureAnywhereInTheChain() {
        // 5 < 6 fails at the first comparison, but 7 cannot be read: the cell is what to fix.
        XCTAssertEqual(outcome("5 >= 6 >= 7", validReturn([.onboarded: 9, .onboardedGrads: nil])),
                       .notEvaluable(.missingValues([.init(.onboardedGrads)])))
        XCTAssertEqual(outcome("5 >= 6 >= 7", validReturn([.planned: nil, .onboardedGrads: 7])),
                       .notEvaluable(.missingValues([.init(.planned)])))
        // A failing first comparison is found before an overflow in a later side.
        let huge = Int64.max / 10_000
        XCTAssertEqual(outcome("1 >= 3 >= 4 + 13", validReturn([.postsNew: huge, .onPost: huge])),
                       .fail(involved: [.init(.unitsTotal), .init(.postsTotal), .init(.postsNew), .init(.onPost)]))
        XCTAssertEqual(outcome("3 >= 1 >= 4 + 13", validReturn([.postsNew: huge, .onPost: huge])), .notEvaluable(.overflow))
    }

    func testOverflowIsNotEvaluableNeverACrash() {
        let huge = Int64.max / 10_000
        XCTAssertEqual(outcome("8 >= 9 + 11", validReturn([.retained: huge, .employedOther: huge])),
                       .notEvaluable(.overflow))
        XCTAssertEqual(outcome("1 >= 2", validReturn([.unitsTotal: Int64.max])), .notEvaluable(.overflow))
        XCTAssertEqual(outcome("2 - 1 <= 2", validReturn([.unitsTotal: huge, .unitsNew: -huge])), .notEvaluable(.overflow))
        XCTAssertEqual(outcome("14 >= 1", validReturn([.subsidyYTD: Int64.max, .unitsTotal: huge])), .pass)
    }

    func testNotEvaluableReasonsExplainThemselves() {
        let missing = NotEvaluableReason.missingValues([.init(.retained), .init(.onPost, previous: true)])
        XCTAssertEqual(missing.explanation.zh, "指标9、上月指标13未能读取，本条未检查")
        XCTAssertEqual(missing.explanation.en,
                       "indicator 9, previous month's indicator 13 could not be read, so the rule was not checked")
        XCTAssertEqual(NotEvaluableReason.noPreviousMonth.explanation.zh, "没有上月报表，本条未检查")
    }

    func testReferenceKeys() {
        XCTAssertEqual(IndicatorReference(.unitsTotal).key, "units_total")
        XCTAssertEqual(IndicatorReference(.unitsTotal, previous: true).key, "prev.units_total")
        XCTAssertEqual(IndicatorReference(.unitsTotal, previous: true), IndicatorReference(.unitsTotal, month: .previous))
        XCTAssertEqual(IndicatorReference(.subsidyYTD, month: .previousYearToDate).key, "prev_ytd.subsidy_ytd")
    }

    func testParseErrorsSayWhatAndWhere() {
        let cases: [(String, RuleExpressionError.Kind, Int)] = [
            ("", .empty, 0),
            ("   ", .empty, 0),
            ("1 >= 15", .notAnIndicatorNumber("15"), 5),
            ("1 >= 0.5", .notAnIndicatorNumber("0.5"), 5),
            ("0 <= 1", .notAnIndicatorNumber("0"), 0),
            ("1 >= 99999999999999999999999", .notAnIndicatorNumber("99999999999999999999999"), 5),
            ("units >= 1", .unknownKey("units"), 0),
            ("Units_Total >= 2", .unknownKey("Units_Total"), 0),
            ("1 >= 2 % 3", .unexpectedCharacter("%"), 7),
            ("1≥2，3≥4", .unexpectedCharacter("，"), 3),
            ("1 ＋ 2 >= 3", .unexpectedCharacter("＋"), 2),
            ("1 >= ", .expectedIndicator(found: nil), 5),
            ("1 >= + 2", .expectedIndicator(found: "+"), 5),
            (">= 2", .expectedIndicator(found: ">="), 0),
            ("1 + 2", .missingComparison, 5),
            ("(1 + 2 >= 3", .unclosedParenthesis, 0),
            ("1 >= (2", .unclosedParenthesis, 5),
            ("1 >= 2)", .unexpectedToken(")"), 6),
            ("1 >= 2 3", .unexpectedToken("3"), 7),
            ("prev 13 >= 1", .previousNeedsOneIndicator, 0),
            ("1 <= prev(9 + 11)", .previousNeedsOneIndicator, 5),
            ("prev(prev(1)) >= 1", .previousNeedsOneIndicator, 0),
            ("prev() >= 1", .previousNeedsOneIndicator, 0),
            ("prev(prev_ytd(14)) >= 1", .previousNeedsOneIndicator, 0),
            ("prev_ytd 14 >= 1", .previousYearToDateNeedsOneIndicator, 0),
            ("14 >= prev_ytd(9 + 11)", .previousYearToDateNeedsOneIndicator, 6),
            ("14 >= prev_ytd(prev(14))", .previousYearToDateNeedsOneIndicator, 6),
            ("prev_ytd() >= 1", .previousYearToDateNeedsOneIndicator, 0),
            ("14 >= prev_ytd", .previousYearToDateNeedsOneIndicator, 6),
            ("14 >= prev_ytd(14", .previousYearToDateNeedsOneIndicator, 6),
            ("14 >= prev_ytd(15)", .notAnIndicatorNumber("15"), 15),
            ("14 >= prev_ytd(subsidy)", .unknownKey("subsidy"), 15),
            ("14 >= PREV_YTD(14)", .unknownKey("PREV_YTD"), 6),
            ("14 >= prev_ytd14", .unknownKey("prev_ytd14"), 6),
            ("14 >= prevytd(14)", .unknownKey("prevytd"), 6),
            ("14 >= prev_ytd（14）", .unexpectedCharacter("（"), 14),
            ("prev_ytd(14)", .missingComparison, 12),
        ]
        for (source, kind, offset) in cases {
            XCTAssertThrowsError(try RuleExpression(parsing: source), source) { error in
                guard let error = error as? RuleExpressionError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.kind, kind, source)
                XCTAssertEqual(error.offset, offset, source)
                XCTAssertEqual(error.source, source)
            }
        }
    }

    func testParseErrorMessagesExplainTheLanguage() {
        XCTAssertThrowsError(try RuleExpression(parsing: "1 >= 15")) { error in
            guard let message = (error as? RuleExpressionError)?.message else { return XCTFail("\(error)") }
            XCTAssertEqual(message.zh, "表达式“1 >= 15”第6个字符处：“15”不是指标序号。表达式中的数字表示指标序号（1-14），本版本不支持数值常数。")
            XCTAssertEqual(message.en, "expression \"1 >= 15\" at character 6: \"15\" is not an indicator number. A number in an expression names an indicator (1-14); this version has no numeric constants.")
        }
        XCTAssertThrowsError(try RuleExpression(parsing: "1≥2，3≥4")) { error in
            XCTAssertTrue((error as? RuleExpressionError)?.message.zh.contains("拆成多条规则") == true)
        }
        XCTAssertThrowsError(try RuleExpression(parsing: "1 ＋ 2 >= 3")) { error in
            XCTAssertTrue((error as? RuleExpressionError)?.message.zh.contains("全角") == true)
        }
        XCTAssertThrowsError(try RuleExpression(parsing: "14 >= prev_ytd(9 + 11)")) { error in
            guard let message = (error as? RuleExpressionError)?.message else { return XCTFail("\(error)") }
            XCTAssertEqual(message.zh, "表达式“14 >= prev_ytd(9 + 11)”第7个字符处：prev_ytd 后应在括号中写一个指标，如 prev_ytd(14) 或 prev_ytd(subsidy_ytd)。")
            XCTAssertEqual(message.en, "expression \"14 >= prev_ytd(9 + 11)\" at character 7: prev_ytd takes one indicator in parentheses, such as prev_ytd(14) or prev_ytd(subsidy_ytd).")
        }
        XCTAssertThrowsError(try RuleExpression(parsing: "1 >= +")) { error in
            XCTAssertTrue((error as? RuleExpressionError)?.message.zh.contains("prev_ytd(…)") == true)
        }
    }
}
