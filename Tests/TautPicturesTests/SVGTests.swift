import Foundation
import Testing
import TautCore
import TautFiles
@testable import TautPictures

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element tree read with Foundation's XMLParser (FoundationXML on Linux).
final class ParsedElement {
    let name: String
    let attributes: [String: String]
    var children: [ParsedElement] = []
    var text = ""
    weak var parent: ParsedElement?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This node and every descendant, in document order.
    var all: [ParsedElement] { [self] + children.flatMap(\.all) }

    func elements(_ name: String, where test: (ParsedElement) -> Bool = { _ in true }) -> [ParsedElement] {
        all.filter { $0.name == name && test($0) }
    }

    func hasClass(_ c: String) -> Bool { (attributes["class"] ?? "").split(separator: " ").contains(Substring(c)) }

    func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }

    /// The nearest ancestor (or self) with `class` c.
    func ancestor(withClass c: String) -> ParsedElement? {
        var node: ParsedElement? = self
        while let n = node {
            if n.hasClass(c) { return n }
            node = n.parent
        }
        return nil
    }
}

final class XMLTree: NSObject, XMLParserDelegate {
    var root: ParsedElement?
    var stack: [ParsedElement] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let node = ParsedElement(name: elementName, attributes: attributes)
        node.parent = stack.last
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    /// The document's root, or a recorded issue when it is not well-formed XML.
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> ParsedElement? {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = XMLTree()
        parser.delegate = builder
        if !parser.parse() {
            Issue.record(
                "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)",
                sourceLocation: sourceLocation)
            return nil
        }
        return builder.root
    }
}

@Suite struct SVGBuilderTests {
    @Test func anyTextGivesWellFormedXML() throws {
        var doc = SVGDocument(width: 100, height: 50)
        let nasty = "a<b>&c \"d\" 'e' \u{1}\u{7}f ü ∑ 🦴"
        doc.text(1, 2, nasty, ["data-name": nasty])
        doc.polyline([(0, 0), (1.005, -0.0001)], ["class": "x"], title: nasty)
        let root = try #require(XMLTree.parse(doc.render(title: nasty, description: nasty)))
        #expect(root.name == "svg")
        #expect(root.attributes["viewBox"] == "0 0 100 50")
        let text = try #require(root.elements("text").first)
        #expect(text.text == "a<b>&c \"d\" 'e' f ü ∑ 🦴")
        #expect(text.attributes["data-name"] == "a<b>&c \"d\" 'e' f ü ∑ 🦴")
        // Numbers: two decimals at most, no negative zero.
        #expect(root.elements("polyline").first?.attributes["points"] == "0,0 1,0")
    }

    @Test func numbersAreShortAndNeverNaN() {
        #expect(svgNumber(12.3456) == "12.35")
        #expect(svgNumber(-0.001) == "0")
        #expect(svgNumber(3) == "3")
        #expect(svgNumber(.nan) == "0")
        #expect(svgNumber(-7.5) == "-7.5")
    }

    @Test func viridisMatchesMatplotlib() {
        // matplotlib's viridis: 0 → #440154, 1 → #fde725, its 128th entry → #21918c.
        #expect(Viridis.color(at: 0).hex == "#440154")
        #expect(Viridis.color(at: 1).hex == "#fde725")
        #expect(Viridis.color(at: 128.0 / 255).hex == "#21918c")
        #expect(Viridis.color(at: -3) == Viridis.color(at: 0))
        #expect(Viridis.color(at: .nan) == Viridis.color(at: 0))
        // Perceptually ordered: luminance grows all the way (readable in greyscale).
        var previous = -1.0
        for k in 0...100 {
            let l = Viridis.color(at: Double(k) / 100).luminance
            #expect(l > previous, "luminance at \(k) %")
            previous = l
        }
    }

    @Test func niceTicks() {
        #expect(Ticks.values(0, 97, count: 5) == [0, 20, 40, 60, 80])
        let scaleTicks = Ticks.values(0.7, 1.0, count: 6)
        #expect(scaleTicks.map { Ticks.label($0, step: 0.05) } == ["0.70", "0.75", "0.80", "0.85", "0.90", "0.95", "1.00"])
        #expect(Ticks.values(-163, 142, count: 5) == [-150, -100, -50, 0, 50, 100])
        #expect(Ticks.step(span: 0.3, count: 6) == 0.05)
        #expect(Ticks.label(0.75, step: 0.05) == "0.75")
        #expect(Ticks.label(-100, step: 50) == "-100")
        // Extreme ranges: short labels in exponent form, never 300 digits nor all zeros.
        let hugeDomain = Ticks.niceDomain(-1.7e308, 1.7e308)
        let huge = Ticks.values(-1.7e308, 1.7e308).map { Ticks.label($0, step: hugeDomain.step) }
        #expect(hugeDomain.step.isFinite && hugeDomain.lo.isFinite && hugeDomain.hi.isFinite, "\(hugeDomain)")
        #expect(Set(huge).count == huge.count && huge.count > 1, "distinct: \(huge)")
        #expect(!huge.isEmpty && huge.allSatisfy { $0.count <= 10 }, "\(huge)")
        let tiny = Ticks.values(0, 4e-320).map { Ticks.label($0, step: Ticks.niceDomain(0, 4e-320).step) }
        #expect(tiny.contains { $0 != "0" } && tiny.allSatisfy { $0.count <= 10 }, "not all zeros: \(tiny)")
        #expect(Ticks.label(-0.0000001, step: 0.1) == "0.0")
        let d = Ticks.niceDomain(3, 3)
        #expect(d.lo < 3 && d.hi > 3)
        #expect(Ticks.niceDomain(0, 13.9, count: 4).hi == 15)
    }
}

