import Foundation
import TautCore

/// The postural-tone rule: the least activation (least-squares norm of a, each a in
/// [floor, 1]) that makes a model's reference pose an equilibrium with every listed
/// contact pushing; the other constraint forces (the clavicle strut) may have either sign.
///
/// At the reference pose a Hill muscle's tension is affine in its activation,
/// T = T₀ + a ΔT (T₀ its passive tension, ΔT = F_max f_L cos α, both from the engine's
/// law), and acts along the gradient of its path length (`Muscle.lengthDerivatives`:
/// the generalised force per unit tension). The 6 balance equations are
///   Σᵢ aᵢ ΔTᵢ ∇Lᵢ − Σₑ μₑ ∇cₑ = Σ_loads (F, r × F) − Σᵢ T₀ᵢ ∇Lᵢ   (A a + C μ = b),
/// μₑ the constraint multipliers (reaction = μₑ ∇cₑ; a contact pushes when μ ≥ 0).
/// With the full QR of C (LAPACK), μ = R⁻¹Q₁ᵀ(b − A a) and Q₂ᵀA a = Q₂ᵀb; with the QR of
/// (Q₂ᵀA)ᵀ, a = a₀ + Z y, a₀ the minimum-norm solution orthogonal to the null-space
/// basis Z, so ‖a‖² = ‖a₀‖² + ‖y‖². The bounds and pushing contacts are linear
/// inequalities G y ≥ h, and min ‖y‖ is a least-distance problem (`leastDistance`, by NNLS).
public struct PosturalTone {
    public var activations: [Double]
    /// Multiplier per constraint equation (N; the reaction is μ ∇c).
    public var multipliers: [Double]
    /// Largest force and moment imbalance of the solution, N and N·m.
    public var forceResidual: Double
    public var momentResidual: Double

    public init(model: Model, floor: Double, pushing: Set<String>) throws {
        let pose = model.scapula.referencePose
        let n = model.muscles.count
        var a = DenseMatrix(rows: 6, columns: n)
        var b = [Double](repeating: 0, count: 6)
        for (i, muscle) in model.muscles.enumerated() {
            guard case .hill(var law) = muscle.law else {
                throw SourceError(file: "postural tone", message: "\(muscle.name) is not a Hill muscle")
            }
            let d = muscle.lengthDerivatives(at: pose)
            law.activation = 0
            let passive = law.response(length: d.value).tension
            law.activation = 1
            let full = law.response(length: d.value).tension
            for k in 0..<6 {
                a[k, i] = (full - passive) * d.gradient[k]
                b[k] -= passive * d.gradient[k]
            }
        }
        var external: [(point: Vector3, force: Vector3)] = [(model.scapula.centerOfMass, model.gravity * model.scapula.mass)]
        external += model.loads.map { ($0.bodyPoint, $0.force) }
        for (point, force) in external {
            let arm = pose.rotation * point
            let moment = arm.cross(force)
            for k in 0..<3 {
                b[k] += force[k]
                b[3 + k] += moment[k]
            }
        }
        var equations: [(constraint: Int, component: Int)] = []
        for (j, c) in model.constraints.enumerated() { for k in 0..<c.equationCount { equations.append((j, k)) } }
        let m = equations.count
        guard m < 6 else { throw SourceError(file: "postural tone", message: "the constraints leave the muscles nothing to do") }
        var c = DenseMatrix(rows: 6, columns: m)
        for (e, eq) in equations.enumerated() {
            let g = model.constraints[eq.constraint].equation(eq.component, at: pose).gradient
            for k in 0..<6 { c[k, e] = -g[k] }
        }

        // μ from a; the 6 − m equations left for a.
        let (qc, rc) = try LAPACK.qr(c)
        let q1 = qc.columns(0..<m), q2 = qc.columns(m..<6)
        let k = q2.transpose * a
        let d = q2.transpose * b
        // μ = M (b − A a), M = R⁻¹ Q₁ᵀ.
        var mMatrix = DenseMatrix(rows: m, columns: 6)
        for col in 0..<6 {
            let x = LAPACK.triangularSolve(rc, (0..<m).map { q1[col, $0] })
            for r in 0..<m { mMatrix[r, col] = x[r] }
        }
        let ma = mMatrix * a
        let mb = mMatrix * b

        // a = a₀ + Z y from the QR of Kᵀ.
        let (qk, rk) = try LAPACK.qr(k.transpose)
        let rows = 6 - m
        let w = LAPACK.triangularSolve(rk, d, transposed: true)
        let a0 = qk.columns(0..<rows) * w
        let z = qk.columns(rows..<n)
        let p = n - rows

        // Inequalities on a: a ≥ floor, −a ≥ −1, μₑ ≥ 0 for pushing contacts.
        var gRows: [[Double]] = []
        var h: [Double] = []
        for i in 0..<n {
            var row = [Double](repeating: 0, count: n)
            row[i] = 1
            gRows.append(row)
            h.append(floor)
            row[i] = -1
            gRows.append(row)
            h.append(-1)
        }
        for (e, eq) in equations.enumerated() where pushing.contains(model.constraints[eq.constraint].name) {
            gRows.append((0..<n).map { -ma[e, $0] })
            h.append(-mb[e])
        }
        // In y: (G Z) y ≥ h − G a₀, each row scaled to unit norm.
        var g = DenseMatrix(rows: gRows.count, columns: p)
        var hy = [Double](repeating: 0, count: gRows.count)
        for (r, row) in gRows.enumerated() {
            var gz = [Double](repeating: 0, count: p)
            for j in 0..<p { for i in 0..<n { gz[j] += row[i] * z[i, j] } }
            var ga0 = 0.0
            for i in 0..<n { ga0 += row[i] * a0[i] }
            let norm = gz.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let s = norm > 0 ? 1 / norm : 1
            for j in 0..<p { g[r, j] = gz[j] * s }
            hy[r] = (h[r] - ga0) * s
        }
        let y = try leastDistance(g, hy)
        let act = zip(a0, z * y).map { $0 + $1 }
        activations = act
        let rest = zip(b, a * act).map { $0 - $1 }
        multipliers = mMatrix * rest
        let residual = zip(a * act, c * multipliers).map { $0 + $1 }
        let imbalance = zip(residual, b).map { $0 - $1 }
        forceResidual = (0..<3).map { imbalance[$0] * imbalance[$0] }.reduce(0, +).squareRoot()
        momentResidual = (3..<6).map { imbalance[$0] * imbalance[$0] }.reduce(0, +).squareRoot()
    }
}
