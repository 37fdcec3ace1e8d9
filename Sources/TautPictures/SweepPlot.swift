import Foundation
import TautFiles

/// Line plots of a sweep (`taut sweep` CSV) as SVG: one or more columns against a sweep
/// axis, with axes, ticks, units (from the column names) and a legend.
///
/// - Without `groupBy`: the `y` columns are grouped by unit, one panel per unit (tensions
///   in N, lengths in mm, strains in %, angles in °), one line per column.
/// - With `groupBy` (a second sweep axis): one panel per `y` column, one line per value
///   of that axis, coloured in order on the viridis scale.
///
/// Points without equilibrium (`converged` false, empty fields) leave gaps in the lines.
/// Any other sweep axis must be held fixed with `filters` (`--where AXIS=VALUE`).
public struct SweepPlot {
    public struct Request: Sendable {
        /// The horizontal axis column.
        public var x: String
        /// The columns to plot; `*` in a name matches any characters (`*_tension_n`).
        public var y: [String]
        /// A second sweep axis: one line per value.
        public var groupBy: String?
        /// Sweep axes held at one value: (column, value).
        public var filters: [(String, Double)]
        public var title: String?

        public init(x: String, y: [String], groupBy: String? = nil, filters: [(String, Double)] = [], title: String? = nil) {
            self.x = x
            self.y = y
            self.groupBy = groupBy
            self.filters = filters
            self.title = title
        }
    }

    /// What a column holds, from its name.
    public struct ColumnInfo: Equatable, Sendable {
        /// e.g. `tension`, `length`, `strain`, `angle`.
        public var quantity: String
        /// e.g. `N`, `mm`, `%`, `°`; empty when dimensionless and unnamed.
        public var unit: String
        /// Multiplies the file's values (strain is a fraction in the file, % in the plot).
        public var factor: Double
        /// What distinguishes it from its siblings: a muscle, a coordinate.
        public var subject: String

        /// "quantity (unit)".
        public var axisLabel: String { unit.isEmpty ? quantity : "\(quantity) (\(unit))" }
    }

    public struct Series: Sendable {
        public var label: String
        public var color: String
        public var dash: String?
        /// (x, y) in plot units; nil y breaks the line.
        public var points: [(x: Double, y: Double?)]
    }

    public struct Panel: Sendable {
        public var yLabel: String
        public var series: [Series]
        public var plot: PixelRect
        public var x: LinearScale
        public var y: LinearScale
        public var xTicks: [Double]
        public var yTicks: [Double]
    }

    public let csv: SweepFile
    public let request: Request
    public let xInfo: ColumnInfo
    public private(set) var panels: [Panel] = []
    public private(set) var notes: [String] = []
    /// The panels' vertical-axis labels, in order.
    public private(set) var yLabels: [String] = []
    public let width: Double
    public private(set) var height: Double = 0

    static let margin = 16.0
    static let legendWidth = 214.0
    static let axisLeft = 70.0

