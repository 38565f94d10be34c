import JianxiDomain

/// One indicator named in a rule: this month's figure, the previous month's (`prev(x)`), or the
/// previous month's within the same calendar year (`prev_ytd(x)`, 0 in January).
public struct IndicatorReference: Hashable, Sendable {
    public enum Month: Hashable, Sendable {
        /// `x`: this month's return.
        case current
        /// `prev(x)`: the previous month's return, whatever its year.
        case previous
        /// `prev_ytd(x)`: the previous month's figure when that month is in the same calendar year,
        /// and 0 in January, when a year-to-date total such as indicator 14 restarts. Without a
        /// period to tell January apart it is the same as `prev(x)`.
        case previousYearToDate
    }

    public let indicator: Indicator
    public let month: Month

    public init(_ indicator: Indicator, month: Month) {
        self.indicator = indicator
        self.month = month
    }

    /// `previous: true` is `prev(x)`.
    public init(_ indicator: Indicator, previous: Bool = false) {
        self.init(indicator, month: previous ? .previous : .current)
    }

    /// Whether the figure belongs to an earlier month (`prev` or `prev_ytd`).
    public var previous: Bool { month != .current }

    /// The key a finding lists the value under, and a message template's placeholder names:
    /// "units_total", "prev.units_total" or "prev_ytd.subsidy_ytd".
    public var key: String {
        switch month {
        case .current: indicator.key
        case .previous: "prev.\(indicator.key)"
        case .previousYearToDate: "prev_ytd.\(indicator.key)"
        }
    }

    /// Where the figure comes from in the return for `period`.
    enum Source: Equatable {
        case current, previousReturn
        /// `prev_ytd` in January: 0, and no previous return needed.
        case zero
    }

    func source(in period: Period?) -> Source {
        switch month {
        case .current: .current
        case .previous: .previousReturn
        case .previousYearToDate: period?.month == 1 ? .zero : .previousReturn
        }
    }

    /// Whether evaluating this reference for `period` reads the previous month's return: always
    /// for `prev(x)`, never for `prev_ytd(x)` in January.
    public func needsPreviousReturn(period: Period?) -> Bool { source(in: period) == .previousReturn }

    /// The figure as written in the return it comes from ("0" for `prev_ytd` in January), nil
    /// when there is none.
    public func display(current: IndicatorValues, previous values: IndicatorValues?, period: Period?) -> String? {
        switch source(in: period) {
        case .current: current.display(indicator)
        case .previousReturn: values?.display(indicator)
        case .zero: indicator.kind == .amount ? Amount(yuan: 0).description : "0"
        }
    }

    /// The figure in ten-thousandths of its unit (`IndicatorValues.scaled`).
    func scaled(current: IndicatorValues, previous values: IndicatorValues?, period: Period?) -> Int64? {
        switch source(in: period) {
        case .current: current.scaled(indicator)
        case .previousReturn: values?.scaled(indicator)
        case .zero: 0
        }
    }

    /// Whether the figure is missing (the cell could not be read) in the return it comes from.
    func isMissing(current: IndicatorValues, previous values: IndicatorValues?, period: Period?) -> Bool {
        switch source(in: period) {
        case .current: current[indicator] == nil
        case .previousReturn: values?[indicator] == nil
        case .zero: false
        }
    }
}

/// What checking one rule against one return gave (R `validate`: pass, fail or not evaluable).
public enum RuleOutcome: Sendable, Equatable {
    case pass
    /// Every indicator the expression names, in expression order, once each.
    case fail(involved: [IndicatorReference])
    case notEvaluable(NotEvaluableReason)
}

public enum NotEvaluableReason: Sendable, Equatable {
    /// Cells that could not be read (the reader reports why); this month's come before the
    /// previous month's, because the reporter can fix those in the return at hand.
    case missingValues([IndicatorReference])
    /// The rule compares with the previous month and there is no return for it. Not a pass:
    /// nothing was checked.
    case noPreviousMonth
    /// A sum left the range of 64-bit integers: the figures are absurd, not a relation to judge.
    case overflow

