import Foundation

/// A calendar date with no time and no zone (a deadline, a 填报时间).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil when the day does not exist (2023-02-29, 2024-13-01).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// ISO form, 2024-04-03. Written digit by digit: reports print millions of dates, and
    /// interpolation cost more than everything else about a date.
    public var description: String {
        guard year >= 1000 else { return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)" }
        return String(unsafeUninitializedCapacity: 10) { writeISO(into: $0.baseAddress!) ?? 0 }
    }

    /// The ISO form written into `out`, which has room for 10 bytes: its length, or nil for a
    /// year of fewer than four digits (`description` writes those otherwise).
    public func writeISO(into out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard year >= 1000 else { return nil }
        ISODigits.write(year, month, into: out)
        out[7] = UInt8(ascii: "-")
        out[8] = UInt8(ascii: "0") + UInt8(day / 10)
        out[9] = UInt8(ascii: "0") + UInt8(day % 10)
        return 10
    }

    /// 2024年4月3日
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil), for weekday and date arithmetic.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    private static func iso(_ text: String) -> CivilDate? {
        var text = text
        return text.withUTF8 { CivilDate(iso: $0) }
    }

    /// "2024-04-03" from UTF-8 bytes: the form nearly every file uses, read a million times.
    public init?(iso b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] &- 0x30 < 10 else { return nil }
                n = n * 10 + Int(b[i] &- 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// 1 = Monday ... 7 = Sunday (ISO 8601).
    public var weekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public var isWeekend: Bool { weekday >= 6 }

    /// Today in China (Asia/Shanghai), whatever the machine's zone.
    public static func today(now: Date = Date()) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// Accepts 2024-04-03, 2024/4/3, 2024.4.3, 20240403 and 2024年4月3日, optionally followed by
    /// a time of day (Excel writes "2024/4/3 0:00", JSON often 2024-04-03T00:00:00), which is ignored.
    public init?(parsing text: String) {
        if let fast = Self.iso(text) {
            self = fast
            return
        }
        var s = Substring(text.trimmed)
        // ISO date-times (2024-04-03T08:00:00) and Excel's "2024/4/3 0:00" carry a time to ignore.
        if let space = s.firstIndex(where: { $0 == " " || $0 == "T" }) {
            let time = s[s.index(after: space)...]
            guard time.allSatisfy({ $0.isASCII && ($0.isNumber || ":.+-Z".contains($0)) }) else { return nil }
            s = s[..<space]
        }
        let parts: [Substring]
        if s.hasSuffix("日"), let nian = s.firstIndex(of: "年"), let yue = s.firstIndex(of: "月"), nian < yue {
            parts = [s[..<nian], s[s.index(after: nian)..<yue], s[s.index(after: yue)...].dropLast()]
        } else if s.count == 8, s.allSatisfy({ $0.isASCII && $0.isNumber }) {
            parts = [s.prefix(4), s.dropFirst(4).prefix(2), s.suffix(2)]
        } else {
            parts = s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        }
        // Digits only: Int() alone would also take "+4", and empty parts would let "2024--4-3",
        // "2024-4-3." or "2024年4月月3日" through.
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

/// "YYYY-MM" for a four-digit year, the start of both ISO forms.
enum ISODigits {
    static func write(_ year: Int, _ month: Int, into out: UnsafeMutablePointer<UInt8>) {
        var y = year
        for i in stride(from: 3, through: 0, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(y % 10)
            y /= 10
        }
        out[4] = UInt8(ascii: "-")
        out[5] = UInt8(ascii: "0") + UInt8(month / 10)
        out[6] = UInt8(ascii: "0") + UInt8(month % 10)
    }
}
