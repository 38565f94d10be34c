import Foundation
import GRDB
import XCTest

/// `jianxi ingest|status|history|explain` end to end, on a real store file: exit codes, the
/// documented output shapes, and what survives a `kill -9`, a concurrent writer and a newer schema.
final class StoreCommandTests: XCTestCase {
    private var scratch: URL!
    private var db: String!

    override func setUpWithError() throws {
        scratch = try temporaryDirectory()
        db = scratch.appendingPathComponent("store.sqlite").path
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private static let header = "region_code,region_name,period,submitted_on,reporter,phone,1,2,3,4,5,6,7,8,9,10,11,12,13,14"
    /// Figures that satisfy every rule of the form.
    private static let figures = "40,3,120,6,30,25,20,18,10,8,5,2,60,35.5"
    /// Judge everything as of 20 November 2026, whatever the real date.
    private static let today = ["--today", "2026-11-20"]

    private func write(_ name: String, _ rows: [String]) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try Data(([Self.header] + rows).joined(separator: "\n").appending("\n").utf8).write(to: url)
        return url.path
    }

    /// A September 2026 return; `figures` as written on the form.
    private func row(_ code: String, _ name: String, submittedOn: String = "2026-10-12", phone: String = "0791-86383274",
                     figures: String = StoreCommandTests.figures) -> String {
        "\(code),\(name),2026-09,\(submittedOn),王芳,\(phone),\(figures)"
    }

    private func jianxi(_ arguments: [String]) throws -> Run { try Run.jianxi(arguments, in: scratch) }

    private func ingest(_ arguments: [String]) throws -> Run {
        try jianxi(["ingest", "--db", db] + Self.today + arguments)
    }

    private func status(_ arguments: [String] = [], today: String = "2026-11-20") throws -> Run {
        try jianxi(["status", "--db", db, "--today", today, "--period", "2026-09"] + arguments)
    }

