import XCTest
import JianxiDomain
@testable import JianxiRead

final class ReferenceDataTests: XCTestCase {
    // MARK: Regions

    func testBuiltinRegistry() throws {
        let registry = RegionRegistry.builtin
        let counties = registry.regions.filter { $0.level == .county }
        let cities = registry.regions.filter { $0.level == .city }
        XCTAssertEqual(counties.count, 100)
        XCTAssertEqual(cities.count, 12)  // 11 设区市 and the Ganjiang New Area
        XCTAssertEqual(registry.regions.filter { $0.level == .province }.map(\.code), ["360000"])
        XCTAssertEqual(Set(cities.map(\.parentCode)), ["360000"])
        for county in counties {
            XCTAssertEqual(county.parentCode.flatMap { registry[$0] }?.level, .city, county.name)
        }
        let newArea = try XCTUnwrap(registry["36GJ00"])
        XCTAssertEqual(newArea.name, "赣江新区")
        XCTAssertEqual(newArea.level, .city)
        XCTAssertTrue(registry.children(of: "36GJ00").isEmpty)
        XCTAssertEqual(cities.filter { !registry.children(of: $0.code).isEmpty }.count, 11)

        let units = registry.reportingUnits
        XCTAssertEqual(units.count, 101)
        XCTAssertEqual(Set(units.map(\.code)), Set(counties.map(\.code) + ["36GJ00"]))
        XCTAssertEqual(registry.children(of: "360100").count, 9)
    }

    func testNameMatching() throws {
        let registry = RegionRegistry.builtin
        let dongHu = try XCTUnwrap(registry["360102"])
        XCTAssertEqual(dongHu.name, "东湖区")
        for written in ["东湖区", "南昌市东湖区", "江西省南昌市东湖区", "东湖区人社局", " 南昌市 东湖区 "] {
            XCTAssertTrue(registry.name(written, matches: dongHu), written)
        }
        for written in ["西湖区", "九江市东湖区x", "湖区", "南昌市"] {
            XCTAssertFalse(registry.name(written, matches: dongHu), written)
        }
    }

    func testLoadsGBKWithColumnsInAnyOrderAndTrims() throws {
        // "level,parent_code,name,code" then a province, a city and a county, in GBK, with
        // spaces around the cells and an extra column: Python's '江西省'.encode('gbk') etc.
        var bytes = Array("level, parent_code ,name,code,note\r\n".utf8)
        bytes += Array("province,,".utf8) + [0xBD, 0xAD, 0xCE, 0xF7, 0xCA, 0xA1] + Array(",360000,\r\n".utf8)
        bytes += Array(" city ,360000,".utf8) + [0xC4, 0xCF, 0xB2, 0xFD, 0xCA, 0xD0] + Array(", 360100 ,x\r\n".utf8)
        bytes += Array("\r\n,,,,\r\nCounty,360100,\"".utf8) + [0xB6, 0xAB, 0xBA, 0xFE, 0xC7, 0xF8] + Array("\",360102,\r\n".utf8)
        let registry = try RegionRegistry.load(csv: bytes, source: "regions.csv")
        XCTAssertEqual(registry.regions.map(\.name), ["江西省", "南昌市", "东湖区"])
        XCTAssertEqual(registry["360102"], Region(code: "360102", name: "东湖区", level: .county, parentCode: "360100"))
        XCTAssertEqual(registry.reportingUnits.map(\.code), ["360102"])
    }

