import JianxiDomain
@testable import JianxiRead
import XCTest

/// Cells whose bytes show there is nothing to normalise are taken as they are; they must read
/// exactly as the general path reads them.
final class CellTextTests: XCTestCase {
    private static let pieces = ["a", "Z", "7", "-", "中", "东湖区", " ", "\u{3000}", "\u{00A0}", "\t", "\u{2003}", "\u{0085}",
                                 "１", "Ａ", "\u{FEFF}", "é", "。", "\r\n", "2026-09", "2026-10-12", "360102"]

    private func texts(count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
        }
    }

    func testPlainCellsNeedNoNormalising() {
        for text in texts(count: 20_000, seed: 3) {
            var copy = text
            let plain = copy.withUTF8 { CellText.isPlain($0) }
            if plain { XCTAssertEqual(HeaderMatcher.normaliseCell(text), text, text.debugDescription) }
        }
        for plain in ["东湖区", "360102", "王芳", "0791-86383274", "", "a b"] {
            var copy = plain
            XCTAssertTrue(copy.withUTF8 { CellText.isPlain($0) }, plain)
        }
        for notPlain in [" 东湖区", "东湖区\u{3000}", "１２", "\u{00A0}3", "3\t"] {
            var copy = notPlain
            XCTAssertFalse(copy.withUTF8 { CellText.isPlain($0) }, notPlain.debugDescription)
        }
    }

    func testACellFromItsBytesReadsAsFromItsText() {
        let fields: [Field] = [.regionCode, .regionName, .period, .submittedOn, .reporter, .phone, .scope, .explanations,
                               .indicator(.unitsTotal)]
        let decoder = FieldDecoder(.utf8)
        for text in texts(count: 5_000, seed: 5) + ["2026-13", "2026-9", "2026-10-32", "2026/10/1", "360102000000", "h2：调出"] {
            for field in fields where field != .indicator(.unitsTotal) {
                let locate = FieldLocator(source: "a.csv", row: 2)
                var fromBytes = ReturnBuilder(options: ReadOptions(), locate: locate)
                var fromText = ReturnBuilder(options: ReadOptions(), locate: locate)
                var copy = text
                XCTAssertTrue(copy.withUTF8 { fromBytes.setCell(field, $0, decoder) })
                fromText.setText(field, text)
                XCTAssertEqual(fromBytes.value, fromText.value, "\(field) \(text.debugDescription)")
                XCTAssertEqual(fromBytes.findings, fromText.findings, "\(field) \(text.debugDescription)")
            }
        }
        // Bytes that are not UTF-8 are refused, for the caller to report.
        var builder = ReturnBuilder(options: ReadOptions(), locate: FieldLocator(source: "a.csv", row: 2))
        let bad: [UInt8] = [0xE4, 0xB8]
        XCTAssertFalse(bad.withUnsafeBufferPointer { builder.setCell(.regionName, $0, decoder) })
        XCTAssertNil(builder.value.regionName)
    }
}

/// Reading ahead hands over every item, in order, whatever the batch size and queue depth.
final class ReadAheadTests: XCTestCase {
    func testEveryItemInOrderAndTheProducersResult() {
        for (batchSize, depth) in [(1, 1), (3, 1), (256, 8), (10_000, 2)] {
            var seen: [Int] = []
            let result = ReadAhead.run(batchSize: batchSize, depth: depth, produce: { yield in
                for i in 0..<5_000 { yield(i) }
                return "done"
            }, consume: { seen.append($0) })
            XCTAssertEqual(result, "done")
            XCTAssertEqual(seen, Array(0..<5_000), "batch \(batchSize), depth \(depth)")
        }
        var none: [Int] = []
        XCTAssertEqual(ReadAhead.run(produce: { _ in 7 }, consume: { none.append($0) }), 7)
        XCTAssertTrue(none.isEmpty)
    }
}