    /// The store's file as another program sees it.
    private func count(_ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: db)
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    /// Every reporting unit of the built-in registry, as `jianxi regions` lists them: the
    /// county-level units and the city-level units with no county under them (赣江新区).
    private func reportingUnits() throws -> [(code: String, name: String)] {
        let run = try jianxi(["regions"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let parents = Set(rows.map { $0[3] })
        return rows.filter { $0[2] != "province" && !parents.contains($0[0]) }.map { ($0[0], $0[1]) }
    }

    /// `months` consecutive periods from January of `year`, each submitted on the 5th of the next month.
    private func bigFile(_ name: String, units: [(code: String, name: String)], year: Int, firstMonth: Int = 1, months: Int) throws -> (path: String, returns: Int) {
        var text = Self.header + "\n"
        text.reserveCapacity(units.count * months * 100)
        for unit in units {
            for index in 0..<months {
                let m = firstMonth - 1 + index
                let (y, month) = (year + m / 12, m % 12 + 1)
                let (ny, nm) = month == 12 ? (y + 1, 1) : (y, month + 1)
                let period = "\(y)-\(month < 10 ? "0" : "")\(month)"
                let submitted = "\(ny)-\(nm < 10 ? "0" : "")\(nm)-05"
                text += "\(unit.code),\(unit.name),\(period),\(submitted),王芳,0791-86383274,\(Self.figures)\n"
            }
        }
        let url = scratch.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return (url.path, units.count * months)
    }

    /// Starts `jianxi` without waiting, its output going to files (two at once must not block on a pipe).
    private func start(_ arguments: [String], name: String) throws -> (process: Process, stdout: URL, stderr: URL) {
        let out = scratch.appendingPathComponent("\(name).out"), err = scratch.appendingPathComponent("\(name).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = Run.executable
        process.arguments = arguments
        process.currentDirectoryURL = scratch
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return (process, out, err)
    }

    private func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    private func summary(_ run: Run) throws -> [String: Int] {
        let summary = try XCTUnwrap(try run.json()["summary"] as? [String: Any], run.stdout)
        return summary.compactMapValues { $0 as? Int }
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    // MARK: kill -9

    func testAKilledIngestStoresNothingAndRunningItAgainStoresEverythingOnce() throws {
        let units = try reportingUnits()
        XCTAssertEqual(units.count, 101)
        // 101 units x 24 months. The debug build stores some 600 returns a second (about 6 KB of
        // store each, with their findings), so this takes a few seconds, while the kill comes as soon
        // as the transaction has spilled 2 MB of uncommitted pages into the WAL, a fifth of the way in.
        let (big, total) = try bigFile("big.csv", units: units, year: 2022, months: 24)
        XCTAssertEqual(total, 2424)
        // Create the store first, so the WAL watched below is the ingest's own.
        XCTAssertEqual(try status().status, 0)
        let walBefore = fileSize(db + "-wal")

        let (process, _, stderr) = try start(["ingest", "--db", db] + Self.today + [big], name: "killed")
        let giveUp = Date().addingTimeInterval(300)
        while process.isRunning, fileSize(db + "-wal") < walBefore + 2_000_000, Date() < giveUp { usleep(10_000) }
        guard process.isRunning else {
            return XCTFail("the ingest ended (status \(process.terminationStatus)) before it could be killed: make the file bigger. \(text(stderr))")
        }
        let walAtKill = fileSize(db + "-wal")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGKILL)
        XCTAssertGreaterThanOrEqual(walAtKill, walBefore + 2_000_000, "uncommitted pages were on disk when it died")

        // Never part of a file: none of it (it was killed long before the end) or, at the very
        // worst, all of it, if it died between its commit and its exit.
        let afterKill = try count("SELECT count(*) FROM revision")
        XCTAssertTrue(afterKill == 0 || afterKill == total, "\(afterKill) of \(total) returns stored by a killed ingest")
        XCTAssertEqual(try count("SELECT count(*) FROM ingested_file"), afterKill == 0 ? 0 : 1)
        XCTAssertEqual(try count("SELECT count(*) FROM finding WHERE revision_id NOT IN (SELECT id FROM revision)"), 0)
        XCTAssertEqual(try DatabaseQueue(path: db).read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }, "ok")

        let again = try ingest(["--format", "json", big])
        XCTAssertEqual(again.status, 0, again.stderr)
        let secondSummary = try summary(again)
        XCTAssertEqual(secondSummary["returns"], total)
        XCTAssertEqual(secondSummary["stored"], total - afterKill)
        XCTAssertEqual(secondSummary["rejected"], 0)
        XCTAssertEqual(try count("SELECT count(*) FROM revision"), total)
        XCTAssertEqual(try count("SELECT count(DISTINCT region_code || period) FROM revision"), total)
        XCTAssertEqual(try count("SELECT max(revision) FROM revision"), 1)
        XCTAssertEqual(try count("SELECT count(*) FROM ingested_file"), 1)

        let third = try ingest(["--format", "json", big])
        XCTAssertEqual(third.status, 0, third.stderr)
        let thirdSummary = try summary(third)
        XCTAssertEqual(thirdSummary["stored"], 0)
        XCTAssertEqual(thirdSummary["unchanged"], total)
        XCTAssertEqual(try count("SELECT count(*) FROM revision"), total)
        XCTAssertEqual(try count("SELECT count(*) FROM ingested_file"), 1)
    }

    // MARK: concurrent writers

    func testTwoIngestsAtOnceOnOneStoreBothSucceed() throws {
        let units = try reportingUnits()
        // 1,515 returns each, different months: January 2020 - March 2021, and April 2021 - June 2022.
        // Each file is one transaction of a second or two: the second writer waits for the first.
        let (first, n1) = try bigFile("a.csv", units: units, year: 2020, months: 15)
        let (second, n2) = try bigFile("b.csv", units: units, year: 2021, firstMonth: 4, months: 15)
        XCTAssertEqual(try status().status, 0, "creates the store")

        let a = try start(["ingest", "--db", db, "--format", "json"] + Self.today + [first], name: "a")
        let b = try start(["ingest", "--db", db, "--format", "json"] + Self.today + [second], name: "b")
        a.process.waitUntilExit()
        b.process.waitUntilExit()
        for (name, run, n) in [("a", a, n1), ("b", b, n2)] {
            let err = text(run.stderr)
            XCTAssertEqual(run.process.terminationStatus, 0, "\(name): \(err)")
            XCTAssertFalse(err.contains("locked"), err)
            let json = try JSONSerialization.jsonObject(with: Data(text(run.stdout).utf8)) as? [String: Any]
            XCTAssertEqual((json?["summary"] as? [String: Any])?["stored"] as? Int, n, name)
        }
        XCTAssertEqual(try count("SELECT count(*) FROM revision"), n1 + n2)
        XCTAssertEqual(try count("SELECT count(*) FROM ingested_file"), 2)
        XCTAssertEqual(try count("SELECT max(revision) FROM revision"), 1)
    }

    /// Two ingests that are the first to open a new store both upgrade it to the current schema.
    func testTwoIngestsAtOnceOnANewStoreBothSucceed() throws {
        let a = try write("a.csv", [row("360102", "东湖区")])
        let b = try write("b.csv", [row("360103", "西湖区")])
        var failures: [String] = []
        for round in 0..<8 {
            let store = scratch.appendingPathComponent("new-\(round).sqlite").path
            let first = try start(["ingest", "--db", store] + Self.today + [a], name: "a\(round)")
            let second = try start(["ingest", "--db", store] + Self.today + [b], name: "b\(round)")
            first.process.waitUntilExit()
            second.process.waitUntilExit()
            for run in [first, second] where run.process.terminationStatus != 0 {
                failures.append("round \(round): exit \(run.process.terminationStatus): \(text(run.stderr).prefix(200))")
            }
        }
        XCTAssertEqual(failures, [])
    }

    // MARK: schema versions

    func testAStoreFromANewerJianxiIsRefusedWithExitTwo() throws {
        let file = try write("a.csv", [row("360102", "东湖区")])
        XCTAssertEqual(try ingest([file]).status, 0)
        try DatabaseQueue(path: db).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }

        let zh = try status()
        XCTAssertEqual(zh.status, 2)
        XCTAssertEqual(zh.stdout, "")
        XCTAssertTrue(zh.stderr.contains("由更新版本的 jianxi 创建"), zh.stderr)
        let en = try status(["--lang", "en"])
        XCTAssertEqual(en.status, 2)
        XCTAssertTrue(en.stderr.contains("was written by a newer jianxi"), en.stderr)
        XCTAssertTrue(en.stderr.contains("v9-future"), en.stderr)

        let other = try write("b.csv", [row("360103", "西湖区")])
        let refused = try ingest(["--lang", "en", other])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("newer jianxi"), refused.stderr)
        XCTAssertEqual(try count("SELECT count(*) FROM revision"), 1)
    }

