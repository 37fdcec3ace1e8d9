// The LAPACK routines Taut calls, as Debian's OpenBLAS exports them (reference
// LAPACK built with gfortran: 32-bit integers, arguments by pointer, and one
// hidden trailing length argument for each character argument).
#ifndef TAUT_CLAPACK_SHIM_H
#define TAUT_CLAPACK_SHIM_H

#include <stddef.h>

/// Solve A X = B for symmetric indefinite A (Bunch-Kaufman factorisation).
void dsysv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            int *ipiv, double *b, const int *ldb, double *work, const int *lwork,
            int *info, size_t uplo_len);

/// Solve with a factorisation from dsysv_/dsytrf_.
void dsytrs_(const char *uplo, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb, int *info,
             size_t uplo_len);

/// QR factorisation with column pivoting.
void dgeqp3_(const int *m, const int *n, double *a, const int *lda, int *jpvt, double *tau,
             double *work, const int *lwork, int *info);

/// Form the orthogonal Q of a QR factorisation.
void dorgqr_(const int *m, const int *n, const int *k, double *a, const int *lda,
             const double *tau, double *work, const int *lwork, int *info);

/// Eigenvalues (and optionally eigenvectors) of a symmetric matrix.
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info, size_t jobz_len,
            size_t uplo_len);

/// Cholesky factorisation of a symmetric positive definite matrix (stability verdicts).
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info,
             size_t uplo_len);

/// QR factorisation without pivoting (ShoulderDerivation: null spaces).
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau,
             double *work, const int *lwork, int *info);

/// Minimum-norm least squares by complete orthogonal factorisation (ShoulderDerivation: NNLS).
void dgelsy_(const int *m, const int *n, const int *nrhs, double *a, const int *lda,
             double *b, const int *ldb, int *jpvt, const double *rcond, int *rank,
             double *work, const int *lwork, int *info);

/// BLAS: C = alpha op(A) op(B) + beta C (assembly: sums of outer products).
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b,
            const int *ldb, const double *beta, double *c, const int *ldc, size_t transa_len,
            size_t transb_len);

/// OpenBLAS: number of threads its own kernels may use.
void openblas_set_num_threads(int num_threads);

#endif
