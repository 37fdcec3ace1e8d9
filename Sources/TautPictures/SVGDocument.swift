import Foundation

/// A value written into an SVG attribute.
public protocol SVGValue {
    var svgText: String { get }
}

extension String: SVGValue {
    public var svgText: String { self }
}

extension Int: SVGValue {
    public var svgText: String { String(self) }
}

extension Double: SVGValue {
    /// At most two decimals (1/100 px is below what any renderer shows), no
    /// exponent, no `-0`, never `nan`.
    public var svgText: String { svgNumber(self) }
}

/// `x` with at most `decimals` decimals, trailing zeros dropped, `0` for non-finite input.
func svgNumber(_ x: Double, decimals: Int = 2) -> String {
    guard x.isFinite else { return "0" }
    var s = String(format: "%.\(decimals)f", locale: nil, x)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    if s == "-0" { s = "0" }
    return s
}

/// Attributes in the order written, e.g. `["x": 3.5, "fill": "none"]`.
public struct SVGAttributes: ExpressibleByDictionaryLiteral {
    public var pairs: [(String, String)]

    public init(dictionaryLiteral elements: (String, any SVGValue)...) {
        pairs = elements.map { ($0.0, $0.1.svgText) }
    }

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs
    }

    public mutating func set(_ name: String, _ value: any SVGValue) {
        if let i = pairs.firstIndex(where: { $0.0 == name }) {
            pairs[i].1 = value.svgText
        } else {
            pairs.append((name, value.svgText))
        }
    }

    public func merging(_ other: SVGAttributes) -> SVGAttributes {
        var result = self
        for (k, v) in other.pairs { result.set(k, v) }
        return result
    }
}

/// A minimal SVG 1.1 writer: elements are appended in drawing order; text and
/// attribute values are escaped, so any muscle or case name gives well-formed XML.
public struct SVGDocument {
    public let width: Double
    public let height: Double
    private var definitions: [String] = []
    private var lines: [String] = []
    private var open: [String] = []
    private var idCounter = 0

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// `text` made safe for XML character data and attribute values: `& < > " '`
    /// escaped, characters XML 1.0 forbids (most C0 controls) dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A fresh id with `prefix`, unique in this document.
    public mutating func uniqueID(_ prefix: String) -> String {
        idCounter += 1
        return "\(prefix)-\(idCounter)"
    }

    private static func tag(_ name: String, _ attributes: SVGAttributes) -> String {
        var s = "<" + name
        for (k, v) in attributes.pairs { s += " \(k)=\"\(escape(v))\"" }
        return s
    }

    private var indent: String { String(repeating: "  ", count: open.count + 1) }

    /// An element with no children, or with `text` as its content; `title` adds a
    /// `<title>` child (a tooltip in browsers, a description for screen readers).
    public mutating func element(_ name: String, _ attributes: SVGAttributes, text: String? = nil, title: String? = nil) {
        var s = indent + Self.tag(name, attributes)
        if text == nil && title == nil {
            s += "/>"
        } else {
            s += ">"
            if let title { s += "<title>\(Self.escape(title))</title>" }
            if let text { s += Self.escape(text) }
            s += "</\(name)>"
        }
        lines.append(s)
    }

    /// Opens a container (`g`, `clipPath`, ...); close it with `end()`.
    public mutating func begin(_ name: String = "g", _ attributes: SVGAttributes = [:]) {
        lines.append(indent + Self.tag(name, attributes) + ">")
        open.append(name)
    }

    public mutating func end() {
        guard let name = open.popLast() else { return }
        lines.append(indent + "</\(name)>")
    }

    /// Adds raw, already well-formed markup to `<defs>` (gradients, clip paths).
    public mutating func define(_ markup: String) {
        definitions.append(markup)
    }

    // MARK: Shapes

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ attributes: SVGAttributes = [:], title: String? = nil) {
        let base: SVGAttributes = ["x1": x1, "y1": y1, "x2": x2, "y2": y2]
        element("line", base.merging(attributes), title: title)
    }

    public mutating func polyline(_ points: [(Double, Double)], _ attributes: SVGAttributes = [:], title: String? = nil) {
        let base: SVGAttributes = ["points": Self.points(points)]
        element("polyline", base.merging(attributes), title: title)
    }

    public mutating func polygon(_ points: [(Double, Double)], _ attributes: SVGAttributes = [:], title: String? = nil) {
        let base: SVGAttributes = ["points": Self.points(points)]
        element("polygon", base.merging(attributes), title: title)
    }

    public mutating func path(_ d: String, _ attributes: SVGAttributes = [:], title: String? = nil) {
        let base: SVGAttributes = ["d": d]
        element("path", base.merging(attributes), title: title)
    }

    public mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ attributes: SVGAttributes = [:]) {
        let base: SVGAttributes = ["x": x, "y": y, "width": width, "height": height]
        element("rect", base.merging(attributes))
    }

    public mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, _ attributes: SVGAttributes = [:], title: String? = nil) {
        let base: SVGAttributes = ["cx": cx, "cy": cy, "r": r]
        element("circle", base.merging(attributes), title: title)
    }

    public mutating func ellipse(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, _ attributes: SVGAttributes = [:]) {
        let base: SVGAttributes = ["cx": cx, "cy": cy, "rx": rx, "ry": ry]
        element("ellipse", base.merging(attributes))
    }

    /// Text at (x, y) (the baseline's start, unless `text-anchor` says otherwise).
    public mutating func text(_ x: Double, _ y: Double, _ string: String, _ attributes: SVGAttributes = [:]) {
        let base: SVGAttributes = ["x": x, "y": y]
        element("text", base.merging(attributes), text: string)
    }

    /// `points` as an SVG points list.
    public static func points(_ points: [(Double, Double)]) -> String {
        points.map { "\($0.0.svgText),\($0.1.svgText)" }.joined(separator: " ")
    }

    // MARK: Output

    /// The whole document: XML declaration, `<svg>` with its view box, a white
    /// background, the definitions, then the elements in drawing order.
    public func render(title: String, description: String? = nil) -> String {
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let w = width.svgText, h = height.svgText
        out.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
                + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">")
        out.append("  <title>\(Self.escape(title))</title>")
        if let description { out.append("  <desc>\(Self.escape(description))</desc>") }
        if !definitions.isEmpty {
            out.append("  <defs>")
            out += definitions.map { "    " + $0 }
            out.append("  </defs>")
        }
        out.append("  <rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>")
        out += lines
        for name in open.reversed() { out.append("  </\(name)>") }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// An element as markup for `define` (children already markup), attributes escaped.
    public static func markup(_ name: String, _ attributes: SVGAttributes, children: [String] = []) -> String {
        let open = tag(name, attributes)
        return children.isEmpty ? open + "/>" : open + ">" + children.joined() + "</\(name)>"
    }
}
