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

    /// "第2行  360102 东湖区  2026年9月  填报 2026-10-12  截止 2026-10-13  按时". Written byte by
    /// byte (ByteWriter): a report of a million returns prints a million of them, and appending
    /// Chinese to a String checks character boundaries at every step.
    static func headline(_ c: CheckedReturn, _ lang: Lang) -> String {
        let r = c.read.value
        let zh = lang == .zh
        let code = r.regionCode ?? "?"
        let name = c.region?.name ?? r.regionName ?? ""
        // Under 200 bytes besides the code and the name.
        let bytes = [UInt8](unsafeUninitializedCapacity: 256 + code.utf8.count + name.utf8.count) { buffer, count in
            var out = ByteWriter(buffer.baseAddress!)
            let row = Int64(c.read.row)
            switch (c.read.format, zh) {
            case (.csv, true): out.append("第"); out.decimal(row); out.append("行")
            case (.json, true): out.append("第"); out.decimal(row); out.append("份")
            case (.csv, false): out.append("row "); out.decimal(row)
            case (.json, false): out.append("return "); out.decimal(row)
            }
            out.append("  ")
            out.append(contentsOf: code)
            out.append(" ")
            out.append(contentsOf: name)
            if let period = r.period {
                out.append("  ")
                if zh { out.append(contentsOf: period.chinese) } else { out.iso(period) }
            }
            out.append(zh ? "  填报时间 " : "  submitted ")
            if let submitted = r.submittedOn { out.iso(submitted) } else { out.append(zh ? "未填" : "not given") }
            if let deadline = c.deadline {
                out.append(zh ? "  截止 " : "  due ")
                out.iso(deadline.date)
                if deadline.usesFallback { out.append("*") }
            }
            if let late = c.workingDaysLate {
                out.append("  ")
                switch (late, zh) {
                case (0, true): out.append("按时")
                case (0, false): out.append("on time")
                case (_, true): out.append("逾期"); out.decimal(Int64(late)); out.append("个工作日")
                case (_, false): out.append("late by "); out.decimal(Int64(late)); out.append(late == 1 ? " working day" : " working days")
                }
            }
            out.append("  ")
            let e = c.errorCount, w = c.warningCount
            switch (e, w, zh) {
            case (0, 0, true): out.append("通过")
            case (0, 0, false): out.append("OK")
            case (_, _, true):
                if e > 0 { out.append("错误"); out.decimal(Int64(e)); out.append("处") }
                if e > 0 && w > 0 { out.append("，") }
                if w > 0 { out.append("提示"); out.decimal(Int64(w)); out.append("处") }
            case (_, _, false):
                if e > 0 { out.decimal(Int64(e)); out.append(e == 1 ? " error" : " errors") }
                if e > 0 && w > 0 { out.append(", ") }
                if w > 0 { out.decimal(Int64(w)); out.append(w == 1 ? " warning" : " warnings") }
            }
            count = out.count
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
