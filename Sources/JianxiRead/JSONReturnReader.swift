import Foundation
import JianxiDomain

/// Reads returns from JSON: one return object, or an array of them (Schemas/return.schema.json).
/// Figures may be JSON numbers, read from their literal text so 万元 stay exact, or strings.
struct JSONReturnReader {
    let source: String
    let options: ReadOptions
    let registry: RegionRegistry?

    func read(_ bytes: [UInt8], encoding: TextEncoding, _ body: (ReadReturn) -> Void) -> [Finding] {
        var utf8 = bytes
        if encoding == .gb18030 {
            // Not JSON by the letter of RFC 8259, but what a GBK Windows editor saves.
            guard let text = FieldDecoder(.gb18030).decode(bytes) else {
                return [Finding(.encoding, Text(zh: "文件无法按GBK解码。", en: "The file is not valid GBK text."), at: Location(source: source))]
            }
            utf8 = Array(text.utf8)
        }
        let root: JSONNode
        do {
            root = try JSONReader.parse(utf8)
        } catch {
            // The message names the line and column; "row" in JSON means the n-th return.
            return [Finding(.jsonSyntax, error.message, at: Location(source: source))]
        }
        let items: [JSONNode] = switch root.value {
        case .array(let nodes): nodes
        case .object: [root]
        default: []
        }
        if case .array = root.value {} else if case .object = root.value {} else {
            return [Finding(.jsonShape, Text(zh: "文件内容应为一个报表对象 {…} 或报表数组 […]。", en: "The file must hold a return object {…} or an array […] of them."),
                            at: Location(source: source))]
        }
        if items.isEmpty {
            return [Finding(.noReturns, Text(zh: "数组是空的，没有报表。", en: "The array is empty: no returns."), at: Location(source: source))]
        }
        var duplicates = DuplicateGuard(registry: registry)
        for (index, node) in items.enumerated() {
            let row = index + 1
            guard case .object(let members) = node.value else {
                body(ReadReturn(value: MonthlyReturn(), source: source, row: row, findings: [
                    Finding(.jsonShape, Text(zh: "第\(row)项（第\(node.line)行）不是报表对象 {…}。", en: "Item \(row) (line \(node.line)) is not a return object {…}."),
                            at: Location(source: source, row: row)),
                ], format: .json, locate: FieldLocator(source: source, row: row)))
                continue
            }
            var r = readReturn(members, row: row)
            if let duplicate = duplicates.check(r.value, row: row, format: .json, at: r.locate(.regionCode)) {
                r.findings.append(duplicate)
            }
            body(r)
        }
        return []
    }

    private static let topLevel: [String: Field] = Dictionary(uniqueKeysWithValues:
        [Field.regionCode, .regionName, .period, .submittedOn, .reporter, .phone, .scope].map { ($0.key, $0) })

