import Foundation
import Testing
import TautCore

/// Models without a (unique) equilibrium, broken models and exhausted solves end in
/// a named `EquilibriumError`, never in a NaN.
@Suite struct FailureTests {
    /// Runs `body`, expecting an `EquilibriumError`, and returns it.
    static func error(_ body: () throws -> Equilibrium) -> EquilibriumError? {
        do {
            let e = try body()
            Issue.record("expected an error, got an equilibrium at \(e.pose.position)")
            return nil
        } catch let error as EquilibriumError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    static func freeDirection(_ error: EquilibriumError?) -> FreeDirection? {
        if case .underConstrained(let d) = error { return d }
        Issue.record("expected underConstrained, got \(String(describing: error))")
        return nil
    }

    /// |translation|² + (L |rotation|)² = 1 in the solver's scaled coordinates.
    static func scaledNorm(_ d: FreeDirection) -> Double {
        (d.translation.lengthSquared + 0.01 * d.rotation.lengthSquared).squareRoot()
    }

    @Test func bodyWithNothingHoldingItFallsFree() throws {
        let model = Model(name: "falling", scapula: Fixtures.scapula(mass: 0.5), muscles: [])
        let error = Self.error { try EquilibriumSolver(model: model).solve() }
        let d = try #require(Self.freeDirection(error))
        #expect(d.translation.isFinite && d.rotation.isFinite)
        // It falls: the free direction is a translation along gravity (either sign).
        let t = d.translation / d.translation.length
        #expect(abs(t.y) >= 1 - 1e-9, "free direction \(d)")
        #expect(d.rotation.length * 0.1 <= 1e-9 * d.translation.length)
        #expect(String(describing: error!).contains("under-constrained"))
    }

    @Test func slackSpringsHoldNothing() throws {
        // Every spring longer than its path: no tension, no stiffness, gravity pulls.
        var model = Fixtures.freeBody(muscles: 10)
        for i in model.muscles.indices {
            guard case .spring(var s) = model.muscles[i].law else { continue }
            s.restLength = 1.0
            model.muscles[i].law = .spring(s)
        }
        let d = try #require(Self.freeDirection(Self.error { try EquilibriumSolver(model: model).solve() }))
        #expect(d.translation.isFinite && d.rotation.isFinite && Self.scaledNorm(d) > 0)
    }

    @Test func attachmentsOnOneAxisLeaveThatRotationFree() throws {
        let error = Self.error { try EquilibriumSolver(model: MechModels.axisLine()).solve() }
        let d = try #require(Self.freeDirection(error))
        #expect(d.translation.length <= 1e-6 * Self.scaledNorm(d), "free direction \(d)")
        let axis = d.rotation / d.rotation.length
        #expect(abs(axis.x) >= 1 - 1e-9, "rotation axis \(axis), expected ±X")
        #expect(String(describing: error!).contains("rotation about"))
    }

    @Test func twoSpringLineWithCentredAttachmentsLeavesRotationFree() throws {
        // b = 0: all eight springs meet the body at its origin, so no rotation changes a length.
        let model = Fixtures.twoSpringLine(k1: 1000, k2: 1000, rest1: 0.9, rest2: 0.9, b: 0)
        // Coincident scapula points are fine; the model is valid.
        let d = try #require(Self.freeDirection(Self.error { try EquilibriumSolver(model: model).solve() }))
        #expect(d.translation.length <= 1e-6 * Self.scaledNorm(d), "free direction \(d)")
        #expect(d.rotation.length > 0)
    }

    @Test func pinnedBodyWithFreeSpinAboutThePinAxis() throws {
        // A pin at the origin plus springs attached on the thorax Y axis through the pin:
        // spinning about Y is free; everything else is held.
        var muscles: [Muscle] = []
        for (i, d) in [Vector3(1, 0, 0), Vector3(-1, 0, 0), Vector3(0, 0, 1), Vector3(0, 0, -1)].enumerated() {
            muscles.append(MechModels.spring("r\(i)", Vector3(0, 0.1, 0) + d * 0.2, Vector3(0, 0.1, 0), k: 500, rest: 0.15))
        }
        let model = Model(
            name: "spin", scapula: Fixtures.scapula(mass: 0.5, com: Vector3(0, -0.05, 0)),
            constraints: [Constraint(name: "pin", bodyPoint: .zero, kind: .point(groundPoint: .zero))], muscles: muscles)
        let d = try #require(Self.freeDirection(Self.error { try EquilibriumSolver(model: model).solve() }))
        let axis = d.rotation / d.rotation.length
        #expect(abs(axis.y) >= 1 - 1e-9, "free rotation \(axis), expected ±Y")
        #expect(d.translation.length <= 1e-6 * Self.scaledNorm(d))
    }

    @Test func twoPinsAtTheSamePointAreSingular() throws {
        var model = Fixtures.freeBody(muscles: 10)
        let p = Vector3(0.01, 0.02, 0)
        model.constraints = [
            Constraint(name: "pinA", bodyPoint: p, kind: .point(groundPoint: p)),
            Constraint(name: "pinB", bodyPoint: p, kind: .point(groundPoint: p)),
        ]
        let error = Self.error { try EquilibriumSolver(model: model).solve() }
        guard case .singularSystem(let names) = error else {
            Issue.record("expected singularSystem, got \(String(describing: error))")
            return
        }
        #expect(Set(names) == ["pinA", "pinB"], "named \(names)")
        #expect(String(describing: error!).contains("pinA") && String(describing: error!).contains("pinB"))
    }

    @Test func distanceStrutOnAPinnedPointIsSingular() throws {
        var model = Fixtures.freeBody(muscles: 10)
        model.constraints = [
            Constraint(name: "pin", bodyPoint: .zero, kind: .point(groundPoint: .zero)),
            Constraint(name: "free_strut", bodyPoint: Vector3(0.03, 0, 0), kind: .distance(groundPoint: Vector3(0.2, 0.1, 0), length: (Vector3(0.03, 0, 0) - Vector3(0.2, 0.1, 0)).length)),
            Constraint(name: "strut", bodyPoint: .zero, kind: .distance(groundPoint: Vector3(0, 0.2, 0), length: 0.2)),
        ]
        let error = Self.error { try EquilibriumSolver(model: model).solve() }
        guard case .singularSystem(let names) = error else {
            Issue.record("expected singularSystem, got \(String(describing: error))")
            return
        }
        #expect(names.contains("pin") && names.contains("strut"), "named \(names)")
        #expect(!names.contains("free_strut"), "an independent constraint is not to blame: \(names)")
    }

    /// Dependence is decided by a relative threshold, not by exact cancellation: the
    /// strut's ground point moved by round-off (seeded, up to 1e-15 m) leaves the
    /// equations as dependent as before.
    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func dependentConstraintsStaySingularUnderRoundOff(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var model = Fixtures.freeBody(muscles: 10)
        let jitter = Vector3(random.uniform(-1, 1), random.uniform(-1, 1), random.uniform(-1, 1)) * 1e-15
        let ground = Vector3(0, 0.2, 0) + jitter
        model.constraints = [
            Constraint(name: "pin", bodyPoint: .zero, kind: .point(groundPoint: .zero)),
            Constraint(name: "strut", bodyPoint: .zero, kind: .distance(groundPoint: ground, length: ground.length)),
        ]
        let error = Self.error { try EquilibriumSolver(model: model).solve() }
        guard case .singularSystem(let names) = error else {
            Issue.record("seed \(seed): expected singularSystem, got \(String(describing: error))")
            return
        }
        #expect(Set(names) == ["pin", "strut"], "named \(names)")
    }

    @Test func iterationLimitEndsInNoConvergence() throws {
        var options = SolverOptions()
        options.maxIterations = 1
        for model in [Fixtures.freeBody(muscles: 10), Fixtures.girdle()] {
            let error = Self.error { try EquilibriumSolver(model: model, options: options).solve() }
            guard case .noConvergence(let iterations, let f, let m, let c, let reason) = error else {
                Issue.record("expected noConvergence, got \(String(describing: error))")
                continue
            }
            #expect(iterations == 1)
            #expect(f.isFinite && m.isFinite && c.isFinite)
            #expect(max(f, m) > 1e-9 || c > 1e-12, "residuals should be above tolerance")
            #expect(reason.contains("iteration limit"))
        }
        // With the default limit the same solves converge.
        _ = try EquilibriumSolver(model: Fixtures.girdle()).solve()
    }

    // MARK: Invalid parameters

    static func invalidField(_ model: Model) -> String? {
        do {
            _ = try EquilibriumSolver(model: model)
            Issue.record("model accepted")
            return nil
        } catch EquilibriumError.invalidParameter(let field, let message) {
            #expect(!message.isEmpty)
            return field.description
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func negativeStiffness() {
        var model = Fixtures.freeBody(muscles: 10)
        model.muscles[3].law = .spring(LinearSpring(stiffness: -100, restLength: 0.2))
        let field = Self.invalidField(model)
        #expect(field?.hasPrefix("muscles[3]") == true && field?.hasSuffix("stiffness") == true, "field \(String(describing: field))")
    }

    @Test func notANumber() {
        var model = Fixtures.freeBody(muscles: 10)
        model.muscles[2].path[0].point.y = .nan
        let field = Self.invalidField(model)
        #expect(field?.hasPrefix("muscles[2]") == true && field?.contains("path[0]") == true, "field \(String(describing: field))")

        var rest = Fixtures.freeBody(muscles: 10)
        rest.muscles[4].law = .spring(LinearSpring(stiffness: 100, restLength: .nan))
        #expect(Self.invalidField(rest)?.hasSuffix("rest_length") == true)

        var gravity = Fixtures.freeBody(muscles: 10)
        gravity.gravity = Vector3(0, .infinity, 0)
        #expect(Self.invalidField(gravity) == "gravity")

        var load = Fixtures.girdle()
        load.loads[0].force = Vector3(.nan, 0, 0)
        #expect(Self.invalidField(load)?.hasPrefix("loads[0]") == true)

        var hill = Fixtures.girdle()
        if case .hill(var h) = hill.muscles[1].law {
            h.maxIsometricForce = .nan
            hill.muscles[1].law = .hill(h)
        }
        #expect(Self.invalidField(hill)?.hasSuffix("max_isometric_force") == true)
    }

    @Test func zeroOrNegativeMass() {
        for mass in [0.0, -1.0, .nan] {
            var model = Fixtures.freeBody(muscles: 10)
            model.scapula.mass = mass
            #expect(Self.invalidField(model) == "scapula.mass", "mass \(mass)")
        }
    }

    @Test func duplicateNames() {
        var model = Fixtures.freeBody(muscles: 10)
        model.muscles[5].name = model.muscles[1].name
        #expect(Self.invalidField(model) == "muscles[5].name")

        var constraints = Fixtures.girdle()
        constraints.constraints[2].name = constraints.constraints[0].name
        #expect(Self.invalidField(constraints) == "constraints[2].name")
    }

    @Test func coincidentPathPoints() {
        var model = Fixtures.freeBody(muscles: 10)
        // The thorax point placed exactly where the scapula point is at the reference pose.
        let local = model.muscles[6].path[1].point
        model.muscles[6].path[0].point = model.scapula.referencePose.transform(local)
        let field = Self.invalidField(model)
        #expect(field?.hasPrefix("muscles[6]") == true && field?.contains("path[1]") == true, "field \(String(describing: field))")
    }

    @Test func otherInvalidParameters() {
        var activation = Fixtures.girdle()
        if case .hill(var h) = activation.muscles[0].law {
            h.activation = 1.5
            activation.muscles[0].law = .hill(h)
        }
        #expect(Self.invalidField(activation)?.hasSuffix("activation") == true)

        var radii = Fixtures.girdle()
        radii.constraints[1].kind = .ellipsoid(center: .zero, radii: Vector3(0.1, 0, 0.1), unilateral: true)
        #expect(Self.invalidField(radii)?.hasSuffix("radii") == true)

        var strut = Fixtures.girdle()
        strut.constraints[0].kind = .distance(groundPoint: .zero, length: -0.1)
        #expect(Self.invalidField(strut)?.hasSuffix("length") == true)

        var rotation = Fixtures.freeBody(muscles: 10)
        rotation.scapula.referencePose.rotation = Matrix3(diagonal: Vector3(1, 1, 2))
        #expect(Self.invalidField(rotation)?.hasPrefix("scapula.reference_pose") == true)
    }

    @Test func setLawRejectsAnInvalidLawAndKeepsTheOldOne() throws {
        let model = Fixtures.freeBody(muscles: 10)
        let solver = try EquilibriumSolver(model: model)
        let before = try solver.solve()
        do {
            try solver.setLaw(.spring(LinearSpring(stiffness: -5, restLength: 0.2)), forMuscle: 2)
            Issue.record("negative stiffness accepted")
        } catch EquilibriumError.invalidParameter(let field, _) {
            #expect(field.description.hasPrefix("muscles[2]") && field.description.hasSuffix("stiffness"))
        }
        #expect(solver.model == model)
        let after = try solver.solve()
        #expect(Mech.distance(before.pose, after.pose).translation == 0)
    }

    /// Random models, many of them degenerate: every solve returns a finite equilibrium
    /// that passes the common checks, or a named error with finite numbers.
    @Test func noResultEverHasNaN() throws {
        var rng = SplitMix64(seed: 314)
        var outcomes = [String: Int]()
        for trial in 0..<120 {
            let count = Int(rng.uniform(1, 13))
            var model = Fixtures.freeBody(muscles: count, seed: UInt64(trial) &+ 1000)
            // Stiffness over nine orders of magnitude, some springs slack, gravity sometimes off.
            for i in model.muscles.indices {
                guard case .spring(var s) = model.muscles[i].law else { continue }
                // (Within the physical range, 1e7 N/m at most: stiffer is a strut, refused by validation.)
                s.stiffness = min(s.stiffness * pow(10, rng.uniform(-4, 5)), LinearSpring.stiffnessRange.upper)
                if rng.uniform(0, 1) < 0.2 { s.restLength *= rng.uniform(1.0, 1.3) }
                model.muscles[i].law = .spring(s)
            }
            if rng.uniform(0, 1) < 0.3 { model.gravity = .zero }
            if rng.uniform(0, 1) < 0.3 {
                model.constraints = [Constraint(name: "pin", bodyPoint: rng.unitVector() * 0.03, kind: .point(groundPoint: model.scapula.referencePose.transform(rng.unitVector() * 0.03)))]
            }
            let start = Mech.randomStart(near: model.scapula.referencePose, rng: &rng)
            do {
                let solver = try EquilibriumSolver(model: model)
                let e = try solver.solve(from: .pose(start))
                // The solver floors its tolerances at the round-off of the force balance.
                let scale = e.muscles.map(\.tension).reduce(0, +) + model.scapula.mass * model.gravity.length
                    + e.multipliers.map(abs).reduce(0, +)
                Mech.expectSound(e, model, forceTolerance: max(1e-9, 2 * 64 * Double.ulpOfOne * scale))
                outcomes["equilibrium", default: 0] += 1
            } catch let error as EquilibriumError {
                switch error {
                case .underConstrained(let d):
                    #expect(d.translation.isFinite && d.rotation.isFinite && Self.scaledNorm(d) > 0, "trial \(trial): \(error)")
                    outcomes["underConstrained", default: 0] += 1
                case .noConvergence(_, let f, let m, let c, _):
                    #expect(!(f.isNaN || m.isNaN || c.isNaN), "trial \(trial): \(error)")
                    outcomes["noConvergence", default: 0] += 1
                case .singularSystem(let names):
                    #expect(!names.isEmpty)
                    outcomes["singular", default: 0] += 1
                case .invalidParameter:
                    Issue.record("trial \(trial): valid model rejected: \(error)")
                }
                #expect(!String(describing: error).lowercased().contains("nan"), "trial \(trial): \(error)")
            }
        }
        print("no-NaN fuzz outcomes:", outcomes)
        #expect((outcomes["equilibrium"] ?? 0) > 30)
        #expect((outcomes["underConstrained"] ?? 0) > 0)
    }
}
