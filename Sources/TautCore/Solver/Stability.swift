import CLapack

/// Stability of an equilibrium: the Hessian of the Lagrangian reduced to the motions the
/// active constraints allow, in coordinates scaled to metres (a rotation of θ rad counts
/// as θ × `SolverOptions.characteristicLength`), so its eigenvalues are in N/m.
///
/// A solve decides `isStable` by a Cholesky factorisation of the reduced Hessian (LAPACK
/// `dpotrf`), falling back to its eigenvalues only near singularity. The eigenvalues and
/// the softest mode are computed when read (LAPACK `dsyev`, a few microseconds): sweeps
/// and benchmarks that only need the verdict do not pay for them.
public struct Stability: Sendable {
    /// All reduced eigenvalues positive.
    public var isStable: Bool
    /// How many independent motions the active constraints allow (0–6).
    public let freeCount: Int
    /// The reduced Hessian Zᵀ H̃ Z, `freeCount`² entries, column-major, N/m.
    let reducedHessian: InlineArray<36, Double>
    /// Z: an orthonormal basis of the allowed motions, 6 × `freeCount`, column-major,
    /// in scaled coordinates (translation m, rotation × characteristic length).
    let basis: InlineArray<36, Double>
    /// The length (m) that turns rotations into displacements.
    let characteristicLength: Double

    /// The reduced eigenvalues, ascending, N/m.
    public var eigenvalues: [Double] { modes().values }

    /// The softest allowed motion (lowest eigenvalue), nil when the constraints allow none.
    public var softestMode: FreeDirection? {
        freeCount == 0 ? nil : direction(of: 0, in: modes())
    }

    /// The stiffness of the softest mode, N/m (negative: the scapula would slide that way).
    public var softestStiffness: Double? {
        freeCount == 0 ? nil : modes().values[0]
    }

    /// Eigenvalues (ascending) and eigenvectors (columns, in the basis) of the reduced Hessian.
    func modes() -> (values: [Double], vectors: [Double]) {
        let n = freeCount
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) { a[i] = reducedHessian[i] }
        return DenseLinearAlgebra.symmetricEigen(a, size: n)
    }

    /// Eigenvector `k` of `modes` as a motion: translation (m) and rotation (rad), thorax axes.
    func direction(of k: Int, in modes: (values: [Double], vectors: [Double])) -> FreeDirection {
        let n = freeCount
        var v = SIMD8<Double>()
        for i in 0..<6 {
            for b in 0..<n { v[i] += basis[i + 6 * b] * modes.vectors[b + n * k] }
        }
        return FreeDirection(
            translation: Vector3(v[0], v[1], v[2]), rotation: Vector3(v[3], v[4], v[5]) / characteristicLength)
    }

    /// True when the reduced Hessian is positive definite with its smallest eigenvalue
    /// above `ratio` × its largest, proven without an eigen-solve: Cholesky K = L Lᵀ
    /// succeeds, and λ_min ≥ 1 / trace(K⁻¹) = 1 / ‖L⁻¹‖²_F while λ_max ≤ trace(K).
    func isClearlyPositiveDefinite(ratio: Double) -> Bool {
        let n = freeCount
        var l = reducedHessian
        var trace = 0.0
        for i in 0..<n { trace += l[i + n * i] }
        var order = Int32(n), info: Int32 = 0
        var factor = l.mutableSpan
        factor.withUnsafeMutableBufferPointer { dpotrf_("L", &order, $0.baseAddress!, &order, &info, 1) }
        guard info == 0 else { return false }
        // ‖L⁻¹‖²_F, column by column: solve L x = e_j by forward substitution.
        var x = InlineArray<6, Double>(repeating: 0)
        var inverseNorm = 0.0
        for j in 0..<n {
            for i in j..<n {
                var sum = i == j ? 1.0 : 0.0
                for k in j..<i { sum -= l[i + n * k] * x[k] }
                x[i] = sum / l[i + n * i]
                inverseNorm += x[i] * x[i]
            }
        }
        return 1 / inverseNorm > ratio * trace
    }
}

