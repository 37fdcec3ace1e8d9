import TautCore

/// Finite-difference helpers for checking analytic pose derivatives.
///
/// A pose coordinate vector q = (dp, dθ) (6 numbers) displaces a pose through
/// `Pose.displaced(translation:rotation:)`. The analytic derivatives are those of
/// f(pose.displaced(q)) at q = 0, so every numerical derivative below differentiates
/// that one function of q, never analytic gradients taken at displaced poses.
enum DerivativeCheck {
    /// `pose` displaced by the 6 coordinates `q` (m, rad).
    static func displace(_ pose: Pose, _ q: [Double]) -> Pose {
        pose.displaced(translation: Vector3(q[0], q[1], q[2]), rotation: Vector3(q[3], q[4], q[5]))
    }

    static func unit(_ i: Int, _ h: Double) -> [Double] {
        var q = [Double](repeating: 0, count: 6)
        q[i] = h
        return q
    }

    /// Central differences of f(pose.displaced(q)) along each coordinate.
    static func gradient(of f: (Pose) -> Double, at pose: Pose, step h: Double = 1e-6) -> [Double] {
        (0..<6).map { i in
            (f(displace(pose, unit(i, h))) - f(displace(pose, unit(i, -h)))) / (2 * h)
        }
    }

    /// Second differences of the value, (f(+i+j) − f(+i−j) − f(−i+j) + f(−i−j)) / 4h²,
    /// at steps h and h/2 combined by Richardson extrapolation to cancel the O(h²) error.
    static func hessian(of f: (Pose) -> Double, at pose: Pose, step h: Double = 1e-4) -> [[Double]] {
        let coarse = secondDifferences(of: f, at: pose, step: h)
        let fine = secondDifferences(of: f, at: pose, step: h / 2)
        return zip(coarse, fine).map { c, f in zip(c, f).map { (4 * $1 - $0) / 3 } }
    }

    static func secondDifferences(of f: (Pose) -> Double, at pose: Pose, step h: Double) -> [[Double]] {
        var out = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for i in 0..<6 {
            for j in i..<6 {
                func at(_ si: Double, _ sj: Double) -> Double {
                    var q = [Double](repeating: 0, count: 6)
                    q[i] += si * h
                    q[j] += sj * h
                    return f(displace(pose, q))
                }
                let v = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h * h)
                out[i][j] = v
                out[j][i] = v
            }
        }
        return out
    }

    static func array(_ g: PoseGradient) -> [Double] { (0..<6).map { g[$0] } }

    static func array(_ h: PoseHessian) -> [[Double]] { (0..<6).map { i in (0..<6).map { j in h[i, j] } } }

    /// Largest absolute difference between two vectors, divided by `scale`
    /// (the size of the quantity: its largest entry, at least `floor`).
    static func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-12) -> Double {
        let scale = max(floor, a.map(abs).max() ?? 0, b.map(abs).max() ?? 0)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    static func relativeError(_ a: [[Double]], _ b: [[Double]], floor: Double = 1e-12) -> Double {
        relativeError(a.flatMap { $0 }, b.flatMap { $0 }, floor: floor)
    }

    /// Errors of an analytic gradient and Hessian against finite differences of `f`.
    static func errors(of d: PoseDerivatives, for f: (Pose) -> Double, at pose: Pose) -> (value: Double, gradient: Double, hessian: Double) {
        let v = f(pose)
        return (
            abs(d.value - v) / max(1e-12, abs(v)),
            relativeError(array(d.gradient), gradient(of: f, at: pose)),
            relativeError(array(d.hessian), hessian(of: f, at: pose)))
    }

    /// Tolerances, relative to the largest entry of the quantity. The observed errors
    /// are ≲2e-10 (gradient, step 1e-6) and ≲1e-8 (Hessian, steps 1e-4 and 5e-5 with
    /// Richardson extrapolation) for the geometry of the tests (segments ≥ 3 cm);
    /// a wrong term is ≳1e-3, a 1e-5 relative error in a gradient or Hessian fails.
    static let gradientTolerance = 1e-7
    static let hessianTolerance = 1e-6

    /// A random pose near `reference`: position within `reach` m (per axis) and a
    /// rotation of up to `maxAngle` rad about a random axis, applied on the left.
    static func randomPose(near reference: Pose, using rng: inout SplitMix64, reach: Double = 0.03, maxAngle: Double = 30 * Double.pi / 180) -> Pose {
        let dp = Vector3(rng.uniform(-reach, reach), rng.uniform(-reach, reach), rng.uniform(-reach, reach))
        let dtheta = rng.unitVector() * rng.uniform(0, maxAngle)
        return reference.displaced(translation: dp, rotation: dtheta)
    }

    /// A reference pose used by the path and constraint tests.
    static let reference = Pose(
        position: Vector3(-0.06, 0.01, 0.17),
        rotation: ISBAngles(protraction: 36, lateralRotation: 4, posteriorTilt: -2).rotation)

    static func randomPoint(using rng: inout SplitMix64, radius: Double) -> Vector3 {
        rng.unitVector() * rng.uniform(0.2 * radius, radius)
    }
}
