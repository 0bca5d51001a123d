/* ROC curve: group the scores by value (by hashing when they have many ties,
 * by sorting otherwise), then sweep the groups from the highest score down.
 *
 * Memory: the result is three vectors of one element per distinct score
 * (plus the first point at +Inf), and nothing of the input's length is
 * returned.  While sorting, the keys take 8 bytes per case; they are
 * released before the last output vector is allocated, so that the peak stays
 * at about three doubles per case whatever the ties. */
#include "sdsante.h"
#include <R_ext/Memory.h>

/* The curve is written straight into the result: `threshold` holds the
 * distinct scores from the highest down, after a first point at +Inf, and
 * `tp` / `fp` first hold how many positive / negative cases have each score;
 * sweep() then turns these counts into running totals. */
typedef struct {
    R_xlen_t n_points;
    double *threshold;
    double *tp;
    double *fp;
} roc_points;

/* The input pairs, and which class code is positive, which negative. */
typedef struct {
    const int *truth;
    const double *score;
    R_xlen_t n;
    int positive;
    int negative;
} roc_input;

/* 1 for a positive case, 0 for a negative one, -1 for a pair left out (a
 * missing class or score); an error for NaN, infinite scores or a code that
 * is neither class. */
static inline int checked_class(const roc_input *in, R_xlen_t i)
{
    int t = in->truth[i];
    double s = in->score[i];
    if (t == NA_INTEGER) return -1;
    if (ISNAN(s)) {
        if (R_IsNA(s)) return -1;
        Rf_error(_("'score' must not hold NaN (position %.0f); use NA for a missing score"),
                 (double) i + 1);
    }
    if (!R_FINITE(s))
        Rf_error(_("'score' must hold finite numbers; position %.0f is infinite"),
                 (double) i + 1);
    if (t == in->positive) return 1;
    if (t == in->negative) return 0;
    Rf_error(_("'truth' holds an invalid factor code at position %.0f: rebuild it with factor()"),
             (double) i + 1);
    return -1;
}

/* Scores with many ties (rounded values, grades, counts): one pass through a
 * small hash table keyed by the score gives the groups, and only the distinct
 * values need sorting; no key of the input's length is made.  Gives up
 * (returns FALSE) past MAX_HASHED_DISTINCT values, or when the first rows are
 * mostly distinct, where sorting is the better tool. */
#define MAX_HASHED_DISTINCT 65536
/* A probe of the table: a few operations and, in a large table, a cache miss
 * (SDS_WORK_PER_POLL / HASH_PROBE_WORK = 2^20 probes between polls). */
#define HASH_PROBE_WORK (SDS_WORK_PER_POLL / 1048576.0)
typedef struct {
    R_xlen_t n_distinct;
    uint64_t *key;        /* distinct keys, ascending */
    double *n_positive;   /* per distinct key */
    double *n_negative;
    R_xlen_t total[2];    /* cases: [0] negative, [1] positive */
} hashed_groups;

static Rboolean group_by_hashing(const roc_input *in, hashed_groups *out)
{
    R_xlen_t n = in->n;
    R_xlen_t max_distinct = n < MAX_HASHED_DISTINCT ? n : MAX_HASHED_DISTINCT;
    int bits = 1;
    while (((R_xlen_t) 1 << bits) < 2 * max_distinct) bits++;
    R_xlen_t capacity = (R_xlen_t) 1 << bits;
    uint64_t *slot_key = (uint64_t *) R_alloc((size_t) capacity, sizeof(uint64_t));
    double *slot_count[2];   /* [0]: negatives, [1]: positives */
    slot_count[0] = (double *) R_alloc((size_t) capacity, sizeof(double));
    slot_count[1] = (double *) R_alloc((size_t) capacity, sizeof(double));
    memset(slot_key, 0, (size_t) capacity * sizeof(uint64_t));   /* 0 is no finite score's key */
    R_xlen_t distinct = 0, seen = 0;
    out->total[0] = out->total[1] = 0;
    sds_poller poll = SDS_POLLER;
    for (R_xlen_t i = 0; i < in->n; i++) {
        int cls = checked_class(in, i);
        if (cls < 0) continue;
        uint64_t key = sds_double_key(in->score[i]);
        R_xlen_t s = (R_xlen_t) ((key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - bits));
        double probes = 1.0;
        while (slot_key[s] != 0 && slot_key[s] != key) {
            s = (s + 1) & (capacity - 1);
            probes++;
        }
        if (slot_key[s] == 0) {
            /* Many distinct values early on: stop at once, sorting will be faster. */
            if (++distinct > max_distinct || (seen == 8192 && distinct > 4096)) return FALSE;
            slot_key[s] = key;
            slot_count[0][s] = 0.0;
            slot_count[1][s] = 0.0;
        }
        slot_count[cls][s]++;
        out->total[cls]++;
        seen++;
        sds_poll(&poll, HASH_PROBE_WORK * probes);
    }
    uint64_t *slot_of = (uint64_t *) R_alloc((size_t) distinct, sizeof(uint64_t));
    out->n_distinct = distinct;
    out->key = (uint64_t *) R_alloc((size_t) distinct, sizeof(uint64_t));
    out->n_positive = (double *) R_alloc((size_t) distinct, sizeof(double));
    out->n_negative = (double *) R_alloc((size_t) distinct, sizeof(double));
    R_xlen_t j = 0;
    for (R_xlen_t s = 0; s < capacity; s++)
        if (slot_key[s] != 0) {
            out->key[j] = slot_key[s];
            slot_of[j++] = (uint64_t) s;
        }
    sds_radix_sort(out->key, slot_of, distinct);
    for (j = 0; j < distinct; j++) {
        out->n_positive[j] = slot_count[1][slot_of[j]];
        out->n_negative[j] = slot_count[0][slot_of[j]];
    }
    return TRUE;
}

