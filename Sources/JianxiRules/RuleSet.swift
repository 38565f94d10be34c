import Foundation
import JianxiDomain
import JianxiSchemas

/// One check of the rules file (format in Schemas/RULES.md). A class: every return is checked
/// against every rule, and copying a struct of this many strings cost more than the check.
public final class Rule: Sendable {
    public let id: String
    public let severity: Severity
    public let expression: RuleExpression
    public let title: Text
    /// The template as written, with placeholders such as {units_new}, {prev.1} or {prev_ytd.14}.
    public let message: Text
    public let hint: Text
    private let templateZH: Template
    private let templateEN: Template

    fileprivate init(id: String, severity: Severity, expression: RuleExpression, title: Text,
                     message: Text, hint: Text, templateZH: Template, templateEN: Template) {
        self.id = id
        self.severity = severity
        self.expression = expression
        self.title = title
        self.message = message
        self.hint = hint
        self.templateZH = templateZH
        self.templateEN = templateEN
    }

    /// The message with each placeholder replaced by the figure as written in the return
    /// (`{prev_ytd.x}` is 0 when `period` is a January).
    public func message(current: IndicatorValues, previous: IndicatorValues?, period: Period?) -> Text {
        Text(zh: templateZH.render(.zh, current: current, previous: previous, period: period),
             en: templateEN.render(.en, current: current, previous: previous, period: period))
    }
}

/// The rules a return is checked against, from Schemas/rules.json or a user's --rules file.
public struct RuleSet: Sendable {
    public let rules: [Rule]
    /// Every rule's steps in one array, and each rule's part of it: checking a return against
    /// every rule reads one array.
    private let program: (steps: [RuleExpression.Step], parts: [Range<Int>])

    /// The rules compiled in from Schemas/rules.json. RuleSetTests loads it, so a broken file
    /// fails the test suite, never a user's run; hence a trap rather than a throwing accessor.
    public static let builtin: RuleSet = {
        do throws(RuleFileError) {
            return try RuleSet(json: BuiltinSchemas.rulesJSON, source: "Schemas/rules.json")
        } catch {
            preconditionFailure(error.message.en)
        }
    }()

    /// The rules that need no previous month: what a county checking alone can be checked against.
    public var currentMonthOnly: RuleSet { RuleSet(rules: rules.filter { !$0.expression.usesPrevious }) }

    private init(rules: [Rule]) {
        self.rules = rules
        var steps: [RuleExpression.Step] = []
        var parts: [Range<Int>] = []
        for rule in rules {
            parts.append(steps.count..<steps.count + rule.expression.steps.count)
            steps += rule.expression.steps
        }
        program = (steps, parts)
    }

    public init(json: String, source: String) throws(RuleFileError) {
        try self.init(json: Array(json.utf8), source: source)
    }

    /// Checks the whole file and reports every problem at once, so whoever edits it can fix
    /// them in one go; `source` names the file in messages.
    public init(json: [UInt8], source: String) throws(RuleFileError) {
        let file: RawFile
        do {
            file = try JSONDecoder().decode(RawFile.self, from: Data(json))
        } catch let error as DecodingError {
            throw RuleFileError(source: source, problems: [Self.problem(decoding: error, json: json)])
        } catch {
            throw RuleFileError(source: source, problems: [
                .init(.notJSON, rule: nil, zh: "无法读取（\(error)）", en: "cannot be read (\(error))"),
            ])
        }
        var validator = Validator()
        let rules = validator.check(file)
        guard validator.problems.isEmpty else { throw RuleFileError(source: source, problems: validator.problems) }
        self.init(rules: rules)
    }

    /// Every rule with its outcome, in file order. `period` is the month of the return checked,
    /// which tells `prev_ytd` when it is January; nil when unknown (`prev_ytd` is then `prev`).
    public func evaluate(current: IndicatorValues, previous: IndicatorValues?,
                         period: Period?) -> [(rule: Rule, outcome: RuleOutcome)] {
        rules.map { ($0, $0.expression.evaluate(current: current, previous: previous, period: period)) }
    }

