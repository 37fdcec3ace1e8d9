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
        // Reduced Hessian Zᵀ H̃ Z, Z = last `free` columns of Q.
        var reduced = [Double](repeating: 0, count: free * free)
        for a in 0..<free {
            for b in 0..<free {
                var sum = 0.0
                for i in 0..<6 {
                    for j in 0..<6 { sum += qr.q[i + 6 * (qr.rank + a)] * h[i + 6 * j] * qr.q[j + 6 * (qr.rank + b)] }
                }
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
        // The dependent equations and the independent ones they combine.
        var involved = Set<Int>()
        for a in qr.order[qr.rank...] { involved.insert(activeEquations[a]) }
        let dependent = qr.order[qr.rank...].map { jt[(6 * $0)..<(6 * $0 + 6)] }
        for a in qr.order[..<qr.rank] {
            let column = jt[(6 * a)..<(6 * a + 6)]
            let norm = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for d in dependent {
                let dn = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let overlap = zip(column, d).reduce(0) { $0 + $1.0 * $1.1 }
                if abs(overlap) > 1e-6 * norm * dn { involved.insert(activeEquations[a]) }
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
