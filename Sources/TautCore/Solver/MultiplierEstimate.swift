extension EquilibriumSolver {
    /// The active constraint gradients in scaled coordinates, as the columns of a 6 × m
    /// matrix (column-major): Ĵᵀ = T Jᵀ, T = diag(1, 1, 1, 1/L, 1/L, 1/L), so that every
    /// entry is dimensionless and a rank decision compares like with like.
    func scaledJacobianTranspose() -> [Double] {
        let s = 1 / options.characteristicLength
        var jt = [Double](repeating: 0, count: 6 * activeCount)
        for a in 0..<activeCount {
            let row = jacobian[activeEquations[a]]
            for i in 0..<6 { jt[i + 6 * a] = i < 3 ? row[i] : row[i] * s }
        }
        return jt
    }

    /// Sets the active multipliers to the least-squares estimate μ = argmin ‖T(g − Jᵀμ)‖
    /// (pivoted QR of Ĵᵀ, LAPACK `dgeqp3`): the reactions that best balance the
    /// gradient `g` at the current pose. A start that is already an equilibrium within
    /// tolerance is then converged before any Newton step, whatever the round-off of the
    /// assembly. Throws `singularSystem` when the active equations are dependent (the
    /// numerical rank of the pivoted QR, `DenseLinearAlgebra.rankTolerance`, is below m).
    func estimateMultipliers(gradient g: PoseGradient) throws {
        let m = activeCount
        let qr = DenseLinearAlgebra.pivotedQR(scaledJacobianTranspose(), rows: 6, columns: m)
        if qr.rank < m { throw diagnoseSingularity(qr) }
        let s = 1 / options.characteristicLength
        // y = Qᵀ ĝ (its first m entries), then R y' = y by back substitution.
        var y = [Double](repeating: 0, count: m)
        for k in 0..<m {
            var sum = 0.0
            for i in 0..<6 { sum += qr.q[i + 6 * k] * g[i] * (i < 3 ? 1 : s) }
            y[k] = sum
        }
        for k in stride(from: m - 1, through: 0, by: -1) {
            var sum = y[k]
            for j in (k + 1)..<max(k + 1, m) { sum -= qr.r[k + 6 * j] * y[j] }
            y[k] = sum / qr.r[k + 6 * k]
        }
        for k in 0..<m { multipliers[activeEquations[qr.order[k]]] = y[k] }
    }
}
