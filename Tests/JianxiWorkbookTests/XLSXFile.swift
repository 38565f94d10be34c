import Foundation
import XCTest

/// A written .xlsx read back as what it is, a zip of XML parts, with `/usr/bin/unzip`: tests
/// assert on the real file, not on what the writer meant to write.
struct XLSXFile {
    let path: String

    /// One part's text; `prefix` bytes only for very large parts.
    func part(_ name: String, prefix: Int? = nil) throws -> String {
        let command = "/usr/bin/unzip -p \(shellQuoted(path)) \(shellQuoted(name))" + (prefix.map { " | head -c \($0)" } ?? "")
        let output = try shell(command)
        XCTAssertFalse(output.isEmpty, "no part \(name) in \(path)")
        return output
    }

    func partNames() throws -> [String] {
        try shell("/usr/bin/unzip -Z1 \(shellQuoted(path))").split(separator: "\n").map(String.init)
    }

    /// Sheet names in workbook order.
    func sheetNames() throws -> [String] {
        try matches(#"<sheet name="([^"]*)""#, in: part("xl/workbook.xml")).map { unescape($0[1]) }
    }

    /// The n-th worksheet (1-based), with its cells resolved against the shared strings and styles.
    func sheet(_ number: Int) throws -> Sheet {
        let names = try partNames()
        let strings = names.contains("xl/sharedStrings.xml")
            ? try matches(#"<si>(.*?)</si>"#, in: part("xl/sharedStrings.xml")).map { si in
                matches(#"<t[^>]*>(.*?)</t>"#, in: si[1]).map { unescape($0[1]) }.joined()
            }
            : []
        return Sheet(xml: try part("xl/worksheets/sheet\(number).xml"), strings: strings, styles: try Styles(xml: part("xl/styles.xml")))
    }

    struct Cell {
        /// Text as shown for strings, the stored number otherwise (the cached result for formulas).
        var value: String?
        var formula: String?
        /// "s" (shared string), "inlineStr", "str", or nil for numbers and blanks.
        var type: String?
        var numberFormat: String
        var fill: String?
        var bold: Bool
    }

    struct Sheet {
        let xml: String
        let cells: [String: Cell]
        /// As written, e.g. "A3:A5".
        let merges: [String]

        init(xml: String, strings: [String], styles: Styles) {
            self.xml = xml
            var cells: [String: Cell] = [:]
            for match in matches(#"<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)"#, in: xml) {
                let attributes = match[2], body = match[3]
                let type = matches(#"t="([^"]*)""#, in: attributes).first?[1]
                let style = matches(#"s="([0-9]+)""#, in: attributes).first.flatMap { Int($0[1]) } ?? 0
                var value = matches(#"<v>(.*?)</v>"#, in: body).first?[1]
                if type == "s", let index = value.flatMap(Int.init) { value = strings[index] }
                if type == "inlineStr" { value = matches(#"<t[^>]*>(.*?)</t>"#, in: body).first.map { unescape($0[1]) } }
                let formula = matches(#"<f>(.*?)</f>"#, in: body).first.map { unescape($0[1]) }
                let xf = styles.xfs[style]
                cells[match[1]] = Cell(value: value, formula: formula, type: type, numberFormat: xf.numberFormat, fill: xf.fill, bold: xf.bold)
            }
            self.cells = cells
            merges = matches(#"<mergeCell ref="([^"]*)"/>"#, in: xml).map { $0[1] }
        }

        subscript(reference: String) -> Cell? { cells[reference] }
    }

    /// Number formats, fills and bold per cell style (cellXfs index).
    struct Styles {
        struct XF { var numberFormat: String, fill: String?, bold: Bool }
        let xfs: [XF]

        init(xml: String) {
            var formats = [0: "General", 1: "0", 2: "0.00", 9: "0%", 10: "0.00%"]
            for match in matches(#"<numFmt numFmtId="([0-9]+)" formatCode="([^"]*)"/>"#, in: xml) {
                formats[Int(match[1])!] = unescape(match[2])
            }
            let fills = matches(#"<fill>(.*?)</fill>"#, in: xml).map { matches(#"<fgColor rgb="FF([0-9A-F]{6})"/>"#, in: $0[1]).first?[1] }
            let fonts = matches(#"<font>(.*?)</font>"#, in: xml).map { $0[1].contains("<b/>") }
            let cellXfs = matches(#"<cellXfs count="[0-9]+">(.*?)</cellXfs>"#, in: xml).first?[1] ?? ""
            xfs = matches(#"<xf ([^>]*?)/?>"#, in: cellXfs).map { match in
                func attribute(_ name: String) -> Int { matches(name + #"="([0-9]+)""#, in: match[1]).first.flatMap { Int($0[1]) } ?? 0 }
                return XF(numberFormat: formats[attribute("numFmtId")] ?? "?", fill: fills[attribute("fillId")], bold: fonts[attribute("fontId")])
            }
        }
    }
}

/// Capture groups of every match (index 0 is the whole match; a group that did not take part is "").
func matches(_ pattern: String, in text: String) -> [[String]] {
    let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = text as NSString
    return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { match in
        (0..<match.numberOfRanges).map { match.range(at: $0).location == NSNotFound ? "" : ns.substring(with: match.range(at: $0)) }
    }
}

func unescape(_ xml: String) -> String {
    xml.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}

func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// Runs `/bin/sh -c command` and returns stdout; fails the call on a non-zero exit.
@discardableResult
func shell(_ command: String, environment: [String: String] = [:]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting: a part larger than the pipe buffer would otherwise block.
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ShellError(command: command, status: process.terminationStatus, stderr: String(decoding: errors, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
}

struct ShellError: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let stderr: String
    var description: String { "`\(command)` exited \(status): \(stderr)" }
}

/// A scratch folder, removed when the test ends.
func scratchDirectory(_ test: XCTestCase) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("jianxi-workbook-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
