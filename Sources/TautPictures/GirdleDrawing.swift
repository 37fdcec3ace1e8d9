import Foundation
import TautCore
import TautFiles

/// The shoulder girdle at equilibrium, drawn as SVG: for each chosen case a posterior
/// view and a lateral view side by side, on one scale (mm) shared by every view and
/// case. Muscles are lines through their path points coloured (viridis) and sized by
/// tension on one scale shared by all cases; taut muscles wear a dashed sleeve and
/// their name; the baseline is drawn faintly behind every other case.
///
/// Views (orthographic projections of the thorax frame, ISB):
/// - posterior: seen from behind, thorax Z (right) to the right, Y (up) up;
/// - lateral: seen from the right, thorax X (anterior) to the right, Y up.
public struct GirdleDrawing {
    public enum View: String, CaseIterable, Sendable {
        case posterior, lateral

        /// Horizontal and vertical picture coordinates (m) of a thorax-frame point.
        public func project(_ p: Vector3) -> (h: Double, v: Double) {
            switch self {
            case .posterior: return (p.z, p.y)
            case .lateral: return (p.x, p.y)
            }
        }

        var title: String {
            switch self {
            case .posterior: return "Posterior view (from behind)"
            case .lateral: return "Lateral view (from the right)"
            }
        }

        var horizontalLabel: String {
            switch self {
            case .posterior: return "Z (mm), right →"
            case .lateral: return "X (mm), anterior →"
            }
        }

        /// The ellipsoid's outline in this view: centre and semi-axes (m).
        func outline(center: Vector3, radii: Vector3) -> (h: Double, v: Double, rh: Double, rv: Double) {
            let c = project(center)
            switch self {
            case .posterior: return (c.h, c.v, radii.z, radii.y)
            case .lateral: return (c.h, c.v, radii.x, radii.y)
            }
        }
    }

    /// One view of one case: where it sits and how model coordinates map to pixels.
    public struct Panel: Sendable {
        public var view: View
        /// The plot area, px.
        public var plot: PixelRect
        /// Horizontal and vertical maps, mm → px.
        public var horizontal: LinearScale
        public var vertical: LinearScale

        /// The pixel where thorax-frame point `p` (m) is drawn.
        public func pixel(_ p: Vector3) -> (x: Double, y: Double) {
            let q = view.project(p)
            return (horizontal(q.h * 1000), vertical(q.v * 1000))
        }
    }

    /// One case's pair of panels.
    public struct Row: Sendable {
        /// Index into `solutions`.
        public var solution: Int
        public var top: Double
        public var info: [String]
        public var panels: [Panel]
    }

    public let scenario: String
    public let solutions: [CaseSolution]
    /// Indices into `solutions` of the cases drawn, in drawing order.
    public let chosen: [Int]
    public let width: Double
    public private(set) var height: Double = 0
    public private(set) var rows: [Row] = []
    /// Top of the colour scale, N (a nice number at or above the largest tension drawn).
    public let tensionMax: Double

    // Layout constants, px.
    static let margin = 16.0
    static let panelGap = 28.0
    static let axisLeft = 56.0
    static let axisRight = 8.0
    static let axisBottom = 42.0
    static let maxPlotHeight = 380.0
    static let minPlotHeight = 150.0

    /// - Parameters:
    ///   - scenario: the scenario's name, for the title.
    ///   - solutions: every case of the scenario, the baseline first (`Scenario.solveAll`).
    ///   - cases: names of the cases to draw (exact, or an unambiguous prefix); empty:
    ///     all of them.
    /// - Throws: `InputError` (key `--case`) for a name that matches no case.
    public init(scenario: String, solutions: [CaseSolution], cases: [String] = [], width: Double = 800) throws {
        self.scenario = scenario
        self.solutions = solutions
        self.width = width
        chosen = try cases.isEmpty
            ? Array(solutions.indices) : Self.resolveCases(cases, among: solutions.map(\.name), scenario: scenario)
        var top = 0.0
        for i in chosen {
            for m in solutions[i].equilibrium?.muscles ?? [] { top = max(top, m.tension) }
        }
        tensionMax = top > 0 ? Ticks.niceDomain(0, top, count: 4).hi : 1
        layOut()
    }

