#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum CSVError: Error, Equatable, Sendable {
    /// A quoted field still open at the end of the input; `record` and `line` are where it starts.
    case unterminatedQuote(record: Int, line: Int)
    /// The input could not be opened or read (the message names the path and the system's reason).
    case io(String)
}

/// One record of a CSV file as a view of memory it does not own: valid only inside the closure
/// given to `CSVParser.withNextRecord`. The usual record is read in place, straight from the
/// parser's buffer; a record with quotes or cut by a chunk boundary is first unescaped.
public struct CSVRecord {
    /// 1-based record number, the header being 1: the row number a spreadsheet shows. Skipped
    /// blank lines are counted, so numbers stay in step with the spreadsheet.
    public let record: Int
    /// 1-based physical line where the record starts (later than `record` once a quoted field
    /// has held a line break).
    public let line: Int
    let base: UnsafePointer<UInt8>?
    /// End offset from `base` of each field.
    let ends: UnsafeBufferPointer<Int>
    /// Bytes from the end of one field to the start of the next: 1 (the comma) in place, 0 unescaped.
    let gap: Int

    /// Number of fields. Rows may be ragged; the caller compares this with the header.
    public var count: Int { ends.count }

    /// Where field `i` (0-based, `i < count`) lies from `base`.
    func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1] + gap)..<ends[i] }

    /// Whether field `i` (0-based, `i < count`) is empty.
    public func isEmpty(_ i: Int) -> Bool { range(i).isEmpty }

    /// Whether every field is empty (what Excel writes for an emptied row: ",,,,").
    public var isBlank: Bool { ends[count - 1] == (count - 1) * gap }

    /// The unescaped bytes of field `i` (0-based, `i < count`).
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = range(i)
        return try body(UnsafeBufferPointer(start: base.map { $0 + range.lowerBound }, count: range.count))
    }

    /// Field `i` as text, or nil when its bytes are invalid in the decoder's encoding.
    public func string(_ i: Int, _ decoder: FieldDecoder) -> String? {
        withField(i) { decoder.decode($0) }
    }
}

/// One record of a CSV file that owns its bytes, so it stays valid after the parser moves on.
public struct CSVRow: Sendable {
    public let record: Int
    public let line: Int
    private let bytes: [UInt8]
    private let ends: [Int]
    private let gap: Int

    init(_ view: CSVRecord) {
        record = view.record
        line = view.line
        bytes = Array(UnsafeBufferPointer(start: view.base, count: view.ends.last ?? 0))
        ends = Array(view.ends)
        gap = view.gap
    }

    /// The record as a view of this row's bytes.
    public func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try body(CSVRecord(record: record, line: line, base: bytes.baseAddress, ends: ends, gap: gap))
            }
        }
    }

    /// Number of fields. Rows may be ragged; the caller compares this with the header.
    public var count: Int { ends.count }

    /// Whether field `i` (0-based, `i < count`) is empty.
    public func isEmpty(_ i: Int) -> Bool { withRecord { $0.isEmpty(i) } }

    /// Whether every field is empty (what Excel writes for an emptied row: ",,,,").
    public var isBlank: Bool { withRecord { $0.isBlank } }

    /// The unescaped bytes of field `i` (0-based, `i < count`).
    public subscript(i: Int) -> ArraySlice<UInt8> { bytes[withRecord { $0.range(i) }] }

    /// The unescaped bytes of field `i` (0-based, `i < count`) without copying them.
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withRecord { try $0.withField(i, body) }
    }

    /// Field `i` as text, or nil when its bytes are invalid in the decoder's encoding.
    public func string(_ i: Int, _ decoder: FieldDecoder) -> String? {
        withRecord { $0.string(i, decoder) }
    }
}

/// A streaming RFC 4180 reader working on raw bytes, for files of any size in flat memory.
///
/// - Reads UTF-8 and GB18030 alike without decoding: every byte of a multi-byte character in
///   either encoding is >= 0x30 (UTF-8: >= 0x80; GBK trail bytes 0x40-0xFE; GB18030 4-byte
///   second/fourth bytes 0x30-0x39), so none can be mistaken for '"', ',', CR or LF.
/// - Line ends: CRLF, LF or a lone CR, inside quotes as well.
/// - A UTF-8 BOM at the start is skipped (`hadBOM`).
/// - A record that is a single empty field (a blank line, or a lone `""`) is skipped, but counted
///   in `CSVRow.record`.
/// - Lenient like Excel: a quote inside an unquoted field is literal (`ab"c`), and text after a
///   closing quote is kept (`"ab"c` is `abc`).
/// - An unterminated quoted field at the end is `CSVError.unterminatedQuote`.
public struct CSVParser: ~Copyable {
    public static let defaultChunkSize = 1 << 20
    /// How much of the input `sample` holds at most.
    public static let sampleSize = 1 << 16

