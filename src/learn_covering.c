/* Growing one rule of a decision list by sequential covering (RIPPER-style):
 * at each step the condition with the largest FOIL gain, found by threshold
 * scans of the numeric columns (presorted once by sds_learn_presort()) and
 * level-set scans of the factors, with incremental class counts.  The entry
 * point sds_learn_grow() and the checks are in src/learn_rules.c. */
#include "learn.h"
#include <math.h>
#include <string.h>

/* Interrupts are polled by work done (sds_poll(), about one unit per row
 * visited), so that Ctrl-C and setTimeLimit() answer within a few hundredths
 * of a second whatever the number of rows and columns. */

static int satisfies(const predictors *x, const condition *c, R_xlen_t row)
{
    if (c->op == OP_IN) {
        int code = x->fac[c->column][row];
        return code != NA_INTEGER && c->in_set[code - 1];
    }
    double v = x->num[c->column][row];
    if (ISNAN(v)) return 0;
    return c->op == OP_LT ? v < c->cut : v >= c->cut;
}

/* FOIL's information gain (Quinlan 1990), in nats, of narrowing a rule whose
 * precision (share of positives among the rows it covers) has logarithm
 * log_precision0 to one covering p1 positive and n1 negative rows. */
static double foil_gain(double p1, double n1, double log_precision0)
{
    if (p1 <= 0) return 0.0;
    return p1 * (log(p1 / (p1 + n1)) - log_precision0);
}

/* The best refinement found so far. */
typedef struct {
    double gain;
    int column, op;
    double cut;
    R_xlen_t n_levels;
    R_xlen_t n_chosen;     /* for a level set: its first n_chosen levels of `rank` */
    int *rank;             /* the chosen levels (0-based), n_chosen of them; room for
                            * the most levels of any column, owned by the caller */
} best_refinement;

/* Threshold scan of one numeric column over the rows the rule covers, held
 * in ascending order of value (`value`, `positive`: m of them).  Class counts
 * are updated value by value; each boundary between two distinct values is a
 * candidate for `x < cut` (the rows below) and `x >= cut` (the rows above).
 * A candidate that could take in more rows of the class alone is beaten by
 * the one that does (more positives, no worse precision), so it is skipped:
 * `x < cut` is only tried when the value above the cut holds a negative row
 * (or is the last), `x >= cut` when the value below it does (or is the
 * first).  The best candidate, the first of them in case of a tie, is the
 * same as with an exhaustive scan. */
static void scan_numeric(const double *value, const unsigned char *positive, R_xlen_t m,
                         double log_precision0, int column, best_refinement *best)
{
    double total_pos = 0.0;
    for (R_xlen_t i = 0; i < m; i++) total_pos += positive[i];
    double total_neg = (double) m - total_pos;
    /* No refinement covering p positives gains more than p * -log_precision0. */
    double bound_factor = -log_precision0;
    double pos = 0.0, neg = 0.0;   /* counts below the current boundary */
    int below_has_neg = 0;         /* the value just below has a negative row */
    R_xlen_t i = 0, n_groups = 0;
    while (i < m) {
        R_xlen_t start = i;
        double v = value[i], group_pos = 0.0, group_neg = 0.0;
        while (i < m && value[i] == v) {
            if (positive[i]) group_pos++; else group_neg++;
            i++;
        }
        if (start > 0) {   /* the boundary between the previous value and v */
            if ((group_neg > 0 || i == m) && pos * bound_factor > best->gain) {
                double g = foil_gain(pos, neg, log_precision0);
                if (g > best->gain) {
                    best->gain = g; best->column = column; best->op = OP_LT;
                    best->cut = learn_cut_between(value[start - 1], v);
                }
            }
            double pos_above = total_pos - pos, neg_above = total_neg - neg;
            if ((below_has_neg || n_groups == 1) && pos_above * bound_factor > best->gain) {
                double g = foil_gain(pos_above, neg_above, log_precision0);
                if (g > best->gain) {
                    best->gain = g; best->column = column; best->op = OP_GE;
                    best->cut = learn_cut_between(value[start - 1], v);
                }
            }
        }
        pos += group_pos;
        neg += group_neg;
        below_has_neg = group_neg > 0;
        n_groups++;
    }
}

