/* k-means: the .Call entry of the fit and the dispatch to the algorithms:
 * check, allocate, one call (run_fit()), then the sums of the result in
 * index order; and the standardisation of the data before the fit (see
 * kmeans.h). */
#include "kmeans.h"
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* .Call entry: the names of the algorithms in the order of their codes
 * (KMEANS_ALGORITHMS in kmeans.h, the one definition), which R/kmeans.R
 * reads as R/rules.R reads the rule opcodes. */
SEXP sds_kmeans_algorithms(void)
{
#define KMEANS_ALGO_NAME(code, r_name) r_name,
    const char *names[] = {KMEANS_ALGORITHMS(KMEANS_ALGO_NAME)};
#undef KMEANS_ALGO_NAME
    const int n = (int) (sizeof names / sizeof names[0]);
    SEXP codes = PROTECT(Rf_allocVector(INTSXP, n));
    SEXP labels = PROTECT(Rf_allocVector(STRSXP, n));
    for (int a = 0; a < n; a++) {
        INTEGER(codes)[a] = a + 1;
        SET_STRING_ELT(labels, a, Rf_mkChar(names[a]));
    }
    Rf_setAttrib(codes, R_NamesSymbol, labels);
    UNPROTECT(2);
    return codes;
}

/* One group: every point in it, its centre the mean computed as Lloyd's
 * first pass does (hence the same centre), converged in one iteration as
 * stats::kmeans counts it (Lloyd would count a second, checking pass). */
static int fit_one(const data_t *D, const fit_options *o, int *label, double *c,
                   sums_t *M, int *iter, int *converged)
{
    for (R_xlen_t i = 0; i < D->n; i++) label[i] = 0;
    cluster_means(D, label, 1, c, M);
    if (o->trace)
        Rprintf(_("k-means iteration %d: number of points that changed group: %.0f\n"), 1,
                (double) D->n);
    *iter = 1;
    *converged = 1;
    return STATUS_OK;
}

/* The fit by the algorithm asked for; one group is one mean, whatever the
 * algorithm.  Returns the status (STATUS_OK or STATUS_TOO_FEW_DISTINCT). */
static int run_fit(const data_t *D, int k, const fit_options *o, int *label, double *c,
                   sums_t *M, kernel_t *K, int *iter, int *converged)
{
    if (k == 1) return fit_one(D, o, label, c, M, iter, converged);
    switch (o->algorithm) {
    case ALGO_HAMERLY:
    case ALGO_LLOYD:
        filter_setup(K, D);
        return fit_batch(D, k, o, label, c, M, K, iter, converged);
    case ALGO_HARTIGAN:
        return fit_hartigan(D, k, o, label, c, M, K, iter, converged);
    case ALGO_MACQUEEN:
        return fit_macqueen(D, k, o, label, c, M, K, iter, converged);
    default:
        Rf_error(_("internal error: unknown k-means algorithm"));
    }
    return STATUS_OK;
}

/* The result of a fit into R's vectors: the within-group sums of squares
 * and sizes, the weight of each group (with unit weights its size, a sum of
 * ones in any order; else the weights in index order), the labels 1-based
 * and the centres column-major. */
static void write_fit(const data_t *D, int k, int *label, const double *c, sums_t *M,
                      SEXP result)
{
    const R_xlen_t n = D->n;
    within_ss(D, label, c, k, REAL(VECTOR_ELT(result, 2)), INTEGER(VECTOR_ELT(result, 3)), M);
    const int *size = INTEGER(VECTOR_ELT(result, 3));
    double *wsum = REAL(VECTOR_ELT(result, 4));
    for (int j = 0; j < k; j++) wsum[j] = D->w ? 0.0 : (double) size[j];
    if (D->w)
        for (R_xlen_t i = 0; i < n; i++) wsum[label[i]] += D->w[i];
#ifdef _OPENMP
#pragma omp parallel for num_threads(D->threads) schedule(static) if(D->threads > 1 && n > 65536)
#endif
    for (R_xlen_t i = 0; i < n; i++) label[i]++;
    centres_to_r(c, k, D->d, REAL(VECTOR_ELT(result, 1)));
}

