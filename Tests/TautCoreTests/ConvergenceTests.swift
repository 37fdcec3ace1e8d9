import Foundation
import Testing
import TautCore

/// The test models of the convergence and invariance tests, by name.
enum ConvergenceModels {
    static let all: [String] = ["freeBody10", "girdleBilateral", "girdleUnilateral", "twoSpringLine", "pinnedPlanar", "contactPressed"]

    static func model(_ name: String) -> Model {
        switch name {
        case "freeBody10": return Fixtures.freeBody(muscles: 10)
        case "girdleBilateral": return Fixtures.girdle()
        case "girdleUnilateral": return Fixtures.girdle(unilateral: true)
        case "twoSpringLine": return Fixtures.twoSpringLine(k1: 1000, k2: 3000, rest1: 0.9, rest2: 0.95)
        case "pinnedPlanar": return MechModels.pinnedPlanar()
        case "contactPressed": return MechModels.contactRig(loadY: -20, unilateral: true)
        default: fatalError("unknown model \(name)")
        }
    }
}

@Suite struct ConvergenceTests {
    @Test(arguments: ConvergenceModels.all)
    func residualsBelowToleranceFromReference(name: String) throws {
        let model = ConvergenceModels.model(name)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        #expect(e.iterations >= 1, "the reference pose is not an equilibrium of \(name)")
        #expect(e.residualHistory.count >= 2)
        #expect(e.residualHistory.first! > 1)
    }

    /// Newton's local rate: in the last steps before convergence the residual falls
    /// (at least) quadratically. Residuals are in tolerance units (1e-9 N): r = s · 1e-9.
    @Test(arguments: ["freeBody10", "girdleBilateral", "girdleUnilateral", "pinnedPlanar"])
    func terminalConvergenceIsQuadratic(name: String) throws {
        let model = ConvergenceModels.model(name)
        var rng = SplitMix64(seed: 5)
        let solver = try EquilibriumSolver(model: model)
        let starts: [EquilibriumSolver.Start] = [.reference] + (0..<3).map { _ in .pose(Mech.randomStart(near: model.scapula.referencePose, rng: &rng)) }
        for start in starts {
            let e = try solver.solve(from: start)
            Mech.expectSound(e, model)
            let h = e.residualHistory
            // Steps taken from an iterate with s ≤ 1e7 (residual ≲ 1e-2 N, Newton's local
            // regime): quadratic convergence r_{k+1} ≤ C r_k² with r = 1e-9 s and
            // C = 1 N⁻¹, i.e. s_{k+1} ≤ 1e-9 s_k², down to the round-off floor (s = 1e-2).
            // A linearly convergent method (even at rate 0.1) fails this from s = 1e6.
            var checked = 0
            for k in 0..<(h.count - 1) where h[k] > 1 && h[k] <= 1e7 {
                let bound = max(1e-9 * h[k] * h[k], 1e-2)
                #expect(h[k + 1] <= bound, "\(name): step \(k) from \(h[k]) to \(h[k + 1]), quadratic bound \(bound) (history \(h))")
                checked += 1
            }
            #expect(checked >= 1, "no step in the local regime: \(h)")
            // The final step from above the tolerance lands at or below it.
            #expect(h.count >= 2 && h[h.count - 2] > 1 && h.last! <= 1)
        }
    }

    /// A slightly changed muscle: a warm start from the old equilibrium converges in
    /// fewer Newton iterations than a cold start, to the same answer.
    @Test(arguments: ["freeBody10", "girdleBilateral", "girdleUnilateral", "pinnedPlanar", "contactPressed"])
    func warmStartTakesFewerIterations(name: String) throws {
        let model = ConvergenceModels.model(name)
        let solver = try EquilibriumSolver(model: model)
        let before = try solver.solve()
        let index = 0
        switch model.muscles[index].law {
        case .spring(var s):
            s.restLength *= 0.99
            try solver.setLaw(.spring(s), forMuscle: index)
        case .hill(var h):
            h.activation = min(1, h.activation + 0.02)
            try solver.setLaw(.hill(h), forMuscle: index)
        }
        let warm = try solver.solve(from: .equilibrium(before))
        let cold = try solver.solve()
        Mech.expectSound(warm, solver.model)
        Mech.expectSound(cold, solver.model)
        #expect(warm.iterations < cold.iterations, "\(name): warm \(warm.iterations), cold \(cold.iterations)")
        let d = Mech.distance(warm.pose, cold.pose)
        #expect(d.translation <= 1e-9 && d.rotation <= 1e-9)
        // The change did something.
        let moved = Mech.distance(warm.pose, before.pose)
        #expect(moved.translation > 1e-6 || moved.rotation > 1e-5)
    }

    /// From the reference pose and from 20 seeded random starts up to 20 mm and 15°
    /// away, the solver reaches the same equilibrium.
    @Test(arguments: ConvergenceModels.all)
    func sameEquilibriumFromRandomStarts(name: String) throws {
        let model = ConvergenceModels.model(name)
        let solver = try EquilibriumSolver(model: model)
        let reference = try solver.solve()
        Mech.expectSound(reference, model)
        var rng = SplitMix64(seed: 2024)
        var failures: [String] = []
        for trial in 0..<20 {
            let start = Mech.randomStart(near: model.scapula.referencePose, rng: &rng, maxTranslation: 0.02, maxAngle: 15 * Mech.degree)
            do {
                let e = try solver.solve(from: .pose(start))
                Mech.expectSound(e, model)
                let d = Mech.distance(e.pose, reference.pose)
                if d.translation > 1e-7 || d.rotation > 1e-7 {
                    failures.append("trial \(trial): reached a pose \(d.translation) m, \(d.rotation) rad away (active \(e.activeConstraints))")
                }
                #expect(e.activeConstraints == reference.activeConstraints, "\(name) trial \(trial)")
                for (a, b) in zip(e.muscles, reference.muscles) {
                    #expect(abs(a.tension - b.tension) <= 1e-6 * max(1, b.tension))
                }
            } catch {
                failures.append("trial \(trial): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(name): \(failures.count) of 20 starts: \(failures.joined(separator: "; "))")
    }

    /// Springs exactly at their rest length at the start (rest_length_scale 1) carry no
    /// tension and have no stiffness, so the first Newton step is taken on a flat
    /// potential. When the load is small, the equilibrium is close by (m g / Σk): the
    /// solver must still find it. Closed form: four vertical springs above a body of
    /// mass m, sag m g / (4 k).
    @Test(arguments: [0.5, 0.01, 0.001, 0.0001])
    func springsAtRestLengthWithASmallLoad(mass: Double) throws {
        let k = 1000.0
        var muscles: [Muscle] = []
        for (i, (sx, sz)) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)].enumerated() {
            let corner = Vector3(0.05 * sx, 0, 0.05 * sz)
            muscles.append(MechModels.spring("up\(i)", corner + Vector3(0, 0.3, 0), corner, k: k, rest: 0.3))
        }
        let model = Model(name: "hanging-at-rest", scapula: Fixtures.scapula(mass: mass), muscles: muscles)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        let sag = mass * Mech.g / (4 * k)
        #expect(abs(e.pose.position.y + sag) <= 1e-12, "y = \(e.pose.position.y), expected −\(sag)")
    }
}
