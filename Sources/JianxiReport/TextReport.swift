import JianxiDomain
import JianxiRead
import JianxiRules

/// The report for people: each return with its deadline and lateness, each finding with where it
/// is, the values involved and what to do.
public struct TextReportWriter: CheckReportWriter {
    let lang: Lang
    let sink: TextSink

    public init(lang: Lang, sink: @escaping TextSink) {
        self.lang = lang
        self.sink = sink
    }

    public mutating func beginFile(_ source: String) {
        sink(lang == .zh ? "文件 \(source)" : "File \(source)")
    }

    public mutating func write(_ checked: CheckedReturn) {
        sink("  " + Self.headline(checked, lang))
        writeFindings(checked.findings)
    }

    public mutating func endFile(_ source: String, findings: [Finding]) {
        writeFindings(findings)
    }

    public mutating func finish(_ s: CheckSummary) {
        sink("")
        switch lang {
        case .zh:
            sink("汇总：检查\(s.files)个文件、\(s.returns)份报表。通过\(s.clean)份，有错误\(s.returnsWithErrors)份，仅有提示\(s.returnsWithWarningsOnly)份；"
                + "按时\(s.onTime)份，逾期\(s.late)份。共有错误\(s.errors)处、提示\(s.warnings)处"
                + (s.filesWithErrors > 0 ? "，其中\(s.filesWithErrors)个文件本身有错误" : "") + "。")
            sink(s.errors > 0 ? "结论：有错误，请更正后再报送。" : "结论：没有错误，可以报送" + (s.warnings > 0 ? "（请核实提示项）。" : "。"))
        case .en:
            sink("Summary: \(s.files) file\(s.files == 1 ? "" : "s"), \(s.returns) return\(s.returns == 1 ? "" : "s"): \(s.clean) clean, "
                + "\(s.returnsWithErrors) with errors, \(s.returnsWithWarningsOnly) with warnings only; \(s.onTime) on time, \(s.late) late. "
                + "\(s.errors) error\(s.errors == 1 ? "" : "s"), \(s.warnings) warning\(s.warnings == 1 ? "" : "s")"
                + (s.filesWithErrors > 0 ? ", \(s.filesWithErrors) file\(s.filesWithErrors == 1 ? "" : "s") unreadable or with a bad header" : "") + ".")
            sink(s.errors > 0 ? "Verdict: errors found; correct them before sending." : "Verdict: no errors; ready to send" + (s.warnings > 0 ? " (check the warnings)." : "."))
        }
    }

    private func writeFindings(_ findings: [Finding]) {
        Self.lines(findings, lang).forEach(sink)
    }

    /// Each finding with its place and message, indented under its return; what to do is said
    /// once per code (fourteen empty cells need one hint, not fourteen).
    static func lines(_ findings: [Finding], _ lang: Lang) -> [String] {
        var hinted = Set<String>()
        var lines: [String] = []
        for f in findings {
            let severity = switch (f.severity, lang) {
            case (.error, .zh): "错误"
            case (.warning, .zh): "提示"
            case (.error, .en): "error"
            case (.warning, .en): "warning"
            case (.info, .zh): "说明"
            case (.info, .en): "note"
            }
            var place = f.location.columnLabel.map { $0(lang) + (lang == .zh ? "：" : ": ") } ?? ""
            if f.location.columnLabel == nil, let row = f.location.row {
                place = lang == .zh ? "第\(row)行：" : "row \(row): "
            }
            lines.append("    \(severity) [\(f.code)] \(place)\(f.message(lang))")
            if let explanation = f.explanation {
                lines.append("      " + (lang == .zh ? "已说明：" : "explained: ") + explanation)
            } else if hinted.insert(f.code).inserted, f.severity != .info {
                lines.append("      " + (lang == .zh ? "处理：" : "what to do: ") + f.hint(lang))
            }
        }
        return lines
    }

    /// "第2行  360102 东湖区  2026年9月  填报 2026-10-12  截止 2026-10-13  按时"
    static func headline(_ c: CheckedReturn, _ lang: Lang) -> String {
        let r = c.read.value
        let row = switch (c.read.format, lang) {
        case (.csv, .zh): "第\(c.read.row)行"
        case (.json, .zh): "第\(c.read.row)份"
        case (.csv, .en): "row \(c.read.row)"
        case (.json, .en): "return \(c.read.row)"
        }
        var parts = [row, [r.regionCode ?? "?", c.region?.name ?? r.regionName ?? ""].joined(separator: " ")]
        if let period = r.period { parts.append(lang == .zh ? period.chinese : period.description) }
        parts.append((lang == .zh ? "填报时间 " : "submitted ") + (r.submittedOn?.description ?? (lang == .zh ? "未填" : "not given")))
        if let deadline = c.deadline {
            parts.append((lang == .zh ? "截止 " : "due ") + deadline.date.description + (deadline.usesFallback ? "*" : ""))
        }
        if let late = c.workingDaysLate {
            parts.append(late == 0 ? (lang == .zh ? "按时" : "on time")
                : (lang == .zh ? "逾期\(late)个工作日" : "late by \(late) working day\(late == 1 ? "" : "s")"))
        }
        let e = c.errorCount, w = c.warningCount
        let verdict = switch (e, w, lang) {
        case (0, 0, .zh): "通过"
        case (0, 0, .en): "OK"
        case (_, _, .zh): [e > 0 ? "错误\(e)处" : nil, w > 0 ? "提示\(w)处" : nil].compactMap { $0 }.joined(separator: "，")
        case (_, _, .en): [e > 0 ? "\(e) error\(e == 1 ? "" : "s")" : nil, w > 0 ? "\(w) warning\(w == 1 ? "" : "s")" : nil].compactMap { $0 }.joined(separator: ", ")
        }
        parts.append(verdict)
        return parts.joined(separator: "  ")
    }
}