    /// In file order: a finding for each rule that fails, with the rule's severity; and a note
    /// (`.info`, no values) for each rule that could not be checked for want of the previous
    /// month's figures, so nobody takes an unmade check for a passed one. A rule that cannot be
    /// evaluated because a cell of this return is unreadable gives nothing (the reader already
    /// reported the cell), nor one whose sums overflow.
    public func findings(current: IndicatorValues, previous: IndicatorValues?, period: Period?,
                         location: Location = Location()) -> [Finding] {
        var findings: [Finding] = []
        let (steps, parts) = program
        for (rule, part) in zip(rules, parts) {
            // The usual outcome, found from the sums alone.
            if steps.withUnsafeBufferPointer({
                RuleExpression.sums(UnsafeBufferPointer(rebasing: $0[part]), current: current, previous: previous, period: period)
            }) == .hold { continue }
            switch rule.expression.evaluate(current: current, previous: previous, period: period) {
            case .pass:
                continue
            case .fail(let involved):
                let values = involved.compactMap { reference in
                    reference.display(current: current, previous: previous, period: period)
                        .map { (key: reference.key, value: $0) }
                }
                findings.append(Finding(code: rule.id, severity: rule.severity,
                                        message: rule.message(current: current, previous: previous, period: period),
                                        hint: rule.hint, location: location, values: values))
            case .notEvaluable(.noPreviousMonth):
                findings.append(Finding(code: rule.id, severity: .info, message: Self.noPreviousMonth(period),
                                        hint: rule.hint, location: location))
            case .notEvaluable(.missingValues(let references)) where references.allSatisfy(\.previous):
                // evaluate() lists this month's unreadable cells alone when there are any, so
                // these are all the previous month's: nobody reports those in this return.
                findings.append(Finding(code: rule.id, severity: .info,
                                        message: Self.previousUnreadable(references.map(\.indicator), period),
                                        hint: rule.hint, location: location))
            case .notEvaluable:
                continue
            }
        }
        return findings
    }

    /// "无上月（2026年8月）数据，本条未检查。"
    static func noPreviousMonth(_ period: Period?) -> Text {
        guard let previous = period?.previous else {
            return Text(zh: "无上月数据，本条未检查。", en: "No figures for the previous month: not checked.")
        }
        return Text(zh: "无上月（\(previous.chinese)）数据，本条未检查。",
                    en: "No figures for the previous month (\(previous)): not checked.")
    }

    /// "上月（2026年8月）报表的指标13未能读取，本条未检查。"
    static func previousUnreadable(_ indicators: [Indicator], _ period: Period?) -> Text {
        let numbers = indicators.map { String($0.number) }
        let zh = "上月\(period.map { "（\($0.previous.chinese)）" } ?? "")报表的指标\(numbers.joined(separator: "、"))未能读取，本条未检查。"
        let en = "\(numbers.count == 1 ? "Indicator" : "Indicators") \(numbers.joined(separator: ", ")) of the previous month's return"
            + "\(period.map { " (\($0.previous))" } ?? "") could not be read: not checked."
        return Text(zh: zh, en: en)
    }

