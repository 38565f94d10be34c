extension Substring {
    /// Without surrounding white space (ASCII, the ideographic space U+3000, no-break spaces and
    /// other Unicode spaces, line breaks). Foundation's `trimmingCharacters(in:)` goes through
    /// NSString on Linux and dominated the time to read a large file; this stays in Swift, and
    /// the usual cell, with nothing to trim, costs a glance at its two ends.
    public var trimmed: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return String(self)
        }
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while start < end, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(self[start..<end])
    }
}

extension String {
    public var trimmed: String { Substring(self).trimmed }
}
