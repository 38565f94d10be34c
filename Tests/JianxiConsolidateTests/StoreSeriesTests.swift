import Foundation
import JianxiConsolidate
import JianxiDomain
import JianxiRead
import JianxiRules
import JianxiStore
import XCTest

/// What export reads from the store: a series month by month, by registry code (how export reads
/// it) or by a pass over every period (without a registry), and one month with its findings. The
/// samples are stored (August and September 2026: rejected returns, explained warnings, a city's
/// own total, revisions), and every way of reading must agree with every other and with `status`.
final class StoreSeriesTests: XCTestCase {
    private var folder: URL!
    private var store: ReturnStore!
    private let registry = RegionRegistry.builtin
    private let today = CivilDate(year: 2026, month: 11, day: 20)!
    private let periods = ["2026-07", "2026-08", "2026-09", "2026-10"].map { Period(parsing: $0)! }

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jianxi-series-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try ReturnStore(path: folder.appendingPathComponent("store.sqlite").path)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples")
        let validator = ReturnValidator(registry: registry, calendar: .builtin, rules: .builtin, today: today)
        for path in try InputFiles.expand([samples.appendingPathComponent("2026-08").path, samples.appendingPathComponent("2026-09").path]) {
            _ = try store.ingest(path: path, reader: ReturnFileReader(), validator: validator)
        }
        // A second revision of one unit: the later one is current.
        let resubmitted = folder.appendingPathComponent("resubmitted.csv")
        try Data("""
            region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14
            360124,进贤县,2026-09,2026-10-30,张三,0791-1,41,3,120,6,30,25,20,18,10,8,5,2,60,35.5

            """.utf8).write(to: resubmitted)
        _ = try store.ingest(path: resubmitted.path, reader: ReturnFileReader(), validator: validator)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func series(regions: [String]?) throws -> [PeriodReturns] {
        var months: [PeriodReturns] = []
        try store.forEachPeriod(from: periods.first!, to: periods.last!, regions: regions, states: true) { months.append($0) }
        return months
    }

    private func same(_ a: [CurrentReturn], _ b: [CurrentReturn], _ what: String) {
        XCTAssertEqual(a.map(\.regionCode), b.map(\.regionCode), what)
        XCTAssertEqual(a.map(\.scope), b.map(\.scope), what)
        XCTAssertEqual(a.map(\.revision), b.map(\.revision), what)
        XCTAssertEqual(a.map(\.accepted), b.map(\.accepted), what)
        XCTAssertEqual(a.map(\.values), b.map(\.values), what)
    }

    func testEveryWayOfReadingAMonthAgrees() throws {
        let byCode = try series(regions: registry.regions.map(\.code))
        let byPass = try series(regions: nil)
        XCTAssertEqual(byCode.map(\.period), periods, "every month, one without returns too")
        XCTAssertEqual(byPass.map(\.period), periods)
        XCTAssertEqual(byCode[0].current.count, 0)
        XCTAssertEqual(byCode[2].current.count, 102, "every unit and 景德镇市's own total")
        let resubmitted = try XCTUnwrap(byCode[2].current.first { $0.regionCode == "360124" })
        XCTAssertEqual([resubmitted.revision, Int(resubmitted.values[.unitsTotal] ?? 0)], [2, 41])
        for (index, period) in periods.enumerated() {
            same(byCode[index].current, byPass[index].current, "\(period)")
            XCTAssertEqual(byCode[index].states, byPass[index].states, "\(period)")
            let single = try store.currentReturns(period: period)
            same(byCode[index].current, single, "\(period)")
            let singleByCode = try store.currentReturns(period: period, regions: registry.regions.map(\.code))
            same(single, singleByCode, "\(period)")
            XCTAssertEqual(single.map { $0.findings.map(\.code) }, singleByCode.map { $0.findings.map(\.code) })
            XCTAssertEqual(single.map { $0.findings.map(\.explanation) }, singleByCode.map { $0.findings.map(\.explanation) })
            XCTAssertEqual(single.map(\.reporter), singleByCode.map(\.reporter))
            // Where each unit stands, as the status report says.
            let status = try store.status(period: period, registry: registry, calendar: .builtin, today: today)
            for unit in status.units {
                XCTAssertEqual(byCode[index].states[unit.region.code] ?? .missing, unit.state, "\(period) \(unit.region.code)")
            }
        }
        XCTAssertTrue(try store.currentReturns(period: periods[2]).contains { $0.findings.contains { $0.explanation != nil } },
                      "an explained warning is among the findings")
        let all = try store.currentReturns(from: periods.first!, to: periods.last!)
        same(all, byPass.flatMap(\.current), "the range at once")
    }

    /// An error thrown while a month is handed over ends the pass and comes back as it was.
    func testAnErrorOfTheReaderComesBackAsItWas() throws {
        struct Stop: Error {}
        var seen: [Period] = []
        for regions in [registry.regions.map(\.code), nil] {
            seen = []
            XCTAssertThrowsError(try store.forEachPeriod(from: periods.first!, to: periods.last!, regions: regions, states: false) { month in
                seen.append(month.period)
                if month.period == periods[1] { throw Stop() }
            }) { XCTAssertTrue($0 is Stop, "\($0)") }
            XCTAssertEqual(seen, Array(periods.prefix(2)))
        }
    }
}
