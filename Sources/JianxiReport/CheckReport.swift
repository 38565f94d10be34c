import JianxiDomain
import JianxiRead
import JianxiRules

/// Counts for the end of a check report.
public struct CheckSummary: Sendable, Equatable {
    public var files = 0
    public var returns = 0
    public var returnsWithErrors = 0
    public var returnsWithWarningsOnly = 0
    public var errors = 0
    public var warnings = 0
    public var late = 0
    public var onTime = 0
    /// Files with findings of their own (unreadable, bad header).
    public var filesWithErrors = 0

    public init() {}

    public var clean: Int { returns - returnsWithErrors - returnsWithWarningsOnly }

    public mutating func add(_ checked: CheckedReturn) {
        returns += 1
        let e = checked.errorCount, w = checked.warningCount
        errors += e
        warnings += w
        if e > 0 { returnsWithErrors += 1 } else if w > 0 { returnsWithWarningsOnly += 1 }
        switch checked.isLate {
        case true?: late += 1
        case false?: onTime += 1
        case nil: break
        }
    }

    public mutating func add(fileFindings: [Finding]) {
        files += 1
        let e = fileFindings.count { $0.severity == .error }
        errors += e
        warnings += fileFindings.count(where: \.isOpenWarning)
        if e > 0 { filesWithErrors += 1 }
    }
}

/// Where a check report goes, a piece at a time, so that a million returns take no more memory
/// than one: each file, the returns read from it as they are checked, the file's own findings,
/// then the summary.
public protocol CheckReportWriter {
    mutating func beginFile(_ source: String)
    mutating func write(_ checked: CheckedReturn)
    mutating func endFile(_ source: String, findings: [Finding])
    mutating func finish(_ summary: CheckSummary)
}

/// Any place text can go (standard output, a string in tests).
public typealias TextSink = (String) -> Void
