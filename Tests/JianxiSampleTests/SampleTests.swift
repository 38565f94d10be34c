import Foundation
import JianxiDomain
import JianxiRead
import JianxiRules
import JianxiSample
import JianxiStore
import XCTest

/// The generator: the same seed gives the same bytes; every clean return passes `check` and, month
/// after month in a store, raises no month-over-month warning; the deliberate errors and late
/// returns are the ones the checker finds, at about the rates asked for.
final class SampleTests: XCTestCase {
    private var folder: URL!
    private let today = CivilDate(year: 2026, month: 11, day: 20)!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jianxi-sample-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// 2025-06 ... 2026-08: fifteen months across a new year, all submitted before `today`.
    private func options(units: Int = 40, months: Int = 15, seed: UInt64 = 42, errorRate: Double = 0.02, lateRate: Double = 0.03) -> SampleOptions {
        SampleOptions(units: units, months: months, seed: seed, firstPeriod: Period(year: 2025, month: 6)!,
                      errorRate: errorRate, lateRate: lateRate)
    }

    private func write(_ options: SampleOptions, _ layout: SampleLayout, to name: String) throws -> (dir: String, summary: SampleSummary) {
        let dir = folder.appendingPathComponent(name).path
        let summary = try SampleGenerator(options: options, calendar: .builtin).write(to: dir, layout: layout)
        return (dir, summary)
    }