    /// Indices of the cases `requested` names: exact names first, else an unambiguous
    /// prefix (case names are often long).
    /// - Throws: `InputError` naming the unknown or ambiguous name and listing the cases.
    public static func resolveCases(_ requested: [String], among names: [String], scenario: String) throws -> [Int] {
        try requested.map { wanted in
            if let i = names.firstIndex(of: wanted) { return i }
            let matches = names.indices.filter { names[$0].hasPrefix(wanted) }
            if matches.count == 1 { return matches[0] }
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            let why = matches.isEmpty ? "no case named '\(wanted)'" : "'\(wanted)' matches several cases"
            throw InputError(file: scenario, key: "--case", message: "\(why); the cases are \(list)")
        }
    }

    /// The baseline (first case), drawn faintly behind the others, when it converged.
    var baseline: (name: String, model: Model, equilibrium: Equilibrium)? {
        guard let first = solutions.first, let e = first.equilibrium else { return nil }
        return (first.name, first.model, e)
    }

    // MARK: Geometry

    /// The pose a case is drawn at (its equilibrium; the reference pose when it has none).
    func pose(_ index: Int) -> Pose {
        solutions[index].equilibrium?.pose ?? solutions[index].model.scapula.referencePose
    }

    /// Landmarks in outline order: the scapular spine (AA→TS), the medial border (TS→AI),
    /// the lateral border up to the glenoid (AI→GH), then AC and back to AA.
    static let outlineOrder = ["AA", "TS", "AI", "GH", "AC"]

    static func outline(_ model: Model, at pose: Pose) -> [(name: String, point: Vector3)] {
        let l = model.scapula.landmarks
        return outlineOrder.compactMap { name in l[name].map { (name, pose.transform($0)) } }
    }

    /// Thorax points the muscles and constraints attach to.
    static func thoraxAttachments(_ model: Model) -> [Vector3] {
        var points: [Vector3] = []
        for m in model.muscles { points += m.path.filter { $0.body == .thorax }.map(\.point) }
        for c in model.constraints {
            switch c.kind {
            case .point(let g), .distance(let g, _): points.append(g)
            case .ellipsoid, .compliantEllipsoid: break
            }
        }
        return points
    }

    /// The spine line of the posterior view: the midline Z = 0 from the highest to the
    /// lowest thorax attachment. (The lateral view has none: the spine is not a straight
    /// vertical line there, and a line at some depth would cut through the scapula.)
    static func spine(_ model: Model) -> (top: Double, bottom: Double)? {
        let points = thoraxAttachments(model)
        guard let top = points.map(\.y).max(), let bottom = points.map(\.y).min(), top > bottom else { return nil }
        return (top, bottom)
    }

    /// Every point a case draws (m), at its pose.
    func drawnPoints(_ index: Int) -> [Vector3] {
        let model = solutions[index].model, pose = pose(index)
        var points: [Vector3] = [.zero]
        for m in model.muscles { points += m.path.map { $0.position(at: pose) } }
        points += model.scapula.landmarks.values.map { pose.transform($0) }
        for c in model.constraints {
            points.append(pose.transform(c.bodyPoint))
            switch c.kind {
            case .point(let g), .distance(let g, _): points.append(g)
            case .ellipsoid, .compliantEllipsoid: break
            }
        }
        if let s = Self.spine(model) { points += [Vector3(0, s.top, 0), Vector3(0, s.bottom, 0)] }
        return points
    }

