/* Learning decision lists: Holte's 1R and sequential covering (RIPPER-style
 * rule growing).  R (R/learn_rules.R) orchestrates: it draws the grow/prune
 * splits, prunes the grown rules and builds the model; C does the searches.
 * This file holds the .Call entry points, their checks, the presorting of
 * the numeric columns and Holte's 1R; the growth of one covering rule
 * (threshold and level-set scans with incremental class counts) is in
 * src/learn_covering.c, the types both share in src/learn.h.
 *
 * Predictors reach C as a list of columns: a double vector (numeric; NA and
 * NaN are missing) or an integer vector of level codes 1..L (factor, with
 * NA_INTEGER missing), with `n_levels` = 0 or L.  Classes are integer codes
 * 1..k without NA.  A missing value never satisfies a condition. */
#include "learn.h"
#include <Rmath.h>
#include <math.h>
#include <string.h>

/* Conditions use OP_LT, OP_GE and OP_IN of SDS_RULE_OPCODES (sdsante.h). */

/* Rows of a numeric column in ascending order of value, missing values left
 * out; returns how many there are.  Row indices are int: R (learn_data())
 * keeps the training rows below INT_MAX.  Scratch from R_alloc. */
static R_xlen_t sorted_rows(const double *x, R_xlen_t n, int *out)
{
    R_xlen_t m = 0;
    for (R_xlen_t i = 0; i < n; i++)
        if (!ISNAN(x[i])) m++;
    double *value = (double *) R_alloc((size_t) (m > 0 ? m : 1), sizeof(double));
    R_xlen_t *row = (R_xlen_t *) R_alloc((size_t) (m > 0 ? m : 1), sizeof(R_xlen_t));
    R_xlen_t *order = (R_xlen_t *) R_alloc((size_t) (m > 0 ? m : 1), sizeof(R_xlen_t));
    m = 0;
    for (R_xlen_t i = 0; i < n; i++)
        if (!ISNAN(x[i])) {
            value[m] = x[i];
            row[m] = i;
            m++;
        }
    sds_order_doubles(value, m, order);
    for (R_xlen_t i = 0; i < m; i++) out[i] = (int) row[order[i]];
    return m;
}


static R_xlen_t count_known(const double *x, R_xlen_t n)
{
    R_xlen_t m = 0;
    for (R_xlen_t i = 0; i < n; i++)
        if (!ISNAN(x[i])) m++;
    return m;
}

/* ---- checks shared by the entry points ------------------------------------ */

static void check_columns(SEXP columns, SEXP n_levels, R_xlen_t n)
{
    if (TYPEOF(columns) != VECSXP || TYPEOF(n_levels) != INTSXP ||
        XLENGTH(n_levels) != XLENGTH(columns))
        Rf_error(_("internal error: the predictors must be a list of columns with their numbers of levels"));
    for (R_xlen_t j = 0; j < XLENGTH(columns); j++) {
        SEXP col = VECTOR_ELT(columns, j);
        int levels = INTEGER(n_levels)[j];
        if (XLENGTH(col) != n || (levels == 0 && TYPEOF(col) != REALSXP) ||
            (levels > 0 && TYPEOF(col) != INTSXP) || levels < 0)
            Rf_error(_("internal error: predictor %d is not a double or a coded factor of %.0f rows"),
                     (int) j + 1, (double) n);
    }
}

static void check_classes(SEXP y, int k)
{
    const int *cls = INTEGER(y);
    for (R_xlen_t i = 0; i < XLENGTH(y); i++)
        if (cls[i] < 1 || cls[i] > k)
            Rf_error(_("internal error: class codes must lie in 1..%d"), k);
}

/* One numeric column presorted: its count_known() rows in ascending order of
 * value (0-based) in `order`, and their values in `value`.  The scratch of the
 * sort is released on return. */
