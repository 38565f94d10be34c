/// Steele, Lea and Flood's SplitMix64: 64 bits of state, one add and three xor-shift-multiplies
/// per number. The sample data must be byte-identical for a seed on every machine and every
/// Swift release, so the generator uses its own arithmetic throughout: no
/// `SystemRandomNumberGenerator`, no `Int.random(in:using:)` (whose algorithm the standard
/// library may change), no floating point.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The output function alone: a good 64-bit hash, used to derive independent streams.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stream of its own for `(seed, stream, index)`, independent of every other.
    static func stream(seed: UInt64, _ stream: UInt64, _ index: UInt64 = 0) -> SplitMix64 {
        SplitMix64(seed: mix(mix(seed ^ 0x6A09_E667_F3BC_C909) &+ stream &* 0xD1B5_4A32_D192_ED03 &+ mix(index &+ 1)))
    }

    /// A whole number in `0..<bound` (Lemire's multiply-high; the bias is below 2^-40 for the
    /// bounds used here, and the result is the same everywhere).
    mutating func below(_ bound: Int64) -> Int64 {
        guard bound > 1 else { return 0 }
        return Int64(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A whole number in `range`.
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// `value` × a random factor of `low`...`high` per mille, rounded to the nearest whole number.
    mutating func scale(_ value: Int64, perMille range: ClosedRange<Int64>) -> Int64 {
        (value * int(range) + 500) / 1000
    }

    /// True with probability `ppm` per million.
    mutating func chance(ppm: Int64) -> Bool { below(1_000_000) < ppm }
}
