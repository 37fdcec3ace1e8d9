import CLapack

/// A symmetric system of size n = 6 + m (the Newton system, in the solver's scaled
/// coordinates), factored by LAPACK's symmetric-indefinite solver (`dsysv`,
/// Bunch-Kaufman) in the workspace's buffers, sized for the largest system, so a
/// factor-and-solve allocates nothing.
final class KKTSystem {
    let capacity: Int
    private(set) var size = 0
    /// Column-major n×n matrix (leading dimension n); after `factor`, its factorisation.
    let matrix: UnsafeMutablePointer<Double>
    /// Right-hand side; after `factor`, the solution.
    let rhs: UnsafeMutablePointer<Double>
    private let pivots: UnsafeMutablePointer<Int32>
    private let work: UnsafeMutablePointer<Double>
    private let workSize: Int32
    /// The owner of the buffers, kept alive as long as this view.
    private let workspace: Workspace

    init(_ workspace: Workspace) {
        self.workspace = workspace
        capacity = workspace.kktRightHandSide.count
        matrix = workspace.kktMatrix.baseAddress!
        rhs = workspace.kktRightHandSide.baseAddress!
        pivots = workspace.kktPivots.baseAddress!
        work = workspace.kktWork.baseAddress!
        workSize = Int32(workspace.kktWork.count)
    }

    /// Starts a system of size `n`, zero-filled.
    func reset(size n: Int) {
        precondition(n <= capacity)
        size = n
        matrix.update(repeating: 0, count: n * n)
        rhs.update(repeating: 0, count: n)
    }

    @inline(__always) func set(_ i: Int, _ j: Int, _ value: Double) {
        matrix[i + j * size] = value
        matrix[j + i * size] = value
    }

    /// Factors and solves in place. Returns the inertia of the matrix (numbers of
    /// positive, negative and zero eigenvalues), read off the block-diagonal factor D
    /// (Sylvester's law of inertia: D and the matrix have the same inertia).
    ///
    /// An eigenvalue of a pivot block within `zeroPivot` of zero counts as zero. A pivot
    /// that exact arithmetic makes 0 comes out of floating point as round-off of either
    /// sign, which differs between BLAS kernels (with and without fused multiply-add):
    /// the threshold makes the verdict the same on every machine. Give it a small
    /// multiple of the round-off of the matrix's largest entries.
    func factorAndSolve(zeroPivot: Double) -> (positive: Int, negative: Int, zero: Int) {
        var n = Int32(size), one: Int32 = 1, lwork = workSize, info: Int32 = 0
        dsysv_("L", &n, &one, matrix, &n, pivots, rhs, &n, work, &lwork, &info, 1)
        if info < 0 { fatalError("dsysv: argument \(-info) invalid") }
        return inertia(zeroPivot: zeroPivot)
    }

    /// Solves again with the current factorisation for a new right-hand side in `rhs`.
    func resolve() {
        var n = Int32(size), one: Int32 = 1, info: Int32 = 0
        dsytrs_("L", &n, &one, matrix, &n, pivots, rhs, &n, &info, 1)
    }

    private func inertia(zeroPivot: Double) -> (positive: Int, negative: Int, zero: Int) {
        var pos = 0, neg = 0, zero = 0
        func count(_ lambda: Double) {
            if lambda > zeroPivot { pos += 1 } else if lambda < -zeroPivot { neg += 1 } else { zero += 1 }
        }
        var k = 0
        let n = size
        while k < n {
            if pivots[k] > 0 || k == n - 1 {
                count(matrix[k + k * n])
                k += 1
            } else {
                // A 2×2 block [a b; b c]: its eigenvalues, the smaller as det / larger
                // (no cancellation).
                let a = matrix[k + k * n], b = matrix[(k + 1) + k * n], c = matrix[(k + 1) + (k + 1) * n]
                let mean = (a + c) / 2
                let radius = ((a - c) / 2 * ((a - c) / 2) + b * b).squareRoot()
                let larger = mean >= 0 ? mean + radius : mean - radius
                count(larger)
                count(larger == 0 ? 0 : (a * c - b * b) / larger)
                k += 2
            }
        }
        return (pos, neg, zero)
    }
}
