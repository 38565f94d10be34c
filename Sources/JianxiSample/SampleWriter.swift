import Foundation
import JianxiDomain
import JianxiRead

/// How the returns are laid out on disk.
public enum SampleLayout: String, CaseIterable, Sendable {
    /// All returns in `returns.csv`, by period then unit.
    case oneFile = "one-file"
    /// One file per return, `returns/<period>/<code>.csv`, as counties send them.
    case perReturn = "per-return"
}

/// What was written.
public struct SampleSummary: Sendable, Equatable {
    public var returns = 0
    public var withErrors = 0
    public var late = 0
    public var files = 0
    /// The latest 填报时间 written.
    public var latestSubmission: CivilDate?
    /// The region list and the returns file or folder.
    public var paths: [String] = []
}

public struct SampleWriteError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

extension SampleGenerator {
    /// The header of every returns file: the Chinese headers `jianxi template` writes, UTF-8 with a BOM, CRLF.
    public static let csvHeader: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Field.all.map { CSVFormat.quote($0.headerZH) }.joined(separator: ",").utf8) + [13, 10]

    /// Writes `directory/regions.csv` and the returns in `layout`; creates the folders it needs and
    /// replaces files of the same name. The bytes depend only on the options (and the calendar).
    public func write(to directory: String, layout: SampleLayout) throws(SampleWriteError) -> SampleSummary {
        var summary = SampleSummary()
        try Self.makeDirectory(directory)
        let regionsPath = directory + "/regions.csv"
        try Self.writeFile(regionsPath, regions.csv())
        summary.paths.append(regionsPath)

        // What never changes from one month to the next, as bytes, once.
        let prefixes: [[UInt8]] = regions.units.indices.map { unit in
            let region = regions.units[unit]
            return Array("\(region.code),\(CSVFormat.quote(region.name)),".utf8)
        }
        let contacts: [[UInt8]] = regions.units.indices.map { unit in
            Array(",\(CSVFormat.quote(Contacts.reporter(seed: options.seed, unit: unit))),\(CSVFormat.quote(Contacts.phone(seed: options.seed, unit: unit))),".utf8)
        }
        var periodBytes: [UInt8] = []
        var dayBytes: [[UInt8]] = []
        var line: [UInt8] = []
        line.reserveCapacity(256)
        var failure: SampleWriteError?

        switch layout {
        case .oneFile:
            let path = directory + "/returns.csv"
            let out: ChunkedFile
            do { out = try ChunkedFile(path: path) } catch { throw error }
            out.append(Self.csvHeader)
            forEachPeriod({ period, days in
                periodBytes = Array(period.description.utf8)
                dayBytes = days.days.map { Array($0.description.utf8) }
            }, { r, submission in
                guard failure == nil else { return }
                Self.appendLine(&out.buffer, prefix: prefixes[r.unit], period: periodBytes, submitted: dayBytes[submission],
                                contacts: contacts[r.unit], figures: r.figures)
                summary.count(r)
                if out.buffer.count >= ChunkedFile.chunk {
                    do throws(SampleWriteError) { try out.flush() } catch { failure = error }
                }
            })
            if let failure { throw failure }
            try out.close()
            summary.files = 1
            summary.paths.append(path)
        case .perReturn:
            let root = directory + "/returns"
            try Self.makeDirectory(root)
            var folder = ""
            var codes: [String] = regions.units.map(\.code)
            forEachPeriod({ period, days in
                periodBytes = Array(period.description.utf8)
                dayBytes = days.days.map { Array($0.description.utf8) }
                folder = root + "/" + period.description
                if failure == nil {
                    do throws(SampleWriteError) { try Self.makeDirectory(folder) } catch { failure = error }
                }
            }, { r, submission in
                guard failure == nil else { return }
                line.removeAll(keepingCapacity: true)
                line += Self.csvHeader
                Self.appendLine(&line, prefix: prefixes[r.unit], period: periodBytes, submitted: dayBytes[submission],
                                contacts: contacts[r.unit], figures: r.figures)
                do throws(SampleWriteError) { try Self.writeFile(folder + "/" + codes[r.unit] + ".csv", line) } catch { failure = error }
                summary.count(r)
                summary.files += 1
            })
            codes.removeAll()
            if let failure { throw failure }
            summary.paths.append(root)
        }
        return summary
    }

    /// One row: code,name,period,submitted_on,reporter,phone,1..14,说明(empty) CRLF.
    @inline(__always)
    static func appendLine(_ out: inout [UInt8], prefix: [UInt8], period: [UInt8], submitted: [UInt8], contacts: [UInt8],
                           figures f: SampleFigures) {
        out += prefix
        out += period
        out.append(UInt8(ascii: ","))
        out += submitted
        out += contacts
        // One call per figure: a literal array here would be allocated for every row.
        appendFigure(&out, f.unitsTotal)
        appendFigure(&out, f.unitsNew)
        appendFigure(&out, f.postsTotal)
        appendFigure(&out, f.postsNew)
        appendFigure(&out, f.planned)
        appendFigure(&out, f.onboarded)
        appendFigure(&out, f.onboardedGrads)
        appendFigure(&out, f.completed)
        appendFigure(&out, f.retained)
        appendFigure(&out, f.retainedGrads)
        appendFigure(&out, f.employedOther)
        appendFigure(&out, f.endedAbnormal)
        appendFigure(&out, f.onPost)
        appendAmount(&out, f.subsidyYuan)
        out.append(UInt8(ascii: ","))  // 说明, empty
        out.append(13)
        out.append(10)
    }

    @inline(__always)
    static func appendFigure(_ out: inout [UInt8], _ value: Int64) {
        appendInteger(&out, value)
        out.append(UInt8(ascii: ","))
    }

    /// A non-negative whole number in decimal.
    @inline(__always)
    static func appendInteger(_ out: inout [UInt8], _ value: Int64) {
        precondition(value >= 0)
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 {
                buffer[count] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Yuan as 万元 with up to four decimals and no trailing zeros: 1045100 -> 104.51.
    @inline(__always)
    static func appendAmount(_ out: inout [UInt8], _ yuan: Int64) {
        appendInteger(&out, yuan / 10_000)
        var fraction = yuan % 10_000
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        var divisor: Int64 = 1000
        while fraction > 0 {
            out.append(UInt8(truncatingIfNeeded: fraction / divisor) &+ 48)
            fraction %= divisor
            divisor /= 10
        }
    }

    static func makeDirectory(_ path: String) throws(SampleWriteError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SampleWriteError(path: path, reason: "exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SampleWriteError(path: path, reason: error.localizedDescription)
        }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(SampleWriteError) {
        let fd = try openForWriting(path)
        defer { _ = closeFile(fd) }
        try writeAll(fd, bytes, path: path)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SampleWriteError) {
        var failure: SampleWriteError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = writeBytes(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = SampleWriteError(path: path, reason: String(cString: strerror(errno)))
                    return
                }
                offset += n
            }
        }
        if let failure { throw failure }
    }
}

