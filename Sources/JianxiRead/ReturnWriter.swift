import Foundation
import JianxiDomain

/// Writes returns in the formats `jianxi check` reads: CSV with the Chinese headers of
/// `jianxi template`, and JSON as in Schemas/return.schema.json. Empty fields stay empty.
public enum ReturnWriter {
    /// UTF-8 with a BOM and CRLF line ends, which Excel and WPS open without asking.
    public static func csv(_ returns: [MonthlyReturn]) -> String {
        var lines = [Field.all.map { CSVFormat.quote($0.headerZH) }.joined(separator: ",")]
        for r in returns {
            lines.append(Field.all.map { CSVFormat.quote(text(of: $0, in: r) ?? "") }.joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    public static func json(_ returns: [MonthlyReturn]) -> String {
        let objects: [JSONValue] = returns.map { r in
            var header: [(String, JSONValue)] = Field.all.filter { !$0.isIndicator && $0 != .explanations }.map { field in
                (field.key, text(of: field, in: r).map(JSONValue.string) ?? .null)
            }
            if r.scope == .total { header.append((Field.scope.key, .string(r.scope.rawValue))) }
            let figures: [(String, JSONValue)] = Indicator.allCases.map { indicator in
                (indicator.key, r.values.display(indicator).map(JSONValue.number) ?? .null)
            }
            let explanations = r.explanations.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
            return .record(header + [("indicators", .record(figures)), ("explanations", .record(explanations))])
        }
        return JSONWriter.write(objects.count == 1 ? objects[0] : .list(objects), pretty: true) + "\n"
    }

    static func text(of field: Field, in r: MonthlyReturn) -> String? {
        switch field {
        case .regionCode: r.regionCode
        case .regionName: r.regionName
        case .period: r.period?.description
        case .submittedOn: r.submittedOn?.description
        case .reporter: r.reporter
        case .phone: r.phone
        case .indicator(let indicator): r.values.display(indicator)
        case .scope: r.scope == .total ? r.scope.rawValue : nil
        case .explanations: r.explanations.isEmpty ? nil : r.explanations.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
    }
}

public enum CSVFormat {
    /// A field as RFC 4180 writes it: quoted when it holds a comma, quote or line break.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension JSONValue {
    /// An object built for output, where source positions mean nothing.
    public static func record(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, node: JSONNode($0.1, line: 0, column: 0), keyLine: 0, keyColumn: 0) })
    }

    /// An array built for output.
    public static func list(_ values: [JSONValue]) -> JSONValue {
        .array(values.map { JSONNode($0, line: 0, column: 0) })
    }
}