    /// Every file under a folder, by relative path.
    private func contents(_ dir: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = URL(fileURLWithPath: dir)
        for case let url as URL in FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])! {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            result[String(url.path.dropFirst(base.path.count))] = try Data(contentsOf: url)
        }
        return result
    }

    private func validator(_ dir: String) throws -> ReturnValidator {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: dir + "/regions.csv")))
        let registry = try RegionRegistry.load(csv: bytes, source: "regions.csv")
        return ReturnValidator(registry: registry, calendar: .builtin, rules: .builtin, today: today)
    }

    // MARK: determinism

    func testTheSameSeedGivesByteIdenticalFiles() throws {
        for layout in SampleLayout.allCases {
            let a = try write(options(), layout, to: "a-\(layout)")
            let b = try write(options(), layout, to: "b-\(layout)")
            let c = try write(options(seed: 43), layout, to: "c-\(layout)")
            let filesA = try contents(a.dir)
            XCTAssertEqual(filesA.count, layout == .oneFile ? 2 : 1 + 40 * 15)
            XCTAssertEqual(filesA, try contents(b.dir), "\(layout): same seed, same bytes")
            XCTAssertNotEqual(filesA["/returns.csv"] ?? filesA["/returns/2025-06/930001.csv"],
                              try contents(c.dir)["/returns.csv"] ?? contents(c.dir)["/returns/2025-06/930001.csv"], "another seed, other figures")
            XCTAssertEqual([a.summary.returns, a.summary.withErrors, a.summary.late, a.summary.files],
                           [b.summary.returns, b.summary.withErrors, b.summary.late, b.summary.files])
        }
    }

    func testBothLayoutsHoldTheSameReturns() throws {
        let one = try write(options(), .oneFile, to: "one")
        let per = try write(options(), .perReturn, to: "per")
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: one.dir + "/returns.csv")), as: UTF8.self)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 1 + 40 * 15)
        // Ordered by period, then by unit.
        let keys = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }.map { "\($0[2]) \($0[0])" }
        XCTAssertEqual(keys, keys.sorted())
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let file = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(per.dir)/returns/\(cells[2])/\(cells[0]).csv")), as: UTF8.self)
            XCTAssertEqual(file, lines[0] + "\r\n" + line + "\r\n")
        }
        XCTAssertEqual(one.summary.returns, per.summary.returns)
        XCTAssertEqual(per.summary.files, 600)
    }

    func testAUnitsFiguresDoNotDependOnHowManyUnitsThereAre() {
        var small: [SampleFigures] = []
        SampleGenerator(options: options(units: 5), calendar: .builtin).forEach { if $0.unit == 3 { small.append($0.figures) } }
        var large: [SampleFigures] = []
        SampleGenerator(options: options(units: 300), calendar: .builtin).forEach { if $0.unit == 3 { large.append($0.figures) } }
        XCTAssertEqual(small, large)
    }

    // MARK: the registry

    func testTheRegistryHasSyntheticCodesAndTheUsualShape() throws {
        let regions = SampleRegions(units: 2850, seed: 1)
        XCTAssertEqual(regions.units.count, 2850)
        XCTAssertEqual(Set(regions.regions.map(\.code)).count, regions.regions.count, "no code twice")
        for region in regions.regions {
            XCTAssertTrue(region.code.count == 6 && region.code.first == "9" && region.code.allSatisfy(\.isNumber), region.code)
            let prefix = switch region.level { case .province: "91"; case .city: "92"; case .county: "9" }
            XCTAssertTrue(region.code.hasPrefix(prefix), region.code)
            XCTAssertTrue(region.name.hasPrefix(["模拟省", "模拟市", "模拟县"][Region.Level.allCases.firstIndex(of: region.level)!]))
        }
        let registry = try RegionRegistry.load(csv: regions.csv(), source: "regions.csv")
        XCTAssertEqual(registry.reportingUnits.map(\.code), regions.units.map(\.code))
        let cities = registry.regions.filter { $0.level == .city }
        let provinces = registry.regions.filter { $0.level == .province }
        XCTAssertTrue(cities.dropLast().allSatisfy { (8...12).contains(registry.children(of: $0.code).count) })
        XCTAssertTrue(provinces.dropLast().allSatisfy { (8...14).contains(registry.children(of: $0.code).count) })
        XCTAssertEqual(regions.units[0].name, "模拟县010101")
        XCTAssertEqual(registry[regions.units[0].parentCode!]?.name, "模拟市0101")
        // A province's ~100 units, as for Jiangxi.
        XCTAssertEqual(SampleRegions(units: 100, seed: 1).regions.filter { $0.level == .province }.count, 1)
    }

    // MARK: validity

    func testEveryCleanReturnPassesCheckAndTheWrongOnesFailOnTheirRule() throws {
        let (dir, summary) = try write(options(units: 60, errorRate: 0.05, lateRate: 0.05), .oneFile, to: "check")
        let validator = try validator(dir)
        var expected: [SampleReturn] = []
        SampleGenerator(options: options(units: 60, errorRate: 0.05, lateRate: 0.05), calendar: .builtin).forEach { expected.append($0) }
        var index = 0
        let fileFindings = ReturnFileReader().read(path: dir + "/returns.csv") { read in
            let checked = validator.validate(read)
            let sample = expected[index]
            index += 1
            XCTAssertEqual(read.value.period, sample.period)
            let errors = Set(checked.findings.filter { $0.severity == .error }.map(\.code))
            let warnings = Set(checked.findings.filter { $0.severity == .warning }.map(\.code))
            if let error = sample.deliberateError {
                XCTAssertEqual(errors, [error.ruleID], "row \(read.row)")
            } else {
                XCTAssertEqual(errors, [], "row \(read.row): \(checked.findings.map(\.message.en))")
            }
            XCTAssertEqual(warnings, sample.isLate ? ["W_LATE"] : [], "row \(read.row)")
            XCTAssertEqual(checked.isLate, sample.isLate)
            XCTAssertEqual(checked.workingDaysLate, sample.workingDaysLate)
            if !sample.isLate {
                // On a working day, from the 1st to the 5th of the next month.
                XCTAssertTrue(validator.calendar.isWorkingDay(sample.submittedOn))
                XCTAssertEqual(Period(containing: sample.submittedOn), sample.period.next)
                XCTAssertLessThanOrEqual(sample.submittedOn, checked.deadline!.date)
            }
        }
        XCTAssertEqual(fileFindings, [])
        XCTAssertEqual(index, 60 * 15)
        XCTAssertEqual(summary.returns, 900)
        XCTAssertGreaterThan(summary.withErrors, 0)
        XCTAssertGreaterThan(summary.late, 0)
    }

    func testMonthByMonthInAStoreOnlyTheDeliberateErrorsStandOut() throws {
        let opts = options(units: 25, months: 14, errorRate: 0.04)
        let (dir, _) = try write(opts, .perReturn, to: "store")
        var wrong: Set<String> = []
        SampleGenerator(options: opts, calendar: .builtin).forEach { r in
            if r.deliberateError != nil { wrong.insert("\(930_000 + r.unit + 1) \(r.period)") }
        }
        XCTAssertFalse(wrong.isEmpty)
        let store = try ReturnStore(path: dir + "/store.sqlite")
        let validator = try validator(dir)
        let reader = ReturnFileReader()
        var rejected: Set<String> = []
        var monthOverMonthChecked = 0
        for period in opts.periods {
            let monthDir = "\(dir)/returns/\(period)"
            for name in try FileManager.default.contentsOfDirectory(atPath: monthDir).sorted() {
                let file = try store.ingest(path: monthDir + "/" + name, reader: reader, validator: validator)
                XCTAssertEqual(file.findings, [])
                for r in file.returns {
                    let key = "\(r.regionCode!) \(period)"
                    if r.isRejected { rejected.insert(key) }
                    let monthOverMonth = r.findings.filter { ["H1", "H2", "H3", "H4", "H5", "H6"].contains($0.code) }
                    if !wrong.contains(key) {
                        XCTAssertEqual(monthOverMonth.filter { $0.severity != .info }.map(\.code), [], key)
                    }
                    if !monthOverMonth.contains(where: { $0.severity == .info }) { monthOverMonthChecked += 1 }
                }
            }
        }
        XCTAssertEqual(rejected, wrong, "exactly the deliberately wrong returns are rejected")
        // Every return after the first month, except those after a rejected one, was compared with the month before.
        XCTAssertGreaterThan(monthOverMonthChecked, 25 * 12)
    }

    func testFiguresKeepEveryRelationAndFollowFromTheMonthBefore() {
        var previous: [Int: SampleFigures] = [:]
        var checked = 0
        SampleGenerator(options: options(units: 300, months: 30, errorRate: 0), calendar: .builtin).forEach { r in
            let f = r.figures
            XCTAssertTrue(f.unitsTotal >= f.unitsNew && f.postsTotal >= f.postsNew && f.planned >= f.onboarded
                          && f.onboarded >= f.onboardedGrads && f.completed >= f.retained + f.employedOther
                          && f.retained >= f.retainedGrads, "R1-R6")
            XCTAssertTrue(f.postsTotal >= f.unitsTotal && f.onPost <= f.postsTotal, "H5, H6")
            XCTAssertTrue(Indicator.allCases.allSatisfy { f[$0] >= 0 })
            if let p = previous[r.unit] {
                XCTAssertEqual(f.onPost, p.onPost + f.onboarded - f.completed - f.endedAbnormal, "H2")
                XCTAssertLessThanOrEqual(f.unitsTotal, p.unitsTotal + f.unitsNew, "H3")
                XCTAssertLessThanOrEqual(f.postsTotal, p.postsTotal + f.postsNew, "H4")
                if r.period.month != 1 { XCTAssertGreaterThanOrEqual(f.subsidyYuan, p.subsidyYuan, "H1") }
                checked += 1
            }
            previous[r.unit] = f
        }
        XCTAssertEqual(checked, 300 * 29)
    }

    // MARK: rates and periods

    func testErrorAndLateRatesAreRoughlyAsAsked() {
        for (errorRate, lateRate) in [(0.02, 0.03), (0.10, 0.0), (0.0, 0.25)] {
            var errors = 0, late = 0, total = 0
            SampleGenerator(options: options(units: 400, months: 50, errorRate: errorRate, lateRate: lateRate), calendar: .builtin).forEach { r in
                total += 1
                if r.deliberateError != nil { errors += 1 }
                if r.isLate { late += 1 }
            }
            XCTAssertEqual(total, 20_000)
            // Binomial: the standard deviation is under 0.31 % here; allow about four.
            XCTAssertEqual(Double(errors) / Double(total), errorRate, accuracy: 0.012, "error rate \(errorRate)")
            XCTAssertEqual(Double(late) / Double(total), lateRate, accuracy: 0.012, "late rate \(lateRate)")
            if errorRate == 0 { XCTAssertEqual(errors, 0) }
            if lateRate == 0 { XCTAssertEqual(late, 0) }
        }
    }

    func testTheDefaultPeriodsEndBeforeToday() {
        let calendar = WorkingCalendar.builtin
        // 27 Nov 2026: October's returns (due 6 Nov, at most 8 working days late: 18 Nov) are all in.
        XCTAssertEqual(SampleOptions.defaultFirstPeriod(months: 12, today: CivilDate(year: 2026, month: 11, day: 27)!, calendar: calendar),
                       Period(year: 2025, month: 11)!)
        // 3 Nov 2026: October's may still be coming in, so the last month is September.
        XCTAssertEqual(SampleOptions.defaultFirstPeriod(months: 1, today: CivilDate(year: 2026, month: 11, day: 3)!, calendar: calendar),
                       Period(year: 2026, month: 9)!)
        let opts = SampleOptions(units: 10, months: 3, seed: 1,
                                 firstPeriod: SampleOptions.defaultFirstPeriod(months: 3, today: today, calendar: calendar))
        var latest = CivilDate(year: 1, month: 1, day: 1)!
        SampleGenerator(options: SampleOptions(units: 200, months: 3, seed: 1, firstPeriod: opts.firstPeriod, lateRate: 0.5),
                        calendar: calendar).forEach { latest = max(latest, $0.submittedOn) }
        XCTAssertLessThanOrEqual(latest, today)
    }
}
