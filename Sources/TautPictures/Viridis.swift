/// The viridis colour scale: perceptually uniform, ordered from dark purple (0) to
/// yellow (1), readable in greyscale and by people with the common colour-vision
/// deficiencies.
///
/// Source of the values: matplotlib's `_viridis_data` (256 entries) in
/// `lib/matplotlib/_cm_listed.py`, by Stéfan van der Walt and Nathaniel Smith, released
/// under CC0 (public domain). This table holds 17 of those entries, at indices
/// round(k · 255 / 16) for k = 0…16, copied unchanged; `color(at:)` interpolates linearly
/// between them (at most about 1/255 off the full table in each channel).
public enum Viridis {
    /// (index in matplotlib's 256-entry table, r, g, b).
    static let samples: [(index: Int, r: Double, g: Double, b: Double)] = [
        (0, 0.267004, 0.004874, 0.329415),
        (16, 0.282327, 0.094955, 0.417331),
        (32, 0.278826, 0.175490, 0.483397),
        (48, 0.258965, 0.251537, 0.524736),
        (64, 0.229739, 0.322361, 0.545706),
        (80, 0.199430, 0.387607, 0.554642),
        (96, 0.172719, 0.448791, 0.557885),
        (112, 0.149039, 0.508051, 0.557250),
        (128, 0.127568, 0.566949, 0.550556),
        (143, 0.120081, 0.622161, 0.534946),
        (159, 0.153894, 0.680203, 0.504172),
        (175, 0.239374, 0.735588, 0.455688),
        (191, 0.360741, 0.785964, 0.387814),
        (207, 0.506271, 0.828786, 0.300362),
        (223, 0.668054, 0.861999, 0.196293),
        (239, 0.835270, 0.886029, 0.102646),
        (255, 0.993248, 0.906157, 0.143936),
    ]

    /// The colour at `t` in [0, 1] (clamped; NaN gives the bottom of the scale).
    public static func color(at t: Double) -> RGB {
        let u = t.isNaN ? 0 : max(0, min(1, t)) * 255
        var k = 0
        while k < samples.count - 2 && Double(samples[k + 1].index) < u { k += 1 }
        let a = samples[k], b = samples[k + 1]
        let f = (u - Double(a.index)) / Double(b.index - a.index)
        return RGB(a.r + (b.r - a.r) * f, a.g + (b.g - a.g) * f, a.b + (b.b - a.b) * f)
    }

    /// Gradient stops (offset 0…1, colour) for an SVG `linearGradient`.
    public static var stops: [(offset: Double, color: RGB)] {
        samples.map { (Double($0.index) / 255, RGB($0.r, $0.g, $0.b)) }
    }
}
