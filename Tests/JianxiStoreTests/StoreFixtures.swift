import Foundation
import GRDB
import JianxiDomain
import JianxiRead
import JianxiRules
import XCTest
@testable import JianxiStore

/// A scratch folder with a store in it, CSV files written on demand, and direct SQL access to
/// the store's file, so each test can check what is really on disk and not only what the API says.
final class StoreFixture {
    let folder: URL
    let storePath: String
    let validator: ReturnValidator
    let reader = ReturnFileReader()
    let registry = RegionRegistry.builtin
    let calendar = WorkingCalendar.builtin
    let today = CivilDate(year: 2026, month: 11, day: 20)!

    static let header = "region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14"
    /// Figures that satisfy every rule of the form.
    static let clean = ["40", "3", "120", "6", "30", "25", "20", "18", "10", "8", "5", "2", "60", "35.5"]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jianxi-store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        storePath = folder.appendingPathComponent("store.sqlite").path
        validator = ReturnValidator(registry: .builtin, calendar: .builtin, rules: .builtin, today: today)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func open() throws -> ReturnStore { try ReturnStore(path: storePath) }

    /// The name the registry gives a code, so rows never fail on E_REGION_NAME_MISMATCH by a typo here.
    func name(_ code: String) -> String { registry[code]!.name }

    /// The first `n` reporting units of the registry, in code order.
    func units(_ n: Int) -> [String] { Array(registry.reportingUnits.prefix(n).map(\.code)) }

    /// One CSV row. `figures` replaces the clean figures by indicator number (1-based).
    func row(_ code: String, period: String = "2026-09", submittedOn: String? = "2026-10-12", reporter: String? = "王芳",
             phone: String? = "0791-86383274", figures: [Int: String] = [:]) -> String {
        var values = Self.clean
        for (number, value) in figures { values[number - 1] = value }
        return ([code, name(code), period, submittedOn ?? "", reporter ?? "", phone ?? ""] + values).joined(separator: ",")
    }

    @discardableResult
    func write(_ name: String, _ rows: [String]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(([Self.header] + rows).joined(separator: "\n").appending("\n").utf8).write(to: url)
        return url.path
    }

    func ingest(_ store: ReturnStore, _ path: String, receivedOn: CivilDate? = nil) throws -> IngestedFile {
        try store.ingest(path: path, reader: reader, validator: validator, receivedOn: receivedOn)
    }

    func status(_ store: ReturnStore, period: String = "2026-09", today: CivilDate? = nil) throws -> PeriodStatus {
        try store.status(period: Period(parsing: period)!, registry: registry, calendar: calendar, today: today ?? self.today)
    }

    /// A separate connection to the store's file, as another program would see it.
    func sql() throws -> DatabaseQueue { try DatabaseQueue(path: storePath) }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try self.sql().read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }

    var revisionCount: Int { get throws { try count("SELECT count(*) FROM revision") } }
    var fileCount: Int { get throws { try count("SELECT count(*) FROM ingested_file") } }
}

extension PeriodStatus {
    func unit(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> UnitStatus {
        try XCTUnwrap(units.first { $0.region.code == code }, "no unit \(code) in the status", file: file, line: line)
    }
}

extension IngestedFile {
    func only(_ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> IngestedReturn {
        let matching = returns.filter { $0.regionCode == code }
        XCTAssertEqual(matching.count, 1, "returns of \(code) in \(source)", file: file, line: line)
        return try XCTUnwrap(matching.first, file: file, line: line)
    }
}