extension EquilibriumSolver {
    /// Reduces the Lagrangian Hessian to the null space of the active constraint
    /// Jacobian (pivoted QR, LAPACK `dgeqp3` + `dorgqr`) and decides its definiteness.
    /// Throws `underConstrained` for a zero eigenvalue (below 1e-9 of the largest): a
    /// motion nothing resists.
    func stabilityAnalysis() throws -> Stability {
        let lc = options.characteristicLength
        let m = activeCount
        var basis = InlineArray<36, Double>(repeating: 0)
        var free = 6
        if m == 0 {
            for i in 0..<6 { basis[i + 6 * i] = 1 }
        } else {
            let qr = DenseLinearAlgebra.pivotedQR(scaledJacobianTranspose(), rows: 6, columns: m)
            if qr.rank < m { throw diagnoseSingularity(qr) }
            free = 6 - qr.rank
            for b in 0..<free {
                for i in 0..<6 { basis[i + 6 * b] = qr.q[i + 6 * (qr.rank + b)] }
            }
        }
        // H̃ = T H T, T = diag(1, 1, 1, 1/L, 1/L, 1/L), then the reduced Hessian Zᵀ H̃ Z.
        let h = lagrangianHessian, s = 1 / lc
        var scaled = InlineArray<36, Double>(repeating: 0)
        for j in 0..<3 {
            for i in 0..<3 {
                scaled[i + 6 * j] = h.pp[i, j]
                scaled[i + 6 * (j + 3)] = h.pr[i, j] * s
                scaled[(j + 3) + 6 * i] = h.pr[i, j] * s
                scaled[(i + 3) + 6 * (j + 3)] = h.rr[i, j] * s * s
            }
        }
        var reduced = scaled
        if m > 0 {
            var hz = InlineArray<36, Double>(repeating: 0)
            for b in 0..<free {
                for i in 0..<6 {
                    var sum = 0.0
                    for j in 0..<6 { sum += scaled[i + 6 * j] * basis[j + 6 * b] }
                    hz[i + 6 * b] = sum
                }
            }
            for a in 0..<free {
                for b in 0..<free {
                    var sum = 0.0
                    for i in 0..<6 { sum += basis[i + 6 * a] * hz[i + 6 * b] }
                    reduced[a + free * b] = sum
                }
            }
        }
        var stability = Stability(
            isStable: true, freeCount: free, reducedHessian: reduced, basis: basis, characteristicLength: lc)
        let zeroRatio = 1e-9
        if free == 0 || stability.isClearlyPositiveDefinite(ratio: zeroRatio) { return stability }
        // Indefinite or nearly singular: the eigenvalues decide.
        let modes = stability.modes()
        let largest = modes.values.map(abs).max() ?? 0
        for k in 0..<free where abs(modes.values[k]) <= zeroRatio * largest || largest == 0 {
            throw EquilibriumError.underConstrained(stability.direction(of: k, in: modes))
        }
        stability.isStable = modes.values[0] > 0
        return stability
    }

    /// Names the constraints whose active equations are linearly dependent, from the
    /// pivoted QR of the scaled active Jacobian (computed here unless given).
    func diagnoseSingularity(_ factored: DenseLinearAlgebra.PivotedQR? = nil) -> EquilibriumError {
        let m = activeCount
        let qr = factored ?? DenseLinearAlgebra.pivotedQR(scaledJacobianTranspose(), rows: 6, columns: m)
        guard qr.rank < m else {
            return noConvergence(historyCount, reason: "the Newton system could not be regularised")
        }
        // Each dependent column (pivoted position k ≥ rank) is R₁₁ x = R₁₂[:, k] in the
        // independent ones: those with x ≠ 0 share the blame.
        let rows = 6
        var involved = Set<Int>()
        for k in qr.rank..<m {
            involved.insert(activeEquations[qr.order[k]])
            var x = [Double](repeating: 0, count: qr.rank)
            for i in stride(from: qr.rank - 1, through: 0, by: -1) {
                var sum = qr.r[i + rows * k]
                for j in (i + 1)..<max(i + 1, qr.rank) { sum -= qr.r[i + rows * j] * x[j] }
                x[i] = sum / qr.r[i + rows * i]
            }
            let size = x.map(abs).max() ?? 0
            for i in 0..<qr.rank where abs(x[i]) > 1e-8 * size {
                involved.insert(activeEquations[qr.order[i]])
            }
        }
        var names: [String] = []
        for e in involved.sorted() {
            let name = model.constraints[assembly.equationConstraint[e]].name
            if !names.contains(name) { names.append(name) }
        }
        return .singularSystem(constraints: names)
    }
}
