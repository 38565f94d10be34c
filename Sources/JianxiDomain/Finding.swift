/// The language of messages for people. Codes, keys and JSON fields are always English.
public enum Lang: String, Sendable, CaseIterable { case zh, en }

/// A text in both languages the tool speaks.
public struct Text: Sendable, Equatable {
    public let zh: String
    public let en: String
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
    public func callAsFunction(_ lang: Lang) -> String { lang == .zh ? zh : en }
}

public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// 强制性审核: must be fixed before the return is accepted.
    case error
    /// 提示性审核: check the figure; keep it with an explanation (说明) if it is right.
    case warning
    /// A note that asks nothing of the reporter, such as a check that could not be made.
    case info

    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Where in an input a finding points: a file, a row (1-based, the header is row 1 in a CSV; the
/// n-th return in a JSON file) and a column (a canonical field key, with its label as written).
public struct Location: Sendable, Equatable {
    public var source: String?
    public var row: Int?
    public var column: String?
    /// How a person finds the column: "C列「统计期」" / "column C (统计期)".
    public var columnLabel: Text?

    public init(source: String? = nil, row: Int? = nil, column: String? = nil, columnLabel: Text? = nil) {
        self.source = source
        self.row = row
        self.column = column
        self.columnLabel = columnLabel
    }
}

/// One thing wrong (or worth a second look) in an input, with a stable code.
public struct Finding: Sendable, Equatable {
    /// A rule id from the rules file (R1...) or a FindingCode raw value (E_NOT_INTEGER...).
    public let code: String
    public let severity: Severity
    public let message: Text
    /// What to do about it.
    public let hint: Text
    public var location: Location
    /// The indicator values involved, by canonical key, as written in the return.
    public var values: [(key: String, value: String)]
    /// The reporter's explanation (说明) of a warning: the figure stands and the warning is resolved.
    public var explanation: String?

    /// A warning nobody has explained yet.
    public var isOpenWarning: Bool { severity == .warning && explanation == nil }

    public init(code: String, severity: Severity, message: Text, hint: Text,
                location: Location = Location(), values: [(key: String, value: String)] = []) {
        self.code = code
        self.severity = severity
        self.message = message
        self.hint = hint
        self.location = location
        self.values = values
    }

    public init(_ code: FindingCode, _ message: Text, at location: Location = Location(),
                values: [(key: String, value: String)] = []) {
        self.init(code: code.rawValue, severity: code.severity, message: message, hint: code.hint,
                  location: location, values: values)
    }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.code == b.code && a.severity == b.severity && a.message == b.message && a.location == b.location
            && a.values.map(\.key) == b.values.map(\.key) && a.values.map(\.value) == b.values.map(\.value)
            && a.explanation == b.explanation
    }
}

/// Spreadsheet column names, as findings point at cells and workbooks name them.
public enum SpreadsheetColumn {
    /// 0 -> "A", 25 -> "Z", 26 -> "AA".
    public static func letters(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters
    }
}