    /// Whether the input began with a UTF-8 byte order mark (not part of the first field).
    public let hadBOM: Bool
    /// Whether `sample` holds the whole input.
    public let sampleIsComplete: Bool

    private let input: Input
    private var position = 0
    private var end = 0
    private var state = State.recordStart
    private var fieldBytes = Scratch<UInt8>(capacity: 1024)
    private var fieldEnds = Scratch<Int>(capacity: 64)
    /// Records finished so far, skipped blank ones included.
    private var records = 0
    /// Of them, those read in place (what keeps a large file fast; tests watch it).
    private(set) var recordsInPlace = 0
    /// The physical line the parser is on, and the line the current record started on.
    private var line = 1
    private var recordLine = 1

    private enum State {
        case recordStart
        /// A record just ended with CR: an LF here belongs to it.
        case recordStartAfterCR
        case fieldStart
        case unquoted
        case quoted
        /// Inside quotes, just after a CR: an LF here is the same line break.
        case quotedAfterCR
        /// Inside quotes, just after a '"': either an escaped quote or the closing one.
        case quoteInQuoted
    }

    /// Reads the file in chunks of `chunkSize` bytes with POSIX `read`.
    public init(path: String, chunkSize: Int = defaultChunkSize) throws(CSVError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("cannot open \(path): \(Self.systemError())") }
        self.init(input: try Input(fd: fd, path: path, chunkSize: chunkSize))
    }

    /// Parses bytes in memory; `chunkSize` lets tests cut the input anywhere.
    public init(bytes: [UInt8], chunkSize: Int = defaultChunkSize) {
        self.init(input: Input(bytes: bytes, chunkSize: chunkSize))
    }

    private init(input: Input) {
        self.input = input
        hadBOM = input.head.starts(with: [0xEF, 0xBB, 0xBF])
        if hadBOM { input.headOffset = 3 }
        sampleIsComplete = input.headIsAll && input.head.count <= Self.sampleSize
    }

    /// The first bytes of the input (up to `sampleSize`, BOM included), for `TextEncoding.detect`
    /// and `looksBinary`.
    public var sample: [UInt8] { Array(input.head.prefix(Self.sampleSize)) }

    /// The next record, or nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRow? {
        try withNextRecord { CSVRow($0) }
    }

    /// Calls `body` with the next record, which is valid only inside it; nil at the end of the input.
    public mutating func withNextRecord<R>(_ body: (CSVRecord) -> R) throws(CSVError) -> R? {
        fieldBytes.removeAll()
        fieldEnds.removeAll()
        while true {
            if position == end {
                end = try input.read()
                position = 0
                if end == 0 {
                    guard try finish() else { return nil }
                    return fieldEnds.withBuffer { body(CSVRecord(record: records, line: recordLine, base: fieldBytes.base, ends: $0, gap: 0)) }
                }
            }
            if state == .recordStart, let start = recordInPlace() {
                if recordIsOneEmptyField {
                    fieldEnds.removeAll()
                    continue
                }
                return fieldEnds.withBuffer { body(CSVRecord(record: records, line: recordLine, base: input.chunk + start, ends: $0, gap: 1)) }
            }
            if scan() {
                records += 1
                if recordIsOneEmptyField {
                    fieldBytes.removeAll()
                    fieldEnds.removeAll()
                    continue
                }
                return fieldEnds.withBuffer { body(CSVRecord(record: records, line: recordLine, base: fieldBytes.base, ends: $0, gap: 0)) }
            }
        }
    }

    /// The usual record: whole in the chunk, ended by LF or CRLF, with no quote and no lone CR.
    /// Its fields need no unescaping, so they are read in place: `fieldEnds` gets the offset of
    /// each field's end from the record's start, which is returned. nil, having consumed nothing,
    /// when the record needs the state machine.
    private mutating func recordInPlace() -> Int? {
        let p = input.chunk + position
        let available = end - position
        guard let found = memchr(p, Int32(lf), available) else { return nil }
        let lineEnd = found.assumingMemoryBound(to: UInt8.self) - p
        let length = lineEnd > 0 && p[lineEnd - 1] == cr ? lineEnd - 1 : lineEnd
        guard memchr(p, Int32(quote), length) == nil, memchr(p, Int32(cr), length) == nil else { return nil }
        for i in 0..<length where p[i] == comma { fieldEnds.append(i) }
        fieldEnds.append(length)
        records += 1
        recordsInPlace += 1
        recordLine = line
        line += 1
        let start = position
        position += lineEnd + 1
        return start
    }

    /// At the end of the input: whether a last record without a line end is left in the buffers.
    private mutating func finish() throws(CSVError) -> Bool {
        switch state {
        case .recordStart, .recordStartAfterCR:
            return false
        case .quoted, .quotedAfterCR:
            throw .unterminatedQuote(record: records + 1, line: recordLine)
        case .fieldStart, .unquoted, .quoteInQuoted:
            fieldEnds.append(fieldBytes.count)
            records += 1
            state = .recordStart
            return !recordIsOneEmptyField
        }
    }

    /// A blank line, or a lone `""`: skipped, though counted.
    private var recordIsOneEmptyField: Bool { fieldEnds.count == 1 && fieldEnds[0] == 0 }

    /// Consumes bytes of the current chunk until a record ends (true) or the chunk is used up
    /// (false). Runs of ordinary bytes are copied in one go; only the few special bytes go
    /// through the state machine.
    private mutating func scan() -> Bool {
        let p = input.chunk
        let n = end
        var i = position
        defer { position = i }
        while i < n {
            switch state {
            case .recordStartAfterCR:
                state = .recordStart
                if p[i] == lf { i += 1 }
            case .recordStart:
                recordLine = line
                state = .fieldStart
            case .fieldStart:
                switch p[i] {
                case quote:
                    i += 1
                    state = .quoted
                case comma, lf, cr:
                    if delimiter(p[i], at: &i) { return true }
                default:
                    state = .unquoted
                }
            case .unquoted:
                let start = i
                // Every special byte is <= ',' (0x2C); digits and multi-byte text are above it.
                while i < n {
                    let b = p[i]
                    if b <= comma && (b == comma || b == lf || b == cr) { break }
                    i += 1
                }
                append(p + start, i - start)
                if i < n && delimiter(p[i], at: &i) { return true }
            case .quoted:
                let start = i
                while i < n {
                    let b = p[i]
                    if b <= quote && (b == quote || b == lf || b == cr) { break }
                    i += 1
                }
                append(p + start, i - start)
                guard i < n else { break }
                switch p[i] {
                case quote: state = .quoteInQuoted
                case cr: fieldBytes.append(cr); line += 1; state = .quotedAfterCR
                default: fieldBytes.append(lf); line += 1
                }
                i += 1
            case .quotedAfterCR:
                state = .quoted
                if p[i] == lf { fieldBytes.append(lf); i += 1 }
            case .quoteInQuoted:
                switch p[i] {
                case quote:
                    fieldBytes.append(quote)
                    i += 1
                    state = .quoted
                case comma, lf, cr:
                    if delimiter(p[i], at: &i) { return true }
                default:
                    // Text after the closing quote: keep it, as Excel does.
                    state = .unquoted
                }
            }
        }
        return false
    }

    /// Handles a ',', CR or LF outside quotes; true when it ends the record.
    @inline(__always)
    private mutating func delimiter(_ b: UInt8, at i: inout Int) -> Bool {
        i += 1
        fieldEnds.append(fieldBytes.count)
        if b == comma {
            state = .fieldStart
            return false
        }
        line += 1
        if b == cr, i < end, input.chunk[i] == lf {
            // CRLF whole in the chunk: the next record starts clean and may be read in place.
            i += 1
            state = .recordStart
        } else {
            state = b == cr ? .recordStartAfterCR : .recordStart
        }
        return true
    }

    @inline(__always)
    private mutating func append(_ start: UnsafeMutablePointer<UInt8>, _ count: Int) {
        if count > 0 { fieldBytes.append(start, count) }
    }

    fileprivate static func systemError() -> String { String(cString: strerror(errno)) }
}