    /// A store that fails while `check --db` looks a return up is named, in either language.
    func testAStoreThatFailsDuringCheckIsNamed() throws {
        let file = try write("a.csv", [row("360102", "东湖区")])
        XCTAssertEqual(try ingest([file]).status, 0)
        try DatabaseQueue(path: db).write { try $0.execute(sql: "DROP TABLE explanation") }
        let zh = try jianxi(["check", "--db", db] + Self.today + [file])
        XCTAssertEqual(zh.status, 2)
        XCTAssertTrue(zh.stderr.contains("数据库 \(db!) 出错"), zh.stderr)
        let en = try jianxi(["check", "--lang", "en", "--db", db] + Self.today + [file])
        XCTAssertEqual(en.status, 2)
        XCTAssertTrue(en.stderr.contains("Store \(db!) failed"), en.stderr)
    }

    // MARK: status

    func testStatusAtTheDeadlineAsJSONAndCSV() throws {
        let file = try write("2026-09.csv", [
            row("360102", "东湖区", submittedOn: "2026-10-13"),
            row("360103", "西湖区", submittedOn: "2026-10-14"),
            row("36GJ00", "赣江新区", submittedOn: "2026-10-09"),  // the last unit in code order
        ])
        let run = try ingest([file])
        XCTAssertEqual(run.status, 0, run.stderr)
        // Dated a week late, but the centre received it on the deadline.
        let received = try write("received.csv", [row("360104", "青云谱区", submittedOn: "2026-10-20")])
        XCTAssertEqual(try ingest(["--received-on", "2026-10-13", received]).status, 0)

        let json = try status(["--format", "json"]).json()
        XCTAssertEqual(Set(json.keys), ["period", "deadline", "calendar_covers_month", "today", "units", "summary"])
        XCTAssertEqual(json["period"] as? String, "2026-09")
        XCTAssertEqual(json["deadline"] as? String, "2026-10-13")
        XCTAssertEqual(json["today"] as? String, "2026-11-20")
        let units = try XCTUnwrap(json["units"] as? [[String: Any]])
        XCTAssertEqual(units.count, 101)
        let keys: Set<String> = ["region_code", "region_name", "city_code", "state", "submitted_on", "working_days_late",
                                 "revision", "errors", "open_warnings", "reporter", "phone"]
        for unit in units { XCTAssertEqual(Set(unit.keys), keys, "\(unit)") }
        let byCode = Dictionary(uniqueKeysWithValues: units.map { ($0["region_code"] as? String ?? "", $0) })
        XCTAssertEqual(byCode.count, 101)
        XCTAssertNotNil(byCode["36GJ00"])

        let onTime = try XCTUnwrap(byCode["360102"])
        XCTAssertEqual(onTime["state"] as? String, "on_time")
        XCTAssertEqual(onTime["submitted_on"] as? String, "2026-10-13")
        XCTAssertEqual(onTime["working_days_late"] as? Int, 0)
        XCTAssertEqual(onTime["revision"] as? Int, 1)
        XCTAssertEqual(onTime["city_code"] as? String, "360100")
        XCTAssertEqual(onTime["region_name"] as? String, "东湖区")
        XCTAssertEqual(onTime["reporter"] as? String, "王芳")
        XCTAssertEqual(onTime["phone"] as? String, "0791-86383274")
        let late = try XCTUnwrap(byCode["360103"])
        XCTAssertEqual(late["state"] as? String, "late")
        XCTAssertEqual(late["working_days_late"] as? Int, 1)
        XCTAssertEqual(late["submitted_on"] as? String, "2026-10-14")
        let receivedOnTime = try XCTUnwrap(byCode["360104"])
        XCTAssertEqual(receivedOnTime["state"] as? String, "on_time")
        XCTAssertEqual(receivedOnTime["submitted_on"] as? String, "2026-10-13")
        let missing = try XCTUnwrap(byCode["360111"])
        XCTAssertEqual(missing["state"] as? String, "missing")
        // 14 October - 20 November 2026, no holiday in between: 13 + 15 weekdays.
        XCTAssertEqual(missing["working_days_late"] as? Int, 28)
        XCTAssertTrue(missing["revision"] is NSNull)
        XCTAssertTrue(missing["submitted_on"] is NSNull)
        XCTAssertTrue(missing["phone"] is NSNull)

        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        let province = try XCTUnwrap(summary["province"] as? [String: Any])
        XCTAssertEqual(province["on_time"] as? Int, 3)
        XCTAssertEqual(province["late"] as? Int, 1)
        XCTAssertEqual(province["missing"] as? Int, 97)
        XCTAssertEqual(province["rejected"] as? Int, 0)
        XCTAssertEqual(province["units"] as? Int, 101)
        let cities = try XCTUnwrap(summary["cities"] as? [[String: Any]])
        XCTAssertEqual(cities.count, 12, "11 设区市 and 赣江新区")
        let ganjiang = try XCTUnwrap(cities.first { $0["city_code"] as? String == "36GJ00" })
        XCTAssertEqual((ganjiang["counts"] as? [String: Any])?["on_time"] as? Int, 1)
        XCTAssertEqual((ganjiang["counts"] as? [String: Any])?["units"] as? Int, 1)
        let nanchang = try XCTUnwrap(cities.first { $0["city_code"] as? String == "360100" })
        XCTAssertEqual((nanchang["counts"] as? [String: Any])?["on_time"] as? Int, 2)
        XCTAssertEqual((nanchang["counts"] as? [String: Any])?["late"] as? Int, 1)
        let cityTotal = cities.reduce(0) { $0 + (($1["counts"] as? [String: Any])?["units"] as? Int ?? 0) }
        XCTAssertEqual(cityTotal, 101)

        // On the deadline day itself a missing unit is not overdue yet; the next working day it is.
        let onTheDay = try status(["--format", "json"], today: "2026-10-13").json()
        let missingThen = (onTheDay["units"] as? [[String: Any]])?.first { $0["region_code"] as? String == "360111" }
        XCTAssertEqual(missingThen?["working_days_late"] as? Int, 0)
        let dayAfter = try status(["--format", "json"], today: "2026-10-14").json()
        XCTAssertEqual((dayAfter["units"] as? [[String: Any]])?.first { $0["region_code"] as? String == "360111" }?["working_days_late"] as? Int, 1)

        let csv = try status(["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.last, "", "ends with a newline")
        XCTAssertEqual(lines.count, 1 + 101 + 1)
        XCTAssertEqual(lines[0], "region_code,region_name,city_code,state,submitted_on,working_days_late,revision,errors,open_warnings,reporter,phone")
        let lateRow = try XCTUnwrap(lines.first { $0.hasPrefix("360103,") })
        XCTAssertEqual(Array(lateRow.split(separator: ",", omittingEmptySubsequences: false).prefix(8)),
                       ["360103", "西湖区", "360100", "late", "2026-10-14", "1", "1", "0"])
        XCTAssertTrue(lines.contains("360111,青山湖区,360100,missing,,28,,0,0,,"), csv.stdout)
        XCTAssertTrue(lines.dropFirst().dropLast().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 11 }, csv.stdout)
        // The last row keeps its last character (the phone's last digit).
        XCTAssertEqual(lines[101], "36GJ00,赣江新区,36GJ00,on_time,2026-10-09,0,1,0,0,王芳,0791-86383274")
    }

    // MARK: history

    func testHistoryShowsTheCorrection() throws {
        XCTAssertEqual(try ingest([try write("a.csv", [row("360102", "东湖区")])]).status, 0)
        let corrected = try write("b.csv", [row("360102", "东湖区", figures: Self.figures.replacingOccurrences(of: "40,3,", with: "41,3,"))])
        XCTAssertEqual(try ingest([corrected]).status, 0)
        XCTAssertEqual(try ingest([corrected]).status, 0)

        let text = try jianxi(["history", "--db", db, "--lang", "en", "--region", "360102", "--period", "2026-09"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("360102 东湖区 2026-09: 2 revisions"), text.stdout)
        XCTAssertTrue(text.stdout.contains("changed: indicator 1 40 → 41"), text.stdout)

        let json = try jianxi(["history", "--db", db, "--format", "json", "--region", "360102", "--period", "2026-09"]).json()
        let revisions = try XCTUnwrap(json["revisions"] as? [[String: Any]])
        XCTAssertEqual(revisions.map { $0["revision"] as? Int }, [1, 2])
        let changes = try XCTUnwrap(revisions[1]["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?["field"] as? String, "units_total")
        XCTAssertEqual(changes.first?["before"] as? String, "40")
        XCTAssertEqual(changes.first?["after"] as? String, "41")
    }

    // MARK: explain

    func testExplainingAWarningClosesItAndErrorsCannotBeExplained() throws {
        XCTAssertEqual(try ingest([try write("a.csv", [row("360102", "东湖区", phone: "")])]).status, 0)
        func openWarnings() throws -> Int? {
            let units = try status(["--format", "json"]).json()["units"] as? [[String: Any]]
            return units?.first { $0["region_code"] as? String == "360102" }?["open_warnings"] as? Int
        }
        XCTAssertEqual(try openWarnings(), 1, "W_PHONE_MISSING")

        let error = try jianxi(["explain", "--db", db, "--lang", "en", "--region", "360102", "--period", "2026-09", "--rule", "R1", "the figure is right"])
        XCTAssertEqual(error.status, 2)
        XCTAssertTrue(error.stderr.contains("R1 is not a warning"), error.stderr)
        XCTAssertEqual(try count("SELECT count(*) FROM explanation"), 0)

        let nothing = try jianxi(["explain", "--db", db, "--lang", "en", "--region", "360103", "--period", "2026-09", "--rule", "W_PHONE_MISSING", "座机故障"])
        XCTAssertEqual(nothing.status, 2)
        XCTAssertTrue(nothing.stderr.contains("No return of 360103 for 2026-09"), nothing.stderr)
        XCTAssertEqual(try count("SELECT count(*) FROM explanation"), 0)

        let explained = try jianxi(["explain", "--db", db, "--lang", "en", "--region", "360102", "--period", "2026-09", "--rule", "w_phone_missing", "座机故障，由王芳手机联系"])
        XCTAssertEqual(explained.status, 0, explained.stderr)
        XCTAssertTrue(explained.stdout.contains("Recorded: W_PHONE_MISSING of 360102 for 2026-09 is explained."), explained.stdout)
        XCTAssertEqual(try openWarnings(), 0)
        XCTAssertEqual(try count("SELECT count(*) FROM explanation WHERE rule = 'W_PHONE_MISSING' AND given_by = 'command'"), 1)

        // The explanation holds for the region and period: a new revision with the same warning stays explained.
        let next = try write("b.csv", [row("360102", "东湖区", phone: "", figures: Self.figures.replacingOccurrences(of: "40,3,", with: "41,3,"))])
        XCTAssertEqual(try ingest([next]).status, 0)
        XCTAssertEqual(try count("SELECT max(revision) FROM revision WHERE region_code = '360102'"), 2)
        XCTAssertEqual(try openWarnings(), 0)
    }

    // MARK: ingest exit codes and summary

    func testIngestExitCodesAndSummary() throws {
        let clean = try write("clean.csv", [row("360102", "东湖区"), row("360103", "西湖区")])
        let first = try ingest(["--format", "json", clean])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try summary(first), ["files": 1, "returns": 2, "stored": 2, "unchanged": 0, "rejected": 0, "late": 0, "files_with_errors": 0])

        // One unchanged, one late, one rejected (units_new 50 > units_total 40), across two files.
        let mixed = try write("mixed.csv", [
            row("360104", "青云谱区", submittedOn: "2026-10-15"),
            row("360111", "青山湖区", figures: Self.figures.replacingOccurrences(of: "40,3,", with: "40,50,")),
        ])
        let second = try ingest(["--format", "json", clean, mixed])
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertEqual(second.stderr, "")
        XCTAssertEqual(try summary(second), ["files": 2, "returns": 4, "stored": 2, "unchanged": 2, "rejected": 1, "late": 1, "files_with_errors": 0])
        let files = try XCTUnwrap(try second.json()["files"] as? [[String: Any]])
        let mixedReturns = try XCTUnwrap(files.last?["returns"] as? [[String: Any]])
        XCTAssertEqual(mixedReturns.map { $0["status"] as? String }, ["accepted", "rejected"])
        XCTAssertEqual(mixedReturns.map { $0["disposition"] as? String }, ["stored", "stored"])
        XCTAssertEqual(mixedReturns.first?["working_days_late"] as? Int, 2)
        // The rejected return is stored as rejected.
        XCTAssertEqual(try count("SELECT count(*) FROM revision WHERE region_code = '360111' AND status = 'rejected'"), 1)
        let states = try status(["--format", "json"]).json()["units"] as? [[String: Any]]
        XCTAssertEqual(states?.first { $0["region_code"] as? String == "360111" }?["state"] as? String, "rejected")

        // The text summary says the same.
        let text = try ingest(["--lang", "en", clean])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("Summary: 1 file, 2 returns; 0 stored (0 rejected, 0 late), 2 unchanged."), text.stdout)
        // Running the rejected return again stores nothing, and it is still an error.
        XCTAssertEqual(try ingest([mixed]).status, 1)
        XCTAssertEqual(try count("SELECT count(*) FROM revision"), 4)

        let missing = try ingest(["--lang", "en", clean, scratch.appendingPathComponent("nowhere.csv").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere.csv: no such file or folder."), missing.stderr)
        XCTAssertEqual(missing.stdout, "")
        XCTAssertEqual(try count("SELECT count(*) FROM ingested_file"), 2, "nothing read when a path is missing")
    }
}