/// The girdle drawing of the teaching scenario (4 springs, 5 cases; AA and TS landmarks).
@Suite struct SVGGirdleDrawingTests {
    let scenario: Scenario
    let solutions: [CaseSolution]
    let drawing: GirdleDrawing
    let root: ParsedElement

    init() throws {
        scenario = try #require(try Catalog.scenario(named: "planar-tight-pec-minor"))
        solutions = try scenario.solveAll()
        drawing = try GirdleDrawing(scenario: scenario.name, solutions: solutions)
        root = try #require(XMLTree.parse(drawing.svg()))
    }

    @Test func oneLinePerMusclePerCaseAndView() throws {
        let cases = root.elements("g") { $0.hasClass("case") }
        #expect(cases.map { $0.attributes["data-case"] ?? "" } == scenario.cases.map(\.name))
        for c in cases {
            for view in ["posterior", "lateral"] {
                let panel = try #require(c.elements("g") { $0.hasClass("panel") && $0.attributes["data-view"] == view }.first)
                let muscles = panel.elements("polyline") { $0.hasClass("muscle") }
                #expect(muscles.map { $0.attributes["data-muscle"] ?? "" }.sorted() == scenario.model.muscles.map(\.name).sorted())
                // Each runs through its path's points (two here).
                for m in muscles { #expect(m.attributes["points"]?.split(separator: " ").count == 2) }
            }
        }
        #expect(root.elements("polyline") { $0.hasClass("muscle") }.count == 4 * 5 * 2)
    }

    @Test func titlesLegendAndAxesNameTheirUnits() throws {
        let title = try #require(root.elements("text") { $0.hasClass("title") }.first)
        #expect(title.text.contains("planar-tight-pec-minor"))
        let subtitle = root.elements("text") { $0.hasClass("subtitle") }.map(\.text).joined(separator: " ")
        #expect(subtitle.contains("seen from behind") && subtitle.contains("Z (the subject's right) to the right"))
        #expect(subtitle.contains("millimetres"))
        let legend = try #require(root.elements("g") { $0.hasClass("legend") }.first)
        #expect(legend.elements("text") { $0.hasClass("legend-title") }.first?.text.contains("(N)") == true)
        #expect(legend.elements("polygon") { $0.hasClass("colorbar") }.count == 1)
        let ticks = legend.elements("text") { $0.hasClass("legend-tick") }.compactMap { Double($0.text) }
        #expect(ticks.first == 0 && (ticks.last ?? 0) >= drawing.tensionMax - 1e-9)
        #expect(legend.elements("text") { $0.hasClass("muscle-key") }.first?.text.contains("1\u{00A0}pectoralis_minor") == true)
        let labels = root.elements("text") { $0.hasClass("axis-label") }.map(\.text)
        #expect(labels.filter { $0 == "Z (mm), right →" }.count == 5)
        #expect(labels.filter { $0 == "X (mm), anterior →" }.count == 5)
        #expect(labels.filter { $0 == "Y (mm), up ↑" }.count == 10)
        let gradient = try #require(root.elements("linearGradient").first)
        #expect(gradient.children.count == Viridis.samples.count)
    }

    @Test func colourAndWidthGrowWithTension() throws {
        let muscles = root.elements("polyline") { $0.hasClass("muscle") }
        let pairs = muscles.compactMap { m -> (Double, Double)? in
            guard let t = m.number("data-tension-n"), let w = m.number("stroke-width") else { return nil }
            return (t, w)
        }
        #expect(pairs.count == muscles.count)
        for a in pairs { for b in pairs where a.0 < b.0 - 1e-6 { #expect(a.1 <= b.1) } }
        let strongest = try #require(muscles.max { ($0.number("data-tension-n") ?? 0) < ($1.number("data-tension-n") ?? 0) })
        #expect(strongest.attributes["stroke"] == drawing.color(strongest.number("data-tension-n") ?? 0).hex)
        #expect(drawing.color(drawing.tensionMax) == Viridis.color(at: 1))
    }

    @Test func tautMusclesAreMarkedAndNamed() throws {
        let shortCase = root.elements("g") { $0.hasClass("case") && ($0.attributes["data-case"] ?? "").hasPrefix("short") }.first
        let short = try #require(shortCase)
        let e = try #require(solutions[1].equilibrium)
        let taut = Set(e.muscles.filter { $0.state == .taut }.map(\.name))
        #expect(!taut.isEmpty)
        let posterior = try #require(short.elements("g") { $0.attributes["data-view"] == "posterior" && $0.hasClass("panel") }.first)
        #expect(Set(posterior.elements("polyline") { $0.hasClass("taut-mark") }.compactMap { $0.attributes["data-muscle"] }) == taut)
        #expect(Set(posterior.elements("text") { $0.hasClass("taut-label") }.compactMap { $0.attributes["data-muscle"] }) == taut)
        #expect(short.elements("text") { $0.hasClass("case-info") }.map(\.text).joined().contains("Taut"))
        // The healthy case has none.
        let healthy = try #require(root.elements("g") { $0.hasClass("case") }.first)
        #expect(healthy.elements("polyline") { $0.hasClass("taut-mark") }.isEmpty)
    }

    @Test func baselineIsDrawnBehindEveryOtherCase() throws {
        let cases = root.elements("g") { $0.hasClass("case") }
        #expect(cases[0].elements("polyline") { $0.hasClass("baseline-muscle") }.isEmpty)
        for c in cases.dropFirst() {
            #expect(c.elements("polyline") { $0.hasClass("baseline-muscle") }.count == 4 * 2)
            // Behind: the baseline group comes before this case's muscles.
            let view = try #require(c.elements("g") { $0.hasClass("view") }.first)
            let order = view.children.map { $0.attributes["class"] ?? $0.name }
            let b = try #require(order.firstIndex(of: "baseline")), m = try #require(order.firstIndex(of: "muscles"))
            #expect(b < m)
        }
    }

    /// A known point lands at a known pixel: AA of the healthy case sits at
    /// (−60, 0, 140) mm (the reference pose: origin (−60, 0, 100) mm plus AA (0, 0, 40) mm),
    /// and the axes' own tick labels must put it there.
    @Test func aKnownPointLandsWhereTheTicksSayItIs() throws {
        let healthy = try #require(root.elements("g") { $0.hasClass("case") }.first)
        for (view, h) in [("posterior", 140.0), ("lateral", -60.0)] {
            let panel = try #require(healthy.elements("g") { $0.hasClass("panel") && $0.attributes["data-view"] == view }.first)
            let aa = try #require(panel.elements("circle") { $0.attributes["data-landmark"] == "AA" }.first)
            func fit(_ axis: String, _ coordinate: String) throws -> (Double) -> Double {
                let ticks = panel.elements("text") { $0.hasClass("tick-label") && $0.attributes["data-axis"] == axis }
                    .compactMap { t -> (Double, Double)? in
                        guard let v = Double(t.text), let p = t.number(coordinate) else { return nil }
                        return (v, axis == "y" ? p - 4 : p)  // y labels sit 4 px below their tick
                    }
                let a = try #require(ticks.first), b = try #require(ticks.last)
                #expect(ticks.count >= 3 && a.0 != b.0)
                return { v in a.1 + (v - a.0) / (b.0 - a.0) * (b.1 - a.1) }
            }
            let px = try fit("x", "x"), py = try fit("y", "y")
            #expect(abs((aa.number("cx") ?? .nan) - px(h)) < 0.02, "\(view) x")
            #expect(abs((aa.number("cy") ?? .nan) - py(0)) < 0.02, "\(view) y")
        }
    }

    @Test func viewsShareOneScaleAndOrientation() throws {
        let row = drawing.rows[0]
        let post = row.panels[0], lat = row.panels[1]
        #expect(post.view == .posterior && lat.view == .lateral)
        let p0 = post.pixel(Vector3(0, 0, 0)), pz = post.pixel(Vector3(0, 0, 0.1)), py = post.pixel(Vector3(0, 0.1, 0))
        let l0 = lat.pixel(Vector3(0, 0, 0)), lx = lat.pixel(Vector3(0.1, 0, 0))
        #expect(pz.x - p0.x > 0 && abs(pz.y - p0.y) < 1e-9, "Z to the right from behind")
        #expect(py.y < p0.y && abs(py.x - p0.x) < 1e-9, "Y up")
        #expect(lx.x - l0.x > 0, "X (anterior) to the right in the lateral view")
        #expect(abs((pz.x - p0.x) - (lx.x - l0.x)) < 1e-9 && abs((pz.x - p0.x) - (p0.y - py.y)) < 1e-9, "one scale")
        // Every case's panels use the same scale.
        for r in drawing.rows { #expect(abs((r.panels[0].pixel(Vector3(0, 0, 0.1)).x - r.panels[0].pixel(.zero).x) - (pz.x - p0.x)) < 1e-9) }
        // The picture is 800 px wide, as the issue asks.
        #expect(root.attributes["width"] == "800")
    }

    @Test func casesArePickedByNameOrPrefix() throws {
        let names = scenario.cases.map(\.name)
        #expect(try GirdleDrawing.resolveCases(["strong back", "short"], among: names, scenario: "s") == [4, 1])
        #expect(throws: InputError.self) { try GirdleDrawing.resolveCases(["nope"], among: names, scenario: "s") }
        do {
            _ = try GirdleDrawing(scenario: "s", solutions: solutions, cases: ["nope"])
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.key == "--case" && e.message.contains("'nope'") && e.message.contains("'healthy'"))
        }
        let two = try GirdleDrawing(scenario: scenario.name, solutions: solutions, cases: ["release", "healthy"])
        let tree = try #require(XMLTree.parse(two.svg()))
        #expect(tree.elements("g") { $0.hasClass("case") }.compactMap { $0.attributes["data-case"] } == ["release pectoralis minor", "healthy"])
    }

    @Test func aCaseWithoutEquilibriumStillDraws() throws {
        let text = """
            name: loose
            scapula:
              mass: 1
              center_of_mass: [0, 0, 0]
              reference_pose: {position: [0, 0, 0.1], orientation_deg: {protraction: 0, lateral_rotation: 0, posterior_tilt: 0}}
              landmarks: {AA: [0, 0, 0.02], TS: [0, 0, -0.05], AI: [0, -0.1, -0.05]}
            muscles:
              - {name: m, group: g, law: spring, stiffness: 10, rest_length: 1, path: [{body: thorax, point: [0, 0.1, 0]}, {body: scapula, point: [0, 0, 0]}]}
            """
        let model = try ModelReader.parse(text, file: "loose.yaml")
        let s = Scenario(name: "loose <&>", model: model, cases: [.init(name: "only")])
        let solutions = try s.solveAll()
        #expect(solutions[0].equilibrium == nil)
        let d = try GirdleDrawing(scenario: s.name, solutions: solutions)
        let tree = try #require(XMLTree.parse(d.svg()))
        #expect(tree.elements("text") { $0.hasClass("case-info") }.map(\.text).joined().contains("No equilibrium"))
        #expect(tree.elements("polygon") { $0.hasClass("scapula") }.count == 2)
        #expect(tree.elements("polyline") { $0.hasClass("muscle") }.isEmpty)
    }
}

/// The demonstration's picture, rendered to PNG by `rsvg-convert` (librsvg2-bin,
/// installed by scripts/setup).
@Suite struct SVGRenderingTests {
    static func rsvgConvert() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("rsvg-convert")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Renders `svg` to a PNG `width` px wide; returns the PNG's bytes.
    static func render(_ svg: String, width: Int, in dir: URL, name: String) throws -> Data {
        let tool = try #require(
            rsvgConvert(),
            "rsvg-convert is missing: install Debian's librsvg2-bin (scripts/setup does) to check that the pictures render")
        let input = dir.appendingPathComponent("\(name).svg"), output = dir.appendingPathComponent("\(name).png")
        try svg.write(to: input, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = tool
        p.arguments = ["-w", "\(width)", "-f", "png", "-o", output.path, input.path]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "rsvg-convert failed: \(message)")
        return try Data(contentsOf: output)
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count > 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be32(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    @Test func theDemonstrationRendersToANonBlankPNG() throws {
        let scenario = try #require(try Catalog.scenario(named: Catalog.demonstration))
        let drawing = try GirdleDrawing(scenario: scenario.name, solutions: try scenario.solveAll())
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("taut-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = try Self.render(drawing.svg(), width: 800, in: dir, name: "demonstration")
        let size = try #require(Self.pngSize(png), "rsvg-convert did not write a PNG")
        #expect(size.width == 800)
        #expect(abs(Double(size.height) - drawing.height) <= 1)
        // A blank page of the same size compresses to almost nothing; the drawing does not.
        var blank = SVGDocument(width: drawing.width, height: drawing.height)
        blank.rect(0, 0, 1, 1, ["fill": "#ffffff"])
        let empty = try Self.render(blank.render(title: "blank"), width: 800, in: dir, name: "blank")
        #expect(Self.pngSize(empty)?.height == size.height)
        #expect(png.count > 20 * empty.count, "the picture looks blank: \(png.count) bytes against \(empty.count) for a blank page")
    }
}