static void presort_column(const double *x, R_xlen_t n, int *order, double *value)
{
    const void *vmax = vmaxget();
    R_xlen_t m = sorted_rows(x, n, order);
    for (R_xlen_t i = 0; i < m; i++) value[i] = x[order[i]];
    vmaxset(vmax);
}

/* .Call entry: for each numeric column, its rows in ascending order of value
 * (0-based, missing values left out) in `order`, and the values in that
 * order in `value`; NULL for a factor.  The indices are valid rows by
 * construction, so sds_learn_grow(), called once per rule with this result,
 * does not check them again. */
SEXP sds_learn_presort(SEXP columns, SEXP n_levels)
{
    if (TYPEOF(columns) != VECSXP)
        Rf_error(_("internal error: the predictors must be a list of columns"));
    R_xlen_t p = XLENGTH(columns);
    R_xlen_t n = p > 0 ? XLENGTH(VECTOR_ELT(columns, 0)) : 0;
    check_columns(columns, n_levels, n);
    const char *names[] = {"order", "value", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(VECSXP, p));
    SET_VECTOR_ELT(result, 1, Rf_allocVector(VECSXP, p));
    SEXP orders = VECTOR_ELT(result, 0), values = VECTOR_ELT(result, 1);
    for (R_xlen_t j = 0; j < p; j++) {
        if (INTEGER(n_levels)[j] > 0) continue;
        const double *x = REAL(VECTOR_ELT(columns, j));
        R_xlen_t m = count_known(x, n);
        SET_VECTOR_ELT(orders, j, Rf_allocVector(INTSXP, m));
        SET_VECTOR_ELT(values, j, Rf_allocVector(REALSXP, m));
        presort_column(x, n, INTEGER(VECTOR_ELT(orders, j)), REAL(VECTOR_ELT(values, j)));
        R_CheckUserInterrupt();
    }
    UNPROTECT(1);
    return result;
}

/* ---- growing one rule (sequential covering: src/learn_covering.c) ---------- */

static predictors as_predictors(SEXP columns, SEXP n_levels, R_xlen_t n)
{
    predictors x;
    x.p = (int) XLENGTH(columns);
    x.n = n;
    x.n_levels = INTEGER(n_levels);
    x.num = (const double **) R_alloc((size_t) x.p + 1, sizeof(double *));
    x.fac = (const int **) R_alloc((size_t) x.p + 1, sizeof(int *));
    for (int j = 0; j < x.p; j++) {
        SEXP col = VECTOR_ELT(columns, j);
        x.num[j] = x.n_levels[j] == 0 ? REAL(col) : NULL;
        x.fac[j] = x.n_levels[j] > 0 ? INTEGER(col) : NULL;
    }
    return x;
}

/* The presorted rows and values of each numeric column, from
 * sds_learn_presort().  Only their types and lengths are checked here (O(p)
 * per rule): the row indices were made valid by sds_learn_presort() itself,
 * and R passes its result on untouched. */
typedef struct {
    int **order;
    double **value;
    R_xlen_t *length;
} presorted_columns;

static presorted_columns unpack_presorted(SEXP presorted, const predictors *x)
{
    if (TYPEOF(presorted) != VECSXP || XLENGTH(presorted) != 2 ||
        TYPEOF(VECTOR_ELT(presorted, 0)) != VECSXP ||
        TYPEOF(VECTOR_ELT(presorted, 1)) != VECSXP ||
        XLENGTH(VECTOR_ELT(presorted, 0)) != x->p || XLENGTH(VECTOR_ELT(presorted, 1)) != x->p)
        Rf_error(_("internal error: the presorted columns do not match the predictors"));
    presorted_columns s;
    s.order = (int **) R_alloc((size_t) x->p + 1, sizeof(int *));
    s.value = (double **) R_alloc((size_t) x->p + 1, sizeof(double *));
    s.length = (R_xlen_t *) R_alloc((size_t) x->p + 1, sizeof(R_xlen_t));
    for (int j = 0; j < x->p; j++) {
        SEXP o = VECTOR_ELT(VECTOR_ELT(presorted, 0), j);
        SEXP v = VECTOR_ELT(VECTOR_ELT(presorted, 1), j);
        s.order[j] = NULL;
        s.value[j] = NULL;
        s.length[j] = 0;
        if (x->num[j] == NULL) continue;
        if (TYPEOF(o) != INTSXP || TYPEOF(v) != REALSXP || XLENGTH(o) > x->n ||
            XLENGTH(v) != XLENGTH(o))
            Rf_error(_("internal error: the presorted columns do not match the predictors"));
        s.order[j] = INTEGER(o);
        s.value[j] = REAL(v);
        s.length[j] = XLENGTH(o);
    }
    return s;
}

