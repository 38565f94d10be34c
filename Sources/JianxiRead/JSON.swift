import JianxiDomain

// A small exact JSON reader and writer (RFC 8259). Numbers keep their literal text, because a
// subsidy of 12.3456 万元 must never pass through a binary Double; objects keep their members in
// file order, duplicates included, and every value knows where it was written.

public enum JSONValue: Sendable, Equatable {
    case object([JSONMember])
    case array([JSONNode])
    case string(String)
    /// The number exactly as written, e.g. "12.3456" or "-1e5".
    case number(String)
    case bool(Bool)
    case null
}

/// A value and the 1-based line and column (in characters) of its first character; 0 for a
/// value built in code for the writer. Equality compares positions too.
public struct JSONNode: Sendable, Equatable {
    public var value: JSONValue
    public var line: Int
    public var column: Int

    public init(_ value: JSONValue, line: Int = 0, column: Int = 0) {
        self.value = value
        self.line = line
        self.column = column
    }
}

public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var node: JSONNode
    /// Where the key's opening quote is.
    public var keyLine: Int
    public var keyColumn: Int

    public init(key: String, node: JSONNode, keyLine: Int = 0, keyColumn: Int = 0) {
        self.key = key
        self.node = node
        self.keyLine = keyLine
        self.keyColumn = keyColumn
    }
}

public struct JSONSyntaxError: Error, Sendable, Equatable {
    public let line: Int
    public let column: Int
    /// The whole message, position first: "第3行第7列：…" / "line 3, column 7: …".
    public let message: Text
}

public enum JSONReader {
    /// Objects and arrays may nest this deep; deeper is a syntax error (not a stack overflow).
    public static let maximumDepth = 200

    /// Parses one JSON text (UTF-8, optionally with a BOM).
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        let result = bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer)
            return Result { () throws(JSONSyntaxError) in try parser.document() }
        }
        return try result.get()
    }
}

private struct Parser {
    let p: UnsafeBufferPointer<UInt8>
    var i = 0
    var line = 1
    /// Column bookkeeping: `columnAt` is the column of byte `columnOffset`, on the current line
    /// (which starts at `lineStart`). Positions are asked for in increasing order, so counting
    /// forward from the last answer keeps the whole parse linear.
    var lineStart = 0
    var columnOffset = 0
    var columnAt = 1

    init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

