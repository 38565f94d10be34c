import Foundation
import JianxiDomain

/// How to read cells.
public struct ReadOptions: Sendable {
    /// Treat an empty figure as 0 instead of an error (for offices whose spreadsheets leave
    /// zeros blank).
    public var blankAsZero: Bool

    public init(blankAsZero: Bool = false) { self.blankAsZero = blankAsZero }
}

public enum SourceFormat: String, Sendable { case csv, json }

/// One return as read from a file, with where it came from and what could not be read.
public struct ReadReturn: Sendable {
    public var value: MonthlyReturn
    public var source: String
    /// The CSV row (header = 1), or the position of the return in a JSON file (1-based).
    public var row: Int
    /// Problems with single cells; the return's figures that could not be read are nil.
    public var findings: [Finding]
    public var format: SourceFormat
    /// How to point a person at a field of this return.
    public let locate: FieldLocator

    public init(value: MonthlyReturn, source: String, row: Int, findings: [Finding], format: SourceFormat,
                locate: FieldLocator) {
        self.value = value
        self.source = source
        self.row = row
        self.findings = findings
        self.format = format
        self.locate = locate
    }
}

/// Points a person at a field of one return: the file, the row, and how the file names the
/// field (a CSV's column letter and header, a JSON file's line). A value rather than a closure:
/// one is made for every return read, and most are never asked.
public struct FieldLocator: Sendable {
    enum Labels: Sendable {
        case none
        case columns(ColumnLayout)
        /// The line of each JSON field, by key.
        case jsonLines([String: Int])
        case custom(@Sendable (Field) -> Text?)
    }

    let source: String
    let row: Int
    let labels: Labels

    init(source: String, row: Int, labels: Labels) {
        self.source = source
        self.row = row
        self.labels = labels
    }

    /// Fields labelled by `label` (nil: by their key alone).
    public init(source: String, row: Int, label: (@Sendable (Field) -> Text?)? = nil) {
        self.init(source: source, row: row, labels: label.map(Labels.custom) ?? .none)
    }

    public func callAsFunction(_ field: Field) -> Location {
        let label: Text? = switch labels {
        case .none: nil
        case .columns(let layout): layout.label(of: field)
        case .jsonLines(let lines): lines[field.key].map { JSONReturnReader.label(field.jsonPath, line: $0) }
        case .custom(let label): label(field)
        }
        return Location(source: source, row: row, column: field.key, columnLabel: label)
    }
}

/// Fills a MonthlyReturn from the text of its cells, whatever the file format.
struct ReturnBuilder {
    private(set) var value = MonthlyReturn()
    private(set) var findings: [Finding] = []
    let options: ReadOptions
    let locate: FieldLocator

    init(options: ReadOptions, locate: FieldLocator) {
        self.options = options
        self.locate = locate
    }

    mutating func setText(_ field: Field, _ raw: String?) {
        set(field, normalised: raw.map { HeaderMatcher.normaliseCell($0) } ?? "", written: raw)
    }

    /// A text cell from its bytes in `decoder`'s encoding; false when they are not valid text.
    /// UTF-8 with nothing to trim or make half-width, nearly every cell, is taken as it is.
    mutating func setCell(_ field: Field, _ bytes: UnsafeBufferPointer<UInt8>, _ decoder: FieldDecoder) -> Bool {
        // ISO periods and dates, nearly all, need no text at all (ASCII reads the same in GB18030).
        switch field {
        case .period:
            if let period = Period(iso: bytes) {
                value.period = period
                return true
            }
        case .submittedOn:
            if let date = CivilDate(iso: bytes) {
                value.submittedOn = date
                return true
            }
        default:
            break
        }
        guard let text = decoder.decode(bytes) else { return false }
        if decoder.encoding == .utf8 && CellText.isPlain(bytes) {
            set(field, normalised: text, written: text)
        } else {
            setText(field, text)
        }
        return true
    }

    private mutating func set(_ field: Field, normalised text: String, written raw: String?) {
        switch field {
        case .regionCode:
            if text.isEmpty { return report(.empty, field, written: raw) }
            value.regionCode = MonthlyReturn.normaliseRegionCode(text)
        case .regionName: value.regionName = text.isEmpty ? nil : text
        case .reporter: value.reporter = text.isEmpty ? nil : text
        case .phone: value.phone = text.isEmpty ? nil : text
        case .period:
            if text.isEmpty { return report(.empty, field, written: raw) }
            // Excel turns a typed 2024-03 into the date 2024/3/1; the month is what was meant.
            if let period = Period(parsing: text) ?? CivilDate(parsing: text).flatMap({ $0.day == 1 ? Period(containing: $0) : nil }) {
                value.period = period
            } else {
                report(.periodFormat, field, written: raw)
            }
        case .submittedOn:
            if text.isEmpty { return }
            if let date = CivilDate(parsing: text) { value.submittedOn = date } else { report(.dateFormat, field, written: raw) }
        case .indicator(let indicator):
            setFigure(indicator, FigureParser.parse(text, kind: indicator.kind), written: raw)
        case .scope:
            switch text.lowercased() {
            case "", "unit", "本级": value.scope = .unit
            case "total", "汇总", "合计": value.scope = .total
            default: report(.scopeFormat, field, written: raw)
            }
        case .explanations:
            if text.isEmpty { return }
            if let pairs = Self.explanations(text) { setExplanations(pairs) } else { report(.explanationFormat, field, written: raw) }
        }
    }