/* Write the conditions into the result list's first four elements. */
static void write_conditions(SEXP result, const predictors *x, const condition *conds,
                             int n_conds)
{
    int *column = INTEGER(VECTOR_ELT(result, 0));
    int *op = INTEGER(VECTOR_ELT(result, 1));
    double *cut = REAL(VECTOR_ELT(result, 2));
    SEXP levels = VECTOR_ELT(result, 3);
    for (int d = 0; d < n_conds; d++) {
        column[d] = conds[d].column + 1;
        op[d] = conds[d].op;
        cut[d] = conds[d].cut;
        if (conds[d].op != OP_IN) continue;
        int n_levels = x->n_levels[conds[d].column], m = 0;
        for (int l = 0; l < n_levels; l++) m += conds[d].in_set[l];
        SET_VECTOR_ELT(levels, d, Rf_allocVector(INTSXP, m));
        int *codes = INTEGER(VECTOR_ELT(levels, d));
        m = 0;
        for (int l = 0; l < n_levels; l++)
            if (conds[d].in_set[l]) codes[m++] = l + 1;
    }
}

/* .Call entry: grow one rule for class `target` on the rows whose `role` is 1
 * (0: not in play, 2: held out for pruning; both ignored by the search).
 * Returns the conditions (column 1-based, op OP_LT / OP_GE / OP_IN, cut,
 * level codes of a set) and, for every row, how many leading conditions it
 * meets (`depth`). */
SEXP sds_learn_grow(SEXP columns, SEXP n_levels, SEXP presorted, SEXP y, SEXP role,
                    SEXP target)
{
    if (TYPEOF(y) != INTSXP || TYPEOF(role) != INTSXP || XLENGTH(role) != XLENGTH(y) ||
        TYPEOF(target) != INTSXP || XLENGTH(target) != 1)
        Rf_error(_("internal error: the rule search needs integer classes, roles and target"));
    R_xlen_t n = XLENGTH(y);
    check_columns(columns, n_levels, n);
    predictors x = as_predictors(columns, n_levels, n);
    presorted_columns sorted = unpack_presorted(presorted, &x);
    const int *cls = INTEGER(y);
    int positive = INTEGER(target)[0];
    int *is_positive = (int *) R_alloc((size_t) (n > 0 ? n : 1), sizeof(int));
    for (R_xlen_t i = 0; i < n; i++) is_positive[i] = cls[i] == positive;

    /* Each condition strictly narrows the rule on the grow rows; the room is
     * a generous cap. */
    int max_conds = 1000;
    condition *conds = (condition *) R_alloc((size_t) max_conds, sizeof(condition));
    int n_conds = learn_grow_rule(&x, sorted.order, sorted.value, sorted.length,
                                  INTEGER(role), is_positive, conds, max_conds);

    const char *names[] = {"column", "op", "cut", "levels", "depth", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(INTSXP, n_conds));
    SET_VECTOR_ELT(result, 1, Rf_allocVector(INTSXP, n_conds));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, n_conds));
    SET_VECTOR_ELT(result, 3, Rf_allocVector(VECSXP, n_conds));
    SET_VECTOR_ELT(result, 4, Rf_allocVector(INTSXP, n));
    write_conditions(result, &x, conds, n_conds);
    learn_rule_depth(&x, conds, n_conds, INTEGER(VECTOR_ELT(result, 4)));
    UNPROTECT(1);
    return result;
}

