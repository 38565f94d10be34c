/// Excel's rules for sheet names, applied by changing names rather than failing: at most 31
/// characters, none of `[]:*?/\`, no apostrophe at either end, not "History" (Excel reserves it),
/// unique ignoring case. The same requested names always give the same result.
enum SheetNames {
    static let maximumLength = 31

    /// One valid name per requested name, in order; a clash gets " (2)", " (3)"... as Excel does.
    static func assign(_ requested: [String]) -> [String] {
        var used = Set<String>()
        var result: [String] = []
        for (index, name) in requested.enumerated() {
            let base = sanitised(name, fallback: "Sheet\(index + 1)")
            var candidate = base
            var counter = 2
            while used.contains(candidate.lowercased()) || candidate.lowercased() == "history" {
                let suffix = " (\(counter))"
                candidate = truncated(base, to: maximumLength - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    static func sanitised(_ name: String, fallback: String) -> String {
        // Control characters cannot be typed in Excel's tab and some break the XML.
        var clean = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.filter { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        clean = truncated(clean, to: maximumLength)
        while clean.hasPrefix("'") { clean.removeFirst() }
        while clean.hasSuffix("'") { clean.removeLast() }
        return clean.isEmpty ? fallback : clean
    }

    /// Excel counts UTF-16 units; cut at whole characters so no emoji or accent is split.
    private static func truncated(_ text: String, to limit: Int) -> String {
        var result = ""
        for character in text {
            if result.utf16.count + character.utf16.count > limit { break }
            result.append(character)
        }
        return result
    }
}
