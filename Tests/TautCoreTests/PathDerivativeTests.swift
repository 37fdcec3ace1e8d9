import Testing
import TautCore

/// Finite-difference checks of `Muscle.lengthDerivatives(at:)`.
@Suite struct PathDerivativeTests {
    typealias FD = DerivativeCheck

    /// A muscle with a path of the given bodies: thorax points around the thorax
    /// (within 0.2 m of (−0.02, 0, 0.1)), scapula points within 0.12 m of the scapula
    /// origin. Resampled until every segment is at least 3 cm long at `pose`.
    static func randomMuscle(_ bodies: [Body], at pose: Pose, using rng: inout SplitMix64) -> Muscle {
        while true {
            let path = bodies.map { body in
                body == .thorax
                    ? PathPoint(body: .thorax, point: Vector3(-0.02, 0, 0.1) + FD.randomPoint(using: &rng, radius: 0.2))
                    : PathPoint(body: .scapula, point: FD.randomPoint(using: &rng, radius: 0.12))
            }
            let positions = path.map { $0.position(at: pose) }
            let shortest = zip(positions, positions.dropFirst()).map { ($1 - $0).length }.min()!
            if shortest > 0.03 {
                return Muscle(name: "m", group: "g", law: .spring(LinearSpring(stiffness: 1000, restLength: 0.1)), path: path)
            }
        }
    }

    static let paths: [[Body]] = [
        [.thorax, .scapula],
        [.scapula, .thorax],
        [.thorax, .thorax, .scapula],
        [.thorax, .scapula, .scapula],
        [.thorax, .scapula, .thorax, .scapula],
        [.scapula, .thorax, .scapula, .thorax],
    ]

    @Test(arguments: paths)
    func lengthDerivativesMatchFiniteDifferences(_ bodies: [Body]) {
        var rng = SplitMix64(seed: 0xA11CE &+ UInt64(bodies.count * 31 + (bodies[0] == .thorax ? 0 : 7)))
        for _ in 0..<8 {
            let pose = FD.randomPose(near: FD.reference, using: &rng)
            let muscle = Self.randomMuscle(bodies, at: pose, using: &rng)
            let d = muscle.lengthDerivatives(at: pose)
            let length = { (p: Pose) in muscle.length(at: p) }
            #expect(abs(d.value - muscle.length(at: pose)) <= 1e-14)
            let e = FD.errors(of: d, for: length, at: pose)
            #expect(e.value <= 1e-14)
            #expect(e.gradient <= FD.gradientTolerance, "gradient error \(e.gradient) for \(bodies)")
            #expect(e.hessian <= FD.hessianTolerance, "Hessian error \(e.hessian) for \(bodies)")
        }
    }

    /// The length of a path is the sum of its segments, with thorax–thorax and
    /// scapula–scapula segments constant: the derivatives of a path with via points are
    /// the sums of those of its pose-dependent two-point pieces.
    @Test func viaPointPathIsSumOfSegments() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<5 {
            let pose = FD.randomPose(near: FD.reference, using: &rng)
            let m = Self.randomMuscle([.thorax, .scapula, .thorax, .scapula], at: pose, using: &rng)
            let pieces = zip(m.path, m.path.dropFirst()).map {
                Muscle(name: "p", group: "g", law: m.law, path: [$0, $1]).lengthDerivatives(at: pose)
            }
            let d = m.lengthDerivatives(at: pose)
            var value = 0.0, g = PoseGradient.zero, h = PoseHessian.zero
            for p in pieces {
                value += p.value
                g += p.gradient
                h += p.hessian
            }
            #expect(abs(d.value - value) <= 1e-14)
            #expect(FD.relativeError(FD.array(d.gradient), FD.array(g)) <= 1e-13)
            #expect(FD.relativeError(FD.array(d.hessian), FD.array(h)) <= 1e-13)
        }
    }

    /// A segment from a thorax point to a scapula point along thorax +X, length ℓ: the
    /// translational gradient is the unit vector, and the Hessian's translational
    /// block is (I − u uᵀ)/ℓ.
    @Test func straightSegmentByHand() {
        let m = Muscle(
            name: "m", group: "g", law: .spring(LinearSpring(stiffness: 1, restLength: 0.1)),
            path: [PathPoint(body: .thorax, point: Vector3(-0.2, 0, 0)), PathPoint(body: .scapula, point: Vector3(0, 0.05, 0))])
        let pose = Pose(position: Vector3(0, -0.05, 0), rotation: .identity)
        let d = m.lengthDerivatives(at: pose)
        #expect(abs(d.value - 0.2) < 1e-15)
        #expect(FD.relativeError(FD.array(d.gradient), [1, 0, 0, 0, 0, -0.05]) < 1e-14)  // a × u, a = (0, .05, 0)
        #expect(abs(d.hessian[1, 1] - 5) < 1e-12 && abs(d.hessian[2, 2] - 5) < 1e-12 && abs(d.hessian[0, 0]) < 1e-12)
    }

    /// The tolerances are tight enough to catch a wrong derivative: the checker rejects
    /// a gradient or Hessian scaled by 1 + 1e-5, a rotational
    /// gradient with the wrong sign, and a Hessian missing the rotational curvature term.
    @Test func checkerRejectsWrongDerivatives() {
        var rng = SplitMix64(seed: 4242)
        for _ in 0..<4 {
            let pose = FD.randomPose(near: FD.reference, using: &rng)
            let m = Self.randomMuscle([.thorax, .scapula], at: pose, using: &rng)
            let length = { (p: Pose) in m.length(at: p) }
            let d = m.lengthDerivatives(at: pose)
            let numericGradient = FD.gradient(of: length, at: pose)
            let numericHessian = FD.hessian(of: length, at: pose)
            #expect(FD.relativeError(FD.array(d.gradient), numericGradient) <= FD.gradientTolerance)
            #expect(FD.relativeError(FD.array(d.hessian), numericHessian) <= FD.hessianTolerance)

            #expect(FD.relativeError(FD.array(d.gradient * (1 + 1e-5)), numericGradient) > FD.gradientTolerance)
            #expect(FD.relativeError(FD.array(d.hessian * (1 + 1e-5)), numericHessian) > FD.hessianTolerance)
            let flipped = PoseGradient(translational: d.gradient.translational, rotational: -d.gradient.rotational)
            #expect(FD.relativeError(FD.array(flipped), numericGradient) > FD.gradientTolerance)
            // Remove ½(u aᵀ + a uᵀ) − (u·a) I from the rotational block.
            let a = pose.rotation * m.path[1].point
            let u = d.gradient.translational
            let curvature = (Matrix3.outer(u, a) + Matrix3.outer(a, u)) * 0.5 - Matrix3.identity * u.dot(a)
            var noCurvature = d.hessian
            noCurvature.rr = noCurvature.rr - curvature
            #expect(FD.relativeError(FD.array(noCurvature), numericHessian) > FD.hessianTolerance)
        }
    }
}