    public var explanation: Text {
        switch self {
        case .missingValues(let references):
            let zh = references.map { "\($0.previous ? "上月" : "")指标\($0.indicator.number)" }
                .joined(separator: "、")
            let en = references.map { "\($0.previous ? "previous month's " : "")indicator \($0.indicator.number)" }
                .joined(separator: ", ")
            return Text(zh: "\(zh)未能读取，本条未检查", en: "\(en) could not be read, so the rule was not checked")
        case .noPreviousMonth:
            return Text(zh: "没有上月报表，本条未检查", en: "there is no return for the previous month, so the rule was not checked")
        case .overflow:
            return Text(zh: "数值过大，无法计算，本条未检查",
                        en: "the figures are too large to add up, so the rule was not checked")
        }
    }
}

/// A relation between indicators, such as `8 >= 9 + 11` (grammar in Schemas/RULES.md).
public struct RuleExpression: Sendable {
    public let source: String
    /// The terms of every side in one flat array of plain values (evaluated for every return,
    /// it needs no reference counting): a chain `a >= b >= c` holds when every adjacent pair of
    /// sides holds, and the first term of each side after the first says how it compares with
    /// the side before.
    let steps: [Step]
    /// Every reference in expression order, once each.
    private let references: [IndicatorReference]

    struct Step: Sendable {
        fileprivate let term: Term
        /// On a side's first term: how the side before compares with this side.
        fileprivate let comparison: Comparison?
    }

    /// What the sums alone say: the rule holds, fails, or cannot be judged without looking at
    /// which figures are missing (a missing or unscalable figure, an overflow).
    enum Sums { case hold, fail, undecided }

    public init(parsing source: String) throws(RuleExpressionError) {
        var parser = try Parser(source)
        let (sides, operators) = try parser.parseChain()
        self.source = source
        steps = sides.enumerated().flatMap { index, side in
            side.enumerated().map { position, term in
                Step(term: term, comparison: index > 0 && position == 0 ? operators[index - 1] : nil)
            }
        }
        var seen = Set<IndicatorReference>()
        references = steps.map(\.term.reference).filter { seen.insert($0).inserted }
    }

    /// The indicators named, this month's or previous, in expression order, once each.
    public var indicators: [Indicator] {
        var seen = Set<Indicator>()
        return references.map(\.indicator).filter { seen.insert($0).inserted }
    }

    /// Whether it names `prev(x)` or `prev_ytd(x)`.
    public var usesPrevious: Bool { references.contains(where: \.previous) }

    /// Whether evaluating it for a return of `period` needs the previous month's return: false
    /// in January when it names only `prev_ytd`, which is 0 then.
    public func needsPreviousReturn(period: Period?) -> Bool {
        references.contains { $0.needsPreviousReturn(period: period) }
    }

    /// Compares figures in ten-thousandths of their unit, as `IndicatorValues.scaled` gives
    /// them, so a count and the 万元 amount are on one integer scale. `period` is the month of
    /// the return checked; it tells `prev_ytd` when it is January (nil: `prev_ytd` is `prev`).
    public func evaluate(current: IndicatorValues, previous: IndicatorValues?, period: Period?) -> RuleOutcome {
        // Missing figures outrank the outcome, so they are looked for whenever the sums do not hold.
        switch steps.withUnsafeBufferPointer({ Self.sums($0, current: current, previous: previous, period: period) }) {
        case .hold: .pass
        case .fail: whyNotEvaluable(current: current, previous: previous, period: period) ?? .fail(involved: references)
        case .undecided: whyNotEvaluable(current: current, previous: previous, period: period) ?? .notEvaluable(.overflow)
        }
    }

