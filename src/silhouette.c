/* Silhouette widths (Rousseeuw 1987) of a partition, with Euclidean
 * distances computed on the fly: O(n^2 d) time, O(n) memory per thread, no
 * n x n distance matrix.
 *
 * For point i in cluster A: a(i) is its mean distance to the other points
 * of A, b(i) the smallest mean distance to the points of another cluster,
 * s(i) = (b - a) / max(a, b), and s(i) = 0 when A has no other point or when
 * a = b (as cluster::silhouette).  Each point is independent, so the points
 * are shared among threads; every sum runs in point order, hence the same
 * result whatever the number of threads. */
#include "sdsante.h"
#include <math.h>

/* Width of point i.  sq: n scratch; sums: k scratch. */
static double width(const double *x, R_xlen_t n, int d, const int *cluster,
                    const double *count, int k, R_xlen_t i, double *sq, double *sums)
{
    int own = cluster[i] - 1;
    if (count[own] < 2) return 0.0;
    for (R_xlen_t j = 0; j < n; j++) sq[j] = 0.0;
    for (int t = 0; t < d; t++) {      /* column by column: contiguous reads */
        const double *xt = x + (R_xlen_t) t * n;
        double xit = xt[i];
        for (R_xlen_t j = 0; j < n; j++) {
            double dev = xit - xt[j];
            sq[j] += dev * dev;
        }
    }
    for (int l = 0; l < k; l++) sums[l] = 0.0;
    for (R_xlen_t j = 0; j < n; j++) sums[cluster[j] - 1] += sqrt(sq[j]);
    double a = sums[own] / (count[own] - 1), b = R_PosInf;
    for (int l = 0; l < k; l++) {
        if (l == own || count[l] < 1) continue;
        double m = sums[l] / count[l];
        if (m < b) b = m;
    }
    if (a == b) return 0.0;
    return (b - a) / (a > b ? a : b);
}

/* The widths s of the n points of x (n x d, column-major) in clusters cl
 * (codes 1..k, every code present) with `threads` threads.  Returns 1 if a
 * code lies outside 1..k (s is then incomplete), 0 otherwise. */
static int all_widths(const double *x, R_xlen_t n, int d, const int *cl, int k, int threads,
                      double *s)
{
    double *count = (double *) R_alloc((size_t) k, sizeof(double));
    for (int l = 0; l < k; l++) count[l] = 0.0;
    for (R_xlen_t i = 0; i < n; i++) {
        if (cl[i] == NA_INTEGER || cl[i] < 1 || cl[i] > k) return 1;
        count[cl[i] - 1]++;
    }
    double *sq = (double *) R_alloc((size_t) threads * n, sizeof(double));
    double *sums = (double *) R_alloc((size_t) threads * k, sizeof(double));
    /* rows per parallel block, so that a user interrupt is polled every
     * SDS_WORK_PER_POLL operations or so (a width costs about 3 n d), at
     * least one row per thread */
    R_xlen_t block = sds_rows_per_poll(3.0 * (double) n * d + 4.0 * (double) n);
    if (block < threads) block = threads;
    for (R_xlen_t start = 0; start < n; start += block) {
        R_xlen_t end = start + block < n ? start + block : n;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) if(threads > 1)
#endif
        for (R_xlen_t i = start; i < end; i++) {
            int tid = sds_thread_id();
            s[i] = width(x, n, d, cl, count, k, i, sq + (R_xlen_t) tid * n,
                         sums + (R_xlen_t) tid * k);
        }
        R_CheckUserInterrupt();
    }
    return 0;
}

/* .Call entry: x (double matrix, finite), cluster (integer codes 1..k, every
 * code present), k, threads (at most those OpenMP can run are used: the
 * scratch is sized by them; the widths do not depend on them).  Returns the
 * n widths. */
SEXP sds_silhouette_widths(SEXP x, SEXP cluster, SEXP k, SEXP threads)
{
    if (TYPEOF(x) != REALSXP || !Rf_isMatrix(x) || TYPEOF(cluster) != INTSXP ||
        XLENGTH(cluster) != Rf_nrows(x))
        Rf_error(_("internal error: the silhouette needs a double matrix and one integer code per row"));
    const R_xlen_t n = Rf_nrows(x);
    const int kk = Rf_asInteger(k);
    if (kk == NA_INTEGER || kk < 1)
        Rf_error(_("internal error: the silhouette needs a number of groups k >= 1"));
    const int nthreads = sds_threads(threads);
    SEXP result = PROTECT(Rf_allocVector(REALSXP, n));
    if (all_widths(REAL(x), n, Rf_ncols(x), INTEGER(cluster), kk, nthreads, REAL(result)))
        Rf_error(_("internal error: cluster codes must lie between 1 and k"));
    UNPROTECT(1);
    return result;
}