    func testRegionErrors() {
        let header = "code,name,level,parent_code\n"
        let province = "360000,江西省,province,\n"
        func check(_ text: String, row: Int?, column: String?, zh: String, en: String,
                   file: StaticString = #filePath, line: UInt = #line) {
            do {
                _ = try RegionRegistry.load(csv: Array(text.utf8), source: "r.csv")
                XCTFail("loaded", file: file, line: line)
            } catch {
                XCTAssertEqual(error.source, "r.csv", file: file, line: line)
                XCTAssertEqual(error.row, row, error.message.en, file: file, line: line)
                XCTAssertEqual(error.column, column, error.message.en, file: file, line: line)
                XCTAssertTrue(error.message.zh.contains(zh), error.message.zh, file: file, line: line)
                XCTAssertTrue(error.message.en.contains(en), error.message.en, file: file, line: line)
                XCTAssertTrue(error.message.zh.hasPrefix("r.csv"), file: file, line: line)
            }
        }
        check("", row: nil, column: nil, zh: "文件为空", en: "the file is empty")
        check(header, row: nil, column: nil, zh: "没有区划数据", en: "no regions")
        check("code,name,parent_code\n", row: 1, column: "level", zh: "r.csv 第1行「level」列：表头缺少该列", en: "r.csv, row 1, column level: the header lacks")
        check("code,name,level,level,parent_code\n", row: 1, column: "level", zh: "出现了2次", en: "2 times")
        check(header + province + "360100,南昌市,city\n", row: 3, column: nil, zh: "有3个单元格，表头有4列", en: "3 cells")
        check(header + province + ",南昌市,city,360000\n", row: 3, column: "code", zh: "区划代码为空", en: "code is empty")
        check(header + province + "360100, ,city,360000\n", row: 3, column: "name", zh: "名称为空", en: "name is empty")
        check(header + province + "360100,南昌市,town,360000\n", row: 3, column: "level", zh: "“town”不是有效的级别", en: "'town' is not a level")
        check(header + "360000,江西省,province,100000\n", row: 2, column: "parent_code", zh: "省级区划没有上级", en: "no parent")
        check(header + province + "360100,南昌市,city,\n", row: 3, column: "parent_code", zh: "缺少上级区划代码", en: "parent code is missing")
        check(header + province + "360100,南昌市,city,360000\n\n360100,南昌,city,360000\n", row: 5, column: "code",
              zh: "360100重复（第3行已有）", en: "also on row 3")
        check(header + province + "360102,东湖区,county,360199\n", row: 3, column: "parent_code", zh: "360199不在区划表中", en: "360199 is not in the registry")
        check(header + province + "360102,东湖区,county,360000\n", row: 3, column: "parent_code", zh: "级别不对", en: "wrong level")
        check(header + province + "\"360100,南昌市,city,360000\n", row: 3, column: nil, zh: "从第3行开始的引号没有闭合", en: "line 3")
        check("code,name\u{0},level,parent_code\n", row: nil, column: nil, zh: "不是文本文件", en: "not a text file")
        do {
            _ = try RegionRegistry.load(csv: Array(header.utf8) + [0x33, 0x36, 0x2C, 0xFF], source: "r.csv")
            XCTFail("loaded")
        } catch {
            XCTAssertEqual(error.message.zh, "r.csv：文字编码无法识别，请另存为UTF-8或GBK编码的CSV。")
            XCTAssertEqual(error.message.en, "r.csv: the text encoding is not recognised; save the file as UTF-8 or GBK CSV.")
        }
    }