    /// A type mismatch stops JSONDecoder at once, so such a file reports this one problem.
    private static func problem(decoding error: DecodingError, json: [UInt8]) -> RuleFileError.Problem {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath
            let (zh, en) = Self.describe(path)
            let expected: (zh: String, en: String) = switch path.last?.stringValue {
            case "version": ("整数，如 1", "a whole number such as 1")
            case "rules": ("规则数组 [ … ]", "an array of rules [ … ]")
            case "title", "message", "hint": ("对象 {\"zh\": …, \"en\": …}", "an object {\"zh\": …, \"en\": …}")
            case nil: ("对象 {\"version\": 1, \"rules\": [ … ]}", "an object {\"version\": 1, \"rules\": [ … ]}")
            case _ where path.last?.intValue != nil: ("对象 { … }", "an object { … }")
            default: ("带引号的文字", "a string in quotes")
            }
            return .init(.wrongType, rule: nil, zh: "\(zh)应为\(expected.zh)", en: "\(en) must be \(expected.en)")
        case .dataCorrupted:
            // JSONDecoder on Linux says only "not valid JSON", for bad syntax and for a number
            // such as 1.5 where an integer belongs; JSONSerialization tells them apart and
            // gives the position of a syntax error.
            do {
                _ = try JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { "\($0)" } ?? "\(error)"
                return .init(.notJSON, rule: nil, zh: "不是有效的JSON，请检查括号、逗号和引号（\(detail)）",
                             en: "not valid JSON; check the brackets, commas and quotes (\(detail))")
            }
            return .init(.wrongType, rule: nil, zh: "有数值不合要求：version 应为整数 1，其余各项应为带引号的文字",
                         en: "a number is out of place: version must be the whole number 1 and every other value a string in quotes")
        default:
            // keyNotFound: unreachable, every key is read with decodeIfPresent.
            return .init(.notJSON, rule: nil, zh: "无法读取（\(error)）", en: "cannot be read (\(error))")
        }
    }

    /// "第3条规则的 severity" / "rule #3: severity" from a decoding path.
    private static func describe(_ path: [any CodingKey]) -> (zh: String, en: String) {
        guard path.count >= 2, path[0].stringValue == "rules", let index = path[1].intValue else {
            let name = path.map(\.stringValue).joined(separator: ".")
            return name.isEmpty ? ("文件内容", "the file") : ("\(name) ", name)
        }
        let rest = path.dropFirst(2).map(\.stringValue).joined(separator: ".")
        let label = RuleLabel(index: index, id: nil)
        return rest.isEmpty ? (label.zh, label.en) : ("\(label.zh)的 \(rest) ", "\(label.en): \(rest)")
    }
}

/// Everything wrong with a rules file; no return is checked until it is fixed.
public struct RuleFileError: Error, Sendable {
    public struct Problem: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case notJSON, wrongType, unknownKey, missingKey, unsupportedVersion
            case badID, reservedID, duplicateID, badSeverity, badExpression, badPlaceholder, placeholderNotAllowed
        }

        public let kind: Kind
        /// The id of the rule at fault as written; nil for the file as a whole or a rule with no id.
        public let rule: String?
        public let message: Text

        init(_ kind: Kind, rule: String?, zh: String, en: String) {
            self.kind = kind
            self.rule = rule
            self.message = Text(zh: zh, en: en)
        }
    }

    public let source: String
    public let problems: [Problem]

    public var message: Text {
        let count = problems.count
        return Text(
            zh: "规则文件 \(source) 有\(count)处错误，修正后才能检查报表：\n"
                + problems.map { "- \($0.message.zh)" }.joined(separator: "\n"),
            en: "rules file \(source) has \(count) problem\(count == 1 ? "" : "s"); fix \(count == 1 ? "it" : "them") before any return is checked:\n"
                + problems.map { "- \($0.message.en)" }.joined(separator: "\n"))
    }
}

// MARK: - Message templates

private struct Template: Sendable {
    enum Segment: Sendable {
        case text(String)
        case value(IndicatorReference)
    }

    let segments: [Segment]

    /// The offending piece of text: an unknown "{foo}", an unclosed "{units_new", a lone "}".
    struct BadPlaceholder: Error { let text: String }

