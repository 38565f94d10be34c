import Foundation
import XCTest

/// `jianxi check Samples/` finds exactly what Samples/README.md promises (its machine-readable
/// copy, Samples/EXPECTED.tsv): no deliberate mistake missed, no clean return flagged. Ingesting
/// Samples/ (August 2026, then September) into a fresh store finds what Samples/EXPECTED-ingest.tsv
/// lists, month-over-month warnings included.
final class SamplesTests: XCTestCase {
    /// The deliberate month-over-month situations of September (Samples/README.md).
    static let subsidyFell = "360121"       // 南昌县: H1, no explanation
    static let onPostExplained = "360922"   // 万载县: H2, explained in its 说明 column
    static let unitsJumped = "360781"       // 瑞金市: H3, no explanation

    /// The data lines of a TSV file of Samples/, each as its cells joined by spaces.
    func expectedLines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: Run.repository.appendingPathComponent("Samples/\(name)"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init).joined(separator: " ")
        }
    }

    func testCheckFindsExactlyTheDocumentedProblems() throws {
        let expected = try expectedLines("EXPECTED.tsv")
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
        XCTAssertEqual(summary["returns"], 203, "every reporting unit for August and September, and 景德镇市's own total")
    }

    func testEveryReportingUnitHasExactlyOneReturnInEachMonth() throws {
        let run = try Run.jianxi(["check", "--format", "json", "Samples"])
        let returns = try XCTUnwrap(try run.json()["returns"] as? [[String: Any]])
        var units: Set<String> = []
        for line in try Run.jianxi(["regions"]).stdout.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells[2] == "county" || cells[0] == "36GJ00" { units.insert(cells[0]) }
        }
        XCTAssertEqual(units.count, 101)
        for (period, folder) in [("2026-09", "Samples/2026-09/"), ("2026-08", "Samples/2026-08/")] {
            let month = returns.filter { ($0["period"] as? String) == period && units.contains($0["region_code"] as? String ?? "") }
            let codes = month.compactMap { $0["region_code"] as? String }
            XCTAssertEqual(codes.count, 101, period)
            XCTAssertEqual(Set(codes), units, period)
            XCTAssertTrue(month.allSatisfy { ($0["source"] as? String ?? "").hasPrefix(folder) }, "\(period) lives in \(folder)")
        }
        XCTAssertEqual(returns.count, 203, "no other month, and nothing read from 问题文件/")
        XCTAssertEqual(returns.filter { !units.contains($0["region_code"] as? String ?? "") }.compactMap { $0["region_code"] as? String },
                       ["360200"], "the only other return is 景德镇市's own total")
    }

    func testIngestIntoAFreshStoreFindsTheDocumentedProblemsAndTheMonthOverMonthWarnings() throws {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let db = scratch.appendingPathComponent("samples.sqlite").path
        let ingest = try Run.jianxi(["ingest", "--format", "json", "--db", db, "--today", "2026-11-20", "Samples"])
        XCTAssertEqual(ingest.status, 1, "the samples hold deliberate errors: \(ingest.stderr)")
        let json = try ingest.json()
        var found: [String] = []
        var openWarnings: [String: Int] = [:]
        for file in try XCTUnwrap(json["files"] as? [[String: Any]]) {
            let source = try XCTUnwrap(file["source"] as? String)
            for r in file["returns"] as? [[String: Any]] ?? [] {
                let findings = r["findings"] as? [[String: Any]] ?? []
                XCTAssertEqual(r["disposition"] as? String, "stored")
                if r["period"] as? String == "2026-08" {
                    // August is clean and on time; July is not in the store, so its
                    // month-over-month rules are only noted as not checked.
                    XCTAssertEqual(r["status"] as? String, "accepted", "\(source) \(r["row"]!)")
                    XCTAssertEqual(r["late"] as? Bool, false, "\(source) \(r["row"]!)")
                    XCTAssertEqual(findings.filter { $0["severity"] as? String != "info" }.count, 0, "\(source) \(r["row"]!)")
                    continue
                }
                XCTAssertEqual(r["period"] as? String, "2026-09")
                if let code = r["region_code"] as? String { openWarnings[code] = r["open_warnings"] as? Int }
                for f in findings where f["severity"] as? String != "info" {
                    let explained = f["explanation"] is String ? "yes" : "no"
                    found.append("\(source) \(r["row"]!) \(f["rule"]!) \(f["severity"]!) \(explained)")
                }
            }
            for f in file["findings"] as? [[String: Any]] ?? [] where f["severity"] as? String != "info" {
                let explained = f["explanation"] is String ? "yes" : "no"
                found.append("\(source) \((f["row"] as? Int).map(String.init) ?? "") \(f["rule"]!) \(f["severity"]!) \(explained)")
            }
        }
        XCTAssertEqual(found.sorted(), try expectedLines("EXPECTED-ingest.tsv").sorted())
        XCTAssertEqual(openWarnings[Self.subsidyFell], 1)
        XCTAssertEqual(openWarnings[Self.onPostExplained], 0)
        XCTAssertEqual(openWarnings[Self.unitsJumped], 1)
        let summary = try XCTUnwrap(json["summary"] as? [String: Int])
        XCTAssertEqual(summary["returns"], 203)
        XCTAssertEqual(summary["stored"], 203)
        XCTAssertEqual(summary["rejected"], 7)
        XCTAssertEqual(summary["late"], 2)

        // September as the provincial centre sees it on 20 November.
        let status = try Run.jianxi(["status", "--format", "json", "--period", "2026-09", "--db", db, "--today", "2026-11-20"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let report = try status.json()
        XCTAssertEqual(report["deadline"] as? String, "2026-10-13")
        let province = try XCTUnwrap((report["summary"] as? [String: Any])?["province"] as? [String: Int])
        XCTAssertEqual(province["on_time"], 92)
        XCTAssertEqual(province["late"], 2, "余干县 and 修水县")
        XCTAssertEqual(province["missing"], 0)
        XCTAssertEqual(province["rejected"], 7, "the seven returns with errors")
        XCTAssertEqual(province["units"], 101)
        var units: [String: [String: Any]] = [:]
        for unit in try XCTUnwrap(report["units"] as? [[String: Any]]) { units[unit["region_code"] as! String] = unit }
        XCTAssertEqual(units[Self.subsidyFell]?["open_warnings"] as? Int, 1, "H1 without an explanation stays open")
        XCTAssertEqual(units[Self.unitsJumped]?["open_warnings"] as? Int, 1, "H3 without an explanation stays open")
        XCTAssertEqual(units[Self.onPostExplained]?["open_warnings"] as? Int, 0, "H2 is explained in the 说明 column")
        for code in [Self.subsidyFell, Self.onPostExplained, Self.unitsJumped] {
            XCTAssertEqual(units[code]?["state"] as? String, "on_time", code)
        }

        // Everything is in the store already: a second run changes nothing.
        let again = try Run.jianxi(["ingest", "--format", "json", "--db", db, "--today", "2026-11-20", "Samples"])
        let second = try again.json()
        XCTAssertEqual((second["summary"] as? [String: Int])?["stored"], 0)
        for file in try XCTUnwrap(second["files"] as? [[String: Any]]) {
            for r in file["returns"] as? [[String: Any]] ?? [] {
                XCTAssertEqual(r["disposition"] as? String, "unchanged", "\(file["source"]!) \(r["row"]!)")
            }
        }
    }
}
