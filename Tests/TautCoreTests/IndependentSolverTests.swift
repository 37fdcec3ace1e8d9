import Foundation
import Testing
import TautCore

/// A second, deliberately simple solver written in the test: BFGS on the potential
/// energy (muscle potentials from `ForceLaw.potential` at `Muscle.length(at:)`, minus
/// m g · x_com), with central-difference gradients, over the 6 coordinates
/// q = (translation, rotation vector) about the reference pose.
@Suite struct IndependentSolverTests {
    static func pose(_ model: Model, _ q: [Double]) -> Pose {
        model.scapula.referencePose.displaced(translation: Vector3(q[0], q[1], q[2]), rotation: Vector3(q[3], q[4], q[5]))
    }

    static func gradient(_ f: ([Double]) -> Double, _ q: [Double], step h: Double = 1e-6) -> [Double] {
        (0..<q.count).map { i in
            var a = q, b = q
            a[i] += h
            b[i] -= h
            return (f(a) - f(b)) / (2 * h)
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Minimises f from q0 by BFGS with a backtracking Armijo line search; stops when
    /// the gradient's largest component is below `gtol`.
    static func bfgs(_ f: ([Double]) -> Double, from q0: [Double], gtol: Double, maxIterations: Int = 2000) -> (q: [Double], gradient: Double, iterations: Int) {
        let n = q0.count
        var q = q0
        var g = gradient(f, q)
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { h[i][i] = 1e-4 }
        var fq = f(q)
        var iteration = 0
        while iteration < maxIterations {
            if g.map(abs).max()! < gtol { break }
            iteration += 1
            var d = (0..<n).map { i in -dot(h[i], g) }
            if dot(d, g) >= 0 {  // lost descent: restart from a scaled steepest descent
                for i in 0..<n { for j in 0..<n { h[i][j] = i == j ? 1e-4 : 0 } }
                d = g.map { -1e-4 * $0 }
            }
            var alpha = 1.0
            var next = zip(q, d).map { $0 + alpha * $1 }
            var fn = f(next)
            while fn > fq + 1e-4 * alpha * dot(g, d) && alpha > 1e-14 {
                alpha *= 0.5
                next = zip(q, d).map { $0 + alpha * $1 }
                fn = f(next)
            }
            let gn = gradient(f, next)
            let s = zip(next, q).map { $0 - $1 }
            let y = zip(gn, g).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-300 {
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                let rho = 1 / sy
                let hy = (0..<n).map { i in dot(h[i], y) }
                let yhy = dot(y, hy)
                for i in 0..<n {
                    for j in 0..<n {
                        h[i][j] += (1 + rho * yhy) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
                    }
                }
            }
            if alpha <= 1e-14 && s.allSatisfy({ $0 == 0 }) { break }
            q = next
            g = gn
            fq = fn
        }
        return (q, g.map(abs).max()!, iteration)
    }

    /// Solves the n×n system a x = b by Gaussian elimination with partial pivoting.
    static func solveLinear(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, x = b
        let n = b.count
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p)
            x.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                for j in c..<n { m[r][j] -= f * m[c][j] }
                x[r] -= f * x[c]
            }
        }
        for c in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[c]
            for j in (c + 1)..<n { sum -= m[c][j] * x[j] }
            x[c] = sum / m[c][c]
        }
        return x
    }

    /// Newton polish: Hessian by central differences of the finite-difference gradient.
    static func polish(_ f: ([Double]) -> Double, from q0: [Double], steps: Int = 4) -> (q: [Double], gradient: Double) {
        var q = q0
        for _ in 0..<steps {
            let g = gradient(f, q)
            let h = 1e-5
            var hess = [[Double]](repeating: [Double](repeating: 0, count: q.count), count: q.count)
            for j in q.indices {
                var a = q, b = q
                a[j] += h
                b[j] -= h
                let ga = gradient(f, a), gb = gradient(f, b)
                for i in q.indices { hess[i][j] = (ga[i] - gb[i]) / (2 * h) }
            }
            for i in q.indices { for j in 0..<i { let v = 0.5 * (hess[i][j] + hess[j][i]); hess[i][j] = v; hess[j][i] = v } }
            let d = solveLinear(hess, g.map { -$0 })
            q = zip(q, d).map { $0 + $1 }
        }
        return (q, gradient(f, q).map(abs).max()!)
    }

    @Test(arguments: [(10, UInt64(7)), (10, UInt64(21)), (16, UInt64(3))])
    func freeBodyMatchesEnergyMinimiser(count: Int, seed: UInt64) throws {
        let model = Fixtures.freeBody(muscles: count, seed: seed)
        let energy = { (q: [Double]) in Mech.energy(model, at: Self.pose(model, q)) }
        let rough = Self.bfgs(energy, from: [Double](repeating: 0, count: 6), gtol: 1e-5)
        #expect(rough.gradient < 1e-5, "the test's BFGS stopped at |g| = \(rough.gradient) after \(rough.iterations) iterations")
        let minimum = Self.polish(energy, from: rough.q)
        #expect(minimum.gradient < 1e-8, "the test's Newton polish stopped at |g| = \(minimum.gradient)")
        let reference = Self.pose(model, minimum.q)

        let e = try EquilibriumSolver(model: model).solve()
        Mech.expectSound(e, model)
        let d = Mech.distance(e.pose, reference)
        #expect(d.translation <= 1e-6 && d.rotation <= 1e-6, "solver vs BFGS: \(d.translation) m, \(d.rotation) rad")
        // Both are minima of the same function: the solver's energy is not above BFGS's.
        #expect(Mech.energy(model, at: e.pose) <= Mech.energy(model, at: reference) + 1e-12)
        // The solver's reported energy is the model's potential at its pose.
        #expect(abs(e.energy - Mech.energy(model, at: e.pose)) <= 1e-12 * max(1, abs(e.energy)))
        // And it moved: gravity and the random springs displace the body.
        #expect(e.pose.position.length > 1e-4)
    }
}