    mutating func layOut() {
        let m = Self.margin
        let panelWidth = (width - 2 * m - Self.panelGap) / 2
        let plotWidth = panelWidth - Self.axisLeft - Self.axisRight
        var indices = chosen
        if baseline != nil, !solutions.isEmpty { indices.append(0) }
        let points = indices.flatMap(drawnPoints)
        // Extents per view (m), padded.
        func extent(_ values: [Double]) -> (lo: Double, hi: Double) {
            let lo = values.min() ?? -0.1, hi = values.max() ?? 0.1
            let pad = max(0.012, 0.06 * (hi - lo))
            return (lo - pad, hi + pad)
        }
        let post = extent(points.map(\.z)), lat = extent(points.map(\.x)), vert = extent(points.map(\.y))
        let pxPerMM = min(
            plotWidth / ((post.hi - post.lo) * 1000), plotWidth / ((lat.hi - lat.lo) * 1000),
            Self.maxPlotHeight / ((vert.hi - vert.lo) * 1000))
        let plotHeight = max(Self.minPlotHeight, (vert.hi - vert.lo) * 1000 * pxPerMM)
        func centred(_ e: (lo: Double, hi: Double), _ pixels: Double) -> (Double, Double) {
            let c = (e.lo + e.hi) / 2 * 1000, half = pixels / pxPerMM / 2
            return (c - half, c + half)
        }
        let vDomain = centred(vert, plotHeight)
        var y = m + Self.headerHeight(width: width) + legendHeight + 4
        rows = []
        for index in chosen {
            let info = caseInfo(index)
            let rowTop = y
            y += 24 + Double(info.count) * 16 + 24
            var panels: [Panel] = []
            for (k, view) in View.allCases.enumerated() {
                let left = m + Double(k) * (panelWidth + Self.panelGap) + Self.axisLeft
                let plot = PixelRect(x: left, y: y, width: plotWidth, height: plotHeight)
                let h = centred(view == .posterior ? post : lat, plotWidth)
                panels.append(
                    Panel(
                        view: view, plot: plot,
                        horizontal: LinearScale(domain: h, range: (plot.x, plot.maxX)),
                        vertical: LinearScale(domain: vDomain, range: (plot.maxY, plot.y))))
            }
            rows.append(Row(solution: index, top: rowTop, info: info, panels: panels))
            y += plotHeight + Self.axisBottom + 18
        }
        height = (y + m - 8).rounded(.up)
    }

    static func headerLines(width: Double) -> [String] {
        Style.wrap(
            "Equilibrium of the scapula in the thorax frame (ISB: origin at the incisura jugularis), millimetres. "
                + "Posterior view: seen from behind, thorax Y up, Z (the subject's right) to the right. "
                + "Lateral view: seen from the right, Y up, X (anterior) to the right. "
                + "Both views and all cases share one scale.",
            width: width - 2 * margin, size: Style.textSize)
    }

    static func headerHeight(width: Double) -> Double { 30 + Double(headerLines(width: width).count) * 16 + 6 }

    // MARK: Text

    func caseInfo(_ index: Int) -> [String] {
        let s = solutions[index]
        let textWidth = width - 2 * Self.margin
        var lines: [String] = []
        if !s.description.isEmpty { lines += Style.wrap(s.description, width: textWidth, size: Style.textSize) }
        guard let e = s.equilibrium else {
            var message = "no equilibrium"
            if case .failure(let error) = s.outcome { message = "No equilibrium: \(error.description)" }
            return lines + Style.wrap(message, width: textWidth, size: Style.textSize)
        }
        let angles = ISBAngles(e.pose.rotation)
        if let b = baseline, index != 0 {
            let d = (e.pose.position - b.equilibrium.pose.position) * 1000
            let a0 = ISBAngles(b.equilibrium.pose.rotation)
            lines.append(
                "Against \(b.name) (grey): scapula origin moved \(oneDecimal(d.length))\u{00A0}mm (ΔX\u{00A0}\(signedOneDecimal(d.x)), ΔY\u{00A0}\(signedOneDecimal(d.y)), ΔZ\u{00A0}\(signedOneDecimal(d.z))\u{00A0}mm); "
                    + "protraction \(signedOneDecimal(angles.protraction - a0.protraction))°, "
                    + "lateral rotation \(signedOneDecimal(angles.lateralRotation - a0.lateralRotation))°, "
                    + "posterior tilt \(signedOneDecimal(angles.posteriorTilt - a0.posteriorTilt))°.")
        } else {
            lines.append(
                "Scapula origin at (\(oneDecimal(e.pose.position.x * 1000)), \(oneDecimal(e.pose.position.y * 1000)), \(oneDecimal(e.pose.position.z * 1000)))\u{00A0}mm; "
                    + "protraction \(oneDecimal(angles.protraction))°, lateral rotation \(oneDecimal(angles.lateralRotation))°, "
                    + "posterior tilt \(oneDecimal(angles.posteriorTilt))°.")
        }
        let taut = e.muscles.filter { $0.state == .taut }
        let threshold = "\(oneDecimal(s.model.tautStrain * 100))\u{00A0}%"
        let tautText = taut.isEmpty
            ? "No muscle taut (strain above \(threshold))."
            : "Taut (strain above \(threshold)): "
                + taut.map { "\($0.name) \(oneDecimal($0.strain * 100))\u{00A0}%, \(oneDecimal($0.tension))\u{00A0}N" }.joined(separator: "; ") + "."
        var status = tautText
        if !e.stability.isStable { status += " UNSTABLE equilibrium." }
        if s.usedHomotopy { status += " (Reached by homotopy from the baseline.)" }
        lines += Style.wrap(status, width: textWidth, size: Style.textSize)
        return lines.flatMap { Style.wrap($0, width: textWidth, size: Style.textSize) }
    }

