import Foundation
import Testing
import TautCore

/// Stability: the sign of the reduced Hessian's eigenvalues, checked against
/// second differences of the potential energy computed in the test.
@Suite struct StabilityTests {
    static let lc = SolverOptions().characteristicLength

    /// Eigenvalues (ascending) of a symmetric matrix by cyclic Jacobi rotations.
    static func jacobiEigenvalues(_ input: [[Double]]) -> [Double] {
        var a = input
        let n = a.count
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-26 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0][$0] }.sorted()
    }

    /// The Hessian of the energy at `pose` in the coordinates (dp, dθ·L) of
    /// `Pose.displaced`, restricted to the coordinate indices `indices`, by central
    /// second differences.
    static func energyHessian(_ model: Model, at pose: Pose, indices: [Int] = Array(0..<6), step h: Double = 1e-4) -> [[Double]] {
        func energy(_ q: [Double]) -> Double {
            let p = pose.displaced(translation: Vector3(q[0], q[1], q[2]), rotation: Vector3(q[3], q[4], q[5]) / lc)
            return Mech.energy(model, at: p)
        }
        var out = [[Double]](repeating: [Double](repeating: 0, count: indices.count), count: indices.count)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() where b >= a {
                func e(_ si: Double, _ sj: Double) -> Double {
                    var q = [Double](repeating: 0, count: 6)
                    q[i] += si * h
                    q[j] += sj * h
                    return energy(q)
                }
                let v = (e(1, 1) - e(1, -1) - e(-1, 1) + e(-1, -1)) / (4 * h * h)
                out[a][b] = v
                out[b][a] = v
            }
        }
        return out
    }

    @Test func invertedPendulumIsUnstable() throws {
        let model = MechModels.invertedPendulum(k: 10)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        // The start is the equilibrium: converged before any Newton step …
        #expect(e.iterations == 0, "history \(e.residualHistory)")
        // … so it stays upright (the symmetric equilibrium) …
        #expect(Rotation.log(e.pose.rotation).length <= 1e-9)
        #expect(abs(e.constraints[0].force.y - 2 * Mech.g) <= 1e-9, "the pin carries the weight")
        // … but that equilibrium is unstable: tipping lowers the energy.
        #expect(!e.stability.isStable)
        #expect(e.stability.eigenvalues.count == 3, "a pin leaves three rotations")
        let softest = try #require(e.stability.softestStiffness)
        #expect(softest < 0)
        let mode = try #require(e.stability.softestMode)
        #expect(mode.translation.length <= 1e-9, "a pinned body only rotates: \(mode)")
        let axis = mode.rotation / mode.rotation.length
        #expect(abs(axis.y) <= 1e-6, "it tips about a horizontal axis, not \(axis)")
        // Independent: the energy Hessian over the three rotations (the pin is at the body origin).
        let fd = Self.jacobiEigenvalues(Self.energyHessian(model, at: e.pose, indices: [3, 4, 5]))
        #expect(fd[0] < 0 && fd[1] < 0 && fd[2] > 0, "finite differences: \(fd)")
        for (a, b) in zip(e.stability.eigenvalues, fd) {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "eigenvalues \(e.stability.eigenvalues) vs finite differences \(fd)")
        }
    }

    /// The verdict does not rest on exact cancellation: the symmetric pendulum's springs
    /// moved by round-off (1e-15 m, seeded, as another BLAS kernel's rounding would leave
    /// them) give the same verdict, unstable, at the upright pose.
    @Test(arguments: 1...8 as ClosedRange<UInt64>)
    func invertedPendulumVerdictSurvivesRoundOff(seed: UInt64) throws {
        var model = MechModels.invertedPendulum(k: 10)
        var random = SplitMix64(seed: seed)
        for i in model.muscles.indices {
            for j in model.muscles[i].path.indices {
                let jitter = Vector3(random.uniform(-1, 1), random.uniform(-1, 1), random.uniform(-1, 1)) * 1e-15
                model.muscles[i].path[j].point += jitter
            }
        }
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        #expect(e.iterations == 0, "history \(e.residualHistory)")
        #expect(Rotation.log(e.pose.rotation).length <= 1e-9, "it fell over")
        #expect(!e.stability.isStable)
        let softest = try #require(e.stability.softestStiffness)
        #expect(softest < 0)
    }

    @Test func stiffPendulumIsStable() throws {
        let model = MechModels.invertedPendulum(k: 2000)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        #expect(e.stability.isStable)
        #expect(e.stability.eigenvalues.allSatisfy { $0 > 0 })
        let fd = Self.jacobiEigenvalues(Self.energyHessian(model, at: e.pose, indices: [3, 4, 5]))
        for (a, b) in zip(e.stability.eigenvalues, fd) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
    }

    /// Thelen curves written out in the test: dT/dL = F_max / l_opt · (a f_L'(l) + f_PE'(l)).
    static func thelenSlope(fmax: Double, lopt: Double, activation a: Double, l: Double) -> Double {
        let fl = -2 * (l - 1) / 0.45 * exp(-(l - 1) * (l - 1) / 0.45)
        let fpe = l > 1 ? (5 / 0.6) * exp(5 * (l - 1) / 0.6) / (exp(5) - 1) : 0
        return fmax / lopt * (a * fl + fpe)
    }

    @Test(arguments: [(1.0, false), (0.6, false), (0.0, true)])
    func hillTugOfWarOnTheDescendingLimb(activation: Double, stable: Bool) throws {
        let model = MechModels.hillTugOfWar(activation: activation, fiberRatio: 1.25)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        #expect(e.pose.position.length <= 1e-12, "symmetric: it stays in the middle")
        #expect(e.stability.isStable == stable, "activation \(activation): eigenvalues \(e.stability.eigenvalues)")
        // Along the line, the eight muscles add their slopes: that is the X stiffness.
        let slope = Self.thelenSlope(fmax: 300, lopt: 0.8 / 1.25, activation: activation, l: 1.25)
        let kx = 8 * slope
        #expect((kx < 0) == !stable, "the test's own curve: k_x = \(kx) N/m")
        #expect(e.stability.eigenvalues.contains { abs($0 - kx) <= 1e-6 * abs(kx) }, "k_x = \(kx) N/m not among \(e.stability.eigenvalues)")
        if !stable {
            let mode = try #require(e.stability.softestMode)
            #expect(abs(mode.translation.x) >= 1 - 1e-9, "it would slide along the line: \(mode)")
            #expect(abs(e.stability.softestStiffness! - kx) <= 1e-6 * abs(kx))
        }
        let fd = Self.jacobiEigenvalues(Self.energyHessian(model, at: e.pose))
        for (a, b) in zip(e.stability.eigenvalues, fd) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "\(e.stability.eigenvalues) vs \(fd)") }
    }

    @Test(arguments: [(10, UInt64(7)), (16, UInt64(3))])
    func freeBodyEigenvaluesMatchFiniteDifferences(count: Int, seed: UInt64) throws {
        let model = Fixtures.freeBody(muscles: count, seed: seed)
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        #expect(e.stability.isStable)
        #expect(e.stability.eigenvalues.count == 6)
        #expect(e.stability.eigenvalues.allSatisfy { $0 > 0 })
        #expect(e.stability.eigenvalues == e.stability.eigenvalues.sorted())
        #expect(e.stability.softestStiffness == e.stability.eigenvalues.first)
        let fd = Self.jacobiEigenvalues(Self.energyHessian(model, at: e.pose))
        for (a, b) in zip(e.stability.eigenvalues, fd) {
            #expect(abs(a - b) <= 1e-5 * max(1, abs(b)), "eigenvalues \(e.stability.eigenvalues) vs finite differences \(fd)")
        }
    }

    @Test func constrainedModelsAreStableWithPositiveReducedEigenvalues() throws {
        let cases: [(Model, Int)] = [
            (Fixtures.girdle(), 3),  // distance + 2 ellipsoids leave 3 motions
            (Fixtures.girdle(unilateral: true), -1),
            (MechModels.pinnedPlanar(), 3),
            (MechModels.contactRig(loadY: -20, unilateral: true), 5),
        ]
        for (model, expectedCount) in cases {
            let e = try EquilibriumSolver(model: model).solve()
            Mech.expectSound(e, model)
            #expect(e.stability.isStable, "\(model.name): \(e.stability.eigenvalues)")
            #expect(e.stability.eigenvalues.allSatisfy { $0 > 0 })
            let equations = zip(model.constraints, e.constraints).filter { $0.1.active }.map { $0.0.equationCount }.reduce(0, +)
            #expect(e.stability.eigenvalues.count == 6 - equations)
            if expectedCount >= 0 { #expect(e.stability.eigenvalues.count == expectedCount) }
        }
    }

    /// A pinned body whose softest rotation the test finds: the reduced Hessian over the
    /// three rotations about the pin matches the energy's second differences, constraint
    /// curvature (the pin is off the body origin) included.
    @Test func pinOffTheOriginReducedHessianMatchesEnergy() throws {
        var model = MechModels.pinnedPlanar()
        // Move the pinned body point away from the body origin; the ground point follows
        // the reference pose so the model stays consistent.
        let p = Vector3(-0.02, 0.01, 0.005)
        model.constraints = [Constraint(name: "pin", bodyPoint: p, kind: .point(groundPoint: p))]
        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        // Energy as a function of rotations about the pinned point (the allowed motions).
        let x = e.pose.transform(p)
        func energy(_ w: Vector3) -> Double {
            let r = Rotation.exp(w / Self.lc)
            let pose = Pose(position: x + r * (e.pose.position - x), rotation: r * e.pose.rotation)
            return Mech.energy(model, at: pose)
        }
        let h = 1e-4
        var hess = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                func f(_ si: Double, _ sj: Double) -> Double {
                    var w = Vector3.zero
                    w[i] += si * h
                    w[j] += sj * h
                    return energy(w)
                }
                hess[i][j] = (f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / (4 * h * h)
            }
        }
        // In these coordinates the allowed motion (dp = −dθ × arm, dθ) has scaled norm
        // √(|dθ × arm|² + L²|dθ|²) ≠ L|dθ|, so compare the signs and the determinant-free
        // quantity the metric does not change: the lowest Rayleigh quotient's sign, and
        // the eigenvalues of the engine against the generalised problem H v = λ M v.
        let arm = x - e.pose.position
        var metric = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0..<3 {
                var ei = Vector3.zero, ej = Vector3.zero
                ei[i] = 1 / Self.lc
                ej[j] = 1 / Self.lc
                // dp = −(dθ × arm) = arm × dθ; scaled coordinates (dp, L dθ).
                metric[i][j] = arm.cross(ei).dot(arm.cross(ej)) + Self.lc * Self.lc * ei.dot(ej)
            }
        }
        // Cholesky M = C Cᵀ, then eigenvalues of C⁻¹ H C⁻ᵀ.
        var c = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0...i {
                var s = metric[i][j]
                for k in 0..<j { s -= c[i][k] * c[j][k] }
                c[i][j] = i == j ? s.squareRoot() : s / c[j][j]
            }
        }
        func lowerSolve(_ b: [Double]) -> [Double] {
            var y = [0.0, 0.0, 0.0]
            for i in 0..<3 {
                var s = b[i]
                for k in 0..<i { s -= c[i][k] * y[k] }
                y[i] = s / c[i][i]
            }
            return y
        }
        // A = C⁻¹ H C⁻ᵀ: columns of C⁻¹ H, then rows.
        let cih = (0..<3).map { j in lowerSolve((0..<3).map { hess[$0][j] }) }  // cih[j] = C⁻¹ H[:, j]
        var a = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            let row = lowerSolve((0..<3).map { cih[$0][i] })  // C⁻¹ (C⁻¹ H)ᵀ[:, i]
            for j in 0..<3 { a[j][i] = row[j] }
        }
        for i in 0..<3 { for j in 0..<i { let v = 0.5 * (a[i][j] + a[j][i]); a[i][j] = v; a[j][i] = v } }
        let fd = Self.jacobiEigenvalues(a)
        #expect(e.stability.eigenvalues.count == 3)
        for (u, v) in zip(e.stability.eigenvalues, fd) {
            #expect(abs(u - v) <= 1e-5 * max(1, abs(v)), "engine \(e.stability.eigenvalues) vs energy \(fd)")
        }
    }
}