/* ---- Holte's 1R ------------------------------------------------------------ */

/* The number of cases row i stands for: 1, or its count (`w`). */
#define ROW_WEIGHT(w, i) ((w) == NULL ? 1.0 : (w)[i])

/* The most frequent class in counts[0..k-1]; a tie goes to `prefer` when it
 * is among the most frequent, else to the first. */
static int majority(const double *counts, int k, int prefer)
{
    int best = 0;
    for (int c = 1; c < k; c++)
        if (counts[c] > counts[best]) best = c;
    if (prefer >= 0 && counts[prefer] == counts[best]) best = prefer;
    return best;
}

/* Holte's intervals for one numeric column.  The rows (ascending order of
 * value, `m` of them) are read value by value, never splitting equal values:
 * an interval closes once its majority class counts at least `min_bucket`
 * rows and the next value is not made only of that class; an interval left
 * at the end with fewer than `min_bucket` rows of its majority joins the one
 * before; then neighbours with the same majority class merge.  Writes the
 * interval classes (0-based) and the cut points between intervals, returns
 * the number of intervals and adds the training errors to *errors. */
static int holte_intervals(const double *x, const int *cls, const double *w, const int *rows,
                           R_xlen_t m, int k, double min_bucket, int *interval_class,
                           double *cuts, double *errors)
{
    if (m == 0) return 0;
    double *counts = (double *) R_alloc((size_t) k, sizeof(double));
    double *majority_count = (double *) R_alloc((size_t) m, sizeof(double));
    double *size = (double *) R_alloc((size_t) m, sizeof(double));
    R_xlen_t *end = (R_xlen_t *) R_alloc((size_t) m, sizeof(R_xlen_t));
    int n_int = 0;
    R_xlen_t i = 0;
    while (i < m) {
        memset(counts, 0, (size_t) k * sizeof(double));
        double total = 0.0;
        int prev = n_int > 0 ? interval_class[n_int - 1] : -1;
        int cl;
        /* Add whole values until the majority reaches min_bucket. */
        do {
            double v = x[rows[i]];
            while (i < m && x[rows[i]] == v) {
                counts[cls[rows[i]] - 1] += ROW_WEIGHT(w, rows[i]);
                total += ROW_WEIGHT(w, rows[i]);
                i++;
            }
            cl = majority(counts, k, prev);
        } while (i < m && counts[cl] < min_bucket);
        /* Extend over the following values made only of that class. */
        while (i < m) {
            double v = x[rows[i]];
            R_xlen_t j = i;
            double added = 0.0;
            while (j < m && x[rows[j]] == v && cls[rows[j]] - 1 == cl) {
                added += ROW_WEIGHT(w, rows[j]);
                j++;
            }
            if (j < m && x[rows[j]] == v) break;   /* that value holds another class */
            counts[cl] += added;
            total += added;
            i = j;
        }
        interval_class[n_int] = cl;
        majority_count[n_int] = counts[cl];
        size[n_int] = total;
        end[n_int] = i;
        n_int++;
    }
    /* A last interval short of min_bucket joins the one before (recount). */
    if (n_int >= 2 && majority_count[n_int - 1] < min_bucket) {
        n_int--;
        R_xlen_t from = n_int >= 2 ? end[n_int - 2] : 0;
        memset(counts, 0, (size_t) k * sizeof(double));
        double total = 0.0;
        for (R_xlen_t r = from; r < m; r++) {
            counts[cls[rows[r]] - 1] += ROW_WEIGHT(w, rows[r]);
            total += ROW_WEIGHT(w, rows[r]);
        }
        int prev = n_int >= 2 ? interval_class[n_int - 2] : -1;
        int cl = majority(counts, k, prev);
        interval_class[n_int - 1] = cl;
        majority_count[n_int - 1] = counts[cl];
        size[n_int - 1] = total;
        end[n_int - 1] = m;
    }
    /* Merge neighbours with the same class (the class stays a majority). */
    int merged = 0;
    for (int t = 0; t < n_int; t++) {
        if (merged > 0 && interval_class[merged - 1] == interval_class[t]) {
            majority_count[merged - 1] += majority_count[t];
            size[merged - 1] += size[t];
            end[merged - 1] = end[t];
        } else {
            interval_class[merged] = interval_class[t];
            majority_count[merged] = majority_count[t];
            size[merged] = size[t];
            end[merged] = end[t];
            merged++;
        }
    }
    for (int t = 0; t < merged; t++) {
        *errors += size[t] - majority_count[t];
        if (t + 1 < merged)
            cuts[t] = learn_cut_between(x[rows[end[t] - 1]], x[rows[end[t]]]);
    }
    return merged;
}

