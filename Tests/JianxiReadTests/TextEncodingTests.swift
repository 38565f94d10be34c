import Foundation
import XCTest
@testable import JianxiRead

final class TextEncodingTests: XCTestCase {
    // GBK bytes produced with Python: '江西省南昌市东湖区'.encode('gbk') and so on.
    let dongHu: [UInt8] = [0xBD, 0xAD, 0xCE, 0xF7, 0xCA, 0xA1, 0xC4, 0xCF, 0xB2, 0xFD, 0xCA, 0xD0, 0xB6, 0xAB, 0xBA, 0xFE, 0xC7, 0xF8]
    let unitsTotal: [UInt8] = [0xB1, 0xBE, 0xC6, 0xDA, 0xC4, 0xA9, 0xCA, 0xB5, 0xD3, 0xD0, 0xBC, 0xFB, 0xCF, 0xB0,
                               0xB5, 0xA5, 0xCE, 0xBB, 0xD7, 0xDC, 0xCA, 0xFD]
    let fullWidth123: [UInt8] = [0xA3, 0xB1, 0xA3, 0xB2, 0xA3, 0xB3]

    func testDetectsGBK() {
        let file = unitsTotal + Array(",".utf8) + fullWidth123 + Array("\r\n".utf8) + dongHu + Array(",12\r\n".utf8)
        XCTAssertEqual(TextEncoding.detect(file, isComplete: true), .gb18030)
        XCTAssertEqual(TextEncoding.detect(dongHu, isComplete: true), .gb18030)
        XCTAssertFalse(TextEncoding.looksBinary(file))
    }

    func testDecodesGBK() {
        let decoder = FieldDecoder(.gb18030)
        XCTAssertEqual(decoder.decode(dongHu), "江西省南昌市东湖区")
        XCTAssertEqual(decoder.decode(unitsTotal), "本期末实有见习单位总数")
        XCTAssertEqual(decoder.decode(fullWidth123), "１２３")
        XCTAssertEqual(decoder.decode(Array("12.5".utf8)), "12.5")
        XCTAssertEqual(decoder.decode([]), "")
        // Four-byte GB18030 sequences, BMP and supplementary.
        XCTAssertEqual(decoder.decode([0x81, 0x30, 0x81, 0x30]), "\u{80}")
        XCTAssertEqual(decoder.decode([0x95, 0x32, 0x82, 0x36]), "\u{20000}")
    }

    func testEuroSignOfCP936() {
        let bytes: [UInt8] = Array("1".utf8) + [0x80] + dongHu + [0x80]
        XCTAssertEqual(TextEncoding.detect(bytes, isComplete: true), .gb18030)
        XCTAssertEqual(FieldDecoder(.gb18030).decode(bytes), "1€江西省南昌市东湖区€")
    }

    func testInvalidGB18030() {
        let decoder = FieldDecoder(.gb18030)
        for bad: [UInt8] in [[0xFF], [0xBD], [0xBD, 0x20], [0x81, 0x30], [0x81, 0x30, 0x81], [0x81, 0x30, 0x20, 0x30],
                             [0x81, 0x30, 0x81, 0x20], Array(dongHu.dropLast())] {
            XCTAssertNil(TextEncoding.detect(bad, isComplete: true), "\(bad)")
            XCTAssertNil(decoder.decode(bad), "\(bad)")
        }
        // The converter is reset after a failure.
        XCTAssertEqual(decoder.decode(dongHu), "江西省南昌市东湖区")
    }

    func testTruncatedSequenceAtTheEndOfAPrefix() {
        // 东湖区 in GBK cut after a lead byte: fine in a prefix, not in a whole file.
        let cut = Array(dongHu.prefix(5))
        XCTAssertEqual(TextEncoding.detect(cut, isComplete: false), .gb18030)
        XCTAssertNil(TextEncoding.detect(cut, isComplete: true))
        XCTAssertEqual(TextEncoding.detect([0x31, 0x81, 0x30, 0x81], isComplete: false), .gb18030)
        // 江 (E6 B1 9F) cut after two bytes: UTF-8 in a prefix, not in a whole file.
        let utf8 = Array(Array("南昌市江".utf8).dropLast())
        XCTAssertEqual(TextEncoding.detect(utf8, isComplete: false), .utf8)
        XCTAssertNotEqual(TextEncoding.detect(utf8, isComplete: true), .utf8)
    }

    func testDetectsUTF8WithAndWithoutBOM() {
        let text = Array("行政区划代码,填报单位\n360102,东湖区人社局\n".utf8)
        XCTAssertEqual(TextEncoding.detect(text, isComplete: true), .utf8)
        XCTAssertEqual(TextEncoding.detect([0xEF, 0xBB, 0xBF] + text, isComplete: true), .utf8)
        XCTAssertEqual(TextEncoding.detect(Array("plain ascii,1,2\n".utf8), isComplete: true), .utf8)
        XCTAssertEqual(TextEncoding.detect([], isComplete: true), .utf8)
        let decoder = FieldDecoder(.utf8)
        XCTAssertEqual(decoder.decode(Array("东湖区人社局".utf8)), "东湖区人社局")
        XCTAssertEqual(decoder.decode(Array("１２３".utf8)), "１２３")
    }

