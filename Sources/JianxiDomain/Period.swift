/// A reporting month (统计期).
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1000...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Accepts 2024-03, 2024-3, 2024/03, 2024.03, 202403, 2024年3月 and 2024年3月份.
    public init?(parsing text: String) {
        if let fast = Self.iso(text) {
            self = fast
            return
        }
        var s = text.trimmed
        if s.hasSuffix("月份") { s.removeLast() }  // 2024年3月份, as often written
        let parts: [Substring]
        if s.hasSuffix("月"), let nian = s.firstIndex(of: "年") {
            parts = [s[..<nian], s[s.index(after: nian)...].dropLast()]
        } else if s.count == 6, s.allSatisfy({ $0.isASCII && $0.isNumber }) {
            parts = [s.prefix(4), s.suffix(2)]
        } else {
            parts = s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        }
        // Digits only: Int() alone would also take "+3", and empty parts would let "2024--03",
        // "2024-03-" or "2024年年3月" through.
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, (1...2).contains(parts[1].count),
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// "2024-03" straight from the bytes: the form nearly every file uses, read a million times.
    private static func iso(_ text: String) -> Period? {
        var text = text
        return text.withUTF8 { Period(iso: $0) }
    }

    /// "2024-03" from UTF-8 bytes: the form nearly every file uses, read a million times.
    public init?(iso b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 7, b[4] == UInt8(ascii: "-") else { return nil }
        var year = 0, month = 0
        for i in 0..<4 { guard b[i] &- 0x30 < 10 else { return nil }; year = year * 10 + Int(b[i] &- 0x30) }
        for i in 5..<7 { guard b[i] &- 0x30 < 10 else { return nil }; month = month * 10 + Int(b[i] &- 0x30) }
        self.init(year: year, month: month)
    }

    public static func < (a: Period, b: Period) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// 2024-03
    public var description: String {
        String(unsafeUninitializedCapacity: 7) { writeISO(into: $0.baseAddress!) }
    }

    /// The ISO form written into `out`, which has room for 7 bytes; its length (7: the year has
    /// four digits, see init).
    public func writeISO(into out: UnsafeMutablePointer<UInt8>) -> Int {
        ISODigits.write(year, month, into: out)
        return 7
    }

    /// 2024年3月
    public var chinese: String { "\(year)年\(month)月" }

    public var next: Period { month == 12 ? Period(year: year + 1, month: 1)! : Period(year: year, month: month + 1)! }
    public var previous: Period { month == 1 ? Period(year: year - 1, month: 12)! : Period(year: year, month: month - 1)! }

    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var lastDay: CivilDate { CivilDate(year: year, month: month, day: CivilDate.daysIn(year: year, month: month))! }

    /// The month that contains a date.
    public init(containing date: CivilDate) {
        self.year = date.year
        self.month = date.month
    }
}
