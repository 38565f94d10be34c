/// An amount in 万元 (10,000 yuan) held exactly as a whole number of yuan
/// (0.0001 万元 = 1 yuan), so sums and comparisons never meet binary rounding.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var yuan: Int64

    public init(yuan: Int64) { self.yuan = yuan }

    public static func < (a: Amount, b: Amount) -> Bool { a.yuan < b.yuan }

    /// 万元 with as many decimals as needed (at most 4): "12", "12.5", "0.0001".
    public var description: String { Self.format(yuan, minimumDecimals: 0) }

    /// 万元 with a fixed number of decimals, rounded half away from zero (for display only).
    public func formatted(decimals: Int) -> String {
        precondition((0...4).contains(decimals))
        var scale: Int64 = 1
        for _ in 0..<(4 - decimals) { scale *= 10 }
        let half = scale / 2
        let rounded = (yuan >= 0 ? yuan + half : yuan - half) / scale * scale
        return Self.format(rounded, minimumDecimals: decimals, maximumDecimals: decimals)
    }

    private static func format(_ yuan: Int64, minimumDecimals: Int, maximumDecimals: Int = 4) -> String {
        let sign = yuan < 0 ? "-" : ""
        let magnitude = yuan.magnitude
        var fraction = String(magnitude % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        fraction = String(fraction.prefix(maximumDecimals))
        while fraction.count > minimumDecimals, fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = "\(sign)\(magnitude / 10_000)"
        return fraction.isEmpty ? whole : "\(whole).\(fraction)"
    }
}
