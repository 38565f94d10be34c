#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a return may arrive in: UTF-8 (with or without a BOM), or GB18030, which
/// includes GBK and GB2312 and is what Excel writes for a "CSV" on a Chinese Windows.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"

    /// Strict UTF-8 first, else GB18030, else nil. GBK text is almost never valid UTF-8 (its lead
    /// bytes are rarely followed by 0x80-0xBF), while UTF-8 Chinese is usually valid GB18030 too,
    /// so the order matters. `isComplete: false` means `prefix` is the start of a longer input, so
    /// a multi-byte sequence cut off at its very end is not held against it.
    /// NUL bytes are valid in both: check `looksBinary` first.
    public static func detect(_ prefix: [UInt8], isComplete: Bool) -> TextEncoding? {
        prefix.withUnsafeBufferPointer { bytes in
            if isValidUTF8(bytes, isComplete: isComplete) { return .utf8 }
            if isValidGB18030(bytes, isComplete: isComplete) { return .gb18030 }
            return nil
        }
    }

    /// True for content that is not UTF-8 or GB text at all: NUL bytes (spreadsheets, archives,
    /// UTF-16/32 text) or a UTF-16 byte order mark.
    public static func looksBinary(_ prefix: [UInt8]) -> Bool {
        if prefix.count >= 2, (prefix[0] == 0xFF && prefix[1] == 0xFE) || (prefix[0] == 0xFE && prefix[1] == 0xFF) {
            return true
        }
        return prefix.contains(0)
    }

    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>, isComplete: Bool) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let lead = b[i]
            if lead < 0x80 { i += 1; continue }
            // The allowed range of the second byte excludes overlong forms and surrogates (RFC 3629).
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            for k in 1..<length {
                guard i + k < n else { return !isComplete }
                let c = b[i + k]
                if k == 1 {
                    guard c >= low && c <= high else { return false }
                } else {
                    guard c & 0xC0 == 0x80 else { return false }
                }
            }
            i += length
        }
        return true
    }

    /// Structural check: 1 byte 0x00-0x7F; 2 bytes 0x81-0xFE then 0x40-0x7E or 0x80-0xFE;
    /// 4 bytes 0x81-0xFE 0x30-0x39 0x81-0xFE 0x30-0x39; and a lone 0x80, the euro sign of CP936.
    static func isValidGB18030(_ b: UnsafeBufferPointer<UInt8>, isComplete: Bool) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let lead = b[i]
            if lead <= 0x80 { i += 1; continue }
            guard lead != 0xFF else { return false }
            guard i + 1 < n else { return !isComplete }
            let second = b[i + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) { i += 2; continue }
            guard (0x30...0x39).contains(second) else { return false }
            guard i + 2 < n else { return !isComplete }
            guard (0x81...0xFE).contains(b[i + 2]) else { return false }
            guard i + 3 < n else { return !isComplete }
            guard (0x30...0x39).contains(b[i + 3]) else { return false }
            i += 4
        }
        return true
    }
}

/// Turns the bytes of one field into a String, or nil when they are not valid in the encoding.
/// One decoder holds one iconv converter for GB18030 and reuses it: create one per file (or per
/// thread), not per field. Not thread-safe.
public struct FieldDecoder {
    public let encoding: TextEncoding
    private let converter: GB18030Converter?

    public init(_ encoding: TextEncoding) {
        self.encoding = encoding
        converter = encoding == .gb18030 ? GB18030Converter() : nil
    }

    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // ASCII is the same in both encodings and needs no validation beyond the scan.
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let converter { return converter.convert(bytes) }
        // Our own check, then decoding that finds nothing to repair: String(validating:as:) is
        // generic and looked up its encoding at run time on every call.
        return TextEncoding.isValidUTF8(bytes, isComplete: true) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    public func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    private func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Eight bytes at a time: a field of digits is the common case.
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            if UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }
}

/// An iconv GB18030 -> UTF-8 converter, closed when the last decoder using it goes away.
private final class GB18030Converter {
    private let handle: iconv_t

    init() {
        let handle = iconv_open("UTF-8", "GB18030")
        // glibc ships the GB18030 gconv module with libc6 and musl builds it in; without it the
        // tool cannot work at all, so this is a broken installation rather than bad input.
        guard let handle, Int(bitPattern: handle) != -1 else {
            fatalError("iconv cannot convert GB18030 on this system (missing gconv modules?)")
        }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    func convert(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return "" }
        // UTF-8 needs at most 3 bytes per input byte (a lone 0x80 becomes the 3-byte euro sign;
        // 2-byte characters need at most 3, 4-byte ones at most 4).
        let capacity = bytes.count * 3
        var valid = true
        let result = String(unsafeUninitializedCapacity: capacity) { out -> Int in
            guard let outBase = out.baseAddress else { valid = false; return 0 }
            _ = iconv(handle, nil, nil, nil, nil)  // reset the shift state (GB18030 has none)
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = bytes.count
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = capacity
            while inLeft > 0 {
                if iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft) != -1 { break }
                // glibc's GB18030 rejects a lone 0x80, which CP936 (Excel's "GBK") uses for "€".
                guard errno == EILSEQ, let at = inPointer, UInt8(bitPattern: at.pointee) == 0x80,
                      outLeft >= 3, let o = outPointer else {
                    valid = false
                    return 0
                }
                o[0] = CChar(bitPattern: 0xE2); o[1] = CChar(bitPattern: 0x82); o[2] = CChar(bitPattern: 0xAC)
                outPointer = o + 3
                outLeft -= 3
                inPointer = at + 1
                inLeft -= 1
            }
            return capacity - outLeft
        }
        return valid ? result : nil
    }
}