/* The group of missing values of column j: its most frequent class
 * (1-based, NA_INTEGER when the column has no missing value); its errors are
 * added to *errors. */
static int missing_group(const predictors *x, int j, const int *cls, const double *w, int k,
                         double *errors)
{
    double *counts = (double *) R_alloc((size_t) k, sizeof(double));
    memset(counts, 0, (size_t) k * sizeof(double));
    double n_missing = 0.0;
    for (R_xlen_t i = 0; i < x->n; i++) {
        int missing = x->num[j] != NULL ? ISNAN(x->num[j][i]) : x->fac[j][i] == NA_INTEGER;
        if (missing) {
            counts[cls[i] - 1] += ROW_WEIGHT(w, i);
            n_missing += ROW_WEIGHT(w, i);
        }
    }
    if (n_missing == 0) return NA_INTEGER;
    int c = majority(counts, k, -1);
    *errors += n_missing - counts[c];
    return c + 1;
}

/* The most frequent class of each level of factor column j (1-based;
 * NA_INTEGER for a level without rows); the errors are added to *errors. */
static void level_classes(const predictors *x, int j, const int *cls, const double *w, int k,
                          int *level_class, double *errors)
{
    int n_levels = x->n_levels[j];
    double *table = (double *) R_alloc((size_t) n_levels * (size_t) k, sizeof(double));
    memset(table, 0, (size_t) n_levels * (size_t) k * sizeof(double));
    for (R_xlen_t i = 0; i < x->n; i++)
        if (x->fac[j][i] != NA_INTEGER)
            table[(size_t) (x->fac[j][i] - 1) * (size_t) k + (size_t) (cls[i] - 1)] += ROW_WEIGHT(w, i);
    for (int l = 0; l < n_levels; l++) {
        const double *row = table + (size_t) l * (size_t) k;
        double total = 0.0;
        for (int c = 0; c < k; c++) total += row[c];
        if (total == 0) {
            level_class[l] = NA_INTEGER;
            continue;
        }
        int c = majority(row, k, -1);
        *errors += total - row[c];
        level_class[l] = c + 1;
    }
}

/* Holte's 1R on column j: its training errors (*errors; the missing values
 * form a group of their own, answered by its majority class), the majority
 * class of its missing values (*na_class, 1-based; NA_INTEGER when it has
 * none), and the class of each interval or level (1-based; NA_INTEGER for a
 * level with no row) in `classes`, with the cut points between intervals of
 * a numeric column in `cuts`.  `classes` and `cuts` have room for the rows
 * and for the levels.  Returns the number of classes written.  The scratch
 * is released on return. */
