import Foundation
import XCTest

/// `jianxi check Samples/` finds exactly what Samples/README.md promises (its machine-readable
/// copy, Samples/EXPECTED.tsv): no deliberate mistake missed, no clean return flagged.
final class SamplesTests: XCTestCase {
    func testCheckFindsExactlyTheDocumentedProblems() throws {
        let expectedText = try String(contentsOf: Run.repository.appendingPathComponent("Samples/EXPECTED.tsv"), encoding: .utf8)
        let expected = expectedText.split(separator: "\n").dropFirst().map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init).joined(separator: " ")
        }
        let run = try Run.jianxi(["check", "--format", "json", "Samples"])
        XCTAssertEqual(run.status, 1, "the samples hold deliberate errors")
        let json = try run.json()
        var found: [String] = []
        for r in try XCTUnwrap(json["returns"] as? [[String: Any]]) {
            for f in r["findings"] as? [[String: Any]] ?? [] {
                found.append("\(r["source"]!) \(r["row"]!) \(f["rule"]!)")
            }
        }
        for file in try XCTUnwrap(json["files"] as? [[String: Any]]) {
            for f in file["findings"] as? [[String: Any]] ?? [] {
                found.append("\(file["source"]!) \((f["row"] as? Int).map(String.init) ?? "") \(f["rule"]!)")
            }
        }
        XCTAssertEqual(found.sorted(), expected.sorted())
        let summary = try XCTUnwrap(json["summary"] as? [String: Int])
        XCTAssertEqual(summary["returns"].map { $0 >= 101 }, true, "every reporting unit sends a return")
    }

    func testEveryReportingUnitHasExactlyOneReturnInTheMonth() throws {
        let run = try Run.jianxi(["check", "--format", "json", "Samples"])
        let returns = try XCTUnwrap(try run.json()["returns"] as? [[String: Any]])
        let codes = returns.filter { !($0["source"] as? String ?? "").contains("问题文件") }.compactMap { $0["region_code"] as? String }
        XCTAssertEqual(codes.count, 101)
        XCTAssertEqual(Set(codes).count, 101)
        var units: Set<String> = []
        for line in try Run.jianxi(["regions"]).stdout.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells[2] == "county" || cells[0] == "36GJ00" { units.insert(cells[0]) }
        }
        XCTAssertEqual(Set(codes), Set(units))
    }
}
