/// Rough text extents for column widths, row heights and comment boxes. Excel measures widths in
/// the default font's digit width; a CJK character takes about two.
enum TextMetrics {
    /// Display width in digit widths: 2 for East Asian wide and full-width characters, else 1.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    /// Lines `text` takes when wrapped in `width` digit widths (explicit line breaks count).
    static func lines(_ text: String, width: Double) -> Int {
        let usable = max(width - 1, 1)  // Excel keeps a little padding inside the cell
        func wrapped(_ lineWidth: Int) -> Int { max(1, Int((Double(lineWidth) / usable).rounded(.up))) }
        // Lines end at a line feed that is a character of its own: one after a carriage return
        // is part of a "\r\n" character, which does not end the line (nor did it when the text was
        // split by Character).
        var total = 0
        var lineWidth = 0
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previous != "\r" {
                total += wrapped(lineWidth)
                lineWidth = 0
            } else {
                lineWidth += isWide(scalar) ? 2 : 1
            }
            previous = scalar
        }
        return total + wrapped(lineWidth)
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }
}
