import CLapack
import Foundation

/// A dense column-major matrix, small.
struct DenseMatrix {
    var rows: Int
    var columns: Int
    var data: [Double]

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        data = [Double](repeating: 0, count: rows * columns)
    }

    subscript(i: Int, j: Int) -> Double {
        get { data[i + j * rows] }
        set { data[i + j * rows] = newValue }
    }

    var transpose: DenseMatrix {
        var t = DenseMatrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    static func * (a: DenseMatrix, b: DenseMatrix) -> DenseMatrix {
        precondition(a.columns == b.rows)
        var c = DenseMatrix(rows: a.rows, columns: b.columns)
        for j in 0..<b.columns {
            for k in 0..<a.columns where b[k, j] != 0 {
                for i in 0..<a.rows { c[i, j] += a[i, k] * b[k, j] }
            }
        }
        return c
    }

    static func * (a: DenseMatrix, x: [Double]) -> [Double] {
        precondition(a.columns == x.count)
        var y = [Double](repeating: 0, count: a.rows)
        for j in 0..<a.columns { for i in 0..<a.rows { y[i] += a[i, j] * x[j] } }
        return y
    }

    func columns(_ range: Range<Int>) -> DenseMatrix {
        var m = DenseMatrix(rows: rows, columns: range.count)
        for (jj, j) in range.enumerated() { for i in 0..<rows { m[i, jj] = self[i, j] } }
        return m
    }
}

/// LAPACK helpers for the postural-tone problem.
enum LAPACK {
    /// Full QR of an m×n matrix (m ≥ n, full column rank): Q (m×m) and the n×n upper
    /// triangle R, with `dgeqrf` + `dorgqr`.
    static func qr(_ a: DenseMatrix) throws -> (q: DenseMatrix, r: DenseMatrix) {
        var m = Int32(a.rows), n = Int32(a.columns), info: Int32 = 0
        precondition(a.rows >= a.columns)
        var work = [Double](repeating: 0, count: 64 * (a.rows + 1))
        var lwork = Int32(work.count)
        var tau = [Double](repeating: 0, count: a.columns)
        var f = a.data
        dgeqrf_(&m, &n, &f, &m, &tau, &work, &lwork, &info)
        guard info == 0 else { throw SourceError(file: "LAPACK", message: "dgeqrf info \(info)") }
        var r = DenseMatrix(rows: a.columns, columns: a.columns)
        for j in 0..<a.columns { for i in 0...j { r[i, j] = f[i + j * a.rows] } }
        var q = DenseMatrix(rows: a.rows, columns: a.rows)
        for j in 0..<a.columns { for i in 0..<a.rows { q[i, j] = f[i + j * a.rows] } }
        var k = n
        dorgqr_(&m, &m, &k, &q.data, &m, &tau, &work, &lwork, &info)
        guard info == 0 else { throw SourceError(file: "LAPACK", message: "dorgqr info \(info)") }
        for i in 0..<a.columns where abs(r[i, i]) < 1e-12 * max(1, abs(r[0, 0])) {
            throw SourceError(file: "LAPACK", message: "rank-deficient matrix in QR")
        }
        return (q, r)
    }

    /// Minimum-norm least-squares solution of min ‖A x − b‖ (`dgelsy`).
    static func leastSquares(_ a: DenseMatrix, _ b: [Double]) throws -> [Double] {
        var m = Int32(a.rows), n = Int32(a.columns), nrhs: Int32 = 1, info: Int32 = 0, rank: Int32 = 0
        var ldb = Int32(max(a.rows, a.columns))
        var rhs = [Double](repeating: 0, count: Int(ldb))
        for i in 0..<a.rows { rhs[i] = b[i] }
        var f = a.data
        var jpvt = [Int32](repeating: 0, count: a.columns)
        var rcond = 1e-13
        var work = [Double](repeating: 0, count: 64 * (a.rows + a.columns + 1))
        var lwork = Int32(work.count)
        var lda = m
        dgelsy_(&m, &n, &nrhs, &f, &lda, &rhs, &ldb, &jpvt, &rcond, &rank, &work, &lwork, &info)
        guard info == 0 else { throw SourceError(file: "LAPACK", message: "dgelsy info \(info)") }
        return Array(rhs[0..<a.columns])
    }

