import Foundation
import Testing
import TautCore

/// Equilibria whose answer follows from a formula or a one-dimensional root found in the test.
@Suite struct ClosedFormTests {
    /// k1 (1 + x − L1) = k2 (1 − x − L2) ⇒ x = (k2 (1 − L2) − k1 (1 − L1)) / (k1 + k2).
    static func lineX(k1: Double, k2: Double, rest1: Double, rest2: Double) -> Double {
        (k2 * (1 - rest2) - k1 * (1 - rest1)) / (k1 + k2)
    }

    @Test(arguments: [
        (1000.0, 3000.0, 0.9, 0.95),
        (2500.0, 400.0, 0.8, 0.97),
        (700.0, 700.0, 0.85, 0.85),
    ])
    func twoSpringLineMatchesFormula(k1: Double, k2: Double, rest1: Double, rest2: Double) throws {
        let model = Fixtures.twoSpringLine(k1: k1, k2: k2, rest1: rest1, rest2: rest2)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        let x = Self.lineX(k1: k1, k2: k2, rest1: rest1, rest2: rest2)
        #expect(abs(e.pose.position.x - x) <= 1e-12, "x = \(e.pose.position.x), formula \(x)")
        #expect(abs(e.pose.position.y) <= 1e-12 && abs(e.pose.position.z) <= 1e-12)
        #expect(Rotation.log(e.pose.rotation).length <= 1e-12)
        // Each of the four springs of a side carries a quarter of the side's force.
        for state in e.muscles {
            let expected = state.group == "left" ? k1 / 4 * (1 + x - rest1) : k2 / 4 * (1 - x - rest2)
            #expect(abs(state.tension - expected) <= 1e-9, "\(state.name): \(state.tension) N, expected \(expected) N")
        }
    }

    @Test func shorteningOneSideMovesByTheStiffnessRatio() throws {
        let (k1, k2, rest1, rest2) = (1200.0, 1800.0, 0.9, 0.92)
        let solver = try EquilibriumSolver(model: Fixtures.twoSpringLine(k1: k1, k2: k2, rest1: rest1, rest2: rest2))
        let before = try solver.solve()
        for d in [0.001, 0.01, 0.03] {
            for i in solver.model.muscles.indices where solver.model.muscles[i].group == "left" {
                try solver.setLaw(.spring(LinearSpring(stiffness: k1 / 4, restLength: rest1 - d)), forMuscle: i)
            }
            let after = try solver.solve(from: .equilibrium(before))
            Mech.expectSound(after, solver.model)
            let shift = after.pose.position.x - before.pose.position.x
            #expect(abs(shift - (-d * k1 / (k1 + k2))) <= 1e-12, "shift \(shift) m for d = \(d) m")
            #expect(shift < 0, "a shorter left side pulls the body left (−X)")
        }
    }

    @Test func symmetricSixSpringsStayAtTheSymmetricPose() throws {
        let model = MechModels.sixSprings(k: 1000, rest: 0.2)
        let solver = try EquilibriumSolver(model: model)
        var rng = SplitMix64(seed: 99)
        var starts: [EquilibriumSolver.Start] = [.reference]
        for _ in 0..<5 { starts.append(.pose(Mech.randomStart(near: .identity, rng: &rng, maxTranslation: 0.01, maxAngle: 10 * Mech.degree))) }
        for start in starts {
            let e = try solver.solve(from: start)
            Mech.expectSound(e, model)
            #expect(e.pose.position.length <= 1e-12)
            #expect(Rotation.log(e.pose.rotation).length <= 1e-11)
            for m in e.muscles {
                #expect(abs(m.tension - 1000 * 0.05) <= 1e-8, "\(m.name): \(m.tension) N")
                #expect(abs(m.length - 0.25) <= 1e-12)
            }
            #expect(e.stability.isStable)
        }
    }

    /// Moment about Z (N·m) of every force on the pinned body except the pin's, at the
    /// pose rotated by θ about Z: the planar balance, written independently of the solver.
    static func pinnedMoment(_ model: Model, _ theta: Double) -> (moment: Vector3, force: Vector3) {
        let pose = Pose(position: .zero, rotation: Rotation.z(theta))
        var m = Vector3.zero, f = Vector3.zero
        for muscle in model.muscles {
            let ground = muscle.path[0].point
            let x = pose.transform(muscle.path[1].point)
            let d = ground - x
            let l = d.length
            guard case .spring(let s) = muscle.law else { fatalError() }
            let force = d / l * (s.stiffness * max(0, l - s.restLength))
            m += x.cross(force)
            f += force
        }
        let weight = model.gravity * model.scapula.mass
        let c = pose.transform(model.scapula.centerOfMass)
        m += c.cross(weight)
        f += weight
        return (m, f)
    }

