import Foundation
import XCTest
@testable import JianxiRead

final class CSVParserTests: XCTestCase {
    /// A parsed record in a comparable form.
    struct Rec: Equatable, CustomStringConvertible {
        var record: Int
        var line: Int
        var fields: [[UInt8]]
        var description: String {
            "#\(record)@\(line)" + fields.map { String(decoding: $0, as: UTF8.self).debugDescription }.description
        }
    }

    enum Outcome: Equatable {
        case rows([Rec], hadBOM: Bool)
        case failure(CSVError)
    }

    /// Parsed through the record views (read in place or unescaped) and, for every record,
    /// checks that what the view says of its fields agrees with their bytes.
    func outcome(_ bytes: [UInt8], chunkSize: Int = CSVParser.defaultChunkSize) -> Outcome {
        var parser = CSVParser(bytes: bytes, chunkSize: chunkSize)
        var rows: [Rec] = []
        do {
            while let row = try parser.withNextRecord({ view in
                let fields = (0..<view.count).map { i in view.withField(i) { Array($0) } }
                XCTAssertEqual(view.isBlank, fields.allSatisfy(\.isEmpty))
                XCTAssertEqual((0..<view.count).map(view.isEmpty), fields.map(\.isEmpty))
                return Rec(record: view.record, line: view.line, fields: fields)
            }) {
                rows.append(row)
            }
        } catch {
            return .failure(error)
        }
        return .rows(rows, hadBOM: parser.hadBOM)
    }

    func rows(_ text: String, chunkSize: Int = CSVParser.defaultChunkSize,
              file: StaticString = #filePath, line: UInt = #line) -> [Rec] {
        switch outcome(Array(text.utf8), chunkSize: chunkSize) {
        case .rows(let rows, _): return rows
        case .failure(let error):
            XCTFail("unexpected \(error)", file: file, line: line)
            return []
        }
    }

    func rec(_ record: Int, _ line: Int, _ fields: String...) -> Rec {
        Rec(record: record, line: line, fields: fields.map { Array($0.utf8) })
    }

    // MARK: RFC 4180 basics

    func testSimpleRecords() {
        XCTAssertEqual(rows("a,b,c\n1,2,3\n"), [rec(1, 1, "a", "b", "c"), rec(2, 2, "1", "2", "3")])
    }

    func testLastLineWithoutNewline() {
        XCTAssertEqual(rows("a,b\n1,2"), [rec(1, 1, "a", "b"), rec(2, 2, "1", "2")])
        XCTAssertEqual(rows("a,"), [rec(1, 1, "a", "")])
        XCTAssertEqual(rows("\"a\""), [rec(1, 1, "a")])
    }

    func testEmptyFields() {
        XCTAssertEqual(rows(",\n,,x\na,\n"), [rec(1, 1, "", ""), rec(2, 2, "", "", "x"), rec(3, 3, "a", "")])
        XCTAssertEqual(rows("\"\",x"), [rec(1, 1, "", "x")])
    }

    func testLineEnds() {
        let expected = [rec(1, 1, "a", "b"), rec(2, 2, "c", "d"), rec(3, 3, "e")]
        XCTAssertEqual(rows("a,b\r\nc,d\r\ne\r\n"), expected)
        XCTAssertEqual(rows("a,b\rc,d\re\r"), expected)
        XCTAssertEqual(rows("a,b\nc,d\r\ne\r"), expected)
        XCTAssertEqual(rows("a,b\r\nc,d\r\ne"), expected)
    }

    func testQuotedFields() {
        XCTAssertEqual(rows("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n"), [rec(1, 1, "a,b", "say \"hi\"", "\"")])
        XCTAssertEqual(rows("\"江西省,南昌市\",１２３\n"), [rec(1, 1, "江西省,南昌市", "１２３")])
    }

    func testNewlinesInsideQuotesMoveTheLineButNotTheRecord() {
        let text = "h1,h2\n\"two\nlines\",x\n\"crlf\r\ninside\",y\n\"cr\rinside\",z\nlast,w\n"
        XCTAssertEqual(rows(text), [
            rec(1, 1, "h1", "h2"),
            rec(2, 2, "two\nlines", "x"),
            rec(3, 4, "crlf\r\ninside", "y"),
            rec(4, 6, "cr\rinside", "z"),
            rec(5, 8, "last", "w"),
        ])
    }