    /// - Throws: `InputError` naming the file and the column or option at fault.
    public init(csv: SweepFile, request: Request, width: Double = 800) throws {
        self.csv = csv
        self.request = request
        self.width = width
        let xIndex = try csv.index(of: request.x, option: "--x")
        xInfo = Self.describe(request.x)
        let yColumns = try Self.expand(request.y, in: csv)
        let yIndices = try yColumns.map { try csv.index(of: $0, option: "--y") }
        let groupIndex = try request.groupBy.map { try csv.index(of: $0, option: "--group-by") }
        if let g = request.groupBy, g == request.x {
            throw InputError(file: csv.file, key: "--group-by", message: "'\(g)' is already the x axis; pick another sweep axis")
        }
        let filterIndices = try request.filters.map { (try csv.index(of: $0.0, option: "--where"), $0.1) }

        // Rows kept: those matching the filters.
        var rows: [SweepFile.Row] = []
        for row in csv.rows {
            var keep = true
            for (k, wanted) in filterIndices {
                guard let v = try csv.number(row, k), abs(v - wanted) <= 1e-9 * max(1, abs(wanted)) else {
                    keep = false
                    break
                }
            }
            if keep { rows.append(row) }
        }
        for (k, wanted) in filterIndices where rows.isEmpty {
            let values = Set(try csv.rows.compactMap { try csv.number($0, k) }).sorted()
            throw InputError(
                file: csv.file, key: "--where",
                message: "no row has \(csv.columns[k]) = \(Self.format(wanted)); its values are \(Self.list(values))")
        }
        if rows.isEmpty { throw InputError(file: csv.file, message: "the file has no data rows to plot") }

        // Every other sweep axis must be constant, or the lines would zigzag.
        let fixed = Set([request.x, request.groupBy].compactMap { $0} + request.filters.map(\.0))
        for axis in csv.axisColumns where !fixed.contains(axis) {
            let k = csv.columns.firstIndex(of: axis)!
            let values = Set(try rows.compactMap { try csv.number($0, k) }).sorted()
            if values.count > 1 {
                let hint = request.groupBy == nil
                    ? "give --group-by \(axis) (one line per value) or --where \(axis)=VALUE"
                    : "give --where \(axis)=VALUE"
                throw InputError(
                    file: csv.file, key: axis,
                    message: "the sweep also varies this axis (\(Self.list(values))); \(hint)")
            }
        }

        let convergedIndex = csv.columns.firstIndex(of: "converged")
        var failed = 0
        struct Point { var x: Double; var group: Double?; var values: [Double?] }
        var points: [Point] = []
        for row in rows {
            guard let xv = try csv.number(row, xIndex) else { continue }
            var ok = true
            if let c = convergedIndex, try csv.number(row, c) == 0 {
                ok = false
                failed += 1
            }
            let group = try groupIndex.map { try csv.number(row, $0) } ?? nil
            if groupIndex != nil && group == nil { continue }
            let values = try yIndices.map { k -> Double? in
                guard ok, let v = try csv.number(row, k) else { return nil }
                return v * Self.describe(csv.columns[k]).factor
            }
            points.append(Point(x: xv * xInfo.factor, group: group, values: values))
        }
        points.sort { $0.x < $1.x }
        if failed > 0 {
            notes.append("\(failed) grid point\(failed == 1 ? "" : "s") without equilibrium: gaps in the lines")
        }
        for (column, value) in request.filters {
            notes.append("\(Self.describe(column).subjectAndQuantity) = \(Self.format(value))")
        }

        // Panels and series.
        var specs: [(yLabel: String, series: [Series])] = []
        let infos = yColumns.map(Self.describe)
        if let groupIndex {
            let groups = Set(points.compactMap(\.group)).sorted()
            let groupInfo = Self.describe(csv.columns[groupIndex])
            for (c, info) in infos.enumerated() {
                var series: [Series] = []
                for (g, value) in groups.enumerated() {
                    let t = groups.count > 1 ? 0.85 * Double(g) / Double(groups.count - 1) : 0
                    series.append(
                        Series(
                            label: "\(Self.format(value * groupInfo.factor))", color: Viridis.color(at: t).hex, dash: nil,
                            points: points.filter { $0.group == value }.map { ($0.x, $0.values[c]) }))
                }
                specs.append(("\(info.subject.isEmpty ? "" : info.subject + " ")\(info.axisLabel)", series))
            }
            notes.insert("one line per \(groupInfo.subjectAndQuantity)\(groupInfo.unit.isEmpty ? "" : " (\(groupInfo.unit))")", at: 0)
        } else {
            var units: [String] = []
            for info in infos where !units.contains(info.unit) { units.append(info.unit) }
            for unit in units {
                let members = infos.indices.filter { infos[$0].unit == unit }
                let quantities = members.map { infos[$0].quantity }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                let label = quantities.joined(separator: ", ") + (unit.isEmpty ? "" : " (\(unit))")
                var series: [Series] = []
                for (n, c) in members.enumerated() {
                    let info = infos[c]
                    let name = quantities.count == 1 && !info.subject.isEmpty ? info.subject : info.subjectAndQuantity
                    let palette = OkabeIto.colors.filter { $0 != "#f0e442" }
                    let dashes: [String?] = [nil, "7 4", "2 3", "9 3 2 3"]
                    series.append(
                        Series(
                            label: name, color: palette[n % palette.count], dash: dashes[(n / palette.count) % dashes.count],
                            points: points.map { ($0.x, $0.values[c]) }))
                }
                specs.append((label, series))
            }
        }
        yLabels = specs.map(\.yLabel)
        layOut(specs, xValues: points.map(\.x))
    }