    @Test func pinnedBodyMatchesPlanarMomentBalance() throws {
        let model = MechModels.pinnedPlanar()
        // Bracket the stable root (moment falling through zero) by a scan, then bisect.
        var roots: [Double] = []
        let steps = 360
        for i in 0..<steps {
            var a = -Double.pi / 2 + Double(i) * Double.pi / Double(steps)
            var b = a + Double.pi / Double(steps)
            var ma = Self.pinnedMoment(model, a).moment.z
            if ma > 0 && Self.pinnedMoment(model, b).moment.z <= 0 {
                for _ in 0..<200 {
                    let mid = 0.5 * (a + b)
                    let mm = Self.pinnedMoment(model, mid).moment.z
                    if mm > 0 { a = mid; ma = mm } else { b = mid }
                    if b - a < 1e-16 { break }
                }
                roots.append(0.5 * (a + b))
            }
        }
        #expect(roots.count == 1, "stable planar roots \(roots)")
        let theta = try #require(roots.first)
        // The planar equilibrium is a real one: no out-of-plane moment by symmetry.
        let balance = Self.pinnedMoment(model, theta)
        #expect(abs(balance.moment.x) < 1e-12 && abs(balance.moment.y) < 1e-12)

        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        let rv = Rotation.log(e.pose.rotation)
        #expect(abs(rv.z - theta) <= 1e-9, "angle \(rv.z / Mech.degree)°, bisection \(theta / Mech.degree)°")
        #expect(abs(rv.x) <= 1e-10 && abs(rv.y) <= 1e-10, "out-of-plane rotation \(rv)")
        #expect(e.pose.position.length <= 1e-12)
        // The pin reaction balances every other force.
        let pin = e.constraints[0].force
        #expect((pin + balance.force).length <= 1e-7, "pin \(pin) N, −Σ others \(-balance.force) N")
        #expect(abs(theta) > 5 * Mech.degree, "the test should exercise a real rotation")
        #expect(e.stability.isStable)
    }

    @Test(arguments: [0.5, 2.0, 7.0])
    func hangingBodySagsByWeightOverTotalStiffness(mass: Double) throws {
        let k = 500.0
        let loaded = try EquilibriumSolver(model: MechModels.hanging(mass: mass, k: k)).solve()
        let weightless = try EquilibriumSolver(model: MechModels.hanging(mass: mass, k: k, gravity: 0)).solve()
        Mech.expectSound(loaded, MechModels.hanging(mass: mass, k: k))
        Mech.expectSound(weightless, MechModels.hanging(mass: mass, k: k, gravity: 0))
        // Without gravity the pretensioned springs hold the body where it is.
        #expect(weightless.pose.position.length <= 1e-12)
        // Eight vertical springs in parallel: the sag is m g / Σk.
        let sag = mass * Mech.g / (8 * k)
        #expect(abs(loaded.pose.position.y - (-sag)) <= 1e-12, "y = \(loaded.pose.position.y), expected −\(sag)")
        #expect(abs(loaded.pose.position.x) <= 1e-12 && abs(loaded.pose.position.z) <= 1e-12)
        #expect(Rotation.log(loaded.pose.rotation).length <= 1e-11)
        for m in loaded.muscles {
            // Upper springs stretch by the sag, lower ones shorten by it.
            let expected = k * (0.05 + (m.group == "up" ? sag : -sag))
            #expect(abs(m.tension - expected) <= 1e-9, "\(m.name): \(m.tension) N, expected \(expected) N")
        }
        let up = loaded.muscles.filter { $0.group == "up" }.map(\.tension).reduce(0, +)
        let down = loaded.muscles.filter { $0.group == "down" }.map(\.tension).reduce(0, +)
        #expect(abs(up - down - mass * Mech.g) <= 1e-9, "net spring force \(up - down) N vs weight \(mass * Mech.g) N")
    }
}