    // MARK: Drawing

    /// Stroke width (px) of a muscle pulling with `tension` N.
    public func strokeWidth(_ tension: Double) -> Double {
        tension <= 0 ? 1.3 : 1.6 + 5.4 * min(1, tension / tensionMax)
    }

    public func color(_ tension: Double) -> RGB { Viridis.color(at: tension / tensionMax) }

    /// The muscles' names, numbered as in the views (model order, from 1).
    var muscleNames: [String] { solutions.first?.model.muscles.map(\.name) ?? [] }

    static let bone = "#eadfc8"
    static let boneEdge = "#7a6440"
    static let ghost = "#c2c2c2"
    static let ghostEdge = "#8c8c8c"
    static let thorax = "#8fa3b8"
    static let spineColor = "#9a9a9a"

    /// The SVG document.
    public func svg() -> String {
        var doc = SVGDocument(width: width, height: height)
        let gradient = "tension-scale"
        doc.define(
            SVGDocument.markup(
                "linearGradient", ["id": gradient, "x1": 0, "y1": 0, "x2": 1, "y2": 0],
                children: Viridis.stops.map {
                    SVGDocument.markup("stop", ["offset": $0.offset, "stop-color": $0.color.hex])
                }))
        var y = Self.margin + 18
        let modelName = solutions.first?.model.name ?? ""
        doc.text(
            Self.margin, y, "Scenario \(scenario) — model \(modelName)",
            ["font-size": Style.titleSize, "font-weight": "bold", "fill": Style.ink, "class": "title"])
        y += 8
        for line in Self.headerLines(width: width) {
            y += 16
            doc.text(Self.margin, y, line, ["font-size": Style.textSize, "fill": Style.muted, "class": "subtitle"])
        }
        legend(&doc, top: Self.margin + Self.headerHeight(width: width), gradient: gradient)
        for row in rows { draw(row, into: &doc) }
        let names = chosen.map { solutions[$0].name }.joined(separator: ", ")
        return doc.render(
            title: "Shoulder girdle at equilibrium: \(scenario) (\(names))",
            description: "Posterior and lateral views of the scapula, clavicle, thorax and muscles for each case; "
                + "muscle colour and width show tension in newtons.")
    }

    /// The muscle key under the tension scale: "1 name · 2 name …", wrapped.
    func muscleKeyLines() -> [String] {
        let items = muscleNames.enumerated().map { "\($0.offset + 1)\u{00A0}\($0.element.replacingOccurrences(of: " ", with: "\u{00A0}"))" }
        return Style.wrap("Muscles: " + items.joined(separator: "\u{00A0}· "), width: width - 2 * Self.margin - 8, size: Style.smallSize)
    }

    var legendHeight: Double { 76 + Double(muscleKeyLines().count) * 15 }