    mutating func document() throws(JSONSyntaxError) -> JSONNode {
        if p.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3; columnOffset = 3 }
        skipWhitespace()
        guard i < p.count else {
            throw error(zh: "文件中没有JSON内容", en: "no JSON value (the input is empty)")
        }
        let node = try value(depth: 0)
        skipWhitespace()
        guard i == p.count else {
            throw error(zh: "JSON值之后还有多余的内容", en: "unexpected content after the JSON value")
        }
        return node
    }

    // MARK: Values

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        let (line, column) = position()
        guard i < p.count else { throw endOfInput() }
        let v: JSONValue
        switch p[i] {
        case UInt8(ascii: "{"): v = try object(depth: depth + 1)
        case UInt8(ascii: "["): v = try array(depth: depth + 1)
        case UInt8(ascii: "\""): v = .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): v = .number(try number())
        case UInt8(ascii: "'"):
            throw error(zh: "JSON的字符串必须用双引号，不能用单引号", en: "JSON strings take double quotes, not single quotes")
        default:
            if literal("true") { v = .bool(true) }
            else if literal("false") { v = .bool(false) }
            else if literal("null") { v = .null }
            else { throw unexpectedWord() }
        }
        return JSONNode(v, line: line, column: column)
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try checkDepth(depth)
        i += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { i += 1; return .object(members) }
        while true {
            guard i < p.count else { throw endOfInput() }
            guard p[i] == UInt8(ascii: "\"") else {
                if p[i] == UInt8(ascii: "}") {
                    throw error(zh: "右括号“}”前多了一个逗号", en: "trailing comma before '}'")
                }
                throw error(zh: "此处应为用双引号括起的键名", en: "expected a key in double quotes")
            }
            let (keyLine, keyColumn) = position()
            let key = try string()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else {
                guard i < p.count else { throw endOfInput() }
                throw error(zh: "键名后缺少冒号“:”", en: "expected ':' after the key")
            }
            i += 1
            skipWhitespace()
            let node = try value(depth: depth)
            members.append(JSONMember(key: key, node: node, keyLine: keyLine, keyColumn: keyColumn))
            if try closes(with: "}") { return .object(members) }
        }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        try checkDepth(depth)
        i += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { i += 1; return .array(elements) }
        while true {
            if peek(UInt8(ascii: "]")) {
                throw error(zh: "右括号“]”前多了一个逗号", en: "trailing comma before ']'")
            }
            elements.append(try value(depth: depth))
            if try closes(with: "]") { return .array(elements) }
        }
    }

    /// After a member or an element: a comma (another follows) or the closing bracket (true).
    mutating func closes(with bracket: Unicode.Scalar) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard i < p.count else { throw endOfInput() }
        switch p[i] {
        case UInt8(ascii: ","):
            i += 1
            skipWhitespace()
            return false
        case UInt8(ascii: bracket):
            i += 1
            return true
        default:
            throw error(zh: "缺少逗号或右括号“\(bracket)”", en: "expected ',' or '\(bracket)'")
        }
    }

    mutating func checkDepth(_ depth: Int) throws(JSONSyntaxError) {
        guard depth <= JSONReader.maximumDepth else {
            throw error(zh: "对象和数组嵌套超过\(JSONReader.maximumDepth)层",
                        en: "objects and arrays nested deeper than \(JSONReader.maximumDepth) levels")
        }
    }

    /// A string starting at the opening quote.
    mutating func string() throws(JSONSyntaxError) -> String {
        let (startLine, startColumn) = position()
        i += 1
        let start = i
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while i < p.count, p[i] != UInt8(ascii: "\""), p[i] != UInt8(ascii: "\\"), p[i] >= 0x20 { i += 1 }
        var bytes: [UInt8] = []
        var runStart = start
        while true {
            guard i < p.count else {
                throw JSONSyntaxError(line: startLine, column: startColumn,
                                      zh: "字符串缺少结束的双引号", en: "unterminated string")
            }
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: p[runStart..<i])
                i += 1
                let text: String?
                if bytes.isEmpty && runStart == start {
                    text = String(validating: run, as: UTF8.self)
                } else {
                    bytes.append(contentsOf: run)
                    text = String(validating: bytes, as: UTF8.self)
                }
                guard let text else {
                    throw JSONSyntaxError(line: startLine, column: startColumn,
                                          zh: "字符串不是有效的UTF-8文字", en: "string is not valid UTF-8")
                }
                return text
            }
            if b < 0x20 {
                throw error(zh: "字符串中不能直接出现控制字符（如换行、制表符），请写作\\n、\\t等",
                            en: "unescaped control character in a string (write \\n, \\t, ...)")
            }
            if b == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
                try escape(into: &bytes)
                runStart = i
            } else {
                i += 1
            }
        }
    }

    /// An escape sequence starting at the backslash, appended as UTF-8.
    mutating func escape(into bytes: inout [UInt8]) throws(JSONSyntaxError) {
        guard i + 1 < p.count else { i += 1; throw endOfInput() }
        let simple: UInt8? = switch p[i + 1] {
        case UInt8(ascii: "\""): UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): UInt8(ascii: "\\")
        case UInt8(ascii: "/"): UInt8(ascii: "/")
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            bytes.append(simple)
            i += 2
            return
        }
        guard p[i + 1] == UInt8(ascii: "u") else {
            throw error(zh: "无效的转义序列“\\\(character(at: i + 1))”", en: "invalid escape '\\\(character(at: i + 1))'")
        }
        let first = try hex4()
        var scalar: UInt32 = first
        if (0xD800...0xDBFF).contains(first) {
            // A high surrogate must be followed by an escaped low one: \uD83D\uDE00.
            guard i + 1 < p.count, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                i -= 6
                throw unpairedSurrogate(first)
            }
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else {
                i -= 12
                throw unpairedSurrogate(first)
            }
            scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(first) {
            i -= 6
            throw unpairedSurrogate(first)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw unpairedSurrogate(first) }
        UTF8.encode(unicode) { bytes.append($0) }
    }

    /// `\uXXXX` at `i`; leaves `i` after it.
    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for k in 2..<6 {
            guard i + k < p.count else { i += k; throw endOfInput() }
            let c = p[i + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default:
                throw error(zh: "\\u后面应为4位十六进制数字", en: "\\u must be followed by 4 hexadecimal digits")
            }
            v = v << 4 | UInt32(digit)
        }
        i += 6
        return v
    }

    /// -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
    mutating func number() throws(JSONSyntaxError) -> String {
        let start = i
        if p[i] == UInt8(ascii: "-") {
            i += 1
            if i < p.count, isLetter(p[i]) { i = start; throw unexpectedWord() }
        }
        guard i < p.count, isDigit(p[i]) else { throw badNumber(zh: "负号后应为数字", en: "expected a digit after '-'") }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < p.count, isDigit(p[i]) {
                i -= 1
                throw badNumber(zh: "数字不能以0开头（如 012）", en: "numbers must not have leading zeros (012)")
            }
        } else {
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < p.count, isDigit(p[i]) else {
                throw badNumber(zh: "小数点后应为数字", en: "expected a digit after the decimal point")
            }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
            guard i < p.count, isDigit(p[i]) else {
                throw badNumber(zh: "指数部分应为数字", en: "expected a digit in the exponent")
            }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= p.count else { return false }
        for k in 0..<n where p[i + k] != word.utf8Start[k] { return false }
        // "nullx" is one unknown word, not null followed by garbage.
        if i + n < p.count, isLetter(p[i + n]) || isDigit(p[i + n]) { return false }
        i += n
        return true
    }

    // MARK: Positions and errors

    mutating func skipWhitespace() {
        while i < p.count {
            switch p[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                i += 1
            case UInt8(ascii: "\n"):
                i += 1
                newLine()
            case UInt8(ascii: "\r"):
                i += 1
                if i < p.count, p[i] == UInt8(ascii: "\n") { i += 1 }
                newLine()
            default:
                return
            }
        }
    }

    mutating func newLine() {
        line += 1
        lineStart = i
        columnOffset = i
        columnAt = 1
    }

    /// Line and column (in Unicode characters, not bytes) of byte `i`.
    mutating func position() -> (line: Int, column: Int) {
        if i < columnOffset { columnOffset = lineStart; columnAt = 1 }
        var k = columnOffset
        var c = columnAt
        let end = min(i, p.count)
        while k < end {
            if p[k] & 0xC0 != 0x80 { c += 1 }  // not a UTF-8 continuation byte
            k += 1
        }
        columnOffset = end
        columnAt = c
        return (line, c)
    }

    mutating func error(zh: String, en: String) -> JSONSyntaxError {
        let (line, column) = position()
        return JSONSyntaxError(line: line, column: column, zh: zh, en: en)
    }

    mutating func endOfInput() -> JSONSyntaxError {
        error(zh: "文件意外结束（括号或引号没有闭合？）", en: "unexpected end of input (unclosed bracket or quote?)")
    }

    mutating func badNumber(zh: String, en: String) -> JSONSyntaxError {
        error(zh: "数字格式不对：\(zh)", en: "malformed number: \(en)")
    }

    mutating func unpairedSurrogate(_ value: UInt32) -> JSONSyntaxError {
        let hex = String(value, radix: 16, uppercase: true)
        return error(zh: "\\u\(hex)是不成对的代理项，不是有效字符", en: "\\u\(hex) is an unpaired surrogate, not a character")
    }

    /// NaN, Infinity, True, undefined, a comment, a stray character...
    mutating func unexpectedWord() -> JSONSyntaxError {
        var k = i
        while k < p.count, k - i < 20, isLetter(p[k]) || isDigit(p[k]) || p[k] == UInt8(ascii: "-") { k += 1 }
        if k > i {
            let word = String(decoding: UnsafeBufferPointer(rebasing: p[i..<k]), as: UTF8.self)
            return error(zh: "无法识别的值“\(word)”（JSON只有对象、数组、字符串、数字、true、false和null）",
                         en: "unrecognised value '\(word)' (JSON has objects, arrays, strings, numbers, true, false and null)")
        }
        let c = character(at: i)
        return error(zh: "此处应为一个值，却是“\(c)”", en: "expected a value, found '\(c)'")
    }

    /// The character starting at byte `k`, for messages (U+FFFD when it is not valid UTF-8).
    func character(at k: Int) -> String {
        guard k < p.count else { return "" }
        var end = k + 1
        while end < p.count, end - k < 4, p[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[k..<end]), as: UTF8.self)
        return text.first.map(String.init) ?? ""
    }

    mutating func peek(_ b: UInt8) -> Bool { i < p.count && p[i] == b }
}

