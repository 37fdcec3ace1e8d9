/// Text measured and broken into lines without font metrics: estimates that err on
/// the wide side, so labels and titles fit.
extension Style {
    /// Rough width of `text` in pixels at `size` (generous: DejaVu Sans digits and bold
    /// text run to about 0.6 em).
    static func width(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

    /// `text` broken into lines of at most `width` pixels at `size`.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        let maxChars = max(10, Int(width / (size * 0.54)))  // running text averages about 0.5 em
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= maxChars {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