    /// The tension scale (a wedge: colour and width grow together), the key to the
    /// symbols, and the muscles' numbers.
    func legend(_ doc: inout SVGDocument, top: Double, gradient: String) {
        doc.begin("g", ["class": "legend"])
        let x0 = Self.margin + 4, x1 = x0 + 230
        doc.text(
            x0, top + 14, "Muscle tension (N): colour and width",
            ["font-size": Style.textSize, "font-weight": "bold", "fill": Style.ink, "class": "legend-title"])
        let mid = top + 32
        let thin = strokeWidth(1e-9 * tensionMax) / 2, thick = strokeWidth(tensionMax) / 2
        doc.polygon(
            [(x0, mid - thin), (x1, mid - thick), (x1, mid + thick), (x0, mid + thin)],
            ["fill": "url(#\(gradient))", "stroke": "#333333", "stroke-width": 0.6, "class": "colorbar"])
        let scale = LinearScale(domain: (0, tensionMax), range: (x0, x1))
        let ticks = Ticks.values(0, tensionMax, count: 4)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : tensionMax
        for t in ticks {
            let px = scale(t)
            doc.line(px, mid + thick + 1, px, mid + thick + 5, ["stroke": Style.muted, "stroke-width": 1])
            doc.text(
                px, mid + thick + 17, Ticks.label(t, step: step),
                ["font-size": Style.smallSize, "text-anchor": "middle", "fill": Style.muted, "class": "legend-tick",
                 "data-value": t])
        }
        // The key, two columns of three.
        let kx = x1 + 44, colWidth = (width - Self.margin - kx) / 2
        var entries: [(String, (inout SVGDocument, Double, Double) -> Void)] = []
        let sample = color(tensionMax * 0.6), wide = strokeWidth(tensionMax * 0.6)
        entries.append(("taut (strain above the limit)", { d, x, y in
            d.line(x, y, x + 26, y, ["stroke": Style.ink, "stroke-width": wide + 5, "stroke-dasharray": "4 3"])
            d.line(x, y, x + 26, y, ["stroke": sample.hex, "stroke-width": wide])
        }))
        entries.append(("slack (no tension)", { d, x, y in
            d.line(x, y, x + 26, y, ["stroke": Viridis.color(at: 0).hex, "stroke-width": 1.3, "stroke-dasharray": "2 3"])
        }))
        if let b = baseline, chosen.contains(where: { $0 != 0 }) {
            let name = b.name.count > 22 ? String(b.name.prefix(21)) + "…" : b.name
            entries.append(("baseline (\(name)), grey", { d, x, y in
                d.line(x, y, x + 12, y, ["stroke": Self.ghost, "stroke-width": 2.5])
                d.line(x + 15, y, x + 26, y, ["stroke": Self.ghostEdge, "stroke-width": 1.5, "stroke-dasharray": "4 2"])
            }))
        }
        entries.append(("scapula through its landmarks", { d, x, y in
            d.polygon([(x, y - 6), (x + 26, y - 2), (x + 8, y + 6)], ["fill": Self.bone, "stroke": Self.boneEdge, "stroke-width": 1.2])
        }))
        entries.append(("clavicle", { d, x, y in
            d.line(x, y, x + 26, y, ["stroke": Self.boneEdge, "stroke-width": 5, "stroke-linecap": "round"])
        }))
        entries.append(("thorax surface; midline", { d, x, y in
            d.line(x, y, x + 11, y, ["stroke": Self.thorax, "stroke-width": 1.4])
            d.line(x + 15, y, x + 26, y, ["stroke": Self.spineColor, "stroke-width": 3, "stroke-dasharray": "6 3"])
        }))
        for (i, entry) in entries.enumerated() {
            let col = Double(i / 3), rowY = top + 10 + Double(i % 3) * 19
            let x = kx + col * colWidth
            entry.1(&doc, x, rowY)
            doc.text(x + 34, rowY + 4, entry.0, ["font-size": Style.smallSize, "fill": Style.ink, "class": "legend-entry"])
        }
        var y = top + 76
        for line in muscleKeyLines() {
            doc.text(x0, y, line, ["font-size": Style.smallSize, "fill": Style.ink, "class": "muscle-key"])
            y += 15
        }
        doc.end()
    }

    func draw(_ row: Row, into doc: inout SVGDocument) {
        let s = solutions[row.solution]
        doc.begin("g", ["class": "case", "data-case": s.name])
        var y = row.top + 18
        let number = (chosen.firstIndex(of: row.solution) ?? 0) + 1
        let heading = row.solution == 0 ? "\(s.name) (baseline)" : s.name
        doc.text(
            Self.margin, y, "\(number). \(heading)",
            ["font-size": Style.headingSize, "font-weight": "bold", "fill": Style.ink, "class": "case-title"])
        y += 4
        for line in row.info {
            y += 16
            doc.text(Self.margin, y, line, ["font-size": Style.textSize, "fill": Style.muted, "class": "case-info"])
        }
        for panel in row.panels { draw(panel, solution: row.solution, into: &doc) }
        doc.end()
    }

