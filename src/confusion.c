/* Confusion matrix counts: one pass over two vectors of integer class codes.
 * Every loop does a few operations per element, so polling for an interrupt
 * every 2^20 elements answers within milliseconds.  R refuses more than
 * 10,000 classes before calling (R/confusion.R, check_class_count()). */
#include "sdsante.h"

/* Count the pairs (truth class, predicted class) into the column-major
 * n_classes x n_classes table `counts` (rows = truth).  Codes are 1-based
 * factor codes that truth_map / predicted_map translate into the common class
 * set; a pair with a missing code is not counted but tallied in *n_missing.
 * Returns the first position holding an invalid code, or -1. */
static R_xlen_t count_pairs(const int *truth, const int *predicted, R_xlen_t n,
                            const int *truth_map, int n_truth_codes,
                            const int *predicted_map, int n_predicted_codes,
                            int n_classes, uint64_t *counts, R_xlen_t *n_missing)
{
    R_xlen_t missing = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        int t = truth[i], p = predicted[i];
        if (t == NA_INTEGER || p == NA_INTEGER) {
            missing++;
        } else if (t < 1 || t > n_truth_codes || p < 1 || p > n_predicted_codes) {
            return i;
        } else {
            counts[(R_xlen_t) (truth_map[t - 1] - 1) +
                   (R_xlen_t) (predicted_map[p - 1] - 1) * n_classes]++;
        }
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
    }
    *n_missing = missing;
    return -1;
}

static void check_map(SEXP map, int n_classes, const char *what)
{
    const int *m = INTEGER(map);
    for (R_xlen_t j = 0; j < XLENGTH(map); j++)
        if (m[j] == NA_INTEGER || m[j] < 1 || m[j] > n_classes)
            Rf_error(_("internal error: invalid class map for '%s'"), what);
}

/* .Call entry: returns list(counts = double matrix, n_missing = double). */
SEXP sds_confusion_counts(SEXP truth, SEXP predicted, SEXP truth_to_class,
                          SEXP predicted_to_class, SEXP n_classes)
{
    if (TYPEOF(truth) != INTSXP || TYPEOF(predicted) != INTSXP ||
        TYPEOF(truth_to_class) != INTSXP || TYPEOF(predicted_to_class) != INTSXP ||
        TYPEOF(n_classes) != INTSXP || XLENGTH(n_classes) != 1)
        Rf_error(_("internal error: confusion counts need integer codes"));
    R_xlen_t n = XLENGTH(truth);
    if (XLENGTH(predicted) != n)
        Rf_error(_("'truth' and 'predicted' must have the same length"));
    int k = INTEGER(n_classes)[0];
    if (k == NA_INTEGER || k < 1 || k > 46340)
        Rf_error(_("internal error: invalid number of classes"));
    check_map(truth_to_class, k, "truth");
    check_map(predicted_to_class, k, "predicted");

    uint64_t *counts = (uint64_t *) R_alloc((size_t) k * (size_t) k, sizeof(uint64_t));
    memset(counts, 0, (size_t) k * (size_t) k * sizeof(uint64_t));
    R_xlen_t n_missing = 0;
    R_xlen_t bad = count_pairs(INTEGER(truth), INTEGER(predicted), n,
                               INTEGER(truth_to_class), (int) XLENGTH(truth_to_class),
                               INTEGER(predicted_to_class), (int) XLENGTH(predicted_to_class),
                               k, counts, &n_missing);
    if (bad >= 0)
        Rf_error(_("invalid factor code at position %.0f"), (double) bad + 1);

    const char *names[] = {"counts", "n_missing", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SEXP table = Rf_allocMatrix(REALSXP, k, k);
    SET_VECTOR_ELT(result, 0, table);
    double *out = REAL(table);
    for (R_xlen_t j = 0; j < (R_xlen_t) k * k; j++) {
        out[j] = (double) counts[j];
        if (SDS_INTERRUPT_EVERY(j)) R_CheckUserInterrupt();
    }
    SET_VECTOR_ELT(result, 1, Rf_ScalarReal((double) n_missing));
    UNPROTECT(1);
    return result;
}
