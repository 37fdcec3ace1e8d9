extension EquilibriumSolver {
    /// Eigen-analysis of the Lagrangian Hessian reduced to the null space of the
    /// active constraint Jacobian, in coordinates scaled to metres (θ × L).
    /// Throws `underConstrained` for a zero eigenvalue: a motion nothing resists.
    func stabilityAnalysis() throws -> Stability {
        let lc = options.characteristicLength
        let m = activeCount
        // Columns: scaled constraint gradients (6×m).
        var jt = [Double](repeating: 0, count: 6 * m)
        for a in 0..<m {
            let row = jacobian[activeEquations[a]]
            for i in 0..<6 { jt[i + 6 * a] = i < 3 ? row[i] : row[i] / lc }
        }
        let qr = DenseLinearAlgebra.pivotedQR(jt, rows: 6, columns: m)
        if qr.rank < m { throw diagnoseSingularity() }
        let free = 6 - qr.rank
        guard free > 0 else {
            return Stability(isStable: true, eigenvalues: [], softestMode: nil, softestStiffness: nil)
        }
        // Scaled Hessian H̃ = T H T, T = diag(1, 1, 1, 1/L, 1/L, 1/L).
        var h = [Double](repeating: 0, count: 36)
        for i in 0..<6 {
            for j in 0..<6 {
                h[i + 6 * j] = lagrangianHessian[i, j] * (i < 3 ? 1 : 1 / lc) * (j < 3 ? 1 : 1 / lc)
            }
        }
        // Reduced Hessian Zᵀ H̃ Z, Z = last `free` columns of Q, as Zᵀ (H̃ Z).
        var hz = [Double](repeating: 0, count: 6 * free)
        for b in 0..<free {
            for i in 0..<6 {
                var sum = 0.0
                for j in 0..<6 { sum += h[i + 6 * j] * qr.q[j + 6 * (qr.rank + b)] }
                hz[i + 6 * b] = sum
            }
        }
        var reduced = [Double](repeating: 0, count: free * free)
        for a in 0..<free {
            for b in 0..<free {
                var sum = 0.0
                for i in 0..<6 { sum += qr.q[i + 6 * (qr.rank + a)] * hz[i + 6 * b] }
                reduced[a + free * b] = sum
            }
        }
        let eigen = DenseLinearAlgebra.symmetricEigen(reduced, size: free)
        func mode(_ k: Int) -> FreeDirection {
            var v = [Double](repeating: 0, count: 6)
            for i in 0..<6 {
                for a in 0..<free { v[i] += qr.q[i + 6 * (qr.rank + a)] * eigen.vectors[a + free * k] }
            }
            return FreeDirection(translation: Vector3(v[0], v[1], v[2]), rotation: Vector3(v[3], v[4], v[5]) / lc)
        }
        let largest = eigen.values.map(abs).max() ?? 0
        for k in 0..<free where abs(eigen.values[k]) <= 1e-9 * largest || largest == 0 {
            throw EquilibriumError.underConstrained(mode(k))
        }
        return Stability(
            isStable: eigen.values[0] > 0, eigenvalues: eigen.values,
            softestMode: mode(0), softestStiffness: eigen.values[0])
    }

    /// Names the constraints whose active equations are linearly dependent.
    func diagnoseSingularity() -> EquilibriumError {
        let lc = options.characteristicLength
        let m = activeCount
        var jt = [Double](repeating: 0, count: 6 * m)
        for a in 0..<m {
            let row = jacobian[activeEquations[a]]
            for i in 0..<6 { jt[i + 6 * a] = i < 3 ? row[i] : row[i] / lc }
        }
        let qr = DenseLinearAlgebra.pivotedQR(jt, rows: 6, columns: m)
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
