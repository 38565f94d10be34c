import JianxiDomain

/// Writes bytes into memory the caller has made large enough. Inlinable: reports and the store
/// write every value of a million returns through it, from other modules.
public struct ByteWriter {
    @usableFromInline let start: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    @usableFromInline var written = 0
    public var count: Int { written }

    @inlinable
    public init(_ start: UnsafeMutablePointer<UInt8>) { self.start = start }

    @inlinable
    public mutating func append(_ byte: UInt8) {
        start[written] = byte
        written += 1
    }

    @inlinable
    public mutating func append(_ text: StaticString) {
        (start + written).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        written += text.utf8CodeUnitCount
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        (start + written).update(from: base, count: bytes.count)
        written += bytes.count
    }

    /// Text as it is. Not `append(_:)`: string literals would then take this slower way
    /// instead of `append(_: StaticString)`.
    @inlinable
    public mutating func append(contentsOf text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// A date in ISO form, 2024-04-03 (at most 10 bytes).
    @inlinable
    public mutating func iso(_ date: CivilDate) {
        if let length = date.writeISO(into: start + written) { written += length } else { append(contentsOf: date.description) }
    }

    /// A period in ISO form, 2024-03 (7 bytes).
    @inlinable
    public mutating func iso(_ period: Period) {
        written += period.writeISO(into: start + written)
    }

    /// A JSON string literal (at most 6 bytes a byte, and 2).
    @inlinable
    public mutating func jsonString(_ text: String) {
        var text = text
        text.withUTF8 { jsonString(utf8: $0) }
    }

    /// A JSON string literal, or null.
    @inlinable
    public mutating func jsonString(orNull text: String?) {
        if let text { jsonString(text) } else { append("null") }
    }

    /// A JSON string literal for UTF-8 bytes (at most 6 bytes a byte, and 2): `"`, `\` and the
    /// control characters escaped, everything else as it is.
    @inlinable
    public mutating func jsonString(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        if bytes.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            append(bytes)  // nearly every string: nothing to escape
        } else {
            for b in bytes { escaped(b) }
        }
        append(UInt8(ascii: "\""))
    }

    @usableFromInline
    mutating func escaped(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        case 0..<0x20:
            append("\\u00")
            append(Self.hexDigit(b >> 4))
            append(Self.hexDigit(b & 0xF))
        default: append(b)
        }
    }

    @usableFromInline static func hexDigit(_ n: UInt8) -> UInt8 { n < 10 ? UInt8(ascii: "0") + n : UInt8(ascii: "a") + n - 10 }

    /// A date as a JSON string, "2024-04-03" (at most 12 bytes), or null.
    @inlinable
    public mutating func jsonString(orNull date: CivilDate?) {
        quoted(date) { $0.iso($1) }
    }

    /// A period as a JSON string, "2024-03" (9 bytes), or null.
    @inlinable
    public mutating func jsonString(orNull period: Period?) {
        quoted(period) { $0.iso($1) }
    }

    /// What `write` writes of `value`, in quotes, or null.
    @inlinable
    mutating func quoted<Value>(_ value: Value?, _ write: (inout ByteWriter, Value) -> Void) {
        guard let value else { return append("null") }
        append(UInt8(ascii: "\""))
        write(&self, value)
        append(UInt8(ascii: "\""))
    }

    /// Decimal text as `String(n)` writes it (at most 20 bytes).
    @inlinable
    public mutating func decimal(_ n: Int64) {
        if n < 0 { append(UInt8(ascii: "-")) }
        unsigned(n.magnitude, minimumDigits: 1)
    }

    /// 万元 from yuan as `Amount.description` writes it: the whole part, then up to 4 decimals
    /// without trailing zeros (at most 21 bytes).
    @inlinable
    public mutating func amount(_ yuan: Int64) {
        if yuan < 0 { append(UInt8(ascii: "-")) }
        let magnitude = yuan.magnitude
        unsigned(magnitude / 10_000, minimumDigits: 1)
        var fraction = magnitude % 10_000
        guard fraction > 0 else { return }
        var digits = 4
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        append(UInt8(ascii: "."))
        unsigned(fraction, minimumDigits: digits)
    }

    @usableFromInline
    mutating func unsigned(_ n: UInt64, minimumDigits: Int) {
        var length = 1
        var rest = n / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        length = max(length, minimumDigits)
        var value = n
        for i in stride(from: length - 1, through: 0, by: -1) {
            start[written + i] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
        written += length
    }
}