    /// The sums and comparisons of `steps`, as every return is checked: each figure looked at
    /// once, nothing allocated, nothing reference-counted.
    static func sums(_ steps: UnsafeBufferPointer<Step>, current: IndicatorValues, previous: IndicatorValues?, period: Period?) -> Sums {
        var left: Int64 = 0
        var total: Int64 = 0
        // How `left`, the side before, compares with the side being added up.
        var pending: Comparison?
        for step in steps {
            if let comparison = step.comparison {
                if let pending, !pending.holds(left, total) { return .fail }
                pending = comparison
                left = total
                total = 0
            }
            guard let value = step.term.reference.scaled(current: current, previous: previous, period: period) else { return .undecided }
            let (sum, overflow) = step.term.negative
                ? total.subtractingReportingOverflow(value)
                : total.addingReportingOverflow(value)
            guard !overflow else { return .undecided }
            total = sum
        }
        if let pending, !pending.holds(left, total) { return .fail }
        return .hold
    }

    /// This month's unreadable cells first; else no previous month; else its unreadable cells;
    /// nil when every figure is there.
    private func whyNotEvaluable(current: IndicatorValues, previous: IndicatorValues?, period: Period?) -> RuleOutcome? {
        guard references.contains(where: { $0.isMissing(current: current, previous: previous, period: period) }) else { return nil }
        let missingNow = references.filter { $0.source(in: period) == .current && current[$0.indicator] == nil }
        if !missingNow.isEmpty { return .notEvaluable(.missingValues(missingNow)) }
        let before = references.filter { $0.needsPreviousReturn(period: period) }
        if previous == nil { return .notEvaluable(.noPreviousMonth) }
        return .notEvaluable(.missingValues(before.filter { $0.isMissing(current: current, previous: previous, period: period) }))
    }
}

private struct Term: Sendable {
    /// Parentheses are flattened away at parse time: `8 - (9 + 11)` is 8 - 9 - 11.
    let negative: Bool
    let reference: IndicatorReference
}

private enum Comparison: Sendable {
    case greaterOrEqual, lessOrEqual, greater, less, equal, notEqual

    func holds(_ a: Int64, _ b: Int64) -> Bool {
        switch self {
        case .greaterOrEqual: a >= b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .less: a < b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}

/// Why an expression could not be read, and where (`offset` counts characters from 0).
public struct RuleExpressionError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case empty
        case unexpectedCharacter(Character)
        /// A number outside 1-14, or with decimals: numbers name indicators, there are no constants.
        case notAnIndicatorNumber(String)
        case unknownKey(String)
        /// An indicator was expected; nil when the expression ended instead.
        case expectedIndicator(found: String?)
        case missingComparison
        case unclosedParenthesis
        case unexpectedToken(String)
        /// `prev` must be followed by one indicator in parentheses.
        case previousNeedsOneIndicator
        /// `prev_ytd` must be followed by one indicator in parentheses.
        case previousYearToDateNeedsOneIndicator
    }

    public let kind: Kind
    public let offset: Int
    public let source: String

