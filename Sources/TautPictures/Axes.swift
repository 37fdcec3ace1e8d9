import Foundation

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
