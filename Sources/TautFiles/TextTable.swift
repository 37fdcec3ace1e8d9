import Foundation

/// A plain text table: right-aligned numbers, left-aligned text, two spaces between columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns (by index) aligned left; the rest right.
    var leftAligned: Set<Int> = [0]

    init(_ header: [String], leftAligned: Set<Int> = [0]) {
        self.header = header
        self.leftAligned = leftAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    var widths: [Int] {
        header.indices.map { i in ([header] + rows).map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
    }

    var width: Int { widths.reduce(0, +) + 2 * max(0, header.count - 1) }

    func render(indent: String = "") -> String {
        let w = widths
        func line(_ cells: [String]) -> String {
            let parts = cells.enumerated().map { i, cell -> String in
                let pad = String(repeating: " ", count: max(0, w[i] - cell.count))
                return leftAligned.contains(i) ? cell + pad : pad + cell
            }
            var text = indent + parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var out = [line(header), indent + w.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    /// GitHub-flavoured Markdown.
    func markdown() -> String {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { leftAligned.contains($0) ? "---|" : "---:|" }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
