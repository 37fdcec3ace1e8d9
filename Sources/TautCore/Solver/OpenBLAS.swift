import CLapack

/// Process-wide settings of the LAPACK/BLAS library (OpenBLAS).
public enum OpenBLAS {
    /// Keeps OpenBLAS to one thread per call. Taut's matrices are tiny, and sweeps and
    /// throughput runs parallelise across cores themselves.
    public static func useOneThread() {
        openblas_set_num_threads(1)
    }
}