/* Scan of one factor column: count each level's positives and negatives among
 * the covered rows, order the levels present by decreasing share of
 * positives (stable, so ties keep the level order), and try each leading
 * group of levels (all but the last) as a set `x %in% {...}`. */
static void scan_factor_counts(const int *x, int n_levels, const R_xlen_t *rows, R_xlen_t m,
                               const int *is_positive, double log_precision0,
                               int column, best_refinement *best)
{
    double *pos = (double *) R_alloc((size_t) n_levels, sizeof(double));
    double *all = (double *) R_alloc((size_t) n_levels, sizeof(double));
    memset(pos, 0, (size_t) n_levels * sizeof(double));
    memset(all, 0, (size_t) n_levels * sizeof(double));
    for (R_xlen_t i = 0; i < m; i++) {
        int code = x[rows[i]];
        if (code == NA_INTEGER) continue;
        all[code - 1]++;
        pos[code - 1] += is_positive[rows[i]];
    }
    int present = 0;
    for (int l = 0; l < n_levels; l++) present += all[l] > 0;
    if (present < 2) return;
    double *key = (double *) R_alloc((size_t) present, sizeof(double));
    int *level = (int *) R_alloc((size_t) present, sizeof(int));
    R_xlen_t *order = (R_xlen_t *) R_alloc((size_t) present, sizeof(R_xlen_t));
    int q = 0;
    for (int l = 0; l < n_levels; l++)
        if (all[l] > 0) {
            key[q] = -pos[l] / all[l];
            level[q] = l;
            q++;
        }
    sds_order_doubles(key, present, order);
    double p1 = 0.0, c1 = 0.0;
    for (int t = 0; t + 1 < present; t++) {
        int l = level[order[t]];
        p1 += pos[l];
        c1 += all[l];
        if (p1 * -log_precision0 <= best->gain) continue;
        double g = foil_gain(p1, c1 - p1, log_precision0);
        if (g > best->gain) {
            best->gain = g; best->column = column; best->op = OP_IN;
            best->n_levels = n_levels;
            best->n_chosen = t + 1;
            for (int s = 0; s <= t; s++) best->rank[s] = level[order[s]];
        }
    }
}

/* The same, with its scratch released on return (it runs for every factor
 * column at every step of a rule). */
static void scan_factor(const int *x, int n_levels, const R_xlen_t *rows, R_xlen_t m,
                        const int *is_positive, double log_precision0,
                        int column, best_refinement *best)
{
    const void *vmax = vmaxget();
    scan_factor_counts(x, n_levels, rows, m, is_positive, log_precision0, column, best);
    vmaxset(vmax);
}

/* Keep the entries of `rows` (m of them) whose flag is set; returns the new
 * length. */
static R_xlen_t keep_flagged(R_xlen_t *rows, R_xlen_t m, const unsigned char *flag)
{
    R_xlen_t kept = 0;
    for (R_xlen_t i = 0; i < m; i++)
        if (flag[rows[i]]) rows[kept++] = rows[i];
    return kept;
}

/* The covered rows of a numeric column in order of value. */
typedef struct {
    R_xlen_t m;
    R_xlen_t *row;
    double *value;
    unsigned char *positive;
} sorted_column;

static void keep_covered(sorted_column *s, const unsigned char *covered)
{
    R_xlen_t kept = 0;
    for (R_xlen_t i = 0; i < s->m; i++)
        if (covered[s->row[i]]) {
            s->row[kept] = s->row[i];
            s->value[kept] = s->value[i];
            s->positive[kept] = s->positive[i];
            kept++;
        }
    s->m = kept;
}

/* Grow one rule for the positive class on the grow rows (role 1): add, one at
 * a time, the condition with the largest FOIL gain, until the rule covers no
 * negative grow row or no condition gains anything.  Each numeric column
 * keeps the list of covered rows in its sorted order, filtered after every
 * step, so a step costs one pass over the rows still covered.  Returns the
 * number of conditions written to `conds` (room for `max_conds`). */
