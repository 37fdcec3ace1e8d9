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

    /// Whether `pose`, where the potential's gradient is `g`, is an equilibrium within
    /// the tolerances with the least-squares multipliers μ = argmin ‖T(g − Jᵀμ)‖: the
    /// reactions that balance it best. If it is, they become the multipliers; if not, the
    /// multipliers stay as they were (Newton starts from zero reactions, a start far from
    /// equilibrium makes a poor estimate). So a start that is already an equilibrium
    /// converges before any Newton step, whatever the round-off of its assembly.
    /// - Throws: `singularSystem` when the active equations are dependent (the numerical
    ///   rank of the pivoted QR, `DenseLinearAlgebra.rankTolerance`, is below m).
    func startIsEquilibrium(gradient g: PoseGradient, at pose: Pose) throws -> Bool {
        try estimateMultipliers(gradient: g, into: newMultipliers)
        var r = g
        var violation = 0.0
        var reactions = 0.0
        for a in 0..<activeCount {
            let e = activeEquations[a]
            r += jacobian[e] * (-newMultipliers[e])
            violation = max(violation, abs(residuals[e]))
            reactions += abs(newMultipliers[e])
        }
        let scale = forceScale - multiplierSum() + reactions
        guard scaledResidual(r, violation: violation, forceScale: scale, at: pose) <= 1 else { return false }
        for a in 0..<activeCount { multipliers[activeEquations[a]] = newMultipliers[activeEquations[a]] }
        return true
    }

    /// Σ |μ| over the active equations (N).
    func multiplierSum() -> Double {
        var sum = 0.0
        for a in 0..<activeCount { sum += abs(multipliers[activeEquations[a]]) }
        return sum
    }

    /// The least-squares multipliers (N) by the pivoted QR of Ĵᵀ (LAPACK `dgeqp3`), into
    /// `estimate` by equation.
    func estimateMultipliers(gradient g: PoseGradient, into estimate: UnsafeMutableBufferPointer<Double>) throws {
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
        for k in 0..<m { estimate[activeEquations[qr.order[k]]] = y[k] }
    }
}
