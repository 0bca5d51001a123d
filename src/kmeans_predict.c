/* k-means predict(): the nearest centre of new points, and their distances
 * to the centres (R/kmeans_predict.R brings them to a common scale first;
 * see kmeans.h). */
#include "kmeans.h"
#include <math.h>
#include <string.h>

/* Nearest centre of each point (1-based) among the k centres of the R matrix
 * m (k x d) and, if dist is not NULL, the n x k Euclidean distances.  Without
 * distances, the batch passes' kernel does the work (and the polls). */
static void nearest_centres(const data_t *D, const double *m, int k, int *label,
                            double *dist)
{
    const int d = D->d;
    double *c = (double *) R_alloc((size_t) k * d, sizeof(double));
    centres_from_r(m, k, d, c);
    if (!dist) {
        kernel_t K = kernel_alloc(D->n, k, d, 1);
        filter_setup(&K, D);   /* many centres: through the filter (the same result) */
        memset(label, 0, (size_t) D->n * sizeof(int));
        assign_all(D, c, k, label, NULL, NULL, NULL, &K);
        for (R_xlen_t i = 0; i < D->n; i++) label[i]++;
        return;
    }
    double *xi = (double *) R_alloc((size_t) d + k, sizeof(double)), *q = xi + d;
    sds_poller poll = SDS_POLLER;
    const double point_cost = point_work(k, d) + k;
    for (R_xlen_t i = 0; i < D->n; i++) {
        double qb;
        load_point(D, i, xi);
        label[i] = nearest(xi, c, k, d, q, &qb) + 1;
        for (int j = 0; j < k; j++) dist[i + (R_xlen_t) j * D->n] = sqrt(q[j]);
        sds_poll(&poll, point_cost);
    }
}

/* .Call entry: nearest centre of each row of x (1-based) and, if asked, the
 * n x k matrix of Euclidean distances. */
SEXP sds_kmeans_predict(SEXP x, SEXP centers, SEXP distances)
{
    check_data(x, R_NilValue);
    if (TYPEOF(centers) != REALSXP || !Rf_isMatrix(centers) ||
        Rf_ncols(centers) != Rf_ncols(x) || Rf_nrows(centers) < 1)
        Rf_error(_("internal error: the centres must be a double matrix with the columns of 'x'"));
    data_t D = as_data(x, R_NilValue, 1);
    const int k = Rf_nrows(centers), want = Rf_asLogical(distances) == TRUE;
    const char *names[] = {"cluster", "distances", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(INTSXP, D.n));
    if (want) SET_VECTOR_ELT(result, 1, Rf_allocMatrix(REALSXP, D.n, k));
    nearest_centres(&D, REAL(centers), k, INTEGER(VECTOR_ELT(result, 0)),
                    want ? REAL(VECTOR_ELT(result, 1)) : NULL);
    UNPROTECT(1);
    return result;
}