    mutating func layOut(_ specs: [(yLabel: String, series: [Series])], xValues: [Double]) {
        let m = Self.margin
        let plotX = m + Self.axisLeft
        let plotWidth = width - plotX - Self.legendWidth - m - 12
        let panelHeight = specs.count == 1 ? 330.0 : specs.count == 2 ? 250 : 210
        let xd = Ticks.niceDomain(xValues.min() ?? 0, xValues.max() ?? 1, count: 6)
        // Data that fills the nice domain exactly keeps it; otherwise the data's own range.
        let xLo = xValues.min() ?? xd.lo, xHi = xValues.max() ?? xd.hi
        let xDomain = xHi > xLo ? (xLo, xHi) : (xd.lo, xd.hi)
        var y = m + 18 + Double(titleLines.count) * 20 - 4 + Double(headerLines.count) * 16 + 22
        panels = []
        for spec in specs {
            let values = spec.series.flatMap { $0.points.compactMap(\.y) }
            let yd = Ticks.niceDomain(values.min() ?? 0, values.max() ?? 1, count: 5)
            let legendHeight = 22 + Double(min(spec.series.count, Self.maxLegendEntries) + 1) * 17
            let plotHeight = max(panelHeight, legendHeight)
            let plot = PixelRect(x: plotX, y: y, width: plotWidth, height: plotHeight)
            let xs = LinearScale(domain: xDomain, range: (plot.x, plot.maxX))
            let ys = LinearScale(domain: (yd.lo, yd.hi), range: (plot.maxY, plot.y))
            panels.append(
                Panel(
                    yLabel: spec.yLabel, series: spec.series, plot: plot, x: xs, y: ys,
                    xTicks: Ticks.values(xDomain.0, xDomain.1, count: 6), yTicks: Ticks.values(yd.lo, yd.hi, count: 5)))
            y += plotHeight + 64
        }
        height = (y - 64 + 46 + m).rounded(.up)
    }

    static let maxLegendEntries = 16