int learn_grow_rule(const predictors *x, int *const *orders, double *const *sorted_values,
                    const R_xlen_t *order_len, const int *role, const int *is_positive,
                    condition *conds, int max_conds)
{
    R_xlen_t n = x->n;
    unsigned char *covered = (unsigned char *) R_alloc((size_t) (n > 0 ? n : 1), 1);
    R_xlen_t *rows = (R_xlen_t *) R_alloc((size_t) (n > 0 ? n : 1), sizeof(R_xlen_t));
    R_xlen_t n_rows = 0;
    for (R_xlen_t i = 0; i < n; i++) {
        covered[i] = role[i] == 1;
        if (covered[i]) rows[n_rows++] = i;
    }
    /* Each numeric column: the covered rows in ascending order of value,
     * with their values and classes side by side, so that scans read memory
     * in order. */
    sorted_column *sorted = (sorted_column *) R_alloc((size_t) x->p + 1, sizeof(sorted_column));
    for (int j = 0; j < x->p; j++) {
        sorted_column *s = &sorted[j];
        s->m = 0;
        if (x->num[j] == NULL) continue;
        size_t room = (size_t) (n_rows > 0 ? n_rows : 1);
        s->row = (R_xlen_t *) R_alloc(room, sizeof(R_xlen_t));
        s->value = (double *) R_alloc(room, sizeof(double));
        s->positive = (unsigned char *) R_alloc(room, 1);
        for (R_xlen_t i = 0; i < order_len[j]; i++) {
            R_xlen_t r = orders[j][i];
            if (!covered[r]) continue;
            s->row[s->m] = r;
            s->value[s->m] = sorted_values[j][i];
            s->positive[s->m] = (unsigned char) is_positive[r];
            s->m++;
        }
    }

    int max_levels = 1;
    for (int j = 0; j < x->p; j++)
        if (x->n_levels[j] > max_levels) max_levels = x->n_levels[j];
    int *rank = (int *) R_alloc((size_t) max_levels, sizeof(int));

    sds_poller poll = SDS_POLLER;
    int n_conds = 0;
    while (n_conds < max_conds) {
        double pos = 0.0;
        for (R_xlen_t i = 0; i < n_rows; i++) pos += is_positive[rows[i]];
        double neg = (double) n_rows - pos;
        if (pos == 0 || neg == 0) break;
        double log_precision0 = log(pos / (pos + neg));
        best_refinement best = {.gain = 0.0, .column = -1, .op = 0, .cut = 0.0,
                                .n_levels = 0, .n_chosen = 0, .rank = rank};
        for (int j = 0; j < x->p; j++) {
            if (x->num[j] != NULL) {
                scan_numeric(sorted[j].value, sorted[j].positive, sorted[j].m,
                             log_precision0, j, &best);
                sds_poll(&poll, (double) sorted[j].m);
            } else {
                scan_factor(x->fac[j], x->n_levels[j], rows, n_rows, is_positive,
                            log_precision0, j, &best);
                sds_poll(&poll, (double) n_rows);
            }
        }
        if (best.column < 0) break;
        condition *c = &conds[n_conds++];
        c->column = best.column;
        c->op = best.op;
        c->cut = best.op == OP_IN ? NA_REAL : best.cut;
        c->in_set = NULL;
        if (best.op == OP_IN) {
            c->in_set = (unsigned char *) R_alloc((size_t) best.n_levels, 1);
            memset(c->in_set, 0, (size_t) best.n_levels);
            for (R_xlen_t t = 0; t < best.n_chosen; t++) c->in_set[best.rank[t]] = 1;
        }
        for (R_xlen_t i = 0; i < n_rows; i++)
            covered[rows[i]] = (unsigned char) satisfies(x, c, rows[i]);
        n_rows = keep_flagged(rows, n_rows, covered);
        for (int j = 0; j < x->p; j++)
            if (x->num[j] != NULL) {
                sds_poll(&poll, (double) sorted[j].m);
                keep_covered(&sorted[j], covered);
            }
        sds_poll(&poll, (double) n_rows);
    }
    return n_conds;
}

/* How many leading conditions of the rule each row meets (0..n_conds): the
 * rule cut after its first l conditions covers the rows with depth >= l. */
void learn_rule_depth(const predictors *x, const condition *conds, int n_conds, int *depth)
{
    sds_poller poll = SDS_POLLER;
    for (R_xlen_t i = 0; i < x->n; i++) {
        int d = 0;
        while (d < n_conds && satisfies(x, &conds[d], i)) d++;
        depth[i] = d;
        sds_poll(&poll, (double) d + 1.0);
    }
}
