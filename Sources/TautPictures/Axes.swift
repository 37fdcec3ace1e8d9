import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten.
public enum Ticks {
    /// The nice step giving about `count` intervals over `span`.
    public static func step(span: Double, count: Int = 5) -> Double {
        guard span.isFinite, span > 0 else { return 1 }
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let residual = raw / magnitude
        let nice: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
        return nice * magnitude
    }

    /// Tick values that are multiples of a nice step, inside [lo, hi].
    public static func values(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let s = step(span: b - a, count: count)
        var result: [Double] = []
        var k = (a / s - 1e-9).rounded(.up)
        while k * s <= b + s * 1e-9 && result.count < 1000 {
            let v = k * s
            result.append(abs(v) < s * 1e-9 ? 0 : v)
            k += 1
        }
        return result
    }

    /// [lo, hi] widened outwards to multiples of the nice step; a zero-width range is
    /// widened around its value first.
    public static func niceDomain(_ lo: Double, _ hi: Double, count: Int = 5) -> (lo: Double, hi: Double, step: Double) {
        var (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        if !(a.isFinite && b.isFinite) { (a, b) = (0, 1) }
        if b - a < 1e-12 * max(1, abs(a)) {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            (a, b) = (a - pad, b + pad)
        }
        let s = step(span: b - a, count: count)
        return ((a / s).rounded(.down) * s, (b / s).rounded(.up) * s, s)
    }

    /// `value` written with as many decimals as `step` needs (ASCII minus sign).
    public static func label(_ value: Double, step: Double) -> String {
        let decimals = step > 0 && step.isFinite ? max(0, min(6, Int((-log10(step) + 0.999_999).rounded(.down)))) : 2
        var s = String(format: "%.\(decimals)f", locale: nil, value)
        if Double(s) == 0 { s = String(format: "%.\(decimals)f", locale: nil, 0.0) }
        return s
    }
}

/// A linear map from data values to pixels.
public struct LinearScale: Sendable {
    public var domain: (lo: Double, hi: Double)
    public var range: (lo: Double, hi: Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = (domain.0, domain.1)
        self.range = (range.0, range.1)
    }

    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.hi - domain.lo
        guard span != 0 else { return (range.lo + range.hi) / 2 }
        return range.lo + (value - domain.lo) / span * (range.hi - range.lo)
    }

    /// The data value at pixel `p`.
    public func inverse(_ p: Double) -> Double {
        let span = range.hi - range.lo
        guard span != 0 else { return domain.lo }
        return domain.lo + (p - range.lo) / span * (domain.hi - domain.lo)
    }
}

/// A rectangle in pixels.
public struct PixelRect: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// Typography and strokes shared by the pictures.
enum Style {
    static let ink = "#222222"
    static let muted = "#555555"
    static let grid = "#e4e4e4"
    static let frame = "#999999"
    static let titleSize = 17.0
    static let headingSize = 14.0
    static let textSize = 12.0
    static let smallSize = 11.0

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

extension SVGDocument {
    /// Axes round `plot`: a frame, light grid lines at the ticks, tick marks and labels,
    /// and the axis labels (which must name their units). Tick labels carry
    /// `class="tick-label"`, `data-axis` (`x` or `y`) and `data-value`; axis labels
    /// `class="axis-label"`.
    mutating func axes(
        plot: PixelRect, x: LinearScale, y: LinearScale, xTicks: [Double], yTicks: [Double],
        xLabel: String, yLabel: String, grid: Bool = true
    ) {
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        begin("g", ["class": "axes"])
        if grid {
            for t in xTicks { line(x(t), plot.y, x(t), plot.maxY, ["stroke": Style.grid, "stroke-width": 1]) }
            for t in yTicks { line(plot.x, y(t), plot.maxX, y(t), ["stroke": Style.grid, "stroke-width": 1]) }
        }
        rect(plot.x, plot.y, plot.width, plot.height, ["fill": "none", "stroke": Style.frame, "stroke-width": 1, "class": "frame"])
        for t in xTicks {
            let px = x(t)
            line(px, plot.maxY, px, plot.maxY + 4, ["stroke": Style.frame, "stroke-width": 1, "class": "tick", "data-axis": "x"])
            text(
                px, plot.maxY + 16, Ticks.label(t, step: xStep),
                ["font-size": Style.smallSize, "text-anchor": "middle", "fill": Style.muted, "class": "tick-label",
                 "data-axis": "x", "data-value": t])
        }
        for t in yTicks {
            let py = y(t)
            line(plot.x - 4, py, plot.x, py, ["stroke": Style.frame, "stroke-width": 1, "class": "tick", "data-axis": "y"])
            text(
                plot.x - 6, py + 4, Ticks.label(t, step: yStep),
                ["font-size": Style.smallSize, "text-anchor": "end", "fill": Style.muted, "class": "tick-label",
                 "data-axis": "y", "data-value": t])
        }
        text(
            plot.x + plot.width / 2, plot.maxY + 32, xLabel,
            ["font-size": Style.textSize, "text-anchor": "middle", "fill": Style.ink, "class": "axis-label", "data-axis": "x"])
        let cx = plot.x - 46, cy = plot.y + plot.height / 2
        text(
            cx, cy, yLabel,
            ["font-size": Style.textSize, "text-anchor": "middle", "fill": Style.ink, "class": "axis-label", "data-axis": "y",
             "transform": "rotate(-90 \(cx.svgText) \(cy.svgText))"])
        end()
    }
}
