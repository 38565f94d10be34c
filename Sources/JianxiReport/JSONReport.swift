import JianxiDomain
import JianxiRead
import JianxiRules

/// The report for programs: one JSON document,
/// `{"returns": [...], "files": [...], "summary": {...}}`, written one return per line as the
/// returns are checked. Keys are stable; "message" and "hint" are in the chosen language.
public struct JSONReportWriter: CheckReportWriter {
    let lang: Lang
    let sink: ([UInt8]) -> Void
    private var wroteReturn = false
    private var files: [JSONValue] = []
    /// One return's line, its memory reused for the next.
    private var line: [UInt8] = []
    /// The file being reported and its name as a JSON string, made once per file.
    private var source: (text: String, json: [UInt8]) = ("", [])

    public init(lang: Lang, sink: @escaping TextSink) {
        self.init(lang: lang, bytes: { sink(String(decoding: $0, as: UTF8.self)) })
    }

    /// Each piece as UTF-8 bytes: a report of a million returns need not become a million strings.
    public init(lang: Lang, bytes sink: @escaping ([UInt8]) -> Void) {
        self.lang = lang
        self.sink = sink
        line.reserveCapacity(512)
        sink(Array("{\"returns\": [".utf8))
    }

    public mutating func beginFile(_ source: String) {}

    /// Written byte by byte rather than through a JSONValue tree: at a million returns the tree
    /// cost more than everything else the report does.
    public mutating func write(_ checked: CheckedReturn) {
        let r = checked.read.value
        if checked.read.source != source.text {
            var json: [UInt8] = []
            JSONWriter.writeString(checked.read.source, into: &json)
            source = (checked.read.source, json)
        }
        line.removeAll(keepingCapacity: true)
        if wroteReturn { line.append(UInt8(ascii: ",")) }
        line.append(#"{"source":"#)
        line.append(contentsOf: source.json)
        line.append(#","row":"#)
        line.appendJSON(String(checked.read.row), quoted: false)
        line.append(#","region_code":"#)
        line.appendJSON(r.regionCode)
        line.append(#","region_name":"#)
        line.appendJSON(checked.region?.name ?? r.regionName)
        line.append(#","period":"#)
        line.appendJSON(r.period?.description)
        line.append(#","submitted_on":"#)
        line.appendJSON(r.submittedOn?.description)
        line.append(#","deadline":"#)
        line.appendJSON(checked.deadline?.date.description)
        line.append(#","late":"#)
        line.appendJSON(checked.isLate.map { $0 ? "true" : "false" }, quoted: false)
        line.append(#","working_days_late":"#)
        line.appendJSON(checked.workingDaysLate.map { String($0) }, quoted: false)
        line.append(#","judged_on":"#)
        line.appendJSON(checked.judgedOn.description)
        line.append(#","judged_on_basis":"#)
        line.appendJSON(checked.basis.rawValue)
        line.append(#","findings":"#)
        if checked.findings.isEmpty {
            line.append("[]")
        } else {
            JSONWriter.write(.list(checked.findings.map { Self.finding($0, lang) }), into: &line)
        }
        line.append(UInt8(ascii: "}"))
        sink(line)
        wroteReturn = true
    }

    public mutating func endFile(_ source: String, findings: [Finding]) {
        guard !findings.isEmpty else { return }
        files.append(.record([("source", .string(source)), ("findings", .list(findings.map { Self.finding($0, lang) }))]))
    }

    public mutating func finish(_ s: CheckSummary) {
        sink(Array("],".utf8))
        sink(Array(("\"files\": " + JSONWriter.write(.list(files), pretty: false) + ",").utf8))
        let counts: [(String, Int)] = [
            ("files", s.files), ("returns", s.returns), ("clean", s.clean), ("returns_with_errors", s.returnsWithErrors),
            ("returns_with_warnings_only", s.returnsWithWarningsOnly), ("errors", s.errors), ("warnings", s.warnings),
            ("on_time", s.onTime), ("late", s.late), ("files_with_errors", s.filesWithErrors),
        ]
        sink(Array(("\"summary\": " + JSONWriter.write(.record(counts.map { ($0.0, .number(String($0.1))) }), pretty: false) + "}").utf8))
    }

    static func finding(_ f: Finding, _ lang: Lang) -> JSONValue {
        .record([
            ("rule", .string(f.code)),
            ("severity", .string(f.severity.rawValue)),
            ("message", .string(f.message(lang))),
            ("hint", .string(f.hint(lang))),
            ("row", f.location.row.map { .number(String($0)) } ?? .null),
            ("column", f.location.column.map(JSONValue.string) ?? .null),
            ("indicators", .record(f.values.map { ($0.key, Self.value(key: $0.key, $0.value)) })),
            ("explanation", f.explanation.map(JSONValue.string) ?? .null),
        ])
    }

    /// Figures are JSON numbers (exactly as written); anything else, or a figure that could not
    /// be read, is a string.
    static func value(key: String, _ text: String) -> JSONValue {
        let indicatorKey = key.split(separator: ".").last.map(String.init) ?? key  // "prev.x", "prev_ytd.x"
        let isNumber = !text.isEmpty && text.first != "." && text.last != "."
            && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && text.count { $0 == "." } <= 1
            && !(text.count > 1 && text.hasPrefix("0") && !text.hasPrefix("0."))
        return Indicator(key: indicatorKey) != nil && isNumber ? .number(text) : .string(text)
    }
}

extension [UInt8] {
    mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `text` as a JSON string (or, unquoted, as a number or literal), or null.
    mutating func appendJSON(_ text: String?, quoted: Bool = true) {
        guard var text else { return append("null") }
        if quoted {
            JSONWriter.writeString(text, into: &self)
        } else {
            text.withUTF8 { append(contentsOf: $0) }
        }
    }
}