    init(_ text: String) throws(BadPlaceholder) {
        var segments: [Segment] = []
        var rest = Substring(text)
        while let brace = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            segments.append(.text(String(rest[..<brace])))
            guard rest[brace] == "{" else { throw BadPlaceholder(text: "}") }
            guard let close = rest[brace...].firstIndex(of: "}") else { throw BadPlaceholder(text: String(rest[brace...])) }
            let name = rest[rest.index(after: brace)..<close]
            guard let reference = Self.reference(name) else { throw BadPlaceholder(text: "{\(name)}") }
            segments.append(.value(reference))
            rest = rest[rest.index(after: close)...]
        }
        segments.append(.text(String(rest)))
        self.segments = segments
    }

    /// "2", "units_new", "prev.2", "prev.units_new", "prev_ytd.14" or "prev_ytd.subsidy_ytd"
    /// (not "02": rules.schema.json refuses it too). A placeholder is named like the finding's
    /// value key and shows what the expression's `x`, `prev(x)` or `prev_ytd(x)` stands for.
    private static func reference(_ name: Substring) -> IndicatorReference? {
        let (month, bare): (IndicatorReference.Month, Substring) =
            if name.hasPrefix("prev_ytd.") { (.previousYearToDate, name.dropFirst(9)) }
            else if name.hasPrefix("prev.") { (.previous, name.dropFirst(5)) }
            else { (.current, name) }
        let indicator = Indicator.allCases.first { String($0.number) == bare } ?? Indicator(key: String(bare))
        return indicator.map { IndicatorReference($0, month: month) }
    }

    func render(_ lang: Lang, current: IndicatorValues, previous: IndicatorValues?, period: Period?) -> String {
        segments.map { segment in
            switch segment {
            case .text(let text):
                return text
            case .value(let reference):
                if let shown = reference.display(current: current, previous: previous, period: period) { return shown }
                // A message may name a figure the rule does not need, and that one may be absent.
                return reference.previous ? (lang == .zh ? "无上月数" : "no figure for the previous month")
                    : (lang == .zh ? "未能读取" : "unreadable")
            }
        }.joined()
    }
}

// MARK: - Decoding and validating the file

/// Every field is optional so that missing ones become problems with the rule's name, not a
/// bare DecodingError; unknown keys are collected for the same reason.
private struct RawFile: Decodable {
    /// `$schema` lets an editor check the file against Schemas/rules.schema.json.
    static let keys: [String] = ["version", "rules", "$schema"]
    let version: Int?
    let rules: [RawRule]?
    let unknownKeys: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        version = try container.decodeIfPresent(Int.self, forKey: AnyKey("version"))
        rules = try container.decodeIfPresent([RawRule].self, forKey: AnyKey("rules"))
        _ = try container.decodeIfPresent(String.self, forKey: AnyKey("$schema"))
        unknownKeys = container.unknownKeys(Self.keys)
    }
}

private struct RawRule: Decodable {
    static let keys = ["id", "severity", "expression", "title", "message", "hint"]
    let id: String?
    let severity: String?
    let expression: String?
    let title: RawText?
    let message: RawText?
    let hint: RawText?
    let unknownKeys: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        id = try container.decodeIfPresent(String.self, forKey: AnyKey("id"))
        severity = try container.decodeIfPresent(String.self, forKey: AnyKey("severity"))
        expression = try container.decodeIfPresent(String.self, forKey: AnyKey("expression"))
        title = try container.decodeIfPresent(RawText.self, forKey: AnyKey("title"))
        message = try container.decodeIfPresent(RawText.self, forKey: AnyKey("message"))
        hint = try container.decodeIfPresent(RawText.self, forKey: AnyKey("hint"))
        unknownKeys = container.unknownKeys(Self.keys)
    }
}

private struct RawText: Decodable {
    let zh: String?
    let en: String?
    let unknownKeys: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        zh = try container.decodeIfPresent(String.self, forKey: AnyKey("zh"))
        en = try container.decodeIfPresent(String.self, forKey: AnyKey("en"))
        unknownKeys = container.unknownKeys(["zh", "en"])
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int? = nil
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == AnyKey {
    /// Sorted, because JSON object keys come back in no particular order.
    fileprivate func unknownKeys(_ known: [String]) -> [String] {
        allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
    }
}

/// How a message names a rule: by its id when it has one, else by its place in the file.
private struct RuleLabel {
    let zh: String
    let en: String

    init(index: Int, id: String?) {
        if let id, !id.isEmpty {
            zh = "规则\(id)"
            en = "rule \(id)"
        } else {
            zh = "第\(index + 1)条规则"
            en = "rule #\(index + 1)"
        }
    }
}

private struct Validator {
    static let supportedVersion = 1
    private(set) var problems: [RuleFileError.Problem] = []

    private mutating func add(_ kind: RuleFileError.Problem.Kind, _ rule: String?, zh: String, en: String) {
        problems.append(.init(kind, rule: rule, zh: zh, en: en))
    }