static int oner_column(const predictors *x, int j, const int *cls, const double *w, int k,
                       double bucket, int *classes, double *cuts, int *na_class, double *errors)
{
    const void *vmax = vmaxget();
    int n_classes;
    *errors = 0.0;
    *na_class = missing_group(x, j, cls, w, k, errors);
    if (x->num[j] != NULL) {
        int *rows = (int *) R_alloc((size_t) (x->n > 0 ? x->n : 1), sizeof(int));
        R_xlen_t m = sorted_rows(x->num[j], x->n, rows);
        n_classes = holte_intervals(x->num[j], cls, w, rows, m, k, bucket, classes, cuts, errors);
        for (int t = 0; t < n_classes; t++) classes[t]++;
    } else {
        n_classes = x->n_levels[j];
        level_classes(x, j, cls, w, k, classes, errors);
    }
    vmaxset(vmax);
    return n_classes;
}

static SEXP int_vector(const int *x, R_xlen_t n)
{
    SEXP v = Rf_allocVector(INTSXP, n);
    if (n > 0) memcpy(INTEGER(v), x, (size_t) n * sizeof(int));
    return v;
}

static SEXP real_vector(const double *x, R_xlen_t n)
{
    SEXP v = Rf_allocVector(REALSXP, n);
    if (n > 0) memcpy(REAL(v), x, (size_t) n * sizeof(double));
    return v;
}

/* .Call entry: Holte's 1R for every predictor (see oner_column()): a list of
 * the errors, the classes and the cut points (NULL for a factor) of each
 * column, and the class of its missing values.  `weights` is NULL (each row
 * counts once) or the number of cases each row stands for: the class counts
 * by value that a database sends (db_learn_rules()) give the same intervals
 * as the rows they count. */
SEXP sds_learn_oner(SEXP columns, SEXP n_levels, SEXP y, SEXP n_classes, SEXP min_bucket,
                    SEXP weights)
{
    if (TYPEOF(y) != INTSXP || TYPEOF(n_classes) != INTSXP || XLENGTH(n_classes) != 1 ||
        TYPEOF(min_bucket) != REALSXP || XLENGTH(min_bucket) != 1 ||
        INTEGER(n_classes)[0] < 1 || !(REAL(min_bucket)[0] >= 1))
        Rf_error(_("internal error: 1R needs integer classes, their number and a minimum bucket >= 1"));
    R_xlen_t n = XLENGTH(y);
    int k = INTEGER(n_classes)[0];
    check_columns(columns, n_levels, n);
    check_classes(y, k);
    if (weights != R_NilValue && (TYPEOF(weights) != REALSXP || XLENGTH(weights) != n))
        Rf_error(_("internal error: 1R needs one weight (a count) per row"));
    const double *w = weights == R_NilValue ? NULL : REAL(weights);
    predictors x = as_predictors(columns, n_levels, n);
    R_xlen_t room = n > 0 ? n : 1;
    for (int j = 0; j < x.p; j++)
        if (x.n_levels[j] > room) room = x.n_levels[j];
    int *column_classes = (int *) R_alloc((size_t) room, sizeof(int));
    double *column_cuts = (double *) R_alloc((size_t) room, sizeof(double));

    const char *names[] = {"errors", "classes", "cuts", "na_class", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_allocVector(REALSXP, x.p));
    SET_VECTOR_ELT(result, 1, Rf_allocVector(VECSXP, x.p));
    SET_VECTOR_ELT(result, 2, Rf_allocVector(VECSXP, x.p));
    SET_VECTOR_ELT(result, 3, Rf_allocVector(INTSXP, x.p));
    for (int j = 0; j < x.p; j++) {
        int m = oner_column(&x, j, INTEGER(y), w, k, REAL(min_bucket)[0], column_classes,
                            column_cuts, &INTEGER(VECTOR_ELT(result, 3))[j],
                            &REAL(VECTOR_ELT(result, 0))[j]);
        SET_VECTOR_ELT(VECTOR_ELT(result, 1), j, int_vector(column_classes, m));
        if (x.num[j] != NULL)
            SET_VECTOR_ELT(VECTOR_ELT(result, 2), j, real_vector(column_cuts, m > 0 ? m - 1 : 0));
        R_CheckUserInterrupt();
    }
    UNPROTECT(1);
    return result;
}