    mutating func setExplanations(_ pairs: [String: String]) {
        value.explanations.merge(pairs) { $1 }
    }

    mutating func rejectExplanations(written: String) {
        report(.explanationFormat, .explanations, written: written)
    }

    /// "H1：退回多拨补贴；H2: 调出3人" -> ["H1": "退回多拨补贴", "H2": "调出3人"]; nil if any part
    /// is not "RULE: text".
    static func explanations(_ text: String) -> [String: String]? {
        var pairs: [String: String] = [:]
        for entry in text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "\n" || $0 == "\r" }) {
            let entry = entry.trimmed
            if entry.isEmpty { continue }
            guard let colon = entry.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
            let rule = entry[..<colon].trimmed.uppercased()
            let note = entry[entry.index(after: colon)...].trimmed
            guard let first = rule.first, first.isLetter, rule.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                  !note.isEmpty else { return nil }
            pairs[rule] = note
        }
        return pairs
    }

    mutating func setFigure(_ indicator: Indicator, _ result: Result<Int64, CellProblem>, written: @autoclosure () -> String?) {
        switch result {
        case .success(let figure): value.values[indicator] = figure
        case .failure(.empty) where options.blankAsZero: value.values[indicator] = 0
        case .failure(let problem): report(problem.code, .indicator(indicator), written: written())
        }
    }

    /// Messages do not name the cell: the location does, and reports print it.
    private mutating func report(_ code: FindingCode, _ field: Field, written: String?) {
        let message: Text = switch code {
        case .empty: Text(zh: "未填写。", en: "Empty.")
        default:
            Text(zh: "“\(written ?? "")”\(code.title.zh)。", en: "\"\(written ?? "")\": \(code.title.en).")
        }
        let values = written.flatMap { $0.isEmpty ? nil : [(key: field.key, value: $0)] } ?? []
        findings.append(Finding(code, message, at: locate(field), values: values))
    }

}

/// Cells whose text needs no normalising, told from their UTF-8 bytes.
enum CellText {
    /// Nothing to trim at either end and nothing full-width. Every white space character beyond
    /// ASCII starts with 0xC2, 0xE1, 0xE2 or 0xE3 (U+0085, U+00A0, U+1680, U+2000-U+205F,
    /// U+3000), and every full-width form (U+FF01-U+FF5E) with 0xEF; Chinese text starts with
    /// 0xE4-0xE9.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, var last = bytes.indices.last else { return true }
        while last > 0, bytes[last] & 0xC0 == 0x80 { last -= 1 }  // back to the last character's first byte
        return startsPlainCharacter(first) && startsPlainCharacter(bytes[last]) && !bytes.contains(0xEF)
    }

    private static func startsPlainCharacter(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != 0xC2 && !(0xE1...0xE3).contains(byte)
    }

    /// The cell's text without surrounding white space; nil when its bytes are not valid text.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ decoder: FieldDecoder) -> String? {
        guard let text = decoder.decode(bytes) else { return nil }
        return decoder.encoding == .utf8 && isPlain(bytes) ? text : text.trimmed
    }
}

extension MonthlyReturn {
    /// Codes are 6 characters, letters upper-case; the 12-digit statistical codes (360102000000)
    /// name the same unit.
    public static func normaliseRegionCode(_ text: String) -> String {
        // Six digits, the usual code, are already in normal form.
        if text.utf8.count == 6, text.utf8.allSatisfy({ $0 &- 0x30 < 10 }) { return text }
        let code = HeaderMatcher.normaliseCell(text).uppercased()
        if code.count == 12, code.hasSuffix("000000"), code.allSatisfy(\.isNumber) { return String(code.prefix(6)) }
        return code
    }
}

extension HeaderMatcher {
    /// A cell as typed: full-width letters and digits made half-width, surrounding spaces gone.
    static func normaliseCell(_ s: String) -> String {
        // Most cells are plain ASCII: nothing to map.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.trimmed }
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value) {
                scalars.append(UnicodeScalar(scalar.value - 0xFEE0)!)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).trimmed
    }
}
