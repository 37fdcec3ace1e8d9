import Testing
import TautCore

/// `LengthAnalysis` (what `taut lengths` prints): the six derivatives against central finite
/// differences of lengths at perturbed poses, each perturbation built by hand in the
/// contract's convention (docs/DESIGN.md section 4), not through the solver's `Pose.displaced`:
/// a translation along a thorax axis (m), and a rotation about a thorax axis through the
/// scapula frame's origin (rad), R → Rᵢ(h)·R with the position unchanged.
@Suite struct LengthAnalysisTests {
    /// The pose moved by `h` along coordinate `i` (0–2: translation along thorax X, Y, Z;
    /// 3–5: rotation about thorax X, Y, Z through the scapula origin).
    static func perturbed(_ pose: Pose, _ i: Int, _ h: Double) -> Pose {
        switch i {
        case 0: return Pose(position: pose.position + Vector3(h, 0, 0), rotation: pose.rotation)
        case 1: return Pose(position: pose.position + Vector3(0, h, 0), rotation: pose.rotation)
        case 2: return Pose(position: pose.position + Vector3(0, 0, h), rotation: pose.rotation)
        case 3: return Pose(position: pose.position, rotation: Rotation.x(h) * pose.rotation)
        case 4: return Pose(position: pose.position, rotation: Rotation.y(h) * pose.rotation)
        default: return Pose(position: pose.position, rotation: Rotation.z(h) * pose.rotation)
        }
    }

    static func model(_ muscles: [Muscle]) -> Model {
        Model(
            name: "lengths", gravity: Vector3(0, -9.81, 0),
            scapula: Scapula(mass: 0.5, centerOfMass: Vector3(0, -0.05, -0.05), referencePose: DerivativeCheck.reference),
            constraints: [], muscles: muscles, loads: [])
    }

    @Test func derivativesMatchCentralDifferencesOfLengths() throws {
        var rng = SplitMix64(seed: 0x1E_6775)
        let bodies: [[Body]] = [[.thorax, .scapula], [.scapula, .thorax], [.thorax, .thorax, .scapula, .scapula], [.scapula, .thorax, .scapula]]
        var worst = 0.0
        for trial in 0..<12 {
            let pose = DerivativeCheck.randomPose(near: DerivativeCheck.reference, using: &rng)
            let muscles = bodies.map { PathDerivativeTests.randomMuscle($0, at: pose, using: &rng) }
            let m = Self.model(muscles)
            let samples = try LengthAnalysis.samples(m, at: pose)
            #expect(samples.count == muscles.count)
            for (muscle, s) in zip(muscles, samples) {
                #expect(abs(s.length - muscle.length(at: pose)) <= 1e-15, "trial \(trial)")
                let h = 1e-6
                let numeric = (0..<6).map { i in
                    (muscle.length(at: Self.perturbed(pose, i, h)) - muscle.length(at: Self.perturbed(pose, i, -h))) / (2 * h)
                }
                let analytic = (0..<6).map { s.gradient[$0] }
                let e = DerivativeCheck.relativeError(analytic, numeric)
                worst = max(worst, e)
                #expect(e <= DerivativeCheck.gradientTolerance, "trial \(trial): \(analytic) vs \(numeric)")
            }
        }
        #expect(worst > 0, "finite differences never agree to the last bit; a zero error means nothing was compared")
    }

    /// A rotation about a thorax axis through a point other than the scapula origin moves
    /// the scapula origin too: dL/dθ about that point is dL/dθ + (o − c) × dL/dp. The check
    /// that the origin is the scapula frame's: the derivative about AA differs from the one
    /// about the thorax origin by exactly that term, and the reported one is the former.
    @Test func rotationsAreAboutTheScapulaOrigin() throws {
        var rng = SplitMix64(seed: 7)
        let pose = DerivativeCheck.reference
        let muscle = PathDerivativeTests.randomMuscle([.thorax, .scapula], at: pose, using: &rng)
        let s = try LengthAnalysis.samples(Self.model([muscle]), at: pose)[0]
        let h = 1e-6
        for axis in 0..<3 {
            func aboutThoraxOrigin(_ a: Double) -> Pose {
                let r = [Rotation.x, Rotation.y, Rotation.z][axis](a)
                return Pose(position: r * pose.position, rotation: r * pose.rotation)
            }
            let numeric = (muscle.length(at: aboutThoraxOrigin(h)) - muscle.length(at: aboutThoraxOrigin(-h))) / (2 * h)
            let expected = s.gradient.rotational + pose.position.cross(s.gradient.translational)
            #expect(abs(numeric - expected[axis]) <= 1e-8)
            // The two differ here (AA is 0.18 m from the thorax origin), so the test tells them apart.
            #expect(abs(numeric - s.gradient.rotational[axis]) > 1e-4)
        }
    }

    @Test func coincidentPathPointsAreRefusedNotNaN() {
        let pose = DerivativeCheck.reference
        let onScapula = Vector3(0.01, -0.02, -0.03)
        let muscles = [
            Muscle(name: "fine", group: "g", law: .spring(LinearSpring(stiffness: 100, restLength: 0.1)),
                   path: [PathPoint(body: .thorax, point: Vector3(0.05, -0.1, 0.05)), PathPoint(body: .scapula, point: onScapula)]),
            Muscle(name: "through", group: "g", law: .spring(LinearSpring(stiffness: 100, restLength: 0.1)),
                   path: [PathPoint(body: .thorax, point: pose.transform(onScapula)), PathPoint(body: .scapula, point: onScapula)]),
        ]
        #expect(throws: LengthAnalysis.DegeneratePath(muscle: 1, name: "through")) {
            try LengthAnalysis.samples(Self.model(muscles), at: pose)
        }
    }
}