    func draw(_ panel: Panel, solution index: Int, into doc: inout SVGDocument) {
        let s = solutions[index]
        let model = s.model
        let plot = panel.plot
        doc.begin("g", ["class": "panel", "data-view": panel.view.rawValue])
        defer { doc.end() }
        doc.text(
            plot.x, plot.y - 8, panel.view.title,
            ["font-size": Style.textSize, "font-weight": "bold", "fill": Style.ink, "class": "view-title"])
        let hTicks = Ticks.values(panel.horizontal.domain.lo, panel.horizontal.domain.hi, count: 5)
        let vTicks = Ticks.values(panel.vertical.domain.lo, panel.vertical.domain.hi, count: 5)
        doc.axes(
            plot: plot, x: panel.horizontal, y: panel.vertical, xTicks: hTicks, yTicks: vTicks,
            xLabel: panel.view.horizontalLabel, yLabel: "Y (mm), up ↑")
        let clip = doc.uniqueID("clip")
        doc.define(
            SVGDocument.markup(
                "clipPath", ["id": clip],
                children: [SVGDocument.markup("rect", ["x": plot.x, "y": plot.y, "width": plot.width, "height": plot.height])]))
        doc.begin("g", ["clip-path": "url(#\(clip))", "class": "view", "data-view": panel.view.rawValue])
        func px(_ p: Vector3) -> (Double, Double) {
            let q = panel.pixel(p)
            return (q.x, q.y)
        }
        // Thorax: gliding-surface outlines, the midline, the incisura jugularis.
        let pxPerMM = panel.horizontal(1) - panel.horizontal(0)
        for c in model.constraints {
            let center: Vector3, radii: Vector3
            switch c.kind {
            case .ellipsoid(let c, let r, _), .compliantEllipsoid(let c, let r, _): (center, radii) = (c, r)
            case .point, .distance: continue
            }
            let o = panel.view.outline(center: center, radii: radii)
            doc.ellipse(
                panel.horizontal(o.h * 1000), panel.vertical(o.v * 1000), o.rh * 1000 * pxPerMM, o.rv * 1000 * pxPerMM,
                ["fill": "none", "stroke": Self.thorax, "stroke-width": 1.4, "class": "thorax-outline", "data-constraint": c.name])
        }
        if panel.view == .posterior, let spine = Self.spine(model) {
            let a = px(Vector3(0, spine.top, 0)), b = px(Vector3(0, spine.bottom, 0))
            doc.line(
                a.0, a.1, b.0, b.1, ["stroke": Self.spineColor, "stroke-width": 3, "stroke-dasharray": "6 3", "class": "spine"],
                title: "spine: the midline, Z = 0")
        }
        let ij = px(.zero)
        doc.circle(ij.0, ij.1, 3, ["fill": "#ffffff", "stroke": Self.spineColor, "stroke-width": 1.5, "class": "origin"])
        doc.text(ij.0 + 5, ij.1 - 5, "IJ", ["font-size": Style.smallSize, "fill": Style.muted])
        let pose = pose(index)
        let outline = Self.outline(model, at: pose).map { px($0.point) }
        // The scapula's fill, then the baseline (faint) over it, then this case's outlines.
        if outline.count >= 3 {
            doc.polygon(outline, ["fill": Self.bone, "fill-opacity": 0.7, "stroke": "none", "class": "scapula-fill"])
        }
        if let b = baseline, index != 0 {
            doc.begin("g", ["class": "baseline"])
            drawBones(b.model, at: b.equilibrium.pose, panel: panel, ghost: true, into: &doc)
            for m in b.model.muscles {
                doc.polyline(
                    m.path.map { px($0.position(at: b.equilibrium.pose)) },
                    ["fill": "none", "stroke": Self.ghost, "stroke-width": 2, "stroke-linecap": "round",
                     "stroke-linejoin": "round", "class": "baseline-muscle", "data-muscle": m.name])
            }
            doc.end()
        }
        drawBones(model, at: pose, panel: panel, ghost: false, into: &doc)
        if let e = s.equilibrium {
            // Slack and weak first, so the strong muscles lie on top.
            let order = model.muscles.indices.sorted { e.muscles[$0].tension < e.muscles[$1].tension }
            doc.begin("g", ["class": "muscles"])
            for i in order {
                let m = model.muscles[i], state = e.muscles[i]
                let points = m.path.map { px($0.position(at: pose)) }
                let w = strokeWidth(state.tension)
                let round: SVGAttributes = ["fill": "none", "stroke-linecap": "round", "stroke-linejoin": "round"]
                if state.state == .taut {
                    doc.polyline(
                        points,
                        round.merging([
                            "stroke": Style.ink, "stroke-width": w + 5, "stroke-dasharray": "4 3", "stroke-linecap": "butt",
                            "class": "taut-mark", "data-muscle": m.name,
                        ]))
                } else if state.tension > 0 {
                    doc.polyline(points, round.merging(["stroke": "#333333", "stroke-width": w + 1.6, "class": "muscle-edge"]))
                }
                var attributes = round.merging([
                    "stroke": color(state.tension).hex, "stroke-width": w, "class": "muscle", "data-muscle": m.name,
                    "data-tension-n": svgNumber(state.tension, decimals: 3), "data-state": state.state.rawValue,
                ])
                if state.tension <= 0 { attributes.set("stroke-dasharray", "2 3") }
                doc.polyline(
                    points, attributes,
                    title: "\(i + 1) \(m.name): \(oneDecimal(state.tension)) N, strain \(oneDecimal(state.strain * 100)) % (\(state.state.rawValue))")
            }
            doc.end()
            // Numbers (and "taut") near each muscle's thorax end, kept inside the plot.
            doc.begin("g", ["class": "muscle-labels"])
            var placed: [PixelRect] = []
            let tautFirst = model.muscles.indices.sorted { (e.muscles[$0].state == .taut ? 0 : 1, $0) < (e.muscles[$1].state == .taut ? 0 : 1, $1) }
            for i in tautFirst {
                let m = model.muscles[i]
                let points = m.path.map { px($0.position(at: pose)) }
                let taut = e.muscles[i].state == .taut
                let text = taut ? "\(i + 1) taut" : "\(i + 1)"
                let size = taut ? Style.smallSize + 0.5 : Style.smallSize
                let (x, y) = Self.placeLabel(text, size: size, along: points, in: plot, avoiding: &placed)
                doc.text(
                    x, y, text,
                    ["font-size": size, "font-weight": "bold", "text-anchor": "middle", "fill": taut ? "#000000" : Style.ink,
                     "stroke": "#ffffff", "stroke-width": 3, "paint-order": "stroke", "stroke-linejoin": "round",
                     "class": taut ? "taut-label" : "muscle-label", "data-muscle": m.name])
            }
            doc.end()
        }
        doc.end()
    }

