import JianxiDomain

/// A valid return whose figures scale with `k` (every relation holds for any k >= 0), the
/// subsidy `k` x 1.2345 万元.
func scaledReturn(_ k: Int64) -> IndicatorValues {
    var v = IndicatorValues()
    for (indicator, base) in zip(Indicator.allCases, [10, 2, 30, 4, 20, 15, 9, 8, 4, 3, 2, 1, 25, 12_345] as [Int64]) {
        v[indicator] = base * k
    }
    return v
}
