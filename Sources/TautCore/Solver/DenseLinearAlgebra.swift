import CLapack

/// Small dense LAPACK helpers for analyses run once per solve (not per iteration).
enum DenseLinearAlgebra {
    /// A column-pivoted QR factorisation A P = Q R.
    typealias PivotedQR = (rank: Int, order: [Int], q: [Double], r: [Double])

    /// The numerical rank of a pivoted QR counts the diagonal entries of R above this
    /// fraction of the largest: a relative threshold, so that the verdict does not
    /// depend on the units or on the round-off of the BLAS kernel (a column that exact
    /// arithmetic makes dependent leaves ≈ 1e-16 of the largest).
    static let rankTolerance = 1e-10

    /// Column-pivoted QR of the 6×m matrix `a` (column-major, columns = constraint
    /// gradients). Returns the numerical rank (`rankTolerance`), the column order chosen
    /// by pivoting (0-based) and the full 6×6 orthogonal Q (column-major) whose last
    /// 6 − rank columns span the null space of aᵀ, and the factored matrix (R in its upper
    /// triangle, columns in pivoted order).
    static func pivotedQR(_ a: [Double], rows: Int, columns: Int) -> PivotedQR {
        var m = Int32(rows), n = Int32(columns), lda = Int32(rows), info: Int32 = 0
        var matrix = a
        var jpvt = [Int32](repeating: 0, count: max(1, columns))
        var tau = [Double](repeating: 0, count: max(1, min(rows, columns)))
        var lwork = Int32(8 * (rows + columns + 1) + 32)  // ≥ 3n + 1 (dgeqp3), ≥ rows (dorgqr)
        var work = [Double](repeating: 0, count: Int(lwork))
        if columns > 0 {
            dgeqp3_(&m, &n, &matrix, &lda, &jpvt, &tau, &work, &lwork, &info)
        }
        let k = min(rows, columns)
        var largest = 0.0
        for i in 0..<k { largest = max(largest, abs(matrix[i + i * rows])) }
        var rank = 0
        for i in 0..<k where abs(matrix[i + i * rows]) > rankTolerance * largest && largest > 0 {
            rank = i + 1
        }
        // Q: rows×rows from the k reflectors.
        var q = [Double](repeating: 0, count: rows * rows)
        for j in 0..<columns where j < rows {
            for i in 0..<rows { q[i + j * rows] = matrix[i + j * rows] }
        }
        var mq = Int32(rows), kk = Int32(k)
        if k > 0 {
            dorgqr_(&mq, &mq, &kk, &q, &mq, &tau, &work, &lwork, &info)
        } else {
            for i in 0..<rows { q[i + i * rows] = 1 }
        }
        return (rank, jpvt.prefix(columns).map { Int($0) - 1 }, q, matrix)
    }

    /// Eigenvalues (ascending) and eigenvectors (column-major) of a symmetric n×n matrix.
    static func symmetricEigen(_ a: [Double], size: Int) -> (values: [Double], vectors: [Double]) {
        guard size > 0 else { return ([], []) }
        var n = Int32(size), info: Int32 = 0
        var matrix = a
        var w = [Double](repeating: 0, count: size)
        var lwork = Int32(8 * size + 16)  // ≥ 3n − 1 (dsyev)
        var work = [Double](repeating: 0, count: Int(lwork))
        dsyev_("V", "L", &n, &matrix, &n, &w, &work, &lwork, &info, 1, 1)
        return (w, matrix)
    }
}
