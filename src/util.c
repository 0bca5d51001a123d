/* Helpers shared by several capabilities: sorting doubles, scanning the
 * columns of a matrix. */
#include "sdsante.h"
#include <math.h>
#include <string.h>

#define DIGIT_BITS 11
#define N_BUCKETS (1 << DIGIT_BITS)
#define N_DIGITS ((64 + DIGIT_BITS - 1) / DIGIT_BITS)
#define DIGIT(key, d) ((int) (((key) >> ((d) * DIGIT_BITS)) & (N_BUCKETS - 1)))

/* Stable ascending sort of `key`, carrying `payload` along (or not, when it
 * is NULL): a least significant digit radix sort on 11-bit digits, i.e. six
 * linear passes instead of n log n comparisons.  All the digit histograms are
 * taken in one read of the keys, and a digit that is the same for every key
 * costs no pass.  Small buckets (2^11) keep the scattered writes
 * cache-friendly. */
void sds_radix_sort(uint64_t *key, uint64_t *payload, R_xlen_t n)
{
    if (n <= 1) return;
    R_xlen_t *count = (R_xlen_t *) R_alloc((size_t) N_DIGITS * N_BUCKETS, sizeof(R_xlen_t));
    memset(count, 0, (size_t) N_DIGITS * N_BUCKETS * sizeof(R_xlen_t));
    /* Every loop over the keys runs in blocks of 2^20 with an interrupt check
     * between blocks, so that Ctrl-C works on long vectors at no cost per key. */
    for (R_xlen_t block = 0; block < n; block += SDS_BLOCK) {
        R_xlen_t end = block + SDS_BLOCK < n ? block + SDS_BLOCK : n;
        for (R_xlen_t i = block; i < end; i++)
            for (int d = 0; d < N_DIGITS; d++)
                count[d * N_BUCKETS + DIGIT(key[i], d)]++;
        R_CheckUserInterrupt();
    }

    uint64_t *key_from = key, *payload_from = payload;
    uint64_t *key_to = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    uint64_t *payload_to = payload ? (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t)) : NULL;
    for (int d = 0; d < N_DIGITS; d++) {
        R_xlen_t *c = count + d * N_BUCKETS;
        if (c[DIGIT(key_from[0], d)] == n) continue;   /* one bucket: already in order */
        R_xlen_t start = 0;
        for (int b = 0; b < N_BUCKETS; b++) {
            R_xlen_t size = c[b];
            c[b] = start;
            start += size;
        }
        for (R_xlen_t block = 0; block < n; block += SDS_BLOCK) {
            R_xlen_t end = block + SDS_BLOCK < n ? block + SDS_BLOCK : n;
            if (payload) {
                for (R_xlen_t i = block; i < end; i++) {
                    R_xlen_t dest = c[DIGIT(key_from[i], d)]++;
                    key_to[dest] = key_from[i];
                    payload_to[dest] = payload_from[i];
                }
            } else {
                for (R_xlen_t i = block; i < end; i++)
                    key_to[c[DIGIT(key_from[i], d)]++] = key_from[i];
            }
            R_CheckUserInterrupt();
        }
        if (payload) {
            uint64_t *swap = payload_from; payload_from = payload_to; payload_to = swap;
        }
        uint64_t *swap = key_from; key_from = key_to; key_to = swap;
    }
    /* After an odd number of passes the result sits in the scratch buffers. */
    if (key_from != key) {
        memcpy(key, key_from, (size_t) n * sizeof(uint64_t));
        if (payload) memcpy(payload, payload_from, (size_t) n * sizeof(uint64_t));
    }
}

/* Stable ascending order of x (0-based indices into `order`); x has no NaN. */
void sds_order_doubles(const double *x, R_xlen_t n, R_xlen_t *order)
{
    if (n <= 0) return;
    uint64_t *key = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    uint64_t *index = (uint64_t *) R_alloc((size_t) n, sizeof(uint64_t));
    for (R_xlen_t i = 0; i < n; i++) {
        key[i] = sds_double_key(x[i]);
        index[i] = (uint64_t) i;
    }
    sds_radix_sort(key, index, n);
    for (R_xlen_t i = 0; i < n; i++) order[i] = (R_xlen_t) index[i];
}

/* ---------------------------------------------------------------------------
 * A look at the columns of a double matrix before a computation (k-means, the
 * silhouette), one column per thread: bad[t], the 0-based row of the first
 * value of column t that is NA, NaN or infinite (-1 if none); if what >= 1
 * (and the column is finite), col_ss[t], its weighted sum of squares around
 * its weighted mean (w NULL: unit weights); if what = 2, also its
 * (unweighted) mean and variance (denominator n - 1), NA otherwise.
 * Always largest[t], the largest absolute value of the column (up to its
 * first bad value), read in the same pass as the check.
 * isfinite() (C99) rather than R_FINITE(), a function call per value. */
