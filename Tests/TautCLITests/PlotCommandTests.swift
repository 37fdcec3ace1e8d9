import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every element of an SVG file in document order (name, attributes, text), read with
/// Foundation's XMLParser; nil (and a recorded issue) when the file is not well-formed.
final class FlatXML: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        func hasClass(_ c: String) -> Bool { (attributes["class"] ?? "").split(separator: " ").contains(Substring(c)) }
    }

    var elements: [Element] = []
    private var open: [Int] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let k = open.last { elements[k].text += string }
    }

    static func read(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation) -> [Element]? {
        guard let data = try? Data(contentsOf: url) else {
            Issue.record("\(url.path) was not written", sourceLocation: sourceLocation)
            return nil
        }
        let parser = XMLParser(data: data)
        let flat = FlatXML()
        parser.delegate = flat
        guard parser.parse() else {
            Issue.record("\(url.lastPathComponent) is not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
            return nil
        }
        return flat.elements
    }
}

/// A sweep-shaped CSV: axis s (and optionally g), converged, …, muscles a and b.
func sweepCSV(groups: [Double]? = nil) -> String {
    var header = ["pectoralis_minor.rest_length_scale"] + (groups == nil ? [] : ["retractors.activation"])
    header += ["converged", "iterations", "residual_n", "stable", "x_mm", "y_mm", "z_mm", "protraction_deg",
               "lateral_rotation_deg", "posterior_tilt_deg", "a_length_mm", "a_strain", "a_tension_n", "b_length_mm",
               "b_strain", "b_tension_n"]
    var lines = [header.joined(separator: ",")]
    for g in groups ?? [0] {
        for s in [0.8, 0.9, 1.0] {
            let axes = groups == nil ? ["\(s)"] : ["\(s)", "\(g)"]
            lines.append((axes + ["true", "3", "1e-12", "true", "-70", "10", "170", "\(40 - 10 * s)", "3", "-1",
                                  "100", "0.05", "\(10 * s + g)", "110", "0.01", "\(5 + s)"]).joined(separator: ","))
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

@Suite struct PlotCommandTests {
    @Test func solveDrawsTheGirdleBesideTheTable() throws {
        let dir = try temporaryDirectory()
        let svg = dir.appendingPathComponent("girdle.svg")
        let r = try Taut.run(["solve", "planar-tight-pec-minor", "--svg", svg.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Scenario planar-tight-pec-minor"), "the table still prints")
        let elements = try #require(FlatXML.read(svg))
        #expect(elements.first?.name == "svg")
        let cases = elements.filter { $0.name == "g" && $0.hasClass("case") }
        #expect(cases.count == 5)
        // Four muscles, five cases, two views.
        #expect(elements.filter { $0.name == "polyline" && $0.hasClass("muscle") }.count == 40)
        #expect(elements.contains { $0.hasClass("legend") })
        #expect(elements.contains { $0.hasClass("axis-label") && $0.text == "Z (mm), right →" })
    }

    @Test func caseOptionPicksCasesByNameOrPrefix() throws {
        let dir = try temporaryDirectory()
        let svg = dir.appendingPathComponent("two.svg")
        let r = try Taut.run(["solve", "planar-tight-pec-minor", "--svg", svg.path, "--case", "short", "--case", "healthy"])
        #expect(r.status == 0, "\(r.stderr)")
        let elements = try #require(FlatXML.read(svg))
        let cases = elements.filter { $0.name == "g" && $0.hasClass("case") }.compactMap { $0.attributes["data-case"] }
        #expect(cases == ["short pectoralis minor (x0.85)", "healthy"])
    }

    @Test func unknownCaseIsBadInputAndNothingIsWritten() throws {
        let dir = try temporaryDirectory()
        let svg = dir.appendingPathComponent("none.svg")
        let r = try Taut.run(["solve", "planar-tight-pec-minor", "--svg", svg.path, "--case", "nope"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--case") && r.stderr.contains("'nope'") && r.stderr.contains("'healthy'"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: svg.path))
        let alone = try Taut.run(["solve", "planar-tight-pec-minor", "--case", "healthy"])
        #expect(alone.status == 2 && alone.stderr.contains("--svg"))
    }

    @Test func plotWritesLinePlotsWithAxesAndLegend() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("sweep.csv"), svg = dir.appendingPathComponent("plot.svg")
        try sweepCSV().write(to: csv, atomically: true, encoding: .utf8)
        let r = try Taut.run([
            "plot", csv.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "*_tension_n,protraction_deg",
            "--output", svg.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let elements = try #require(FlatXML.read(svg))
        let series = elements.filter { $0.name == "path" && $0.hasClass("series") }.compactMap { $0.attributes["data-series"] }
        #expect(series == ["a", "b", "protraction"])
        let labels = elements.filter { $0.hasClass("axis-label") }.map(\.text)
        #expect(labels.contains("tension (N)") && labels.contains("angle (°)"))
        #expect(labels.contains("pectoralis_minor rest length scale (× model value)"))
        #expect(elements.filter { $0.hasClass("legend-entry") }.count == 3)
        #expect(elements.filter { $0.hasClass("tick-label") }.count > 10)
    }

    @Test func plotGroupsBySecondAxisAndReadsStandardInput() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("grid.csv"), svg = dir.appendingPathComponent("grid.svg")
        try sweepCSV(groups: [0, 0.5, 1]).write(to: csv, atomically: true, encoding: .utf8)
        let r = try Taut.run([
            "plot", csv.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "a_tension_n",
            "--group-by", "retractors.activation", "--output", svg.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let elements = try #require(FlatXML.read(svg))
        #expect(elements.filter { $0.hasClass("series") }.compactMap { $0.attributes["data-series"] } == ["0", "0.5", "1"])
        // Without --group-by the varying second axis is an error naming it.
        let r2 = try Taut.run(["plot", csv.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "a_tension_n"])
        #expect(r2.status == 2 && r2.stderr.contains("grid.csv") && r2.stderr.contains("retractors.activation"), "\(r2.stderr)")
        let r3 = try Taut.run([
            "plot", csv.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "a_tension_n", "--where", "retractors.activation=0.5",
        ])
        #expect(r3.status == 0 && r3.stdout.hasPrefix("<?xml"), "\(r3.stderr)")
    }

    @Test func plotErrorsNameTheFileAndColumn() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("s.csv"), svg = dir.appendingPathComponent("never.svg")
        try sweepCSV().write(to: csv, atomically: true, encoding: .utf8)
        let unknown = try Taut.run(["plot", csv.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "c_tension_n", "--output", svg.path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("s.csv") && unknown.stderr.contains("c_tension_n") && unknown.stderr.contains("--y"), "\(unknown.stderr)")
        let axis = try Taut.run(["plot", csv.path, "--x", "pectoralis_minor.stiffness_scale", "--y", "a_tension_n"])
        #expect(axis.status == 2 && axis.stderr.contains("pectoralis_minor.stiffness_scale") && axis.stderr.contains("--x"))
        let bad = dir.appendingPathComponent("bad.csv")
        try "a,b,c\n1,2,3\n4,5\n6,7,8\n".write(to: bad, atomically: true, encoding: .utf8)
        let malformed = try Taut.run(["plot", bad.path, "--x", "a", "--y", "b"])
        #expect(malformed.status == 2 && malformed.stderr.contains("bad.csv:3"), "\(malformed.stderr)")
        let notNumber = dir.appendingPathComponent("text.csv")
        try "a,b\n1,2\n2,oops\n".write(to: notNumber, atomically: true, encoding: .utf8)
        let nan = try Taut.run(["plot", notNumber.path, "--x", "a", "--y", "b"])
        #expect(nan.status == 2 && nan.stderr.contains("text.csv:3") && nan.stderr.contains("b: 'oops'"), "\(nan.stderr)")
        let missing = try Taut.run(["plot", dir.appendingPathComponent("nope.csv").path, "--x", "a", "--y", "b"])
        #expect(missing.status == 2 && missing.stderr.contains("nope.csv"))
        #expect(!FileManager.default.fileExists(atPath: svg.path))
    }

    /// End to end: a real sweep of the teaching model, plotted.
    @Test func plotsWhatSweepWrites() throws {
        let dir = try temporaryDirectory()
        let csv = dir.appendingPathComponent("real.csv"), svg = dir.appendingPathComponent("real.svg")
        let sweep = try Taut.run([
            "sweep", "planar-tight-pec-minor", "--vary", "pectoralis_minor.rest_length_scale=0.8:1.0:5", "--output", csv.path,
        ])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let r = try Taut.run([
            "plot", csv.path, "--x", "pectoralis_minor.rest_length_scale", "--y", "rhomboids_tension_n,middle_trapezius_strain",
            "--output", svg.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let elements = try #require(FlatXML.read(svg))
        #expect(elements.filter { $0.hasClass("series") }.count == 2)
        #expect(elements.filter { $0.hasClass("marker") }.count == 10)
    }
}
