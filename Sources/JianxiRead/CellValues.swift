import JianxiDomain

/// Why a figure's cell could not be read.
public enum CellProblem: Error, Equatable, Sendable {
    case empty, notNumber, negative, notInteger, tooManyDecimals, tooLarge

    var code: FindingCode {
        switch self {
        case .empty: .empty
        case .notNumber: .notNumber
        case .negative: .negative
        case .notInteger: .notInteger
        case .tooManyDecimals: .tooManyDecimals
        case .tooLarge: .tooLarge
        }
    }
}

/// Reads a figure from the UTF-8 bytes of a cell, the way people type them into spreadsheets:
/// surrounding spaces (also full-width and no-break spaces), thousands separators (1,234) and
/// full-width digits (１２３) are normalised. Counts must be whole (3.00 is 3); amounts in 万元 may
/// have at most 4 decimals that are not zero. A point may have digits on one side only (".5",
/// "5."). The result is a count, or yuan for an amount.
public enum FigureParser {
    /// Figures beyond ten billion are typing mistakes, and the limit keeps sums far from overflow.
    static let maximumWholeDigits = 10

    public static func parse(_ utf8: UnsafeBufferPointer<UInt8>, kind: Indicator.Kind) -> Result<Int64, CellProblem> {
        if let plain = plainFigure(utf8, kind: kind) { return .success(plain) }
        guard let ascii = normalise(utf8) else { return .failure(.notNumber) }
        return parseNormalised(ascii, kind: kind)
    }

    /// The common case by far, read without allocating: ASCII digits, for an amount perhaps a
    /// point and up to four decimals (12, 4.4486). nil for anything else, even a valid figure,
    /// which the general reader then takes.
    @inline(__always)
    private static func plainFigure(_ utf8: UnsafeBufferPointer<UInt8>, kind: Indicator.Kind) -> Int64? {
        // Leading zeros ("007") are for the general reader too.
        guard utf8.count <= maximumWholeDigits, !(utf8.count > 1 && utf8[0] == UInt8(ascii: "0") && utf8[1] != UInt8(ascii: ".")) else { return nil }
        var value: Int64 = 0
        var decimals = -1  // -1 until the point
        for byte in utf8 {
            let digit = byte &- 0x30
            if digit < 10 {
                value = value * 10 + Int64(digit)
                if decimals >= 0 { decimals += 1 }
            } else if byte == UInt8(ascii: "."), decimals < 0, kind == .amount {
                decimals = 0
            } else {
                return nil
            }
        }
        // Empty, a bare point or "5.", more than four decimals: the general reader decides.
        guard !utf8.isEmpty, decimals != 0, decimals <= 4, utf8.first != UInt8(ascii: ".") else { return nil }
        guard kind == .amount else { return value }
        for _ in max(decimals, 0)..<4 { value *= 10 }
        return value
    }

    public static func parse(_ text: String, kind: Indicator.Kind) -> Result<Int64, CellProblem> {
        var text = text
        return text.withUTF8 { parse($0, kind: kind) }
    }

    /// Maps full-width forms to ASCII and drops surrounding spaces; nil if a character cannot be
    /// part of a number at all.
    private static func normalise(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if b < 0x80 {
                out.append(b == 0x09 ? 0x20 : b)
                i += 1
            } else if b == 0xEF, i + 2 < utf8.count, utf8[i + 1] == 0xBC, (0x8C...0x99).contains(utf8[i + 2]) {
                out.append(utf8[i + 2] - 0x8C + 0x2C)  // U+FF0C..FF19 -> , - . / 0-9
                i += 3
            } else if b == 0xE3, i + 2 < utf8.count, utf8[i + 1] == 0x80, utf8[i + 2] == 0x80 {
                out.append(0x20)  // U+3000 ideographic space
                i += 3
            } else if b == 0xC2, i + 1 < utf8.count, utf8[i + 1] == 0xA0 {
                out.append(0x20)  // U+00A0 no-break space
                i += 2
            } else {
                return nil
            }
        }
        while out.last == 0x20 { out.removeLast() }
        let start = out.firstIndex(where: { $0 != 0x20 }) ?? out.endIndex
        return Array(out[start...])
    }

    private static func parseNormalised(_ s: [UInt8], kind: Indicator.Kind) -> Result<Int64, CellProblem> {
        if s.isEmpty { return .failure(.empty) }
        var i = 0
        let negative = s[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        // Whole part, with thousands separators only in groups of three (1,234,567).
        var whole: [UInt8] = []
        var groupLength = 0
        var sawSeparator = false
        while i < s.count, s[i] != UInt8(ascii: ".") {
            let b = s[i]
            if b == UInt8(ascii: ",") {
                guard groupLength > 0, sawSeparator ? groupLength == 3 : groupLength <= 3 else { return .failure(.notNumber) }
                sawSeparator = true
                groupLength = 0
            } else if b &- 0x30 < 10 {
                whole.append(b)
                groupLength += 1
            } else {
                return .failure(.notNumber)
            }
            i += 1
        }
        if sawSeparator && groupLength != 3 { return .failure(.notNumber) }
        var fraction: [UInt8] = []
        if i < s.count {
            i += 1  // the decimal point
            fraction = Array(s[i...])
            guard fraction.allSatisfy({ $0 &- 0x30 < 10 }) else { return .failure(.notNumber) }
        }
        // A point needs digits on one side at least. ".5" and "5." are read as 0.5 and 5, as
        // Excel reads them when typed; SPSS and Stata write ".5". A lone "." or "-" is no number.
        if whole.isEmpty && fraction.isEmpty { return .failure(.notNumber) }
        if whole.isEmpty { whole = [UInt8(ascii: "0")] }
        while whole.count > 1, whole.first == UInt8(ascii: "0") { whole.removeFirst() }
        if whole.count > maximumWholeDigits { return .failure(.tooLarge) }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        let isZero = whole == [UInt8(ascii: "0")] && fraction.isEmpty
        if negative && !isZero { return .failure(.negative) }
        var value: Int64 = 0
        for b in whole { value = value * 10 + Int64(b - 0x30) }
        switch kind {
        case .count:
            return fraction.isEmpty ? .success(value) : .failure(.notInteger)
        case .amount:
            guard fraction.count <= 4 else { return .failure(.tooManyDecimals) }
            var yuan = value
            for position in 0..<4 {
                yuan = yuan * 10 + (position < fraction.count ? Int64(fraction[position] - 0x30) : 0)
            }
            return .success(yuan)
        }
    }
}