    /// Solves R x = b (R upper triangular), or Rᵀ x = b when `transposed`.
    static func triangularSolve(_ r: DenseMatrix, _ b: [Double], transposed: Bool = false) -> [Double] {
        let n = r.rows
        var x = b
        if transposed {
            for i in 0..<n {
                var s = x[i]
                for k in 0..<i { s -= r[k, i] * x[k] }
                x[i] = s / r[i, i]
            }
        } else {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i]
                for k in (i + 1)..<n { s -= r[i, k] * x[k] }
                x[i] = s / r[i, i]
            }
        }
        return x
    }
}

/// Non-negative least squares, min ‖E u − f‖ subject to u ≥ 0 (Lawson & Hanson 1974,
/// chapter 23, algorithm NNLS); each passive-set least-squares problem is solved by LAPACK.
func nonNegativeLeastSquares(_ e: DenseMatrix, _ f: [Double]) throws -> [Double] {
    let n = e.columns
    var u = [Double](repeating: 0, count: n)
    var passive = [Bool](repeating: false, count: n)
    let scale = e.data.map(abs).max() ?? 1
    let tolerance = 1e-12 * scale * max(1, f.map(abs).max() ?? 1)
    func residual() -> [Double] { zip(f, e * u).map { $0 - $1 } }
    for _ in 0..<(10 * n + 10) {
        let r = residual()
        let w = e.transpose * r
        guard let t = (0..<n).filter({ !passive[$0] }).max(by: { w[$0] < w[$1] }), w[t] > tolerance else { return u }
        passive[t] = true
        while true {
            let set = (0..<n).filter { passive[$0] }
            var sub = DenseMatrix(rows: e.rows, columns: set.count)
            for (jj, j) in set.enumerated() { for i in 0..<e.rows { sub[i, jj] = e[i, j] } }
            let zs = try LAPACK.leastSquares(sub, f)
            var z = [Double](repeating: 0, count: n)
            for (jj, j) in set.enumerated() { z[j] = zs[jj] }
            if set.allSatisfy({ z[$0] > 0 }) {
                u = z
                break
            }
            var alpha = Double.infinity
            for j in set where z[j] <= 0 { alpha = min(alpha, u[j] / (u[j] - z[j])) }
            for j in 0..<n { u[j] += alpha * (z[j] - u[j]) }
            for j in set where u[j] <= 1e-15 * max(1, abs(z[j])) {
                passive[j] = false
                u[j] = 0
            }
            if !passive.contains(true) { break }
        }
    }
    throw SourceError(file: "NNLS", message: "did not terminate")
}

/// Least-distance programming, min ‖y‖ subject to G y ≥ h (Lawson & Hanson 1974,
/// chapter 23): the NNLS problem min ‖[Gᵀ; hᵀ] u − e_{p+1}‖, u ≥ 0, gives y = −r₁..p / r_{p+1}
/// with r its residual; r = 0 means the constraints are inconsistent.
func leastDistance(_ g: DenseMatrix, _ h: [Double]) throws -> [Double] {
    let p = g.columns, m = g.rows
    var e = DenseMatrix(rows: p + 1, columns: m)
    for i in 0..<m {
        for j in 0..<p { e[j, i] = g[i, j] }
        e[p, i] = h[i]
    }
    var f = [Double](repeating: 0, count: p + 1)
    f[p] = 1
    let u = try nonNegativeLeastSquares(e, f)
    let r = zip(e * u, f).map { $0 - $1 }
    guard abs(r[p]) > 1e-12 else { throw SourceError(file: "postural tone", message: "the constraints are inconsistent: no activation pattern holds the reference pose") }
    return (0..<p).map { -r[$0] / r[p] }
}