    /// Where a centred label on a muscle goes (its baseline centre): the first place
    /// along the line (near the thorax end first, where origins spread apart), on it or
    /// just above or below, whose box stays inside `plot` and clear of the labels
    /// already `placed`; else the first candidate.
    static func placeLabel(
        _ text: String, size: Double, along points: [(Double, Double)], in plot: PixelRect, avoiding placed: inout [PixelRect]
    ) -> (Double, Double) {
        let half = Style.width(text, size: size) / 2
        func box(_ c: (Double, Double)) -> PixelRect {
            let x = min(max(c.0, plot.x + half + 3), plot.maxX - half - 3)
            let y = min(max(c.1 + size * 0.35, plot.y + size + 2), plot.maxY - 4)
            return PixelRect(x: x - half - 1, y: y - size, width: 2 * half + 2, height: size + 3)
        }
        func overlaps(_ a: PixelRect, _ b: PixelRect) -> Bool {
            a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
        }
        var first: PixelRect?
        for fraction in [0.22, 0.4, 0.6, 0.1, 0.8] {
            let at = point(along: points, fraction: fraction)
            for dy in [0.0, -(size + 2), size + 2, -2 * (size + 2), 2 * (size + 2)] {
                let candidate = box((at.0, at.1 + dy))
                if first == nil { first = candidate }
                if !placed.contains(where: { overlaps($0, candidate) }) {
                    placed.append(candidate)
                    return (candidate.x + candidate.width / 2, candidate.y + size)
                }
            }
        }
        let chosen = first!
        placed.append(chosen)
        return (chosen.x + chosen.width / 2, chosen.y + size)
    }