    /// The rules that passed every check; meaningful only when `problems` stays empty.
    mutating func check(_ file: RawFile) -> [Rule] {
        for key in file.unknownKeys {
            add(.unknownKey, nil, zh: "文件顶层有无法识别的键“\(key)”，只允许 version 和 rules（键名区分大小写）",
                en: "unknown key \"\(key)\" at the top level; only version and rules are allowed (keys are case-sensitive)")
        }
        guard let version = file.version else {
            add(.missingKey, nil, zh: "文件缺少 \"version\": \(Self.supportedVersion)",
                en: "the file has no \"version\": \(Self.supportedVersion)")
            return []
        }
        // A later version may mean anything; checking its rules by this version's grammar would mislead.
        guard version == Self.supportedVersion else {
            add(.unsupportedVersion, nil, zh: "规则文件版本为 \(version)，本版本的 jianxi 只支持 version \(Self.supportedVersion)，请改用对应版本的规则文件或升级 jianxi",
                en: "the rules file is version \(version); this jianxi reads only version \(Self.supportedVersion): use a matching rules file or upgrade jianxi")
            return []
        }
        guard let rawRules = file.rules else {
            add(.missingKey, nil, zh: "文件缺少规则数组 \"rules\": [ … ]", en: "the file has no \"rules\": [ … ] array")
            return []
        }
        var firstIndex: [String: Int] = [:]
        var rules: [Rule] = []
        for (index, raw) in rawRules.enumerated() {
            if let rule = check(raw, index: index, firstIndex: &firstIndex) { rules.append(rule) }
        }
        return rules
    }

    private mutating func check(_ raw: RawRule, index: Int, firstIndex: inout [String: Int]) -> Rule? {
        let label = RuleLabel(index: index, id: raw.id)
        let before = problems.count
        for key in raw.unknownKeys {
            add(.unknownKey, raw.id, zh: "\(label.zh)有无法识别的键“\(key)”，只允许 \(RawRule.keys.joined(separator: "、"))（键名区分大小写）",
                en: "\(label.en) has an unknown key \"\(key)\"; only \(RawRule.keys.joined(separator: ", ")) are allowed (keys are case-sensitive)")
        }

        let place = RuleLabel(index: index, id: nil)
        if let id = raw.id {
            if !Self.isWellFormed(id) {
                add(.badID, id, zh: "\(place.zh)的ID“\(id)”不合格：应以大写英文字母开头，只含大写字母、数字和下划线，如 R7、R_ON_POST",
                    en: "\(place.en) has the id \"\(id)\", which is not allowed: start with a capital letter and use only capitals, digits and underscores, e.g. R7 or R_ON_POST")
            } else if id.hasPrefix("E_") || id.hasPrefix("W_") {
                add(.reservedID, id, zh: "\(place.zh)的ID“\(id)”以 E_ 或 W_ 开头，这两个前缀留给 jianxi 自身的检查代码，请换一个ID，如 R7",
                    en: "\(place.en) has the id \"\(id)\"; ids starting with E_ or W_ are reserved for jianxi's own finding codes: choose another, e.g. R7")
            } else if let first = firstIndex[id] {
                add(.duplicateID, id, zh: "\(place.zh)的ID“\(id)”与第\(first + 1)条规则重复，每条规则的ID必须唯一",
                    en: "\(place.en) has the id \"\(id)\", already used by rule #\(first + 1); every rule needs its own id")
            } else {
                firstIndex[id] = index
            }
        } else {
            add(.missingKey, nil, zh: "\(label.zh)缺少 id", en: "\(label.en) has no id")
        }

        // Not info: a rule that fails asks something of the reporter; info is for jianxi's own
        // notes, such as a rule it could not check.
        let severity = raw.severity.flatMap(Severity.init(rawValue:)).flatMap { $0 == .info ? nil : $0 }
        switch raw.severity {
        case nil:
            add(.missingKey, raw.id, zh: "\(label.zh)缺少 severity（error 或 warning）", en: "\(label.en) has no severity (error or warning)")
        case let written? where severity == nil:
            add(.badSeverity, raw.id, zh: "\(label.zh)的 severity 为“\(written)”，只能是 error（强制性审核，必须修正）或 warning（提示性审核，核实后可保留）",
                en: "\(label.en) has severity \"\(written)\"; it must be error (must be fixed) or warning (check, keep if right)")
        default:
            break
        }

        var expression: RuleExpression?
        if let source = raw.expression {
            do {
                expression = try RuleExpression(parsing: source)
            } catch {
                add(.badExpression, raw.id, zh: "\(label.zh)的\(error.message.zh)", en: "\(label.en): \(error.message.en)")
            }
        } else {
            add(.missingKey, raw.id, zh: "\(label.zh)缺少 expression（如 \"1 >= 2\"）", en: "\(label.en) has no expression (such as \"1 >= 2\")")
        }

        let title = text(raw.title, "title", raw.id, label, template: false)
        let message = text(raw.message, "message", raw.id, label, template: true)
        let hint = text(raw.hint, "hint", raw.id, label, template: false)

        guard problems.count == before, let id = raw.id, let severity, let expression, let title, let message, let hint,
              let templateZH = message.templates?.zh, let templateEN = message.templates?.en else { return nil }
        return Rule(id: id, severity: severity, expression: expression, title: title.text, message: message.text,
                    hint: hint.text, templateZH: templateZH, templateEN: templateEN)
    }

