import Foundation
import TautCore

/// The shortest path between two points outside an ellipsoid that stays outside it: the
/// path of a muscle wrapped over the thorax. Found as a polyline whose interior vertices
/// minimise Σ|v_{k+1} − v_k|² (the discrete energy, whose minimiser is the shortest path
/// traversed at constant speed) subject to each vertex staying on or outside the
/// surface: projected Gauss–Seidel with over-relaxation, a vertex that falls inside
/// being moved to the closest surface point. The two points where the path leaves the
/// surface (where the straight parts are tangent to it) are then located exactly: the
/// tangent point seen from an outside point P lies on P's polar plane Σ xᵢPᵢ/rᵢ² = 1,
/// so it is where the polyline crosses that plane, projected within the plane onto the
/// surface.
struct WrapPath {
    /// In the ellipsoid's frame (centred, axis-aligned), m.
    var vertices: [Vector3]
    /// Where the path leaves the surface towards the start and towards the end (ellipsoid frame).
    var tangentStart: Vector3
    var tangentEnd: Vector3
    /// Length of the path on the surface between the two tangent points, m.
    var arcLength: Double
    /// Straight part + arc + straight part, m.
    var wrappedLength: Double
    /// Largest vertex move in the last sweep, m, and sweeps taken.
    var finalMove: Double
    var sweeps: Int

    /// - Parameters: `start`, `end` in the ellipsoid frame; `radii` its semi-axes.
    init(from start: Vector3, to end: Vector3, radii: Vector3, interiorVertices n: Int = 120) throws {
        func f(_ x: Vector3) -> Double { (x / radii).lengthSquared - 1 }
        guard f(start) > 0, f(end) > 0 else { throw SourceError(file: "ellipsoids.csv", message: "a wrapped muscle's end lies inside the thorax") }
        var v = (0...(n + 1)).map { k in start + (end - start) * (Double(k) / Double(n + 1)) }
        for k in 1...n where f(v[k]) < 0 { v[k] = closestSurfacePoint(v[k], radii: radii) }
        let omega = 2 / (1 + sin(Double.pi / Double(n + 1)))
        var move = Double.infinity
        var sweeps = 0
        while move > 1e-15 && sweeps < 200_000 {
            move = 0
            for k in 1...n {
                var next = v[k] + ((v[k - 1] + v[k + 1]) * 0.5 - v[k]) * omega
                if f(next) < 0 { next = closestSurfacePoint(next, radii: radii) }
                move = max(move, (next - v[k]).length)
                v[k] = next
            }
            sweeps += 1
        }
        vertices = v
        finalMove = move
        self.sweeps = sweeps

        // Polar-plane functions: positive where the point sees P over the surface.
        func polar(_ p: Vector3) -> (Vector3) -> Double { { x in (x * p / (radii * radii)).sum() - 1 } }
        func tangentPoint(seenFrom p: Vector3, order: [Int]) throws -> (point: Vector3, index: Int) {
            let phi = polar(p)
            for (a, b) in zip(order, order.dropFirst()) where phi(v[b]) <= 0 {
                let t = phi(v[a]) / (phi(v[a]) - phi(v[b]))
                var x = v[a] + (v[b] - v[a]) * t
                let m = p / (radii * radii)
                for _ in 0..<50 {
                    let g = x * 2 / (radii * radii)
                    let gp = g - m * (g.dot(m) / m.dot(m))
                    let step = gp * (f(x) / g.dot(gp))
                    x = x - step
                    if step.length < 1e-16 { break }
                }
                return (x, b)
            }
            throw SourceError(file: "ellipsoids.csv", message: "the path does not touch the wrap surface")
        }
        let first = try tangentPoint(seenFrom: start, order: Array(0...(n + 1)))
        let last = try tangentPoint(seenFrom: end, order: Array((0...(n + 1)).reversed()))
        tangentStart = first.point
        tangentEnd = last.point
        // Arc: T1 → first vertex past it → … → last vertex before T2 → T2.
        guard first.index <= last.index else {
            throw SourceError(file: "ellipsoids.csv", message: "the wrapped arc is shorter than one polyline segment")
        }
        var arc = (v[first.index] - tangentStart).length + (tangentEnd - v[last.index]).length
        if first.index < last.index {
            for k in first.index..<last.index { arc += (v[k + 1] - v[k]).length }
        }
        arcLength = arc
        wrappedLength = (tangentStart - start).length + arc + (end - tangentEnd).length
    }
}
