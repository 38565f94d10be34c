import JianxiDomain

/// Which field each column of a CSV holds, worked out from the header row.
///
/// A header may be a canonical key (`units_total`), an indicator number (`1`, `指标1`), the
/// number and the form's text (`1.本期末实有见习单位总数`, as `jianxi template` writes), or the
/// form's text alone where it is unique (indicators 7 and 10 share theirs). A class: every
/// return read from the file points back to it.
public final class ColumnLayout: Sendable {
    /// The field of each column; nil for a column with an empty header, which is ignored.
    public let fields: [Field?]
    /// The header of each column as written.
    public let headers: [String]
    private let columnOf: [Field: Int]

    init(fields: [Field?], headers: [String], columnOf: [Field: Int]) {
        self.fields = fields
        self.headers = headers
        self.columnOf = columnOf
    }

    /// Fields a return cannot do without.
    static let required: [Field] = [.regionCode, .period] + Indicator.allCases.map(Field.indicator)

    public func column(of field: Field) -> Int? { columnOf[field] }

    /// How a person finds a field in the file: "C列「统计期」" / "column C (统计期)".
    public func label(of field: Field) -> Text? {
        guard let column = columnOf[field] else { return nil }
        return Self.label(column: column, header: headers[column])
    }

    static func label(column: Int, header: String) -> Text {
        let letter = columnLetter(column)
        return Text(zh: "\(letter)列「\(header)」", en: "Column \(letter) (\(header))")
    }

    static func columnLetter(_ index: Int) -> String { SpreadsheetColumn.letters(index) }

    /// Maps a header row; every unknown, duplicated, ambiguous or missing column is a finding.
    static func map(headers: [String], location: Location) -> (ColumnLayout, [Finding]) {
        var findings: [Finding] = []
        var fields: [Field?] = []
        var columnOf: [Field: Int] = [:]
        // Fields an ambiguous column may stand for: reported there, so not again as missing.
        var ambiguousKeys: Set<String> = []
        for (column, header) in headers.enumerated() {
            var at = location
            at.columnLabel = label(column: column, header: header)
            switch HeaderMatcher.match(header) {
            case .ignored:
                fields.append(nil)
            case .field(let field):
                at.column = field.key
                if let first = columnOf[field] {
                    let firstLabel = label(column: first, header: headers[first])
                    findings.append(Finding(.columnDuplicate, Text(
                        zh: "与\(firstLabel.zh)重复，都是“\(field.headerZH)”。",
                        en: "Repeats \(firstLabel.en): both are \(field.key)."), at: at))
                    fields.append(nil)
                } else {
                    columnOf[field] = column
                    fields.append(field)
                }
            case .unknown:
                findings.append(Finding(.columnUnknown, Text(
                    zh: "不是报表中的列。", en: "Not a field of the return."), at: at))
                fields.append(nil)
            case .ambiguous(let candidates):
                ambiguousKeys.formUnion(candidates.map(\.key))
                let numbers = candidates.map { String($0.number) }
                findings.append(Finding(.columnAmbiguous, Text(
                    zh: "可能是指标\(numbers.joined(separator: "，也可能是指标"))。",
                    en: "Could be indicator \(numbers.joined(separator: " or "))."), at: at))
                fields.append(nil)
            case .mismatch(let indicator):
                at.column = Field.indicator(indicator).key
                findings.append(Finding(.columnMismatch, Text(
                    zh: "序号是指标\(indicator.number)，但指标\(indicator.number)是“\(indicator.headerZH)”。",
                    en: "Numbered \(indicator.number), but indicator \(indicator.number) is \"\(indicator.headerZH)\"."), at: at))
                fields.append(nil)
            }
        }
        // A column named but unreadable is already reported; do not also call it missing.
        let reported = Set(findings.compactMap(\.location.column)).union(ambiguousKeys)
        for field in required where columnOf[field] == nil && !reported.contains(field.key) {
            var at = location
            at.column = field.key
            findings.append(Finding(.columnMissing, Text(
                zh: "缺少“\(field.headerZH)”列（\(field.key)）。", en: "The column \(field.key) (\(field.headerZH)) is missing."), at: at))
        }
        return (ColumnLayout(fields: fields, headers: headers, columnOf: columnOf), findings)
    }
}

/// Recognises one header cell.
enum HeaderMatcher {
    enum Match: Equatable {
        case field(Field), unknown, ambiguous([Indicator]), mismatch(Indicator), ignored
    }

    static func match(_ header: String) -> Match {
        let text = normalise(header)
        if text.isEmpty { return .ignored }
        if let field = byName[text.lowercased()] { return .field(field) }
        // A leading indicator number, with or without 指标, optionally followed by the form's text.
        var rest = Substring(text)
        if rest.hasPrefix("指标") { rest = rest.dropFirst(2) }
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 2, let number = Int(digits) {
            guard let indicator = Indicator(number: number) else { return .unknown }
            var title = rest.dropFirst(digits.count)
            if let first = title.first, ".、:)]".contains(first) { title = title.dropFirst() }
            if title.isEmpty { return .field(.indicator(indicator)) }
            return withoutOfWhich(String(title)) == withoutOfWhich(normalise(indicator.headerZH))
                ? .field(.indicator(indicator)) : .mismatch(indicator)
        }
        let candidates = Indicator.allCases.filter { withoutOfWhich(normalise($0.headerZH)) == withoutOfWhich(text) }
        switch candidates.count {
        case 0: return .unknown
        case 1: return .field(.indicator(candidates[0]))
        default: return .ambiguous(candidates)
        }
    }

    /// Keys and Chinese headers of the fields that are not indicators, and indicator keys.
    private static let byName: [String: Field] = {
        var names: [String: Field] = [:]
        for field in Field.recognised { names[field.key] = field }
        for field in Field.recognised where !field.headerZH.first!.isNumber { names[field.headerZH] = field }
        names["报告期"] = .period
        names["填报日期"] = .submittedOn
        return names
    }()

    /// Half-width forms, no spaces, no byte-order mark: headers typed in Chinese IMEs vary in these.
    static func normalise(_ s: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0xFEFF: continue
            case 0xFF01...0xFF5E: scalars.append(UnicodeScalar(scalar.value - 0xFEE0)!)
            default:
                if scalar.properties.isWhitespace { continue }
                scalars.append(scalar)
            }
        }
        var text = String(scalars)
        // Headers copied from the form or a seal line carry a unit or 盖章 in brackets.
        for suffix in ["(个)", "(人)", "(万元)", "(盖章)"] where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
        }
        return text
    }

    /// The form prints "(其中)" or "其中：" before sub-indicators; people write either or neither.
    private static func withoutOfWhich(_ s: String) -> String {
        for prefix in ["(其中)", "其中:", "其中"] where s.hasPrefix(prefix) {
            return String(s.dropFirst(prefix.count))
        }
        return s
    }
}