static void scan_columns(const double *x, R_xlen_t n, int d, const double *w, int threads,
                         int what, R_xlen_t *bad, double *largest, double *col_ss,
                         double *mean, double *variance)
{
    const int want = what >= 2;
    double W = 0.0;
    if (what >= 1)
        for (R_xlen_t i = 0; i < n; i++) W += w ? w[i] : 1.0;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static, 1) if(threads > 1)
#endif
    for (int t = 0; t < d; t++) {
        const double *xt = x + (R_xlen_t) t * n;
        double s = 0.0, ws = 0.0, ss = 0.0, wss = 0.0, big = 0.0;
        bad[t] = -1;
        mean[t] = NA_REAL; variance[t] = NA_REAL; col_ss[t] = 0.0;
        if (what < 1) {
            for (R_xlen_t i = 0; i < n; i++) {
                if (!isfinite(xt[i])) { bad[t] = i; break; }
                double a = fabs(xt[i]);
                big = a > big ? a : big;
            }
            largest[t] = big;
            continue;
        }
        for (R_xlen_t i = 0; i < n; i++) {
            if (!isfinite(xt[i])) { bad[t] = i; break; }
            double a = fabs(xt[i]);
            big = a > big ? a : big;
            s += xt[i];
            ws += (w ? w[i] : 1.0) * xt[i];
        }
        largest[t] = big;
        if (bad[t] >= 0) continue;
        double m = s / (double) n, wm = ws / W;
        for (R_xlen_t i = 0; i < n; i++) {
            double dev = xt[i] - wm;
            wss += (w ? w[i] : 1.0) * (dev * dev);
            if (want) ss += (xt[i] - m) * (xt[i] - m);
        }
        col_ss[t] = wss;
        if (want) {
            mean[t] = m;
            variance[t] = n > 1 ? ss / (double) (n - 1) : NA_REAL;
        }
    }
}

/* .Call entry: the look at the columns of x (a double matrix; weights NULL
 * or one double per row).  sum_of_squares: also the weighted total sum of
 * squares around the weighted means; moments: also the columns' means and
 * variances (and the sum of squares).  `first_bad` is the 1-based position
 * (in column-major order) of the first value that is NA, NaN or infinite, 0
 * if none; `totss` NA when not asked for; `mean` and `variance` NA when not
 * asked for; `largest` the largest absolute value of each column (of its
 * values before the first bad one). */
SEXP sds_column_scan(SEXP x, SEXP weights, SEXP sum_of_squares, SEXP moments, SEXP threads)
{
    if (TYPEOF(x) != REALSXP || !Rf_isMatrix(x))
        Rf_error(_("internal error: the column scan needs a double matrix"));
    if (!Rf_isNull(weights) && (TYPEOF(weights) != REALSXP || XLENGTH(weights) != Rf_nrows(x)))
        Rf_error(_("internal error: the column scan needs one double weight per row"));
    const R_xlen_t n = Rf_nrows(x);
    const int d = Rf_ncols(x);
    const int what = Rf_asLogical(moments) == TRUE ? 2 : Rf_asLogical(sum_of_squares) == TRUE;
    const char *names[] = {"first_bad", "totss", "mean", "variance", "largest", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, d));
    SET_VECTOR_ELT(result, 3, Rf_allocVector(REALSXP, d));
    SET_VECTOR_ELT(result, 4, Rf_allocVector(REALSXP, d));
    double *col_ss = (double *) R_alloc((size_t) d, sizeof(double));
    R_xlen_t *bad = (R_xlen_t *) R_alloc((size_t) d, sizeof(R_xlen_t));
    scan_columns(REAL(x), n, d, Rf_isNull(weights) ? NULL : REAL(weights), sds_threads(threads),
                 what, bad, REAL(VECTOR_ELT(result, 4)), col_ss, REAL(VECTOR_ELT(result, 2)),
                 REAL(VECTOR_ELT(result, 3)));
    double first_bad = 0.0, totss = 0.0;
    for (int t = 0; t < d; t++) {
        if (bad[t] >= 0) {
            first_bad = (double) t * (double) n + (double) bad[t] + 1.0;
            break;
        }
        totss += col_ss[t];
    }
    SET_VECTOR_ELT(result, 0, Rf_ScalarReal(first_bad));
    SET_VECTOR_ELT(result, 1, Rf_ScalarReal(what >= 1 ? totss : NA_REAL));
    UNPROTECT(1);
    return result;
}

/* .Call entry: how many threads a parallel region can run (1 without
 * OpenMP), for the tests that compare results across thread counts. */
SEXP sds_max_threads(void)
{
    return Rf_ScalarInteger(sds_threads(Rf_ScalarInteger(INT_MAX)));
}
