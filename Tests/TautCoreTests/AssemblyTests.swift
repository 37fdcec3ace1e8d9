import Testing
@testable import TautCore

/// The assembled potential (SIMD lanes, the BLAS sum of outer products, the muscles
/// outside the lanes, gravity and loads) against finite differences of an independent
/// energy (`Mech.energy`, law by law along each muscle's own path), before and after
/// `setLaw` changes a lane's law from spring to Hill and back.
@Suite struct AssemblyTests {
    typealias FD = DerivativeCheck

    /// The girdle fixture with springs and Hill muscles alternating (so lane groups mix
    /// laws, and the last group is padded), plus a muscle that crosses the scapula twice
    /// (two moving segments: summed outside the lanes).
    static func mixedModel() -> Model {
        var model = Fixtures.girdle(law: { i in
            i % 2 == 0 ? .spring(LinearSpring(stiffness: 800 + 100 * Double(i), restLength: 0.9)) : Fixtures.girdleLaw(i)
        })
        let pose = model.scapula.referencePose
        var twice = Muscle(
            name: "wrapped", group: "g",
            law: .spring(LinearSpring(stiffness: 1500, restLength: 0)),
            path: [
                PathPoint(body: .thorax, point: Vector3(-0.1, 0.02, 0.05)),
                PathPoint(body: .scapula, point: Vector3(0.01, -0.02, -0.08)),
                PathPoint(body: .scapula, point: Vector3(0.02, -0.05, -0.05)),
                PathPoint(body: .thorax, point: Vector3(0.03, -0.1, 0.1)),
            ])
        twice.law = .spring(LinearSpring(stiffness: 1500, restLength: 0.9 * twice.length(at: pose)))
        model.muscles.append(twice)
        return model
    }

    static func expectDerivativesMatchEnergy(_ model: Model, _ assembly: Assembly, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let energy = { (p: Pose) in Mech.energy(model, at: p) }
        for _ in 0..<4 {
            let pose = FD.randomPose(near: model.scapula.referencePose, using: &rng, reach: 0.01, maxAngle: 5 * Double.pi / 180)
            let u = energy(pose)
            #expect(abs(assembly.energy(at: pose) - u) <= 1e-12 * max(1, abs(u)))
            let (g, h, _) = assembly.potentialDerivatives(at: pose)
            let gradientError = FD.relativeError(FD.array(g), FD.gradient(of: energy, at: pose))
            let hessianError = FD.relativeError(FD.array(h), FD.hessian(of: energy, at: pose))
            #expect(gradientError <= FD.gradientTolerance, "gradient error \(gradientError)")
            // 1e-5, not 1e-6: where a pose crosses the Hill law's smoothed passive onset the
            // Hessian has a kink, and second differences lose digits (a wrong term is ≳1e-3);
            // the exact check is the one against the per-muscle sum below.
            #expect(hessianError <= 10 * FD.hessianTolerance, "Hessian error \(hessianError)")
            // And against the generic per-muscle sum (each path's own derivatives).
            var sum = PoseHessian.zero
            for m in model.muscles {
                let d = m.lengthDerivatives(at: pose)
                let (t, k) = m.law.response(length: d.value)
                sum += PoseHessian.outer(d.gradient) * k + d.hessian * t
            }
            let external = FD.hessian(of: { p in Mech.energy(Model(name: "", gravity: model.gravity, scapula: model.scapula, muscles: [], loads: model.loads), at: p) }, at: pose)
            let generic = zip(FD.array(sum), external).map { zip($0, $1).map { $0 + $1 } }
            #expect(FD.relativeError(FD.array(h), generic) <= FD.hessianTolerance)
            // Lengths by lane and by muscle agree.
            let lengths = UnsafeMutableBufferPointer<Double>.allocate(capacity: model.muscles.count)
            defer { lengths.deallocate() }
            assembly.muscleLengths(at: pose, into: lengths)
            for (i, m) in model.muscles.enumerated() { #expect(abs(lengths[i] - m.length(at: pose)) <= 1e-15) }
        }
    }

    @Test func lanesHoldEveryOneSegmentMuscle() throws {
        let model = Self.mixedModel()
        let assembly = try EquilibriumSolver(model: model).assembly
        #expect(assembly.inLanes == Array(repeating: true, count: 10) + [false])
        #expect(assembly.lanes.laneCount == 12, "ten muscles padded to three groups of four")
    }

    @Test func derivativesMatchFiniteDifferencesOfTheEnergy() throws {
        var model = Self.mixedModel()
        let assembly = try EquilibriumSolver(model: model).assembly
        Self.expectDerivativesMatchEnergy(model, assembly, seed: 21)
        // A spring becomes a Hill muscle (its group is no longer all springs) and a Hill
        // muscle a spring; the lanes follow.
        let restLength = model.muscles[1].length(at: model.scapula.referencePose)
        // (The Hill law away from its smoothed passive onset, where finite differences of
        // the Hessian lose accuracy.)
        guard case .hill(var hill) = Fixtures.girdle().muscles[0].law else { Issue.record("not a Hill muscle"); return }
        hill.optimalFiberLength *= 0.9
        let laws: [(Int, ForceLaw)] = [
            (0, .hill(hill)),
            (1, .spring(LinearSpring(stiffness: 1200, restLength: 0.8 * restLength))),
            (3, .spring(LinearSpring(stiffness: 0, restLength: 0.1))),
        ]
        for (i, law) in laws {
            model.muscles[i].law = law
            assembly.setLaw(law, forMuscle: i)
        }
        Self.expectDerivativesMatchEnergy(model, assembly, seed: 22)
    }
}
