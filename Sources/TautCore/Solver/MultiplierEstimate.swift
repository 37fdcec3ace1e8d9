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
    /// - Throws: `singularSystem` when the active equations are dependent (see
    ///   `estimateMultipliers`).
    func startIsEquilibrium(gradient g: PoseGradient, at pose: Pose) throws -> Bool {
        guard try estimateMultipliers(gradient: g, into: newMultipliers) else { return false }
        var r = g
        var violation = 0.0
        var reactions = 0.0
        for a in 0..<activeCount {
            let e = activeEquations[a]
            r += jacobian[e] * (-newMultipliers[e])
            violation = max(violation, abs(residuals[e]))
            reactions += abs(newMultipliers[e])
        }
        // The last assembly had no reactions (a start without multipliers): its force
        // scale gains those just estimated.
        guard scaledResidual(r, violation: violation, forceScale: forceScale + reactions, at: pose) <= 1 else { return false }
        for a in 0..<activeCount { multipliers[activeEquations[a]] = newMultipliers[activeEquations[a]] }
        return true
    }

    /// The least-squares multipliers (N), into `estimate` by equation, from the augmented
    /// system [I, −Ĵᵀ; −Ĵ, 0] [x; μ] = [−ĝ; 0] (its second row makes x = Ĵᵀμ − ĝ
    /// orthogonal to the constraint gradients: the normal equations ĴĴᵀμ = Ĵĝ), factored
    /// by `dsysv` in the Newton system's buffers: nothing is allocated. Every entry is
    /// dimensionless or in newtons. Returns false, with no estimate, when the constraint
    /// gradients are nearly dependent (a zero pivot) but the pivoted QR finds them
    /// independent: Newton then starts from zero reactions.
    /// - Throws: `singularSystem` when the pivoted QR finds them dependent.
    func estimateMultipliers(gradient g: PoseGradient, into estimate: UnsafeMutableBufferPointer<Double>) throws -> Bool {
        let m = activeCount
        let s = 1 / options.characteristicLength
        kkt.reset(size: 6 + m)
        for i in 0..<6 {
            kkt.set(i, i, 1)
            kkt.rhs[i] = -g[i] * (i < 3 ? 1 : s)
        }
        for a in 0..<m {
            let row = jacobian[activeEquations[a]]
            for j in 0..<6 { kkt.set(6 + a, j, -row[j] * (j < 3 ? 1 : s)) }
        }
        let inertia = kkt.factorAndSolve(zeroPivot: Self.zeroPivotRatio)
        guard inertia.positive == 6 && inertia.negative == m && inertia.zero == 0 else {
            let diagnosis = diagnoseSingularity()
            if case .singularSystem = diagnosis { throw diagnosis }
            return false
        }
        for a in 0..<m { estimate[activeEquations[a]] = kkt.rhs[6 + a] }
        return true
    }
}