extension SampleSummary {
    mutating func count(_ r: SampleReturn) {
        returns += 1
        if r.deliberateError != nil { withErrors += 1 }
        if r.isLate { late += 1 }
        if latestSubmission.map({ r.submittedOn > $0 }) ?? true { latestSubmission = r.submittedOn }
    }
}

/// A file written in large chunks from a byte buffer.
final class ChunkedFile {
    static let chunk = 4 << 20
    let path: String
    let fd: Int32
    var buffer: [UInt8] = []

    init(path: String) throws(SampleWriteError) {
        self.path = path
        fd = try openForWriting(path)
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    func append(_ bytes: [UInt8]) { buffer += bytes }

    func flush() throws(SampleWriteError) {
        try SampleGenerator.writeAll(fd, buffer, path: path)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws(SampleWriteError) {
        try flush()
        if closeFile(fd) != 0 { throw SampleWriteError(path: path, reason: String(cString: strerror(errno))) }
    }
}

// The C calls under names no method here shadows (`write(to:layout:)`, `ChunkedFile.close()`).
private func openForWriting(_ path: String) throws(SampleWriteError) -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw SampleWriteError(path: path, reason: String(cString: strerror(errno))) }
    return fd
}

private func writeBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

private func closeFile(_ fd: Int32) -> Int32 { close(fd) }