static void fill_from_hashed(const hashed_groups *g, roc_points *pts)
{
    for (R_xlen_t p = 1; p < pts->n_points; p++) {
        R_xlen_t j = g->n_distinct - p;      /* from the highest score down */
        pts->threshold[p] = sds_key_double(g->key[j]);
        pts->tp[p] = g->n_positive[j];
        pts->fp[p] = g->n_negative[j];
    }
}

/* Mostly distinct scores: the keys of the positive cases, then those of the
 * negative cases, in one array, each run sorted (radix sorts with no payload
 * to carry); the groups of equal scores are then read by merging the two
 * sorted runs, once to count them and once, from the top, to fill the curve.
 * The array is malloc'ed, held by an external pointer whose finalizer frees
 * it after an error or an interrupt, and freed as soon as the curve is
 * filled, before the last output vector is allocated. */
typedef struct {
    uint64_t *positive;
    uint64_t *negative;
    R_xlen_t n_positive;
    R_xlen_t n_negative;
} class_keys;

static void release_keys(SEXP holder)
{
    uint64_t *keys = (uint64_t *) R_ExternalPtrAddr(holder);
    if (keys) {
        R_Free(keys);
        R_ClearExternalPtr(holder);
    }
}

static class_keys sorted_class_keys(const roc_input *in, SEXP holder)
{
    class_keys k;
    R_xlen_t n = in->n > 0 ? in->n : 1;
    uint64_t *keys = R_Calloc((size_t) n, uint64_t);
    R_SetExternalPtrAddr(holder, keys);
    /* positives from the front, negatives from the back */
    R_xlen_t a = 0, b = 0;
    for (R_xlen_t i = 0; i < in->n; i++) {
        int cls = checked_class(in, i);
        if (cls == 1) keys[a++] = sds_double_key(in->score[i]);
        else if (cls == 0) keys[n - 1 - b++] = sds_double_key(in->score[i]);
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
    }
    k.positive = keys;
    k.n_positive = a;
    k.negative = keys + (n - b);
    k.n_negative = b;
    sds_radix_sort(k.positive, NULL, k.n_positive);
    sds_radix_sort(k.negative, NULL, k.n_negative);
    return k;
}

static R_xlen_t count_sorted_groups(const class_keys *k)
{
    const uint64_t *pos = k->positive, *neg = k->negative;
    R_xlen_t a = 0, b = 0, groups = 0;
    while (a < k->n_positive || b < k->n_negative) {
        uint64_t lowest = (b >= k->n_negative || (a < k->n_positive && pos[a] < neg[b]))
                          ? pos[a] : neg[b];
        while (a < k->n_positive && pos[a] == lowest) a++;
        while (b < k->n_negative && neg[b] == lowest) b++;
        groups++;
        if (SDS_INTERRUPT_EVERY(groups)) R_CheckUserInterrupt();
    }
    return groups;
}

/* Fill the thresholds and the number of positive and negative cases at each.
 * With fewer than 2^32 cases both numbers fit in one 64-bit word, kept in
 * `packed` (the memory of the sensitivity vector) until the keys are freed;
 * otherwise `pts->fp` is already allocated and `packed` is NULL. */