private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
private func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }

private extension JSONSyntaxError {
    init(line: Int, column: Int, zh: String, en: String) {
        self.init(line: line, column: column,
                  message: Text(zh: "第\(line)行第\(column)列：\(zh)", en: "line \(line), column \(column): \(en)"))
    }
}

public enum JSONWriter {
    /// JSON text for `value`: members in their order, non-ASCII as UTF-8, numbers verbatim (the
    /// lexeme must be a valid JSON number). `pretty` indents by 2 spaces; no final newline.
    public static func write(_ value: JSONValue, pretty: Bool) -> String {
        var out: [UInt8] = []
        write(value, pretty: pretty, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` as compact JSON, appended to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        write(value, pretty: false, indent: 0, into: &out)
    }

    private static func write(_ value: JSONValue, pretty: Bool, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let lexeme): out.append(contentsOf: lexeme.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newLine(pretty: pretty, indent: indent + 1, into: &out)
                write(element.value, pretty: pretty, indent: indent + 1, into: &out)
            }
            if !elements.isEmpty { newLine(pretty: pretty, indent: indent, into: &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (k, member) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                newLine(pretty: pretty, indent: indent + 1, into: &out)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(member.node.value, pretty: pretty, indent: indent + 1, into: &out)
            }
            if !members.isEmpty { newLine(pretty: pretty, indent: indent, into: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newLine(pretty: Bool, indent: Int, into out: inout [UInt8]) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    /// A JSON string literal for `s`, appended to `out`.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        let start = out.count
        let room = 6 * s.utf8.count + 2
        out.append(contentsOf: repeatElement(0, count: room))
        let written = out.withUnsafeMutableBufferPointer { buffer in
            var writer = ByteWriter(buffer.baseAddress! + start)
            writer.jsonString(s)
            return writer.count
        }
        out.removeLast(room - written)
    }
}
