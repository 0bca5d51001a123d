/* ROC curve: sort the scores once, then sweep them from the highest down. */
#include "sdsante.h"

/* Counts of positives and negatives in one group of tied scores, taken from
 * the top of the ascending `order`, which ends at index `end` (exclusive). */
typedef struct {
    R_xlen_t begin;      /* first index (in `order`) of the group */
    double n_positive;
    double n_negative;
} tie_group;

static tie_group next_group(const double *score, const int *is_positive,
                            const R_xlen_t *order, R_xlen_t end)
{
    tie_group g = {end - 1, 0.0, 0.0};
    double value = score[order[end - 1]];
    while (g.begin >= 0 && score[order[g.begin]] == value) {
        if (is_positive[order[g.begin]]) g.n_positive++; else g.n_negative++;
        g.begin--;
    }
    g.begin++;
    return g;
}

static R_xlen_t count_distinct(const double *score, const R_xlen_t *order, R_xlen_t n)
{
    R_xlen_t distinct = n > 0;
    for (R_xlen_t i = 1; i < n; i++)
        if (score[order[i]] != score[order[i - 1]]) distinct++;
    return distinct;
}

/* The sweep.  Point j of the curve (j = 0 is "nothing is positive") counts the
 * true and false positives among scores >= threshold[j].  The AUC is the
 * Mann-Whitney statistic (a tied positive/negative pair counts 1/2), summed
 * group by group; DeLong's variance uses the placement values of each
 * positive (share of negatives below it) and each negative (share of
 * positives above it), which are equal within a group of ties. */
static void sweep(const double *score, const int *is_positive, const R_xlen_t *order,
                  R_xlen_t n, double n_pos, double n_neg,
                  double *threshold, double *tp, double *fp,
                  double *auc, double *var_auc)
{
    threshold[0] = R_PosInf; tp[0] = 0.0; fp[0] = 0.0;
    long double pair_sum = 0.0L;   /* sum over positives of (negatives below + ties / 2) */
    R_xlen_t end = n, j = 0;
    while (end > 0) {
        tie_group g = next_group(score, is_positive, order, end);
        j++;
        threshold[j] = score[order[g.begin]];
        tp[j] = tp[j - 1] + g.n_positive;
        fp[j] = fp[j - 1] + g.n_negative;
        double neg_below = n_neg - fp[j];
        pair_sum += (long double) g.n_positive * ((long double) neg_below + 0.5L * g.n_negative);
        end = g.begin;
        if (SDS_INTERRUPT_EVERY(j)) R_CheckUserInterrupt();
    }
    double theta = (double) (pair_sum / ((long double) n_pos * (long double) n_neg));
    *auc = theta;

    if (n_pos <= 1 || n_neg <= 1) {   /* DeLong's variance needs two of each */
        *var_auc = NA_REAL;
        return;
    }
    long double s10 = 0.0L, s01 = 0.0L;
    for (R_xlen_t p = 1; p <= j; p++) {
        double pos_g = tp[p] - tp[p - 1], neg_g = fp[p] - fp[p - 1];
        double v10 = ((n_neg - fp[p]) + 0.5 * neg_g) / n_neg;  /* placement of a positive */
        double v01 = (tp[p - 1] + 0.5 * pos_g) / n_pos;        /* placement of a negative */
        s10 += (long double) pos_g * (v10 - theta) * (v10 - theta);
        s01 += (long double) neg_g * (v01 - theta) * (v01 - theta);
    }
    *var_auc = (double) (s10 / (n_pos - 1) / n_pos + s01 / (n_neg - 1) / n_neg);
}

/* .Call entry: is_positive (logical, no NA), score (double, finite). */
SEXP sds_roc_sweep(SEXP is_positive, SEXP score)
{
    if (TYPEOF(is_positive) != LGLSXP || TYPEOF(score) != REALSXP)
        Rf_error(_("internal error: the ROC sweep needs a logical and a double vector"));
    R_xlen_t n = XLENGTH(score);
    if (XLENGTH(is_positive) != n)
        Rf_error(_("'truth' and 'score' must have the same length"));
    const double *s = REAL(score);
    const int *pos = LOGICAL(is_positive);
    double n_pos = 0.0;
    for (R_xlen_t i = 0; i < n; i++) {
        if (!R_FINITE(s[i]))
            Rf_error(_("'score' must hold finite numbers (position %.0f)"), (double) i + 1);
        if (pos[i] == NA_LOGICAL)
            Rf_error(_("internal error: missing class in the ROC sweep"));
        n_pos += pos[i] != 0;
    }
    double n_neg = (double) n - n_pos;
    if (n_pos < 1 || n_neg < 1)
        Rf_error(_("a ROC curve needs at least one positive and one negative case"));

    R_xlen_t *order = (R_xlen_t *) R_alloc((size_t) n, sizeof(R_xlen_t));
    sds_order_doubles(s, n, order);
    R_xlen_t n_points = count_distinct(s, order, n) + 1;

    const char *names[] = {"thresholds", "tp", "fp", "auc", "var_auc", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(REALSXP, n_points));
    SET_VECTOR_ELT(result, 1, Rf_allocVector(REALSXP, n_points));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, n_points));
    double auc, var_auc;
    sweep(s, pos, order, n, n_pos, n_neg,
          REAL(VECTOR_ELT(result, 0)), REAL(VECTOR_ELT(result, 1)),
          REAL(VECTOR_ELT(result, 2)), &auc, &var_auc);
    SET_VECTOR_ELT(result, 3, Rf_ScalarReal(auc));
    SET_VECTOR_ELT(result, 4, Rf_ScalarReal(var_auc));
    UNPROTECT(1);
    return result;
}