#define PACK_SHIFT 32
static void fill_from_sorted(const class_keys *k, roc_points *pts, uint64_t *packed)
{
    const uint64_t *pos = k->positive, *neg = k->negative;
    R_xlen_t a = k->n_positive - 1, b = k->n_negative - 1;
    for (R_xlen_t p = 1; p < pts->n_points; p++) {
        uint64_t highest = (b < 0 || (a >= 0 && pos[a] > neg[b])) ? pos[a] : neg[b];
        uint64_t here_pos = 0, here_neg = 0;
        while (a >= 0 && pos[a] == highest) { here_pos++; a--; }
        while (b >= 0 && neg[b] == highest) { here_neg++; b--; }
        pts->threshold[p] = sds_key_double(highest);
        if (packed) {
            packed[p] = (here_pos << PACK_SHIFT) | here_neg;
        } else {
            pts->tp[p] = (double) here_pos;
            pts->fp[p] = (double) here_neg;
        }
        if (SDS_INTERRUPT_EVERY(p)) R_CheckUserInterrupt();
    }
}

static void unpack_counts(roc_points *pts)
{
    uint64_t *packed = (uint64_t *) pts->tp;
    for (R_xlen_t p = 1; p < pts->n_points; p++) {
        uint64_t word = packed[p];
        pts->fp[p] = (double) (word & ((UINT64_C(1) << PACK_SHIFT) - 1));
        pts->tp[p] = (double) (word >> PACK_SHIFT);   /* same memory: written last */
        if (SDS_INTERRUPT_EVERY(p)) R_CheckUserInterrupt();
    }
}

/* R checks it first (check_roc_scores()); kept here so that the sweep never
 * divides by zero. */
static void check_both_classes(R_xlen_t n_positive, R_xlen_t n_negative)
{
    if (n_positive < 1 || n_negative < 1)
        Rf_error(_("a ROC curve needs at least one positive and one negative case with a score"));
}

/* The sweep: turn the per-score counts into running totals, so that point p
 * counts the true and false positives among scores >= threshold[p].  The AUC
 * is the Mann-Whitney statistic (a tied positive/negative pair counts 1/2),
 * summed score by score; DeLong's variance uses the placement values of each
 * positive (share of negatives below it, ties 1/2) and each negative (share
 * of positives above it), which are equal among tied cases. */
static void sweep(roc_points *pts, double n_pos, double n_neg, double *auc, double *var_auc)
{
    double *tp = pts->tp, *fp = pts->fp;
    pts->threshold[0] = R_PosInf; tp[0] = 0.0; fp[0] = 0.0;
    /* Twice the Mann-Whitney count is a whole number: summed exactly in 64 bits. */
    uint64_t twice_pairs = 0;
    for (R_xlen_t p = 1; p < pts->n_points; p++) {
        double pos_here = tp[p], neg_here = fp[p];
        tp[p] += tp[p - 1];
        fp[p] += fp[p - 1];
        twice_pairs += (uint64_t) pos_here * (2 * (uint64_t) (n_neg - fp[p]) + (uint64_t) neg_here);
        if (SDS_INTERRUPT_EVERY(p)) R_CheckUserInterrupt();
    }
    double theta = (double) twice_pairs / (2.0 * n_pos * n_neg);
    *auc = theta;
    if (n_pos <= 1 || n_neg <= 1) {   /* DeLong's variance needs two of each */
        *var_auc = NA_REAL;
        return;
    }
    double s10 = 0.0, s01 = 0.0;
    for (R_xlen_t p = 1; p < pts->n_points; p++) {
        double pos_here = tp[p] - tp[p - 1], neg_here = fp[p] - fp[p - 1];
        double v10 = ((n_neg - fp[p]) + 0.5 * neg_here) / n_neg;  /* a positive's placement */
        double v01 = (tp[p - 1] + 0.5 * pos_here) / n_pos;        /* a negative's placement */
        s10 += pos_here * (v10 - theta) * (v10 - theta);
        s01 += neg_here * (v01 - theta) * (v01 - theta);
        if (SDS_INTERRUPT_EVERY(p)) R_CheckUserInterrupt();
    }
    *var_auc = s10 / (n_pos - 1) / n_pos + s01 / (n_neg - 1) / n_neg;
}

/* The curve from the hashed groups: the three vectors allocated into
 * `result` at their final length, then filled. */
static void curve_from_hashed(const hashed_groups *g, SEXP result, roc_points *pts)
{
    check_both_classes(g->total[1], g->total[0]);
    pts->n_points = 1 + g->n_distinct;
    for (int v = 0; v < 3; v++)
        SET_VECTOR_ELT(result, v, Rf_allocVector(REALSXP, pts->n_points));
    pts->threshold = REAL(VECTOR_ELT(result, 0));
    pts->tp = REAL(VECTOR_ELT(result, 1));
    pts->fp = REAL(VECTOR_ELT(result, 2));
    fill_from_hashed(g, pts);
}

/* Past this many cases, the dead sort scratch is collected at once rather
 * than whenever R next needs memory, so that it never adds to the peak (one
 * garbage collection, a few hundredths of a second). */