    var title: String {
        if let t = request.title { return t }
        let text = "\(yLabels.joined(separator: "; ")) against \(xInfo.subjectAndQuantity)"
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    var titleLines: [String] { Style.wrap(title, width: width - 2 * Self.margin, size: Style.titleSize * 1.1) }  // bold runs wider

    var headerLines: [String] {
        let base = (csv.file as NSString).lastPathComponent
        var text = "Sweep \(base)"
        if !notes.isEmpty { text += ": " + notes.joined(separator: "; ") }
        return Style.wrap(text + ".", width: width - 2 * Self.margin, size: Style.textSize)
    }

    /// The SVG document.
    public func svg() -> String {
        var doc = SVGDocument(width: width, height: height)
        let m = Self.margin
        var y = m + 18
        for line in titleLines {
            doc.text(m, y, line, ["font-size": Style.titleSize - 1, "font-weight": "bold", "fill": Style.ink, "class": "title"])
            y += 20
        }
        y -= 4
        for line in headerLines {
            doc.text(m, y, line, ["font-size": Style.textSize, "fill": Style.muted, "class": "subtitle"])
            y += 16
        }
        for (k, panel) in panels.enumerated() { draw(panel, index: k, into: &doc) }
        return doc.render(title: title, description: "Line plots of the sweep in \(csv.file).")
    }

    func draw(_ panel: Panel, index: Int, into doc: inout SVGDocument) {
        doc.begin("g", ["class": "panel", "data-panel": index])
        doc.axes(
            plot: panel.plot, x: panel.x, y: panel.y, xTicks: panel.xTicks, yTicks: panel.yTicks,
            xLabel: xInfo.subjectAndQuantity + (xInfo.unit.isEmpty ? "" : " (\(xInfo.unit))"), yLabel: panel.yLabel)
        let clip = doc.uniqueID("clip")
        let p = panel.plot
        doc.define(
            SVGDocument.markup(
                "clipPath", ["id": clip],
                children: [SVGDocument.markup("rect", ["x": p.x - 4, "y": p.y - 4, "width": p.width + 8, "height": p.height + 8])]))
        doc.begin("g", ["clip-path": "url(#\(clip))"])
        for s in panel.series {
            var d = ""
            var run: [(Double, Double)] = []
            var singles: [(Double, Double)] = []
            func flush() {
                if run.count == 1 { singles.append(run[0]) }
                if run.count > 1 {
                    d += "M" + run.map { "\($0.0.svgText),\($0.1.svgText)" }.joined(separator: " L")
                    d += " "
                }
                run = []
            }
            for point in s.points {
                guard let v = point.y else {
                    flush()
                    continue
                }
                run.append((panel.x(point.x), panel.y(v)))
            }
            flush()
            var attributes: SVGAttributes = [
                "fill": "none", "stroke": s.color, "stroke-width": 2.2, "stroke-linejoin": "round", "stroke-linecap": "round",
                "class": "series", "data-series": s.label,
            ]
            if let dash = s.dash { attributes.set("stroke-dasharray", dash) }
            doc.path(d.isEmpty ? "M0,0" : String(d.dropLast()), attributes, title: s.label)
            let count = s.points.filter { $0.y != nil }.count
            if count <= 41 {
                for point in s.points {
                    guard let v = point.y else { continue }
                    doc.circle(panel.x(point.x), panel.y(v), 2.6, ["fill": s.color, "class": "marker"])
                }
            } else {
                for q in singles { doc.circle(q.0, q.1, 2.6, ["fill": s.color, "class": "marker"]) }
            }
        }
        doc.end()
        // Legend, right of the plot.
        let lx = p.maxX + 16
        var ly = p.y + 12
        doc.begin("g", ["class": "legend"])
        if let g = request.groupBy {
            let info = Self.describe(g)
            for line in Style.wrap(info.subjectAndQuantity + (info.unit.isEmpty ? "" : " (\(info.unit))"), width: Self.legendWidth - 4, size: Style.smallSize) {
                doc.text(lx, ly, line, ["font-size": Style.smallSize, "font-weight": "bold", "fill": Style.ink, "class": "legend-title"])
                ly += 15
            }
            ly += 4
        }
        // Unordered series are listed top to bottom as their lines lie on average;
        // the values of a --group-by axis keep their order.
        var order = Array(panel.series.indices)
        if request.groupBy == nil {
            func mean(_ k: Int) -> Double {
                let values = panel.series[k].points.compactMap(\.y)
                return values.isEmpty ? -.infinity : values.reduce(0, +) / Double(values.count)
            }
            order.sort { (mean($0), -$0) > (mean($1), -$1) }
        }
        let shown = panel.series.count <= Self.maxLegendEntries
            ? order
            : Self.spread(panel.series.count, Self.maxLegendEntries).map { order[$0] }
        for k in shown {
            let s = panel.series[k]
            var attributes: SVGAttributes = ["stroke": s.color, "stroke-width": 2.6]
            if let dash = s.dash { attributes.set("stroke-dasharray", dash) }
            doc.line(lx, ly - 4, lx + 24, ly - 4, attributes)
            let label = s.label.count > 26 ? String(s.label.prefix(25)) + "…" : s.label
            doc.text(lx + 30, ly, label, ["font-size": Style.smallSize, "fill": Style.ink, "class": "legend-entry"])
            ly += 17
        }
        if shown.count < panel.series.count {
            doc.text(
                lx, ly, "(\(panel.series.count) lines; every \(panel.series.count / shown.count)th named)",
                ["font-size": Style.smallSize, "fill": Style.muted])
        }
        doc.end()
        doc.end()
    }

    /// `count` indices spread evenly over 0..<n, first and last included.
    static func spread(_ n: Int, _ count: Int) -> [Int] {
        guard count > 1 else { return [0] }
        return (0..<count).map { Int((Double($0) * Double(n - 1) / Double(count - 1)).rounded()) }
    }

    // MARK: Columns

    /// Column names with `*` patterns replaced by the matching columns, in file order.
    static func expand(_ patterns: [String], in csv: SweepFile) throws -> [String] {
        var result: [String] = []
        for raw in patterns {
            let pattern = raw.trimmingCharacters(in: .whitespaces)
            if pattern.isEmpty { continue }
            if pattern.contains("*") {
                let matches = csv.columns.filter { glob(pattern, $0) }
                if matches.isEmpty {
                    throw InputError(
                        file: csv.file, line: 1, key: "--y",
                        message: "no column matches '\(pattern)'. The columns are: " + csv.columns.joined(separator: ", "))
                }
                for c in matches where !result.contains(c) { result.append(c) }
            } else if !result.contains(pattern) {
                result.append(pattern)
            }
        }
        if result.isEmpty { throw InputError(file: csv.file, key: "--y", message: "name at least one column to plot") }
        return result
    }

    /// Shell-style match with `*` only.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        var rest = Substring(text)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        let last = parts.last!
        return rest.count >= last.count && rest.hasSuffix(last)
    }