    public var message: Text {
        let detail: Text = switch kind {
        case .empty:
            Text(zh: "表达式为空，应写成如“1 >= 2”的关系式", en: "the expression is empty; write a relation such as \"1 >= 2\"")
        case .unexpectedCharacter(let character):
            Self.describe(character)
        case .notAnIndicatorNumber(let number):
            Text(zh: "“\(number)”不是指标序号。表达式中的数字表示指标序号（1-14），本版本不支持数值常数",
                 en: "\"\(number)\" is not an indicator number. A number in an expression names an indicator (1-14); this version has no numeric constants")
        case .unknownKey(let name):
            Text(zh: "“\(name)”不是指标名。请写指标序号1-14或英文键名，如 units_total、subsidy_ytd",
                 en: "\"\(name)\" is not an indicator. Write an indicator number 1-14 or a key such as units_total or subsidy_ytd")
        case .expectedIndicator(let found?):
            Text(zh: "此处应为指标（序号、键名、prev(…)、prev_ytd(…) 或括号），却是“\(found)”",
                 en: "expected an indicator (number, key, prev(…), prev_ytd(…) or parentheses) but found \"\(found)\"")
        case .expectedIndicator(nil):
            Text(zh: "表达式不完整，末尾缺少指标", en: "the expression ends where an indicator is expected")
        case .missingComparison:
            Text(zh: "缺少比较符号（>=、<=、>、<、==、!=、≥、≤、=），规则必须是一个关系式",
                 en: "no comparison (>=, <=, >, <, ==, !=, ≥, ≤, =); a rule must be a relation")
        case .unclosedParenthesis:
            Text(zh: "括号没有闭合，缺少“)”", en: "unclosed parenthesis: \")\" is missing")
        case .unexpectedToken(let token):
            Text(zh: "多余的“\(token)”，请检查括号和比较符号", en: "unexpected \"\(token)\"; check the parentheses and comparisons")
        case .previousNeedsOneIndicator:
            Text(zh: "prev 后应在括号中写一个指标，如 prev(13) 或 prev(on_post)；多个指标请写成 prev(9) + prev(11)",
                 en: "prev takes one indicator in parentheses, such as prev(13) or prev(on_post); for several write prev(9) + prev(11)")
        case .previousYearToDateNeedsOneIndicator:
            Text(zh: "prev_ytd 后应在括号中写一个指标，如 prev_ytd(14) 或 prev_ytd(subsidy_ytd)",
                 en: "prev_ytd takes one indicator in parentheses, such as prev_ytd(14) or prev_ytd(subsidy_ytd)")
        }
        return Text(zh: "表达式“\(source)”第\(offset + 1)个字符处：\(detail.zh)。",
                    en: "expression \"\(source)\" at character \(offset + 1): \(detail.en).")
    }

    private static func describe(_ character: Character) -> Text {
        if character == "," || character == "，" {
            return Text(zh: "一条规则只写一个关系式，表样中的“1≥2，3≥4”请拆成多条规则",
                        en: "one rule holds one relation; split the form's \"1≥2，3≥4\" into separate rules")
        }
        // Chinese input methods type full-width forms (＋, （, ＞) that look like the ASCII ones.
        if let scalar = character.unicodeScalars.first, (0xFF01...0xFF5E).contains(scalar.value) {
            return Text(zh: "“\(character)”是全角符号，请改用半角（英文）符号",
                        en: "\"\(character)\" is a full-width character; use the ASCII one")
        }
        return Text(zh: "无法识别的字符“\(character)”", en: "unexpected character \"\(character)\"")
    }
}

private enum Token: Equatable {
    case reference(Indicator)
    case previous(IndicatorReference.Month)
    case comparison(Comparison)
    case plus, minus, open, close
}

/// Recursive descent over the whole token list (expressions are one line long).
private struct Parser {
    let source: String
    /// Each token with its offset and the text as written (for messages).
    private var tokens: [(token: Token, offset: Int, text: String)] = []
    private var position = 0
    private let length: Int