#define COLLECT_ABOVE ((R_xlen_t) 1 << 22)

/* The curve from the sorted keys, with the peak memory of the file's header:
 * the sorts' scratch (R_alloc'ed after `scratch`) is dropped and collected
 * before the output is allocated; with fewer than 2^32 cases the counts are
 * packed into the second vector, and the keys (held by `holder`) freed
 * before the third is allocated. */
static void curve_from_sorted(const roc_input *in, SEXP holder, const void *scratch,
                              SEXP result, roc_points *pts, R_xlen_t total[2])
{
    class_keys keys = sorted_class_keys(in, holder);
    total[1] = keys.n_positive;
    total[0] = keys.n_negative;
    check_both_classes(keys.n_positive, keys.n_negative);
    vmaxset(scratch);
    if (keys.n_positive + keys.n_negative > COLLECT_ABOVE) R_gc();
    pts->n_points = 1 + count_sorted_groups(&keys);
    Rboolean pack = keys.n_positive + keys.n_negative < ((R_xlen_t) 1 << PACK_SHIFT);
    for (int v = 0; v < (pack ? 2 : 3); v++)
        SET_VECTOR_ELT(result, v, Rf_allocVector(REALSXP, pts->n_points));
    pts->threshold = REAL(VECTOR_ELT(result, 0));
    pts->tp = REAL(VECTOR_ELT(result, 1));
    pts->fp = pack ? NULL : REAL(VECTOR_ELT(result, 2));
    fill_from_sorted(&keys, pts, pack ? (uint64_t *) pts->tp : NULL);
    release_keys(holder);   /* before the third vector */
    if (pack) {
        SET_VECTOR_ELT(result, 2, Rf_allocVector(REALSXP, pts->n_points));
        pts->fp = REAL(VECTOR_ELT(result, 2));
        unpack_counts(pts);
    }
}

/* .Call entry: truth (integer class codes), the codes of the positive and the
 * negative class, score (double, checked in R: NA or finite).  The groups of
 * equal scores come from hashing when there are many ties, from sorting
 * otherwise; then the sweep, and the counts become proportions. */
SEXP sds_roc_sweep(SEXP truth, SEXP positive_code, SEXP negative_code, SEXP score)
{
    if (TYPEOF(truth) != INTSXP || TYPEOF(score) != REALSXP ||
        TYPEOF(positive_code) != INTSXP || XLENGTH(positive_code) != 1 ||
        TYPEOF(negative_code) != INTSXP || XLENGTH(negative_code) != 1)
        Rf_error(_("internal error: the ROC sweep needs integer classes and double scores"));
    R_xlen_t n = XLENGTH(score);
    if (XLENGTH(truth) != n)
        Rf_error(_("'truth' and 'score' must have the same length"));
    roc_input in = {.truth = INTEGER(truth), .score = REAL(score), .n = n,
                    .positive = INTEGER(positive_code)[0],
                    .negative = INTEGER(negative_code)[0]};
    const char *names[] = {"thresholds", "sensitivity", "specificity", "auc", "var_auc",
                           "n_positive", "n_negative", "n_missing", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SEXP holder = PROTECT(R_MakeExternalPtr(NULL, R_NilValue, R_NilValue));
    R_RegisterCFinalizerEx(holder, release_keys, TRUE);
    roc_points pts;
    R_xlen_t total[2];   /* cases with a score: [0] negative, [1] positive */
    const void *scratch = vmaxget();
    hashed_groups hashed;
    if (group_by_hashing(&in, &hashed)) {
        total[0] = hashed.total[0];
        total[1] = hashed.total[1];
        curve_from_hashed(&hashed, result, &pts);
    } else {
        vmaxset(scratch);   /* the hash table is no longer needed */
        curve_from_sorted(&in, holder, scratch, result, &pts, total);
    }
    double n_pos = (double) total[1], n_neg = (double) total[0];
    double auc, var_auc;
    sweep(&pts, n_pos, n_neg, &auc, &var_auc);
    for (R_xlen_t p = 0; p < pts.n_points; p++) {
        pts.tp[p] /= n_pos;                   /* now the sensitivity */
        pts.fp[p] = 1.0 - pts.fp[p] / n_neg;  /* now the specificity */
    }
    SET_VECTOR_ELT(result, 3, Rf_ScalarReal(auc));
    SET_VECTOR_ELT(result, 4, Rf_ScalarReal(var_auc));
    SET_VECTOR_ELT(result, 5, Rf_ScalarReal(n_pos));
    SET_VECTOR_ELT(result, 6, Rf_ScalarReal(n_neg));
    SET_VECTOR_ELT(result, 7, Rf_ScalarReal((double) (n - total[0] - total[1])));
    UNPROTECT(2);
    return result;
}
