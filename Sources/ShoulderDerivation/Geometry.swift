import Foundation
import TautCore

extension Vector3 {
    var normalized: Vector3 { self / length }
}

extension Matrix3 {
    /// The nearest rotation (polar factor), by Newton's iteration R ← (R + R⁻ᵀ)/2.
    var orthonormalized: Matrix3 {
        var r = self
        for _ in 0..<30 {
            // R⁻ᵀ = cofactor matrix / det.
            let det = r.determinant
            let inverseTranspose = Matrix3(columns: r.c1.cross(r.c2), r.c2.cross(r.c0), r.c0.cross(r.c1)) * (1 / det)
            let next = (r + inverseTranspose) * 0.5
            let change = (next - r)
            r = next
            if max(change.c0.length, change.c1.length, change.c2.length) < 1e-17 { break }
        }
        return r
    }

    /// Rotation angle, rad.
    var rotationAngle: Double { acos(max(-1, min(1, (trace - 1) / 2))) }
}

/// The ISB scapula frame (Wu et al. 2005) built from three landmarks given in some frame:
/// origin at AA, Z from TS towards AA, X normal to the plane AA-TS-AI, Y = Z × X.
/// `forward` is the anterior direction in the same frame, which fixes X's sign.
struct ISBFrame {
    /// Columns: the ISB axes expressed in the landmarks' frame.
    var axes: Matrix3
    var origin: Vector3

    init(aa: Vector3, ts: Vector3, ai: Vector3, forward: Vector3) {
        let z = (aa - ts).normalized
        var x = (ts - aa).cross(ai - aa).normalized
        if x.dot(forward) < 0 { x = x * -1 }
        let y = z.cross(x)
        axes = Matrix3(columns: x, y, z)
        origin = aa
    }

    /// A point of the landmarks' frame in ISB coordinates.
    func local(_ p: Vector3) -> Vector3 { axes.transpose * (p - origin) }
}

/// An ellipsoid with its own orientation (the source's wrap surface), in the thorax frame.
struct OrientedEllipsoid {
    var center: Vector3
    /// Maps ellipsoid-frame vectors to thorax vectors.
    var rotation: Matrix3
    var radii: Vector3

    init(_ source: ShoulderSources.SourceEllipsoid) {
        center = source.center
        rotation = source.rotation
        radii = source.radii
    }

    func local(_ x: Vector3) -> Vector3 { rotation.transpose * (x - center) }
    func thorax(_ p: Vector3) -> Vector3 { center + rotation * p }

    /// ρ = |W Rᵀ(x − c)|, 1 on the surface.
    func normalizedRadius(_ x: Vector3) -> Double { (local(x) / radii).length }

    /// The smallest normalised radius along the segment from `a` to `b` (thorax frame),
    /// exact (the square of ρ is quadratic along a line), and where it occurs (0…1).
    func segmentClearance(_ a: Vector3, _ b: Vector3) -> (rho: Double, at: Double) {
        let u = local(a) / radii
        let v = (local(b) - local(a)) / radii
        let vv = v.dot(v)
        let t = vv > 0 ? max(0, min(1, -u.dot(v) / vv)) : 0
        return ((u + v * t).length, t)
    }
}

/// The closest point of the axis-aligned, centred ellipsoid with `radii` to `y`:
/// x_i = r_i² y_i / (r_i² + t), t the root of Σ (r_i y_i / (r_i² + t))² = 1 (t < 0 for a
/// point inside, t > 0 outside), by safeguarded Newton.
func closestSurfacePoint(_ y: Vector3, radii r: Vector3) -> Vector3 {
    let r2 = r * r
    func g(_ t: Double) -> (value: Double, slope: Double) {
        var value = -1.0, slope = 0.0
        for i in 0..<3 {
            let q = r[i] * y[i] / (r2[i] + t)
            value += q * q
            slope += -2 * q * q / (r2[i] + t)
        }
        return (value, slope)
    }
    // g decreases in t on (−min r², ∞); bracket the root.
    var lo = -r2.min() * (1 - 1e-15), hi = 0.0
    if g(0).value > 0 {
        lo = 0
        hi = y.length * r.max()
    }
    var t = 0.5 * (lo + hi)
    for _ in 0..<200 {
        let (v, s) = g(t)
        if v == 0 { break }
        if v > 0 { lo = t } else { hi = t }
        var next = t - v / s
        if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
        if abs(next - t) <= 1e-15 * max(abs(t), 1e-12) { t = next; break }
        t = next
    }
    return Vector3(r2.x * y.x / (r2.x + t), r2.y * y.y / (r2.y + t), r2.z * y.z / (r2.z + t))
}

/// Rounds a derived length or coordinate to 1 nm (a stated rule of the derivation: digits
/// below that are arithmetic noise, and the file stays readable).
func nanometres(_ x: Double) -> Double { roundTo(x, 1e-9) }

/// `x` rounded to a multiple of `step` (a power of ten).
func roundTo(_ x: Double, _ step: Double) -> Double {
    let k = (1 / step).rounded()  // an integer, exactly: x·k rounded, divided by k, is the nearest decimal
    let r = (x * k).rounded() / k
    return r == 0 ? 0 : r  // no negative zero
}
func nanometres(_ v: Vector3) -> Vector3 { Vector3(nanometres(v.x), nanometres(v.y), nanometres(v.z)) }