    /// Checks one {zh, en} object; for the message also parses both templates.
    private mutating func text(_ raw: RawText?, _ field: String, _ id: String?, _ label: RuleLabel,
                               template: Bool) -> (text: Text, templates: (zh: Template, en: Template)?)? {
        guard let raw else {
            add(.missingKey, id, zh: "\(label.zh)缺少 \(field)（含 zh 和 en）", en: "\(label.en) has no \(field) (with zh and en)")
            return nil
        }
        for key in raw.unknownKeys {
            add(.unknownKey, id, zh: "\(label.zh)的 \(field) 中有无法识别的键“\(key)”，只允许 zh 和 en",
                en: "\(label.en): \(field) has an unknown key \"\(key)\"; only zh and en are allowed")
        }
        var parts: [Lang: String] = [:]
        var templates: [Lang: Template] = [:]
        for lang in Lang.allCases {
            let value = lang == .zh ? raw.zh : raw.en
            guard let value, !value.allSatisfy(\.isWhitespace) else {
                add(.missingKey, id, zh: "\(label.zh)的 \(field) 缺少\(lang == .zh ? "中文（zh）" : "英文（en）")或内容为空",
                    en: "\(label.en): \(field) has no \(lang == .zh ? "Chinese (zh)" : "English (en)") text")
                continue
            }
            parts[lang] = value
            if template {
                do {
                    templates[lang] = try Template(value)
                } catch {
                    add(.badPlaceholder, id, zh: "\(label.zh)的 \(field).\(lang) 中的“\(error.text)”不是有效的占位符：请写 {1}-{14}、键名如 {units_new}，上月数写 {prev.1}，本年上月累计数写 {prev_ytd.14}；花括号只用于占位符",
                        en: "\(label.en): \"\(error.text)\" in \(field).\(lang) is not a valid placeholder: write {1}-{14}, a key such as {units_new}, {prev.1} for the previous month, or {prev_ytd.14} for the previous month within the year; braces are only for placeholders")
                }
            } else if value.contains(where: { $0 == "{" || $0 == "}" }) {
                add(.placeholderNotAllowed, id, zh: "\(label.zh)的 \(field).\(lang) 中有花括号：只有 message 会替换占位符，\(field) 请写普通文字",
                    en: "\(label.en): \(field).\(lang) contains braces; placeholders are replaced only in message, so write plain text in \(field)")
            }
        }
        guard let zh = parts[.zh], let en = parts[.en] else { return nil }
        let pair = templates[.zh].flatMap { zh in templates[.en].map { (zh: zh, en: $0) } }
        return (Text(zh: zh, en: en), pair)
    }

    /// ^[A-Z][A-Z0-9_]*$
    private static func isWellFormed(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
