import JianxiDomain
import JianxiRead
import JianxiRules

/// The report for programs: one JSON document,
/// `{"returns": [...], "files": [...], "summary": {...}}`, written one return per line as the
/// returns are checked. Keys are stable; "message" and "hint" are in the chosen language.
public struct JSONReportWriter: CheckReportWriter {
    let lang: Lang
    let sink: TextSink
    private var wroteReturn = false
    private var files: [JSONValue] = []

    public init(lang: Lang, sink: @escaping TextSink) {
        self.lang = lang
        self.sink = sink
        sink("{\"returns\": [")
    }

    public mutating func beginFile(_ source: String) {}

    /// Written field by field rather than through a JSONValue tree: at a million returns the
    /// tree cost more than everything else the report does.
    public mutating func write(_ checked: CheckedReturn) {
        let r = checked.read.value
        var out: [UInt8] = wroteReturn ? [UInt8(ascii: ",")] : []
        out.reserveCapacity(400)
        func key(_ name: String) {
            if out.last != UInt8(ascii: "{") { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
        }
        func string(_ value: String?) {
            if let value { JSONWriter.writeString(value, into: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func raw(_ value: String?) { out.append(contentsOf: (value ?? "null").utf8) }
        out.append(UInt8(ascii: "{"))
        key("source"); string(checked.read.source)
        key("row"); raw(String(checked.read.row))
        key("region_code"); string(r.regionCode)
        key("region_name"); string(checked.region?.name ?? r.regionName)
        key("period"); string(r.period?.description)
        key("submitted_on"); string(r.submittedOn?.description)
        key("deadline"); string(checked.deadline?.date.description)
        key("late"); raw(checked.isLate.map { $0 ? "true" : "false" })
        key("working_days_late"); raw(checked.workingDaysLate.map(String.init))
        key("judged_on"); string(checked.judgedOn.description)
        key("judged_on_basis"); string(checked.basis.rawValue)
        key("findings")
        out.append(contentsOf: (JSONWriter.write(.list(checked.findings.map { Self.finding($0, lang) }), pretty: false)).utf8)
        out.append(UInt8(ascii: "}"))
        sink(String(decoding: out, as: UTF8.self))
        wroteReturn = true
    }

    public mutating func endFile(_ source: String, findings: [Finding]) {
        guard !findings.isEmpty else { return }
        files.append(.record([("source", .string(source)), ("findings", .list(findings.map { Self.finding($0, lang) }))]))
    }

    public mutating func finish(_ s: CheckSummary) {
        sink("],")
        sink("\"files\": " + JSONWriter.write(.list(files), pretty: false) + ",")
        let counts: [(String, Int)] = [
            ("files", s.files), ("returns", s.returns), ("clean", s.clean), ("returns_with_errors", s.returnsWithErrors),
            ("returns_with_warnings_only", s.returnsWithWarningsOnly), ("errors", s.errors), ("warnings", s.warnings),
            ("on_time", s.onTime), ("late", s.late), ("files_with_errors", s.filesWithErrors),
        ]
        sink("\"summary\": " + JSONWriter.write(.record(counts.map { ($0.0, .number(String($0.1))) }), pretty: false) + "}")
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