    func testByteOrderMark() {
        guard case .rows(let withBOM, let hadBOM) = outcome([0xEF, 0xBB, 0xBF] + Array("code,name\n1,x\n".utf8)) else {
            return XCTFail()
        }
        XCTAssertTrue(hadBOM)
        XCTAssertEqual(withBOM, [rec(1, 1, "code", "name"), rec(2, 2, "1", "x")])
        XCTAssertEqual(outcome(Array("code\n".utf8)), .rows([rec(1, 1, "code")], hadBOM: false))
        XCTAssertEqual(outcome([0xEF, 0xBB, 0xBF]), .rows([], hadBOM: true))
        // A BOM that is not at the start is data.
        XCTAssertEqual(outcome(Array("x\n\u{FEFF}y\n".utf8)), .rows([rec(1, 1, "x"), rec(2, 2, "\u{FEFF}y")], hadBOM: false))
        // Two bytes of a BOM are not one.
        XCTAssertEqual(outcome([0xEF, 0xBB, 0x41]), .rows([Rec(record: 1, line: 1, fields: [[0xEF, 0xBB, 0x41]])], hadBOM: false))
    }

    func testBlankLinesAreSkippedButCounted() {
        XCTAssertEqual(rows("a\n\nb\n\r\n\rc\n\n"), [rec(1, 1, "a"), rec(3, 3, "b"), rec(6, 6, "c")])
        XCTAssertEqual(rows("\n\nh\n"), [rec(3, 3, "h")])
        XCTAssertEqual(rows(""), [])
        XCTAssertEqual(rows("\n\r\n\r"), [])
        // A lone "" is a single empty field too; spaces and commas are content.
        XCTAssertEqual(rows("a\n\"\"\nb"), [rec(1, 1, "a"), rec(3, 3, "b")])
        XCTAssertEqual(rows(" \n,\n"), [rec(1, 1, " "), rec(2, 2, "", "")])
    }

    func testRaggedRowsReportTheirWidth() {
        XCTAssertEqual(rows("a,b,c\n1\n1,2,3,4\n").map(\.fields.count), [3, 1, 4])
    }

    func testLenientQuotesLikeExcel() {
        XCTAssertEqual(rows("ab\"c,d\n"), [rec(1, 1, "ab\"c", "d")])
        XCTAssertEqual(rows("\"ab\"c,d\n"), [rec(1, 1, "abc", "d")])
        XCTAssertEqual(rows("\"ab\" ,d\n"), [rec(1, 1, "ab ", "d")])
        XCTAssertEqual(rows("\"a\"b\"c\",d"), [rec(1, 1, "ab\"c\"", "d")])
        XCTAssertEqual(rows("x\"\"\n"), [rec(1, 1, "x\"\"")])
    }

    func testUnterminatedQuote() {
        XCTAssertEqual(outcome(Array("a,\"b\nc".utf8)), .failure(.unterminatedQuote(record: 1, line: 1)))
        XCTAssertEqual(outcome(Array("h\n\nx,\"y\"\"\n".utf8)), .failure(.unterminatedQuote(record: 3, line: 3)))
        XCTAssertEqual(outcome(Array("h\n\"a\nb\",c\n\"".utf8)), .failure(.unterminatedQuote(record: 3, line: 4)))
        XCTAssertEqual(outcome(Array("\"\r".utf8)), .failure(.unterminatedQuote(record: 1, line: 1)))
    }

    func testRowsAreValuesThatOutliveTheParser() throws {
        var parser = CSVParser(bytes: Array("a,b\n\"c\"\"\",d\n".utf8))
        let first = try XCTUnwrap(parser.next())
        let second = try XCTUnwrap(parser.next())
        XCTAssertNil(try parser.next())
        XCTAssertNil(try parser.next())
        XCTAssertEqual(Array(first[1]), Array("b".utf8))
        XCTAssertEqual(first.withField(0) { Array($0) }, Array("a".utf8))
        XCTAssertEqual(second.string(0, FieldDecoder(.utf8)), "c\"")
        XCTAssertEqual(second.count, 2)
    }