    private func readReturn(_ members: [JSONMember], row: Int) -> ReadReturn {
        var lines: [String: Int] = [:]
        var extra: [Finding] = []
        var seen = Set<String>()
        var texts: [(Field, String?, Int)] = []
        var figures: [(Indicator, JSONNode?)] = []
        var indicatorsNode: JSONNode?
        var explanationsNode: JSONNode?

        func note(_ code: FindingCode, _ key: String, line: Int, _ message: Text) {
            extra.append(Finding(code, message, at: Location(source: source, row: row, column: key, columnLabel: Self.label(key, line: line))))
        }
        for member in members {
            guard seen.insert(member.key).inserted else {
                note(.columnDuplicate, member.key, line: member.keyLine, Text(zh: "字段重复出现。", en: "The field appears twice."))
                continue
            }
            if member.key == "indicators" {
                indicatorsNode = member.node
            } else if member.key == Field.explanations.key {
                explanationsNode = member.node
            } else if let field = Self.topLevel[member.key] {
                lines[field.key] = member.node.line
                switch member.node.value {
                case .string(let s): texts.append((field, s, member.node.line))
                case .number(let n): texts.append((field, n, member.node.line))
                case .null: texts.append((field, nil, member.node.line))
                default: note(.jsonShape, field.key, line: member.node.line, Text(zh: "应为文字。", en: "Should be a string."))
                }
            } else {
                note(.columnUnknown, member.key, line: member.keyLine, Text(zh: "不是报表的字段。", en: "Not a field of the return."))
            }
        }
        if let indicatorsNode {
            guard case .object(let entries) = indicatorsNode.value else {
                note(.jsonShape, "indicators", line: indicatorsNode.line, Text(zh: "应为对象 {\"units_total\": 12, …}。", en: "Should be an object {\"units_total\": 12, …}."))
                return finish(texts: texts, figures: [], explanations: explanationsNode, lines: lines, extra: extra, row: row)
            }
            var found: [Indicator: JSONNode] = [:]
            for entry in entries {
                let indicator = Indicator(key: entry.key) ?? Int(entry.key).flatMap(Indicator.init(number:))
                guard let indicator else {
                    note(.columnUnknown, "indicators.\(entry.key)", line: entry.keyLine, Text(zh: "不是指标（应为 units_total… 或 \"1\"…\"14\"）。", en: "Not an indicator (use units_total… or \"1\"…\"14\")."))
                    continue
                }
                guard found[indicator] == nil else {
                    note(.columnDuplicate, indicator.key, line: entry.keyLine, Text(zh: "指标\(indicator.number)出现了两次。", en: "Indicator \(indicator.number) appears twice."))
                    continue
                }
                found[indicator] = entry.node
                lines[indicator.key] = entry.node.line
            }
            figures = Indicator.allCases.map { ($0, found[$0]) }
        }
        for field in ColumnLayout.required {
            let present: Bool = switch field {
            case .indicator(let indicator): indicatorsNode != nil && figures.contains { $0.0 == indicator && $0.1 != nil }
            default: texts.contains { $0.0 == field }
            }
            if !present, indicatorsNode != nil || !field.isIndicator {
                extra.append(Finding(.columnMissing, Text(zh: "缺少字段 \(field.key)（\(field.headerZH)）。", en: "The field \(field.key) (\(field.headerZH)) is missing."),
                                     at: Location(source: source, row: row, column: field.key)))
            }
        }
        if indicatorsNode == nil {
            extra.append(Finding(.columnMissing, Text(zh: "缺少字段 indicators（14项指标）。", en: "The field indicators (the 14 figures) is missing."),
                                 at: Location(source: source, row: row, column: "indicators")))
        }
        return finish(texts: texts, figures: figures, explanations: explanationsNode, lines: lines, extra: extra, row: row)
    }

    private func finish(texts: [(Field, String?, Int)], figures: [(Indicator, JSONNode?)], explanations: JSONNode?,
                        lines: [String: Int], extra: [Finding], row: Int) -> ReadReturn {
        var allLines = lines
        if let explanations { allLines[Field.explanations.key] = explanations.line }
        let lines = allLines
        let locate = FieldLocator(source: source, row: row, labels: .jsonLines(lines))
        var builder = ReturnBuilder(options: options, locate: locate)
        for (field, text, _) in texts { builder.setText(field, text) }
        for (indicator, node) in figures {
            guard let node else { continue }
            switch node.value {
            case .number(let lexeme): builder.setFigure(indicator, FigureParser.parse(lexeme, kind: indicator.kind), written: lexeme)
            case .string(let s): builder.setFigure(indicator, FigureParser.parse(s, kind: indicator.kind), written: s)
            case .null: builder.setFigure(indicator, .failure(.empty), written: nil)
            default: builder.setFigure(indicator, .failure(.notNumber), written: "…")
            }
        }
        switch explanations?.value {
        case nil, .null?: break
        case .string(let text)?: builder.setText(.explanations, text)
        case .object(let members)?:
            var pairs: [String: String] = [:]
            for member in members {
                guard case .string(let text) = member.node.value, !text.trimmed.isEmpty else {
                    builder.rejectExplanations(written: member.key)
                    continue
                }
                pairs[member.key.uppercased()] = text.trimmed
            }
            builder.setExplanations(pairs)
        default: builder.rejectExplanations(written: "…")
        }
        return ReadReturn(value: builder.value, source: source, row: row, findings: builder.findings + extra, format: .json, locate: locate)
    }

    /// "第12行字段 indicators.units_new" / "field indicators.units_new (line 12)"
    static func label(_ path: String, line: Int) -> Text {
        Text(zh: "第\(line)行字段 \(path)", en: "Field \(path) (line \(line))")
    }
}

extension Field {
    var isIndicator: Bool {
        if case .indicator = self { return true }
        return false
    }

    /// Where the field sits in a JSON return.
    var jsonPath: String { isIndicator ? "indicators.\(key)" : key }
}