    /// What a sweep column holds, read from its name (docs/DESIGN.md's unit suffixes).
    public static func describe(_ column: String) -> ColumnInfo {
        func words(_ s: String) -> String { s.replacingOccurrences(of: "_", with: " ") }
        if let dot = column.lastIndex(of: ".") {
            let subject = String(column[..<dot]), parameter = String(column[column.index(after: dot)...])
            switch parameter {
            case "rest_length_scale": return ColumnInfo(quantity: "rest length scale", unit: "× model value", factor: 1, subject: subject)
            case "stiffness_scale": return ColumnInfo(quantity: "stiffness scale", unit: "× model value", factor: 1, subject: subject)
            case "activation": return ColumnInfo(quantity: "activation", unit: "0–1", factor: 1, subject: subject)
            default: return ColumnInfo(quantity: words(parameter), unit: "", factor: 1, subject: subject)
            }
        }
        let suffixes: [(String, String, String, Double)] = [
            ("_tension_n", "tension", "N", 1), ("_length_mm", "length", "mm", 1), ("_strain", "strain", "%", 100),
            ("_force_n", "force", "N", 1), ("_stiffness_n_per_m", "stiffness", "N/m", 1),
        ]
        for (suffix, quantity, unit, factor) in suffixes where column.hasSuffix(suffix) && column.count > suffix.count {
            return ColumnInfo(quantity: quantity, unit: unit, factor: factor, subject: String(column.dropLast(suffix.count)))
        }
        switch column {
        case "x_mm", "y_mm", "z_mm":
            return ColumnInfo(quantity: "scapula origin", unit: "mm", factor: 1, subject: String(column.prefix(1)).uppercased())
        case "residual_n": return ColumnInfo(quantity: "force residual", unit: "N", factor: 1, subject: "")
        case "iterations": return ColumnInfo(quantity: "Newton iterations", unit: "", factor: 1, subject: "")
        case "converged", "stable": return ColumnInfo(quantity: column, unit: "1 yes, 0 no", factor: 1, subject: "")
        case "strain": return ColumnInfo(quantity: "strain", unit: "%", factor: 100, subject: "")
        default: break
        }
        if column.hasSuffix("_deg") {
            return ColumnInfo(quantity: "angle", unit: "°", factor: 1, subject: words(String(column.dropLast(4))))
        }
        let units: [(String, String)] = [("_mm", "mm"), ("_m", "m"), ("_n", "N"), ("_pct", "%"), ("_s", "s")]
        for (suffix, unit) in units where column.hasSuffix(suffix) && column.count > suffix.count {
            return ColumnInfo(quantity: words(String(column.dropLast(suffix.count))), unit: unit, factor: 1, subject: "")
        }
        return ColumnInfo(quantity: words(column), unit: "", factor: 1, subject: "")
    }

    static func format(_ x: Double) -> String {
        var s = String(format: "%.6g", locale: nil, x)
        if s == "-0" { s = "0" }
        return s
    }

    static func list(_ values: [Double]) -> String {
        let shown = values.prefix(6).map(format).joined(separator: ", ")
        return values.count > 6 ? "\(values.count) values: \(shown), …" : shown
    }
}

extension SweepPlot.ColumnInfo {
    /// "pectoralis_minor rest length scale", "protraction angle", "tension".
    public var subjectAndQuantity: String { subject.isEmpty ? quantity : "\(subject) \(quantity)" }
}
