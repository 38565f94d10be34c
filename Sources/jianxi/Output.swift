import Foundation

/// Standard output through a large buffer: a report of a million returns is a million writes.
final class StandardOutput {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    func line(_ text: String) {
        var text = text
        text.withUTF8 { line($0) }
    }

    func line(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        buffer.append(UInt8(ascii: "\n"))
        flushWhenFull()
    }

    /// Text that is not a whole line (a JSON document written piece by piece).
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushWhenFull()
    }

    private func flushWhenFull() {
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }  // a closed pipe: nothing more can be said
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

func printError(_ text: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
}