    func testUndecodableCellNamesItsColumn() {
        // Valid GB18030 structurally (so the file is taken as GB18030) but unassigned in it.
        let bytes = Array("code,name,level,parent_code\n360000,".utf8) + [0x84, 0x31, 0xA5, 0x30] + Array(",province,\n".utf8)
        XCTAssertThrowsError(try RegionRegistry.load(csv: bytes, source: "r.csv")) { error in
            guard let error = error as? ReferenceDataError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.row, 2)
            XCTAssertEqual(error.column, "name")
            XCTAssertTrue(error.message.en.contains("not valid GB18030"), error.message.en)
        }
    }

    // MARK: Calendar

    func testCalendarErrors() {
        func check(_ body: String, row: Int?, column: String?, zh: String, en: String,
                   file: StaticString = #filePath, line: UInt = #line) {
            do {
                _ = try WorkingCalendar.load(csv: Array(("date,kind,name\n" + body).utf8), source: "c.csv")
                XCTFail("loaded", file: file, line: line)
            } catch {
                XCTAssertEqual(error.row, row, error.message.en, file: file, line: line)
                XCTAssertEqual(error.column, column, error.message.en, file: file, line: line)
                XCTAssertTrue(error.message.zh.contains(zh), error.message.zh, file: file, line: line)
                XCTAssertTrue(error.message.en.contains(en), error.message.en, file: file, line: line)
            }
        }
        check("", row: nil, column: nil, zh: "没有日期", en: "no dates")
        check("2024-02-30,holiday,春节\n", row: 2, column: "date", zh: "“2024-02-30”不是有效的日期", en: "not a valid date")
        check("tomorrow,holiday,x\n", row: 2, column: "date", zh: "不是有效的日期", en: "not a valid date")
        check("2024-10-01,假日,国庆节\n", row: 2, column: "kind", zh: "应为 holiday", en: "must be holiday")
        check("2024-10-05,holiday,国庆节\n", row: 2, column: "kind", zh: "2024-10-05是星期六，本来就休息", en: "is a Saturday")
        check("2024-10-08,workday,国庆节\n", row: 2, column: "kind", zh: "2024-10-08是星期二，本来就上班", en: "is a Tuesday")
        check("2024-10-01,holiday,国庆节\n2024-10-02,holiday,国庆节\n2024/10/1,holiday,国庆节\n", row: 4, column: "date",
              zh: "日期2024-10-01重复（第2行已有）", en: "also on row 2")
        check("2024-10-01,holiday\n", row: 2, column: nil, zh: "有2个单元格，表头有3列", en: "2 cells")
    }

    func testCalendarLoadsAndCoversItsYears() throws {
        let calendar = try WorkingCalendar.load(csv: Array("name,date,kind\n国庆节,2024/10/1,Holiday\n,2024-10-12, workday\n".utf8), source: "c.csv")
        XCTAssertEqual(calendar.coveredYears, [2024])
        XCTAssertEqual(calendar.exception(on: CivilDate(year: 2024, month: 10, day: 1)!)?.name, "国庆节")
        XCTAssertTrue(calendar.isWorkingDay(CivilDate(year: 2024, month: 10, day: 12)!))
        XCTAssertFalse(calendar.isWorkingDay(CivilDate(year: 2024, month: 10, day: 1)!))
        XCTAssertEqual(WorkingCalendar.builtin.coveredYears, [2023, 2024, 2025, 2026])
    }

    // MARK: Deadlines

    /// The 5th working day of the following month for every period from 2022-12 to 2026-11,
    /// computed independently with the PyPI package chinesecalendar 1.11.0:
    /// walk the month from its 1st day and take the 5th date where `chinese_calendar.is_workday`
    /// is true.
    static let deadlines: [(String, String)] = [
        ("2022-12", "2023-01-09"), ("2023-01", "2023-02-07"), ("2023-02", "2023-03-07"), ("2023-03", "2023-04-10"),
        ("2023-04", "2023-05-09"), ("2023-05", "2023-06-07"), ("2023-06", "2023-07-07"), ("2023-07", "2023-08-07"),
        ("2023-08", "2023-09-07"), ("2023-09", "2023-10-11"), ("2023-10", "2023-11-07"), ("2023-11", "2023-12-07"),
        ("2023-12", "2024-01-08"), ("2024-01", "2024-02-06"), ("2024-02", "2024-03-07"), ("2024-03", "2024-04-08"),
        ("2024-04", "2024-05-10"), ("2024-05", "2024-06-07"), ("2024-06", "2024-07-05"), ("2024-07", "2024-08-07"),
        ("2024-08", "2024-09-06"), ("2024-09", "2024-10-12"), ("2024-10", "2024-11-07"), ("2024-11", "2024-12-06"),
        ("2024-12", "2025-01-08"), ("2025-01", "2025-02-10"), ("2025-02", "2025-03-07"), ("2025-03", "2025-04-08"),
        ("2025-04", "2025-05-12"), ("2025-05", "2025-06-09"), ("2025-06", "2025-07-07"), ("2025-07", "2025-08-07"),
        ("2025-08", "2025-09-05"), ("2025-09", "2025-10-14"), ("2025-10", "2025-11-07"), ("2025-11", "2025-12-05"),
        ("2025-12", "2026-01-08"), ("2026-01", "2026-02-06"), ("2026-02", "2026-03-06"), ("2026-03", "2026-04-08"),
        ("2026-04", "2026-05-11"), ("2026-05", "2026-06-05"), ("2026-06", "2026-07-07"), ("2026-07", "2026-08-07"),
        ("2026-08", "2026-09-07"), ("2026-09", "2026-10-13"), ("2026-10", "2026-11-06"), ("2026-11", "2026-12-07"),
    ]

    func deadline(_ period: String) throws -> Deadline {
        WorkingCalendar.builtin.deadline(for: try XCTUnwrap(Period(parsing: period)))
    }

    func testEveryDeadlineMatchesTheIndependentTable() throws {
        var period = try XCTUnwrap(Period(parsing: "2022-12"))
        for (expectedPeriod, expectedDate) in Self.deadlines {
            XCTAssertEqual(period.description, expectedPeriod)
            let deadline = WorkingCalendar.builtin.deadline(for: period)
            XCTAssertEqual(deadline.date.description, expectedDate, "period \(period)")
            XCTAssertFalse(deadline.usesFallback, "period \(period)")
            period = period.next
        }
        XCTAssertEqual(period.description, "2026-12")
    }

    /// The same dates worked out by hand from the State Council notices.
    func testDeadlinesByHand() throws {
        let byHand = [
            // National Day: Oct 2-6 2023 off, Sat 7 and Sun 8 worked: 7, 8, 9, 10, 11.
            "2023-09": "2023-10-11",
            // Oct 1-4 and 7 off, Sat Oct 12 worked: 8, 9, 10, 11, 12.
            "2024-09": "2024-10-12",
            // Oct 1-3 and 6-8 off, Sat 11 worked: 9, 10, 11, 13, 14.
            "2025-09": "2025-10-14",
            // Oct 1-2 and 5-7 off, Sat 10 worked: 8, 9, 10, 12, 13.
            "2026-09": "2026-10-13",
            // New Year's Day on a Monday: Jan 2, 3, 4, 5, 8.
            "2023-12": "2024-01-08",
            // Spring Festival. 2023: Feb 1, 2, 3, 6, 7 (the holiday was in January).
            "2023-01": "2023-02-07",
            // 2024: Feb 1, 2, Sun Feb 4 worked, 5, 6.
            "2024-01": "2024-02-06",
            // 2025: Feb 3-4 off, Feb 5, 6, 7, Sat 8 worked, 10.
            "2025-01": "2025-02-10",
            // 2026: Feb 2-6, before the holiday.
            "2026-01": "2026-02-06",
            // Spring Festival inside the month of the deadline: Jan 23-27 2023 off does not reach
            // the 5th working day of January (Jan 2 off: 3, 4, 5, 6, 9).
            "2022-12": "2023-01-09",
            // Qingming. 2023: Apr 5 off: 3, 4, 6, 7, 10.
            "2023-03": "2023-04-10",
            // 2024: Apr 4-5 off, Sun 7 worked: 1, 2, 3, 7, 8.
            "2024-03": "2024-04-08",
            // 2025: Apr 4 off: 1, 2, 3, 7, 8.
            "2025-03": "2025-04-08",
            // 2026: Apr 6 off: 1, 2, 3, 7, 8.
            "2026-03": "2026-04-08",
            // Labour Day. 2023: May 1-3 off, Sat 6 worked: 4, 5, 6, 8, 9.
            "2023-04": "2023-05-09",
            // 2024: May 1-3 off: 6, 7, 8, 9, 10.
            "2024-04": "2024-05-10",
            // 2025: May 1, 2, 5 off: 6, 7, 8, 9, 12.
            "2025-04": "2025-05-12",
            // 2026: May 1, 4, 5 off, Sat 9 worked: 6, 7, 8, 9, 11.
            "2026-04": "2026-05-11",
        ]
        for (period, date) in byHand {
            XCTAssertEqual(try deadline(period).date.description, date, period)
            XCTAssertEqual(Self.deadlines.first { $0.0 == period }?.1, date, "table for \(period)")
        }
    }

    func testFallbackOutsideTheCalendar() throws {
        // January 2027 is not covered: Monday-Friday, and the deadline says so.
        let december = try deadline("2026-12")
        XCTAssertTrue(december.usesFallback)
        XCTAssertEqual(december.date.description, "2027-01-07")  // Jan 1 2027 is a Friday
        XCTAssertFalse(try deadline("2026-11").usesFallback)
        XCTAssertTrue(try deadline("2022-11").usesFallback)
    }

    func testWorkingDaysAcrossAHoliday() throws {
        let calendar = WorkingCalendar.builtin
        func days(_ start: String, _ end: String) throws -> Int {
            calendar.workingDays(after: try XCTUnwrap(CivilDate(parsing: start)), through: try XCTUnwrap(CivilDate(parsing: end)))
        }
        // From the 2024-09 deadline (Sat Oct 12, worked) to Oct 18: 14, 15, 16, 17, 18.
        XCTAssertEqual(try days("2024-10-12", "2024-10-18"), 5)
        // Across National Day 2024: Sep 29 (Sun, worked), 30, then Oct 8.
        XCTAssertEqual(try days("2024-09-27", "2024-10-08"), 3)
        // Across the Spring Festival 2025: Jan 26 (Sun, worked), 27, then Feb 5, 6, 7, 8 (Sat, worked).
        XCTAssertEqual(try days("2025-01-24", "2025-02-08"), 6)
        XCTAssertEqual(try days("2024-10-12", "2024-10-12"), 0)
        XCTAssertEqual(try days("2024-10-12", "2024-10-01"), 0)
    }
}

extension ReferenceDataTests {
    func testAFileExtendsABaseRegistry() throws {
        let file = "code,name,level,parent_code\n360199,红谷新区,county,360100\n360102,东湖新区,county,360100\n"
        let extended = try RegionRegistry.load(csv: Array(file.utf8), source: "new.csv", extending: .builtin)
        XCTAssertEqual(extended["360199"]?.parentCode, "360100")
        XCTAssertEqual(extended["360102"]?.name, "东湖新区", "a row of the file replaces the base row with its code")
        XCTAssertEqual(extended.reportingUnits.count, 102)
        XCTAssertThrowsError(try RegionRegistry.load(csv: Array(file.utf8), source: "new.csv"), "alone, its parent is unknown")
    }
}