/// A growing array of plain values that the parser alone owns: an append is a capacity check
/// and a copy, without Array's uniqueness checks on every call (the parser's hottest path).
private struct Scratch<Element: BitwiseCopyable>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { storage.deallocate() }

    subscript(i: Int) -> Element { storage[i] }

    /// The memory of the elements, valid until the next change.
    var base: UnsafePointer<Element>? { UnsafePointer(storage) }

    func withBuffer<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
        body(UnsafeBufferPointer(start: storage, count: count))
    }

    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (storage + count).initialize(to: element)
        count += 1
    }

    mutating func append(_ elements: UnsafePointer<Element>, _ n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (storage + count).initialize(from: elements, count: n)
        count += n
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow(to needed: Int) {
        capacity = max(needed, capacity * 2)
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        larger.initialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
    }
}

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let lf = UInt8(ascii: "\n")
private let cr = UInt8(ascii: "\r")

/// Where the bytes come from: `head` (the first bytes of a file, or all of an in-memory input)
/// and then, for a file, further reads. Owns the chunk buffer and the file descriptor.
private final class Input {
    /// The file's first bytes (read eagerly for the BOM and `sample`), or the whole in-memory input.
    let head: [UInt8]
    var headOffset = 0
    /// True when `head` is the whole input.
    let headIsAll: Bool
    let chunk: UnsafeMutablePointer<UInt8>
    private let chunkSize: Int
    private let fd: Int32
    private let path: String

