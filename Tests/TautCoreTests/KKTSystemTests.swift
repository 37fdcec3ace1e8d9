import Testing
@testable import TautCore

/// The inertia read off the symmetric-indefinite factorisation, with its zero-pivot
/// threshold: the verdict on a matrix that exact arithmetic makes singular is the same
/// whichever sign its round-off takes.
@Suite struct KKTSystemTests {
    /// Factors the symmetric matrix `rows` and returns its inertia.
    static func inertia(_ rows: [[Double]], zeroPivot: Double) -> (positive: Int, negative: Int, zero: Int) {
        let n = rows.count
        let kkt = KKTSystem(Workspace(equations: n, constraints: 0, muscles: 0, lanes: 0, iterations: 0))
        kkt.reset(size: n)
        for i in 0..<n { for j in 0...i { kkt.set(i, j, rows[i][j]) } }
        for i in 0..<n { kkt.rhs[i] = 1 }
        return kkt.factorAndSolve(zeroPivot: zeroPivot)
    }

    @Test func regularMatricesHaveTheirSignature() {
        let a = Self.inertia([[4, 1, 0], [1, -3, 0], [0, 0, 2]], zeroPivot: 1e-10)
        #expect(a == (2, 1, 0))
        // A KKT matrix [H −Jᵀ; −J 0] with H positive definite: (n, m, 0).
        let b = Self.inertia([[2, 0, -1], [0, 3, -1], [-1, -1, 0]], zeroPivot: 1e-10)
        #expect(b == (2, 1, 0))
    }

    /// [[2, 1], [1, ½ + ε]] is singular at ε = 0; round-off of either sign leaves it so.
    @Test(arguments: [0.0, 1e-16, -1e-16, 4e-16, -4e-16])
    func roundOffAboutAZeroPivotCountsAsZero(epsilon: Double) {
        let rows: [[Double]] = [[2, 1, 0], [1, 0.5 + epsilon, 0], [0, 0, -3]]
        let counted = Self.inertia(rows, zeroPivot: 1e-10 * 3)
        #expect(counted == (1, 1, 1), "ε = \(epsilon): \(counted)")
    }

    /// A 2×2 pivot block (zero diagonal, as the constraint rows of a KKT matrix have)
    /// whose determinant is round-off counts one eigenvalue as zero.
    @Test(arguments: [0.0, 1e-17, -1e-17])
    func nearlySingularTwoByTwoBlock(epsilon: Double) {
        let rows: [[Double]] = [[epsilon, 1], [1, 0]]
        #expect(Self.inertia(rows, zeroPivot: 1e-10) == (1, 1, 0))
        let singular: [[Double]] = [[0, epsilon], [epsilon, 0]]
        #expect(Self.inertia(singular, zeroPivot: 1e-10) == (0, 0, 2))
    }
}
