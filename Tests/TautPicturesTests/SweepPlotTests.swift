import Foundation
import Testing
import TautFiles
@testable import TautPictures

/// A sweep CSV shaped like `taut sweep`'s: axes, then converged … posterior_tilt_deg,
/// then per muscle length, strain, tension. Muscles `a` and `b`; tension a = 10·s,
/// b = 20 − 10·s (N) for scale s; the point s = 0.9 has no equilibrium.
func sweepFixture(secondAxis: [Double]? = nil) -> String {
    var header = ["pectoralis_minor.rest_length_scale"]
    if secondAxis != nil { header.append("retractors.activation") }
    header += ["converged", "iterations", "residual_n", "stable", "x_mm", "y_mm", "z_mm", "protraction_deg",
               "lateral_rotation_deg", "posterior_tilt_deg"]
    for m in ["a", "b"] { header += ["\(m)_length_mm", "\(m)_strain", "\(m)_tension_n"] }
    var lines = [header.joined(separator: ",")]
    for g in secondAxis ?? [0] {
        for k in 0...4 {
            let s = 0.8 + 0.05 * Double(k)
            var row = ["\(s)"]
            if secondAxis != nil { row.append("\(g)") }
            if abs(s - 0.9) < 1e-9 {
                row += ["false", "40", "", "false"] + Array(repeating: "", count: 12)
            } else {
                row += ["true", "4", "1e-12", "true", "-70", "10", "170", "\(36 + 10 * (1 - s) + g)", "3.5", "-1.5"]
                row += ["100", "\(0.1 * s)", "\(10 * s + g)", "120", "0.02", "\(20 - 10 * s)"]
            }
            lines.append(row.joined(separator: ","))
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

@Suite struct SweepPlotTests {
    @Test func unitsComeFromTheColumnNames() {
        let d = SweepPlot.describe
        #expect(d("rhomboid_major_tension_n") == .init(quantity: "tension", unit: "N", factor: 1, subject: "rhomboid_major"))
        #expect(d("rhomboid_major_length_mm").axisLabel == "length (mm)")
        #expect(d("rhomboid_major_strain") == .init(quantity: "strain", unit: "%", factor: 100, subject: "rhomboid_major"))
        #expect(d("protraction_deg").axisLabel == "angle (°)" && d("protraction_deg").subject == "protraction")
        #expect(d("posterior_tilt_deg").subject == "posterior tilt")
        #expect(d("x_mm").axisLabel == "scapula origin (mm)")
        #expect(d("residual_n").axisLabel == "force residual (N)")
        #expect(d("pectoralis_minor.rest_length_scale").subjectAndQuantity == "pectoralis_minor rest length scale")
        #expect(d("pectoralis_minor.rest_length_scale").unit == "× model value")
        #expect(d("retractors.activation").unit == "0–1")
        #expect(d("iterations").unit.isEmpty)
    }

    func plot(_ request: SweepPlot.Request, secondAxis: [Double]? = nil) throws -> (SweepPlot, ParsedElement) {
        let csv = try SweepFile.parse(sweepFixture(secondAxis: secondAxis), file: "sweep.csv")
        let plot = try SweepPlot(csv: csv, request: request)
        return (plot, try #require(XMLTree.parse(plot.svg())))
    }

    @Test func seriesPerColumnPanelsPerUnitAndGaps() throws {
        let (plot, root) = try plot(
            .init(x: "pectoralis_minor.rest_length_scale", y: ["*_tension_n", "a_strain", "protraction_deg"]))
        #expect(plot.panels.map(\.yLabel) == ["tension (N)", "strain (%)", "angle (°)"])
        let panels = root.elements("g") { $0.hasClass("panel") }
        #expect(panels.count == 3)
        let series = panels[0].elements("path") { $0.hasClass("series") }
        #expect(series.compactMap { $0.attributes["data-series"] } == ["a", "b"])
        // The failed point (s = 0.9) splits each line in two runs of two points.
        for s in series { #expect(s.attributes["d"]?.filter { $0 == "M" }.count == 2) }
        let labels = root.elements("text") { $0.hasClass("axis-label") }.map(\.text)
        #expect(labels.contains("tension (N)") && labels.contains("strain (%)") && labels.contains("angle (°)"))
        #expect(labels.filter { $0 == "pectoralis_minor rest length scale (× model value)" }.count == 3)
        let legend = panels[0].elements("text") { $0.hasClass("legend-entry") }.map(\.text)
        #expect(Set(legend) == ["a", "b"])
        #expect(root.elements("text") { $0.hasClass("subtitle") }.map(\.text).joined().contains("1 grid point without equilibrium"))
        // Strain is drawn in %: a_strain = 0.1·s → 8 % at s = 0.8.
        #expect(plot.panels[1].series[0].points.first?.y.map { abs($0 - 8) < 1e-9 } == true)
    }

    /// A known data point lands where the tick labels say: (s = 0.8, a = 8 N).
    @Test func aKnownPointLandsWhereTheTicksSayItIs() throws {
        let (_, root) = try plot(.init(x: "pectoralis_minor.rest_length_scale", y: ["a_tension_n"]))
        let panel = try #require(root.elements("g") { $0.hasClass("panel") }.first)
        func fit(_ axis: String) throws -> (Double) -> Double {
            let ticks = panel.elements("text") { $0.hasClass("tick-label") && $0.attributes["data-axis"] == axis }
                .compactMap { t -> (Double, Double)? in
                    guard let v = Double(t.text), let p = t.number(axis) else { return nil }
                    return (v, axis == "y" ? p - 4 : p)
                }
            let a = try #require(ticks.first), b = try #require(ticks.last)
            return { v in a.1 + (v - a.0) / (b.0 - a.0) * (b.1 - a.1) }
        }
        let px = try fit("x"), py = try fit("y")
        let markers = panel.elements("circle") { $0.hasClass("marker") }
        #expect(markers.count == 4)
        #expect(markers.contains { abs(($0.number("cx") ?? 0) - px(0.8)) < 0.02 && abs(($0.number("cy") ?? 0) - py(8)) < 0.02 })
    }

    @Test func groupByDrawsOneLinePerValueOfTheSecondAxis() throws {
        let (plot, root) = try plot(
            .init(x: "pectoralis_minor.rest_length_scale", y: ["a_tension_n", "protraction_deg"], groupBy: "retractors.activation"),
            secondAxis: [0, 0.05, 0.1])
        #expect(plot.panels.count == 2)
        for panel in root.elements("g", where: { $0.hasClass("panel") }) {
            #expect(panel.elements("path") { $0.hasClass("series") }.compactMap { $0.attributes["data-series"] } == ["0", "0.05", "0.1"])
            #expect(panel.elements("text") { $0.hasClass("legend-title") }.first?.text == "retractors activation (0–1)")
        }
        #expect(plot.panels.map(\.yLabel) == ["a tension (N)", "protraction angle (°)"])
        // Colours run along viridis, in the order of the values.
        let colours = plot.panels[0].series.map(\.color)
        #expect(colours.first == Viridis.color(at: 0).hex && Set(colours).count == 3)
    }

    @Test func badRequestsNameTheFileAndColumn() throws {
        let csv = try SweepFile.parse(sweepFixture(secondAxis: [0, 0.1]), file: "sweep.csv")
        func failure(_ r: SweepPlot.Request) -> InputError? {
            do {
                _ = try SweepPlot(csv: csv, request: r)
                return nil
            } catch { return error as? InputError }
        }
        let x = "pectoralis_minor.rest_length_scale"
        let unknown = try #require(failure(.init(x: x, y: ["rhomboid_tension_n"])))
        #expect(unknown.file == "sweep.csv" && unknown.key == "--y" && unknown.message.contains("'rhomboid_tension_n'"))
        let near = try #require(failure(.init(x: x, y: ["a_tension"])))
        #expect(near.message.contains("did you mean 'a_tension_n'"))
        #expect(failure(.init(x: "scale", y: ["a_tension_n"]))?.key == "--x")
        #expect(failure(.init(x: x, y: ["zz_*"]))?.key == "--y")
        #expect(failure(.init(x: x, y: ["a_tension_n"], groupBy: "nope"))?.key == "--group-by")
        // A second axis that varies must be grouped or fixed.
        let varies = try #require(failure(.init(x: x, y: ["a_tension_n"])))
        #expect(varies.key == "retractors.activation" && varies.message.contains("--group-by retractors.activation"))
        let fixed = try SweepPlot(csv: csv, request: .init(x: x, y: ["a_tension_n"], filters: [("retractors.activation", 0.1)]))
        #expect(fixed.panels[0].series[0].points.compactMap(\.y).first.map { abs($0 - 8.1) < 1e-9 } == true)
        let missing = try #require(failure(.init(x: x, y: ["a_tension_n"], filters: [("retractors.activation", 0.5)])))
        #expect(missing.key == "--where" && missing.message.contains("0, 0.1"))
    }

    @Test func globMatchesStars() {
        #expect(SweepPlot.glob("*_tension_n", "a_tension_n"))
        #expect(!SweepPlot.glob("*_tension_n", "a_tension_n_x"))
        #expect(SweepPlot.glob("rhomboid_*_strain", "rhomboid_major_strain"))
        #expect(SweepPlot.glob("*", "anything"))
        #expect(!SweepPlot.glob("a*b", "ba"))
    }
}
