/// A division in the registry: a province, a city-level unit (设区市, or a zone such as the
/// Ganjiang New Area) or a county-level unit.
public struct Region: Hashable, Sendable {
    public enum Level: String, Sendable, CaseIterable { case province, city, county }

    public let code: String
    public let name: String
    public let level: Level
    public let parentCode: String?

    public init(code: String, name: String, level: Level, parentCode: String?) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }
}

/// The regions the tool knows, with their hierarchy. Reporting units are the leaves below the
/// province: every county-level unit, and a city-level unit that has no counties of its own.
public struct RegionRegistry: Sendable {
    public let regions: [Region]
    /// Where each code's region is in `regions`.
    private let indexByCode: [String: Int]
    private let childCodes: [String: [String]]
    /// `isReportingUnit` of each region in `regions`.
    private let reports: [Bool]

    public enum Problem: Error, Equatable, Sendable {
        case duplicateCode(String)
        case unknownParent(code: String, parent: String)
        case badParentLevel(code: String, parent: String)
    }

    public init(regions: [Region]) throws(Problem) {
        let sorted = regions.sorted { $0.code < $1.code }
        var indexByCode: [String: Int] = [:]
        indexByCode.reserveCapacity(sorted.count)
        for (index, region) in sorted.enumerated() { indexByCode[region.code] = index }
        if indexByCode.count < regions.count {
            // The first code repeated, in the order given.
            var seen = Set<String>()
            for region in regions where !seen.insert(region.code).inserted { throw .duplicateCode(region.code) }
        }
        // Problems in the order given; children in code order, as `sorted` lists them.
        var hasChildren = [Bool](repeating: false, count: sorted.count)
        for region in regions {
            guard let parentCode = region.parentCode else { continue }
            guard let parentIndex = indexByCode[parentCode] else { throw .unknownParent(code: region.code, parent: parentCode) }
            let parent = sorted[parentIndex]
            hasChildren[parentIndex] = true
            let allowed: Region.Level? = switch region.level {
            case .province: nil
            case .city: .province
            case .county: .city
            }
            guard parent.level == allowed else { throw .badParentLevel(code: region.code, parent: parentCode) }
        }
        var children: [String: [String]] = [:]
        for region in sorted {
            if let parentCode = region.parentCode { children[parentCode, default: []].append(region.code) }
        }
        self.regions = sorted
        self.indexByCode = indexByCode
        childCodes = children
        reports = zip(sorted, hasChildren).map { region, hasChildren in region.level != .province && !hasChildren }
    }

    public subscript(code: String) -> Region? { indexByCode[code].map { regions[$0] } }

    /// The place of a code's region in `regions` (code order), for tables with a slot per region.
    public func index(of code: String) -> Int? { indexByCode[code] }

    public func children(of code: String) -> [Region] { (childCodes[code] ?? []).compactMap { self[$0] } }

    public func isReportingUnit(_ region: Region) -> Bool {
        // A code not in the registry has no units below it either.
        indexByCode[region.code].map(isReportingUnit(at:)) ?? (region.level != .province)
    }

    /// Whether the region at `index` in `regions` reports, known without looking its code up.
    public func isReportingUnit(at index: Int) -> Bool { reports[index] }

    /// Every unit expected to send a return, in code order.
    public var reportingUnits: [Region] { zip(regions, reports).filter(\.1).map(\.0) }

    /// The city-level unit a region belongs to (itself for a city-level unit).
    public func city(of region: Region) -> Region? {
        switch region.level {
        case .province: nil
        case .city: region
        case .county: region.parentCode.flatMap { self[$0] }
        }
    }

    /// Whether a 填报单位 as written names this region. Reporters write the bare name (东湖区),
    /// with the city or province before it (南昌市东湖区) or with their bureau after it
    /// (东湖区人社局), so the name must appear after any of its ancestors' names.
    public func name(_ written: String, matches region: Region) -> Bool {
        if written == region.name { return true }
        var rest = Substring(written.filter { !$0.isWhitespace })
        var ancestors: [Region] = []
        var cursor = region.parentCode.flatMap { self[$0] }
        while let a = cursor {
            ancestors.insert(a, at: 0)
            cursor = a.parentCode.flatMap { self[$0] }
        }
        for ancestor in ancestors where rest.hasPrefix(ancestor.name) && !rest.hasPrefix(region.name) {
            rest = rest.dropFirst(ancestor.name.count)
        }
        return rest.hasPrefix(region.name)
    }
}