/* .Call entry: the fit from given centres; `algorithm` a code of
 * sds_kmeans_algorithms(), `tol` absolute (see kmeans_prepare()). */
SEXP sds_kmeans_fit(SEXP x, SEXP centers, SEXP weights, SEXP algorithm,
                    SEXP iter_max, SEXP tol, SEXP threads, SEXP trace)
{
    check_data(x, weights);
    if (TYPEOF(centers) != REALSXP || !Rf_isMatrix(centers) ||
        Rf_ncols(centers) != Rf_ncols(x) || Rf_nrows(centers) < 1)
        Rf_error(_("internal error: the initial centres must be a double matrix with the columns of 'x'"));
    data_t D = as_data(x, weights, sds_threads(threads));
    const int d = D.d, k = Rf_nrows(centers);
    fit_options o = {.algorithm = Rf_asInteger(algorithm), .iter_max = Rf_asInteger(iter_max),
                     .tol = Rf_asReal(tol), .trace = Rf_asLogical(trace) == TRUE};
    if (o.iter_max == NA_INTEGER || o.iter_max < 1)
        Rf_error(_("internal error: k-means needs 'iter_max' >= 1"));
    if (!R_FINITE(o.tol) || o.tol < 0)
        Rf_error(_("internal error: k-means needs a finite 'tol' >= 0"));

    const char *names[] = {"cluster", "centers", "withinss", "size", "weight", "iter",
                           "converged", "status", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(INTSXP, D.n));
    SET_VECTOR_ELT(result, 1, Rf_allocMatrix(REALSXP, k, d));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, k));
    SET_VECTOR_ELT(result, 3, Rf_allocVector(INTSXP, k));
    SET_VECTOR_ELT(result, 4, Rf_allocVector(REALSXP, k));
    int *label = INTEGER(VECTOR_ELT(result, 0));
    double *c = (double *) R_alloc((size_t) k * d, sizeof(double));
    sums_t M = sums_alloc(k, d);
    kernel_t K = kernel_alloc(D.n, k, d, D.threads);
    centres_from_r(REAL(centers), k, d, c);

    int iter = 0, converged = 0;
    int status = run_fit(&D, k, &o, label, c, &M, &K, &iter, &converged);
    if (status == STATUS_OK) write_fit(&D, k, label, c, &M, result);
    SET_VECTOR_ELT(result, 5, Rf_ScalarInteger(iter));
    SET_VECTOR_ELT(result, 6, Rf_ScalarLogical(converged));
    SET_VECTOR_ELT(result, 7, Rf_ScalarInteger(status));
    UNPROTECT(1);
    return result;
}

/* .Call entry: (x - center) / scale column by column, in one new matrix. */
SEXP sds_kmeans_standardize(SEXP x, SEXP center, SEXP scale)
{
    check_data(x, R_NilValue);
    const R_xlen_t n = Rf_nrows(x);
    const int d = Rf_ncols(x);
    if (TYPEOF(center) != REALSXP || TYPEOF(scale) != REALSXP ||
        XLENGTH(center) != d || XLENGTH(scale) != d)
        Rf_error(_("internal error: one centre and one scale per column are needed"));
    SEXP result = PROTECT(Rf_allocMatrix(REALSXP, (int) n, d));
    const double *v = REAL(x), *m = REAL(center), *s = REAL(scale);
    double *out = REAL(result);
    for (int t = 0; t < d; t++)
        for (R_xlen_t i = 0; i < n; i++)
            out[i + (R_xlen_t) t * n] = (v[i + (R_xlen_t) t * n] - m[t]) / s[t];
    UNPROTECT(1);
    return result;
}
