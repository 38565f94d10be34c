import JianxiDomain
import JianxiRead
import JianxiRules

/// The report for programs: one JSON document,
/// `{"returns": [...], "files": [...], "summary": {...}}`, written one return per line as the
/// returns are checked. Keys are stable; "message" and "hint" are in the chosen language.
public struct JSONReportWriter: CheckReportWriter {
    let lang: Lang
    let sink: (UnsafeBufferPointer<UInt8>) -> Void
    private var wroteReturn = false
    private var files: [JSONValue] = []
    /// Room for one return's line, reused for the next.
    private var line: [UInt8] = []
    /// The file being reported and its name as a JSON string, made once per file.
    private var source: (text: String, json: [UInt8]) = ("", [])

    public init(lang: Lang, sink: @escaping TextSink) {
        self.init(lang: lang, bytes: { sink(String(decoding: $0, as: UTF8.self)) })
    }

    /// Each piece as UTF-8 bytes, valid during the call: a report of a million returns need not
    /// become a million strings.
    public init(lang: Lang, bytes sink: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.lang = lang
        self.sink = sink
        write("{\"returns\": [")
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
        var findings: [UInt8] = []
        if !checked.findings.isEmpty {
            JSONWriter.write(.list(checked.findings.map { Self.finding($0, lang) }), into: &findings)
        }
        let name = checked.region?.name ?? r.regionName
        // The keys and the values other than texts take under 300 bytes; a text at most 6 bytes a byte.
        let room = 400 + source.json.count + findings.count + 6 * ((r.regionCode?.utf8.count ?? 0) + (name?.utf8.count ?? 0))
        if line.count < room { line = [UInt8](repeating: 0, count: 2 * room) }
        let count = line.withUnsafeMutableBufferPointer { buffer in
            var out = ByteWriter(buffer.baseAddress!)
            if wroteReturn { out.append(UInt8(ascii: ",")) }
            out.append(#"{"source":"#)
            out.append(source.json)
            out.append(#","row":"#)
            out.decimal(Int64(checked.read.row))
            out.append(#","region_code":"#)
            out.jsonString(orNull: r.regionCode)
            out.append(#","region_name":"#)
            out.jsonString(orNull: name)
            out.append(#","period":"#)
            out.jsonString(orNull: r.period)
            out.append(#","submitted_on":"#)
            out.jsonString(orNull: r.submittedOn)
            out.append(#","deadline":"#)
            out.jsonString(orNull: checked.deadline?.date)
            out.append(#","late":"#)
            switch checked.isLate {
            case true?: out.append("true")
            case false?: out.append("false")
            case nil: out.append("null")
            }
            out.append(#","working_days_late":"#)
            if let late = checked.workingDaysLate { out.decimal(Int64(late)) } else { out.append("null") }
            out.append(#","judged_on":"#)
            out.jsonString(orNull: checked.judgedOn)
            out.append(#","judged_on_basis":"#)
            out.jsonString(checked.basis.rawValue)
            out.append(#","findings":"#)
            if findings.isEmpty { out.append("[]") } else { out.append(findings) }
            out.append(UInt8(ascii: "}"))
            return out.count
        }
        line.withUnsafeBufferPointer { sink(UnsafeBufferPointer(rebasing: $0[..<count])) }
        wroteReturn = true
    }

    private func write(_ text: String) {
        var text = text
        text.withUTF8 { sink($0) }
    }

    public mutating func endFile(_ source: String, findings: [Finding]) {
        guard !findings.isEmpty else { return }
        files.append(.record([("source", .string(source)), ("findings", .list(findings.map { Self.finding($0, lang) }))]))
    }

    public mutating func finish(_ s: CheckSummary) {
        write("],")
        write("\"files\": " + JSONWriter.write(.list(files), pretty: false) + ",")
        let counts: [(String, Int)] = [
            ("files", s.files), ("returns", s.returns), ("clean", s.clean), ("returns_with_errors", s.returnsWithErrors),
            ("returns_with_warnings_only", s.returnsWithWarningsOnly), ("errors", s.errors), ("warnings", s.warnings),
            ("on_time", s.onTime), ("late", s.late), ("files_with_errors", s.filesWithErrors),
        ]
        write("\"summary\": " + JSONWriter.write(.record(counts.map { ($0.0, .number(String($0.1))) }), pretty: false) + "}")
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