    func testGBKBytesSplitOnlyOnDelimiters() throws {
        // 江西省南昌市东湖区,１２３ in GBK, then 见习 quoted.
        let gbk: [UInt8] = [0xBD, 0xAD, 0xCE, 0xF7, 0xCA, 0xA1, 0xC4, 0xCF, 0xB2, 0xFD, 0xCA, 0xD0, 0xB6, 0xAB, 0xBA, 0xFE, 0xC7, 0xF8,
                            0x2C, 0xA3, 0xB1, 0xA3, 0xB2, 0xA3, 0xB3, 0x0D, 0x0A, 0x22, 0xBC, 0xFB, 0xCF, 0xB0, 0x22, 0x0D, 0x0A]
        var parser = CSVParser(bytes: gbk, chunkSize: 3)
        let decoder = FieldDecoder(.gb18030)
        let first = try XCTUnwrap(parser.next())
        XCTAssertEqual(first.string(0, decoder), "江西省南昌市东湖区")
        XCTAssertEqual(first.string(1, decoder), "１２３")
        let second = try XCTUnwrap(parser.next())
        XCTAssertEqual(second.string(0, decoder), "见习")
        XCTAssertEqual(second.record, 2)
        XCTAssertNil(try parser.next())
    }

    // MARK: Chunk boundaries and robustness