    func testUTF8IsStrict() {
        let decoder = FieldDecoder(.utf8)
        // Overlong, surrogate, beyond U+10FFFF, stray continuation, truncated.
        for bad: [UInt8] in [[0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                             [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE6, 0xB1], dongHu] {
            XCTAssertFalse(bad.withUnsafeBufferPointer { TextEncoding.isValidUTF8($0, isComplete: true) }, "\(bad)")
            XCTAssertNil(decoder.decode(bad), "\(bad)")
        }
        for good in ["\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}", "江"] {
            let bytes = Array(good.utf8)
            XCTAssertTrue(bytes.withUnsafeBufferPointer { TextEncoding.isValidUTF8($0, isComplete: true) }, good)
            XCTAssertEqual(decoder.decode(bytes), good)
        }
    }

    func testUTF8ChineseIsNotTakenForGBKNorGBKForUTF8() {
        // UTF-8 Chinese can be valid GB18030 as well (江西 is E6B1 9FE8 A5BF, 姹熻タ in GB18030):
        // UTF-8 must win.
        let utf8 = Array("江西,江西".utf8)
        XCTAssertTrue(utf8.withUnsafeBufferPointer { TextEncoding.isValidGB18030($0, isComplete: true) })
        XCTAssertEqual(TextEncoding.detect(utf8, isComplete: true), .utf8)
        // And GBK is not valid UTF-8.
        XCTAssertFalse((unitsTotal + dongHu).withUnsafeBufferPointer { TextEncoding.isValidUTF8($0, isComplete: true) })
        XCTAssertEqual(TextEncoding.detect(unitsTotal + dongHu, isComplete: false), .gb18030)
    }

    func testBinaryInput() {
        XCTAssertTrue(TextEncoding.looksBinary([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))  // .xlsx (zip)
        XCTAssertTrue(TextEncoding.looksBinary([0xFF, 0xFE, 0x5F, 0x6C]))  // UTF-16 LE BOM
        XCTAssertTrue(TextEncoding.looksBinary([0xFE, 0xFF, 0x6C, 0x5F]))  // UTF-16 BE BOM
        XCTAssertTrue(TextEncoding.looksBinary(Array("a,b\n1,\u{0}".utf8)))
        XCTAssertFalse(TextEncoding.looksBinary(Array("a,b\n1,2\n".utf8)))
        XCTAssertFalse(TextEncoding.looksBinary([0xFF]))
        XCTAssertFalse(TextEncoding.looksBinary([]))
        // Random bytes are neither encoding (0xFF appears, or a bad sequence).
        XCTAssertNil(TextEncoding.detect([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0xFF, 0xFF], isComplete: true))
    }

    /// Every two-byte code decodes the same through iconv as through Foundation's GB18030, one
    /// field per character, with one reused decoder. Known differences: glibc follows
    /// GB18030-2022 for six FExx codes (private use in 2005, CJK Extension B since) and maps A3A0
    /// to U+E5E5 where Foundation has U+3000; none of the seven is in CP936, which Excel writes.
    func testAllTwoByteCodesAgreeWithFoundation() throws {
        let versionDifferences: Set<[UInt8]> = [[0xA3, 0xA0], [0xFE, 0x51], [0xFE, 0x52], [0xFE, 0x53],
                                                [0xFE, 0x6C], [0xFE, 0x76], [0xFE, 0x91]]
        let foundation = String.Encoding(rawValue: 0x8000_0632)
        let decoder = FieldDecoder(.gb18030)
        var checked = 0
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE where trail != 0x7F {
                let bytes = [lead, trail]
                let ours = decoder.decode(bytes)
                let theirs = String(bytes: bytes, encoding: foundation)
                if let ours, let theirs, ours != theirs, !versionDifferences.contains(bytes) {
                    XCTFail("\(bytes): iconv \(ours.unicodeScalars.map(\.value)) Foundation \(theirs.unicodeScalars.map(\.value))")
                }
                if ours != nil { checked += 1 }
            }
        }
        XCTAssertGreaterThan(checked, 21_000)
    }

    func testRandomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 99)
        let utf8 = FieldDecoder(.utf8)
        let gb = FieldDecoder(.gb18030)
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoding = TextEncoding.detect(bytes, isComplete: true)
            _ = TextEncoding.detect(bytes, isComplete: false)
            _ = TextEncoding.looksBinary(bytes)
            let asUTF8 = utf8.decode(bytes)
            let asGB = gb.decode(bytes)
            XCTAssertEqual(asUTF8 != nil, bytes.withUnsafeBufferPointer { TextEncoding.isValidUTF8($0, isComplete: true) })
            if encoding == .utf8 { XCTAssertNotNil(asUTF8) }
            // iconv may still refuse structurally valid but unassigned four-byte codes.
            if asGB != nil { XCTAssertTrue(bytes.withUnsafeBufferPointer { TextEncoding.isValidGB18030($0, isComplete: true) }) }
        }
    }
}