    /// The point `fraction` of the way along a polyline.
    static func point(along points: [(Double, Double)], fraction: Double) -> (Double, Double) {
        guard points.count > 1 else { return points.first ?? (0, 0) }
        var lengths: [Double] = []
        for k in 1..<points.count {
            lengths.append(hypot(points[k].0 - points[k - 1].0, points[k].1 - points[k - 1].1))
        }
        var remaining = lengths.reduce(0, +) * fraction
        for k in 1..<points.count {
            let l = lengths[k - 1]
            if remaining <= l, l > 0 {
                let f = remaining / l
                return (points[k - 1].0 + (points[k].0 - points[k - 1].0) * f, points[k - 1].1 + (points[k].1 - points[k - 1].1) * f)
            }
            remaining -= l
        }
        return points.last!
    }

    /// Scapula outline and landmarks, clavicle and other joints; faint and dashed for
    /// the baseline (`ghost`).
    func drawBones(_ model: Model, at pose: Pose, panel: Panel, ghost: Bool, into doc: inout SVGDocument) {
        func px(_ p: Vector3) -> (Double, Double) {
            let q = panel.pixel(p)
            return (q.x, q.y)
        }
        let edge = ghost ? Self.ghostEdge : Self.boneEdge
        for c in model.constraints {
            let end = px(pose.transform(c.bodyPoint))
            switch c.kind {
            case .distance(let g, _):
                let start = px(g)
                doc.line(
                    start.0, start.1, end.0, end.1,
                    ["stroke": ghost ? Self.ghost : edge, "stroke-width": 5, "stroke-linecap": "round",
                     "class": ghost ? "baseline-clavicle" : "clavicle", "data-constraint": c.name],
                    title: ghost ? nil : "\(c.name) (distance constraint)")
                if !ghost { doc.circle(start.0, start.1, 3.5, ["fill": "#ffffff", "stroke": edge, "stroke-width": 1.5]) }
            case .point(let g):
                let p = px(g)
                doc.circle(p.0, p.1, 4, ["fill": "none", "stroke": edge, "stroke-width": 1.5, "class": ghost ? "baseline-joint" : "joint"])
            case .ellipsoid, .compliantEllipsoid:
                if !ghost { doc.circle(end.0, end.1, 2.2, ["fill": Self.thorax, "class": "contact-point", "data-constraint": c.name]) }
            }
        }
        let points = Self.outline(model, at: pose).map { px($0.point) }
        if points.count >= 3 {
            doc.polygon(
                points,
                ["fill": "none", "stroke": edge, "stroke-width": ghost ? 1.6 : 1.5, "stroke-linejoin": "round",
                 "stroke-dasharray": ghost ? "5 3" : "none", "class": ghost ? "baseline-scapula" : "scapula"])
        } else if points.count == 2 {
            doc.polyline(
                points,
                ["fill": "none", "stroke": ghost ? Self.ghost : Self.bone, "stroke-width": 8, "stroke-linecap": "round",
                 "class": ghost ? "baseline-scapula" : "scapula"])
            doc.polyline(points, ["fill": "none", "stroke": edge, "stroke-width": 1.2, "stroke-dasharray": ghost ? "5 3" : "none"])
        }
        if ghost { return }
        for (name, point) in model.scapula.landmarks.sorted(by: { $0.key < $1.key }) {
            let p = px(pose.transform(point))
            doc.circle(p.0, p.1, 2.5, ["fill": edge, "class": "landmark", "data-landmark": name])
            doc.text(
                p.0 + 4, p.1 + 13, name,
                ["font-size": Style.smallSize, "fill": edge, "stroke": "#ffffff", "stroke-width": 2.5, "paint-order": "stroke",
                 "class": "landmark-label"])
        }
    }
}
