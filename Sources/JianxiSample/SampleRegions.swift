import JianxiDomain

/// A synthetic region registry: `units` county-level units under cities of 8-12 counties,
/// under provinces of 8-14 cities. Codes are six digits starting with 9, so they cannot be taken
/// for official codes (which start 1-8) or collide with one another: provinces 91xxxx, cities
/// 92xxxx and counties 93xxxx-99xxxx, numbered in order. Names read like the real ones and say
/// where a unit sits: 模拟省01, 模拟市0103 (its third city), 模拟县010305 (that city's fifth county).
public struct SampleRegions: Sendable {
    /// Every region in file order: each province, then each of its cities followed by its counties.
    public let regions: [Region]
    /// The county-level units, which report, in code order.
    public let units: [Region]

    /// The most county-level units the code scheme holds (930001-999999).
    public static let maximumUnits = 69_999

    static let provinceBase = 910_000
    static let cityBase = 920_000
    static let countyBase = 930_000

    public init(units count: Int, seed: UInt64) {
        precondition((1...Self.maximumUnits).contains(count), "1...\(Self.maximumUnits) units")
        var rng = SplitMix64.stream(seed: seed, 1)
        var citySizes: [Int] = []
        var left = count
        while left > 0 {
            let size = min(left, Int(rng.int(8...12)))
            citySizes.append(size)
            left -= size
        }
        var provinceSizes: [Int] = []
        left = citySizes.count
        while left > 0 {
            let size = min(left, Int(rng.int(8...14)))
            provinceSizes.append(size)
            left -= size
        }
        var regions: [Region] = []
        var units: [Region] = []
        regions.reserveCapacity(count + citySizes.count + provinceSizes.count)
        units.reserveCapacity(count)
        var city = 0
        for (p, cities) in provinceSizes.enumerated() {
            let pTag = Self.tag(p + 1)
            let province = Region(code: String(Self.provinceBase + p + 1), name: "模拟省" + pTag, level: .province, parentCode: nil)
            regions.append(province)
            for c in 0..<cities {
                let cTag = pTag + Self.tag(c + 1)
                let cityRegion = Region(code: String(Self.cityBase + city + 1), name: "模拟市" + cTag, level: .city,
                                        parentCode: province.code)
                regions.append(cityRegion)
                for k in 0..<citySizes[city] {
                    let county = Region(code: String(Self.countyBase + units.count + 1), name: "模拟县" + cTag + Self.tag(k + 1),
                                        level: .county, parentCode: cityRegion.code)
                    regions.append(county)
                    units.append(county)
                }
                city += 1
            }
        }
        self.regions = regions
        self.units = units
    }

    /// The registry the returns are checked against.
    public func registry() -> RegionRegistry {
        do {
            return try RegionRegistry(regions: regions)
        } catch {
            fatalError("the sample registry is inconsistent: \(error)")  // a defect in this file
        }
    }

    /// `regions.csv` as `jianxi --regions` reads it: code,name,level,parent_code; UTF-8, LF.
    public func csv() -> [UInt8] {
        var out = Array("code,name,level,parent_code\n".utf8)
        out.reserveCapacity(regions.count * 40)
        for region in regions {
            out += region.code.utf8
            out.append(UInt8(ascii: ","))
            out += region.name.utf8
            out.append(UInt8(ascii: ","))
            out += region.level.rawValue.utf8
            out.append(UInt8(ascii: ","))
            out += (region.parentCode ?? "").utf8
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// 1 -> "01"; beyond 99, as many digits as needed.
    static func tag(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