    /// Every input parses the same whole and in chunks of 1 to 7 bytes, and the same as a
    /// deliberately naive reference parser.
    func testChunkBoundariesAgainstReference() {
        var generator = SeededGenerator(seed: 20240403)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("12".utf8), Array(",".utf8), Array("\"".utf8), Array("\"\"".utf8),
            Array("\n".utf8), Array("\r".utf8), Array("\r\n".utf8), Array(" ".utf8), Array("中".utf8),
            [0xBD, 0xAD], [0xEF, 0xBB, 0xBF],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = round % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            }
            let whole = outcome(bytes)
            XCTAssertEqual(whole, referenceParse(bytes), "input \(bytes)")
            for chunkSize in 1...7 {
                XCTAssertEqual(outcome(bytes, chunkSize: chunkSize), whole, "chunk \(chunkSize), input \(bytes)")
            }
        }
    }

    /// Lines as returns are written (most read in place, a few quoted), cut into chunks of every
    /// size up to two lines: the same records, and each owned row says what its view said.
    func testRecordsReadInPlaceAndUnescapedAgree() {
        let lines = ["360102,东湖区,2026-09,2026-10-12,王芳,0791-86383274,40,3,120,6,35.5,",
                     "360103,\"西湖区\",2026-09,,\"李\"\"明\"\"\",13800000000,1,2,3,4,5,\"说明：\r\n调出3人\"",
                     ",,,,,", "", "360104,青云谱区,2026-09,2026-10-13,张三,,1,2,3,4,5,6"]
        let text = (lines + lines.reversed()).joined(separator: "\r\n") + "\n" + lines[0]
        let bytes = Array(text.utf8)
        let whole = outcome(bytes)
        XCTAssertEqual(whole, referenceParse(bytes))
        for chunkSize in 1...(2 * lines[1].utf8.count) {
            XCTAssertEqual(outcome(bytes, chunkSize: chunkSize), whole, "chunk \(chunkSize)")
        }
        var parser = CSVParser(bytes: bytes, chunkSize: 50)
        while let row = try? parser.next() {
            row.withRecord { view in
                XCTAssertEqual(row.count, view.count)
                XCTAssertEqual(row.isBlank, view.isBlank)
                for i in 0..<row.count {
                    XCTAssertEqual(Array(row[i]), view.withField(i) { Array($0) })
                    XCTAssertEqual(row.isEmpty(i), view.isEmpty(i))
                }
            }
        }
    }

    /// A record cut by a chunk boundary goes through the state machine; the ones after it are
    /// read in place again, with LF, CRLF, and a quoted field now and then.
    func testRecordsAfterAChunkBoundaryAreReadInPlaceAgain() throws {
        for lineEnd in ["\n", "\r\n"] {
            let lines = (0..<1_000).map { "3601\($0),东湖区,2026-09,\($0 % 97 == 0 ? "\"王,芳\"" : "王芳"),1,2,3" }
            var parser = CSVParser(bytes: Array((lines.joined(separator: lineEnd) + lineEnd).utf8), chunkSize: 4096)
            var count = 0
            while try parser.next() != nil { count += 1 }
            XCTAssertEqual(count, 1_000)
            // About 50 lines a chunk: one cut by each boundary, and the quoted ones, take the long way.
            XCTAssertGreaterThan(parser.recordsInPlace, 940, lineEnd.debugDescription)
        }
    }

    func testRandomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for chunkSize in [1, 5, 64, CSVParser.defaultChunkSize] {
                switch outcome(bytes, chunkSize: chunkSize) {
                case .rows(let rows, _):
                    XCTAssertTrue(rows.allSatisfy { $0.fields.count >= 1 && $0.record >= 1 && $0.line >= $0.record })
                case .failure(let error):
                    guard case .unterminatedQuote = error else { return XCTFail("\(error)") }
                }
            }
        }
    }

    // MARK: Files

    func testReadsFilesInChunks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jianxi-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Larger than the sample, so reading goes on from the file after it.
        var text = "\u{FEFF}code,name,note\r\n"
        for i in 0..<5000 { text += "\(i),\"名称\(i)\",\"multi\nline, \"\"q\"\"\"\r\n" }
        let url = directory.appendingPathComponent("big.csv")
        try Data(text.utf8).write(to: url)
        XCTAssertGreaterThan(text.utf8.count, CSVParser.sampleSize)

        for chunkSize in [1, 7, 4096, CSVParser.defaultChunkSize] {
            var parser = try CSVParser(path: url.path, chunkSize: chunkSize)
            XCTAssertTrue(parser.hadBOM)
            XCTAssertFalse(parser.sampleIsComplete)
            XCTAssertEqual(parser.sample.count, CSVParser.sampleSize)
            var count = 0
            let decoder = FieldDecoder(.utf8)
            while let row = try parser.next() {
                count += 1
                XCTAssertEqual(row.record, count)
                XCTAssertEqual(row.line, count == 1 ? 1 : 2 * count - 2)
                if count > 1 {
                    XCTAssertEqual(row.string(1, decoder), "名称\(count - 2)")
                    XCTAssertEqual(row.string(2, decoder), "multi\nline, \"q\"")
                }
            }
            XCTAssertEqual(count, 5001)
        }

        let small = directory.appendingPathComponent("small.csv")
        try Data("a,b".utf8).write(to: small)
        var parser = try CSVParser(path: small.path)
        XCTAssertTrue(parser.sampleIsComplete)
        XCTAssertEqual(parser.sample, Array("a,b".utf8))
        XCTAssertEqual(try parser.next()?.count, 2)

        let empty = directory.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        var emptyParser = try CSVParser(path: empty.path)
        XCTAssertNil(try emptyParser.next())
    }

    func testMissingFileIsAnIOError() {
        do {
            _ = try CSVParser(path: "/nonexistent/jianxi.csv")
            XCTFail("opened a missing file")
        } catch {
            guard case .io(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("/nonexistent/jianxi.csv"))
        }
        // A directory opens but cannot be read.
        do {
            _ = try CSVParser(path: "/")
            XCTFail("read a directory")
        } catch {
            guard case .io = error else { return XCTFail("\(error)") }
        }
    }

    // MARK: Reference

    /// The documented rules written as plainly as possible, over the whole input at once.
    func referenceParse(_ input: [UInt8]) -> Outcome {
        var bytes = input
        let hadBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { bytes.removeFirst(3) }
        var rows: [Rec] = []
        var i = 0
        var line = 1
        var record = 0
        while i < bytes.count {
            let startLine = line
            var fields: [[UInt8]] = []
            var field: [UInt8] = []
            var ended = false
            while !ended {
                if i < bytes.count && bytes[i] == 0x22 {  // a quoted field
                    i += 1
                    while true {
                        guard i < bytes.count else { return .failure(.unterminatedQuote(record: record + 1, line: startLine)) }
                        let b = bytes[i]
                        if b == 0x22 {
                            if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                            i += 1
                            break
                        }
                        if b == 0x0D || (b == 0x0A && (i == 0 || bytes[i - 1] != 0x0D)) { line += 1 }
                        field.append(b)
                        i += 1
                    }
                }
                // Unquoted text, or what follows a closing quote, up to a delimiter.
                while i < bytes.count && bytes[i] != 0x2C && bytes[i] != 0x0A && bytes[i] != 0x0D {
                    field.append(bytes[i])
                    i += 1
                }
                fields.append(field)
                field = []
                if i == bytes.count {
                    ended = true
                } else if bytes[i] == 0x2C {
                    i += 1
                } else {
                    if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                    i += 1
                    line += 1
                    ended = true
                }
            }
            record += 1
            if fields != [[]] { rows.append(Rec(record: record, line: startLine, fields: fields)) }
        }
        return .rows(rows, hadBOM: hadBOM)
    }
}

/// A small deterministic generator (SplitMix64) so failures can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