    init(bytes: [UInt8], chunkSize: Int) {
        head = bytes
        headIsAll = true
        self.chunkSize = max(1, min(chunkSize, bytes.count))
        chunk = Self.allocateChunk(self.chunkSize)
        fd = -1
        path = ""
    }

    init(fd: Int32, path: String, chunkSize: Int) throws(CSVError) {
        // A file smaller than the head gets buffers of its size, not 64 KiB and 1 MiB: reading
        // thousands of one-return files is mostly opening them. One byte more than its size
        // shows the end; if it has grown since, the head grows to the full sample.
        var capacity = CSVParser.sampleSize
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size >= 0 {
            capacity = min(capacity, Int(status.st_size) + 1)
        }
        var head = [UInt8](repeating: 0, count: capacity)
        var filled = 0
        var failure: CSVError?
        while true {
            head.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                while filled < buffer.count {
                    let n = posixRead(fd, base + filled, buffer.count - filled)
                    if n < 0 { failure = .io("cannot read \(path): \(CSVParser.systemError())"); return }
                    if n == 0 { break }
                    filled += n
                }
            }
            if failure != nil || filled < head.count || head.count == CSVParser.sampleSize { break }
            head.append(contentsOf: repeatElement(0, count: CSVParser.sampleSize - head.count))
        }
        if let failure {
            close(fd)
            throw failure
        }
        headIsAll = filled < head.count
        head.removeSubrange(filled...)
        self.head = head
        self.fd = fd
        self.path = path
        self.chunkSize = headIsAll ? max(1, min(chunkSize, filled)) : max(1, chunkSize)
        chunk = Self.allocateChunk(self.chunkSize)
    }

    private static func allocateChunk(_ size: Int) -> UnsafeMutablePointer<UInt8> {
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        chunk.initialize(repeating: 0, count: size)
        return chunk
    }

    deinit {
        if fd >= 0 { close(fd) }
        chunk.deallocate()
    }

    /// Fills `chunk` with up to `chunkSize` bytes; 0 at the end of the input.
    func read() throws(CSVError) -> Int {
        if headOffset < head.count {
            let n = min(chunkSize, head.count - headOffset)
            head.withUnsafeBufferPointer { src in
                if let base = src.baseAddress { chunk.update(from: base + headOffset, count: n) }
            }
            headOffset += n
            return n
        }
        guard fd >= 0 else { return 0 }
        let n = posixRead(fd, chunk, chunkSize)
        if n < 0 { throw .io("cannot read \(path): \(CSVParser.systemError())") }
        return n
    }
}

/// `read(2)`, retried when a signal interrupts it.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    while true {
        let n = read(fd, buffer, count)
        if n >= 0 || errno != EINTR { return n }
    }
}