    init(_ source: String) throws(RuleExpressionError) {
        self.source = source
        let characters = Array(source)
        length = characters.count
        var i = 0
        func fail(_ kind: RuleExpressionError.Kind, _ at: Int) -> RuleExpressionError {
            RuleExpressionError(kind: kind, offset: at, source: source)
        }
        while i < characters.count {
            let start = i
            let c = characters[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            if c.isASCII, c.isNumber {
                while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                // Read a decimal part too, so "0.5" is refused as a whole with the right reason.
                if i + 1 < characters.count, characters[i] == ".", characters[i + 1].isASCII, characters[i + 1].isNumber {
                    i += 1
                    while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                }
                let text = String(characters[start..<i])
                guard let number = Int(text), let indicator = Indicator(number: number) else {
                    throw fail(.notAnIndicatorNumber(text), start)
                }
                tokens.append((.reference(indicator), start, text))
                continue
            }
            if c.isASCII, c.isLetter || c == "_" {
                while i < characters.count, characters[i].isASCII,
                      characters[i].isLetter || characters[i].isNumber || characters[i] == "_" { i += 1 }
                let text = String(characters[start..<i])
                if text == "prev" {
                    tokens.append((.previous(.previous), start, text))
                } else if text == "prev_ytd" {
                    tokens.append((.previous(.previousYearToDate), start, text))
                } else if let indicator = Indicator(key: text) {
                    tokens.append((.reference(indicator), start, text))
                } else {
                    throw fail(.unknownKey(text), start)
                }
                continue
            }
            let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            let token: Token
            switch (c, next) {
            case (">", "="): token = .comparison(.greaterOrEqual); i += 1
            case ("<", "="): token = .comparison(.lessOrEqual); i += 1
            case ("=", "="): token = .comparison(.equal); i += 1
            case ("!", "="): token = .comparison(.notEqual); i += 1
            case (">", _): token = .comparison(.greater)
            case ("<", _): token = .comparison(.less)
            case ("=", _): token = .comparison(.equal)
            case ("≥", _): token = .comparison(.greaterOrEqual)
            case ("≤", _): token = .comparison(.lessOrEqual)
            case ("+", _): token = .plus
            case ("-", _): token = .minus
            case ("(", _): token = .open
            case (")", _): token = .close
            default: throw fail(.unexpectedCharacter(c), start)
            }
            i += 1
            tokens.append((token, start, String(characters[start..<i])))
        }
    }

    private func error(_ kind: RuleExpressionError.Kind, at offset: Int? = nil) -> RuleExpressionError {
        RuleExpressionError(kind: kind, offset: offset ?? currentOffset, source: source)
    }

    private func token(at index: Int) -> Token? { index < tokens.count ? tokens[index].token : nil }
    private var current: Token? { token(at: position) }
    private var currentOffset: Int { position < tokens.count ? tokens[position].offset : length }

    mutating func parseChain() throws(RuleExpressionError) -> ([[Term]], [Comparison]) {
        guard !tokens.isEmpty else { throw error(.empty, at: 0) }
        var sides = [try parseSum(negated: false)]
        var operators: [Comparison] = []
        while case .comparison(let comparison)? = current {
            position += 1
            operators.append(comparison)
            sides.append(try parseSum(negated: false))
        }
        if position < tokens.count { throw error(.unexpectedToken(tokens[position].text)) }
        if operators.isEmpty { throw error(.missingComparison) }
        return (sides, operators)
    }

    /// `negated` carries a minus in front of parentheses into the terms inside.
    private mutating func parseSum(negated: Bool) throws(RuleExpressionError) -> [Term] {
        var terms = try parseTerm(negated: negated)
        while let token = current, token == .plus || token == .minus {
            position += 1
            terms += try parseTerm(negated: negated != (token == .minus))
        }
        return terms
    }

    private mutating func parseTerm(negated: Bool) throws(RuleExpressionError) -> [Term] {
        switch current {
        case .reference(let indicator)?:
            position += 1
            return [Term(negative: negated, reference: IndicatorReference(indicator))]
        case .previous(let month)?:
            guard token(at: position + 1) == .open,
                  case .reference(let indicator)? = token(at: position + 2),
                  token(at: position + 3) == .close
            else {
                throw error(month == .previousYearToDate ? .previousYearToDateNeedsOneIndicator : .previousNeedsOneIndicator)
            }
            position += 4
            return [Term(negative: negated, reference: IndicatorReference(indicator, month: month))]
        case .open?:
            let start = currentOffset
            position += 1
            let terms = try parseSum(negated: negated)
            guard current == .close else { throw error(.unclosedParenthesis, at: start) }
            position += 1
            return terms
        default:
            throw error(.expectedIndicator(found: position < tokens.count ? tokens[position].text : nil))
        }
    }
}
