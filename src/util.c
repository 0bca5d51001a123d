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

/* ---------------------------------------------------------------------------
 * Text columns.  R/checks_columns.R's check_text_input() makes every string valid
 * UTF-8, marked as such when not ASCII (as enc2utf8() marks it).  Done in R
 * over a few million strings, Encoding(), validUTF8() and enc2utf8() cost
 * far more than the work on the column, and never poll for an interrupt;
 * here each distinct string (one CHARSXP in R's cache) is looked at once,
 * through a small table keyed by its address, and the loop polls. */

/* 1 if s is valid UTF-8 (no overlong forms, no surrogates, at most
 * U+10FFFF), as validUTF8() decides. */
static int valid_utf8(const unsigned char *s, R_xlen_t len)
{
    R_xlen_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        int more;
        unsigned int cp;
        if (c >= 0xC2 && c <= 0xDF) { more = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { more = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { more = 3; cp = c & 0x07; }
        else return 0;
        for (int m = 1; m <= more; m++) {
            if (i + m >= len || (s[i + m] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + m] & 0x3F);
        }
        if ((more == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += more + 1;
    }
    return 1;
}

static int is_ascii(const unsigned char *s, R_xlen_t len)
{
    for (R_xlen_t i = 0; i < len; i++)
        if (s[i] >= 0x80) return 0;
    return 1;
}

/* What a (non-missing) string needs: SDS_TEXT_* in sdsante.h.  Also used by
 * src/rules_eval.c, which checks the strings of a rule's column as it reads them. */
int sds_text_verdict(SEXP s, int utf8_locale)
{
    const unsigned char *bytes = (const unsigned char *) CHAR(s);
    R_xlen_t len = XLENGTH(s);
    cetype_t ce = Rf_getCharCE(s);
    if (ce == CE_UTF8) return valid_utf8(bytes, len) ? SDS_TEXT_OK : SDS_TEXT_INVALID;
    if (ce != CE_NATIVE) return SDS_TEXT_OTHER;          /* Latin-1 or bytes: R translates */
    if (is_ascii(bytes, len)) return SDS_TEXT_OK;
    if (!utf8_locale) return SDS_TEXT_OTHER;               /* native, not UTF-8: R translates */
    return valid_utf8(bytes, len) ? SDS_TEXT_MARK : SDS_TEXT_INVALID;
}

#define TEXT_TABLE_BITS 12

/* .Call entry: a look at a character vector x.  Returns a list:
 * `status` 0 when every string is NA, ASCII, or valid UTF-8 (marked UTF-8,
 * or native in a UTF-8 locale: `x` is then the vector with those marked
 * UTF-8, a copy only if there are any), 1 when some string is Latin-1,
 * "bytes", or native non-ASCII outside a UTF-8 locale (R's own translation
 * then runs); `first_invalid` the 1-based position of the first native
 * string that is not valid UTF-8, else of the first UTF-8 one, 0 if none
 * (status 0 only); `first_text` the position of the first string that is
 * neither NA nor empty, 0 if none. */
SEXP sds_text_scan(SEXP x, SEXP utf8_locale)
{
    if (TYPEOF(x) != STRSXP)
        Rf_error(_("internal error: the text scan needs a character vector"));
    const R_xlen_t n = XLENGTH(x);
    const int utf8 = Rf_asLogical(utf8_locale) == TRUE;
    const R_xlen_t slots = (R_xlen_t) 1 << TEXT_TABLE_BITS;
    SEXP *seen = (SEXP *) R_alloc((size_t) slots, sizeof(SEXP));
    SEXP *marked = (SEXP *) R_alloc((size_t) slots, sizeof(SEXP));   /* SDS_TEXT_MARK: the marked copy */
    unsigned char *verdict = (unsigned char *) R_alloc((size_t) slots, 1);
    for (R_xlen_t s = 0; s < slots; s++) seen[s] = marked[s] = NULL;
    const SEXP *elt = STRING_PTR_RO(x);
    SEXP out = PROTECT(x);
    int copied = 0, status = 0;
    R_xlen_t first_text = 0, bad_native = 0, bad_utf8 = 0;
    for (R_xlen_t i = 0; i < n && first_text == 0; i++)
        if (elt[i] != NA_STRING && LENGTH(elt[i]) > 0) first_text = i + 1;
    const SEXP na = NA_STRING;
    for (R_xlen_t block = 0; block < n && status == 0; block += SDS_BLOCK) {
        R_xlen_t end = block + SDS_BLOCK < n ? block + SDS_BLOCK : n;
        for (R_xlen_t i = block; i < end; i++) {
            SEXP s = elt[i];
            if (s == na) continue;
            size_t slot = sds_address_slot(s, TEXT_TABLE_BITS);
            if (seen[slot] == s && verdict[slot] == SDS_TEXT_OK) continue;   /* the usual case */
            if (seen[slot] != s) {
                seen[slot] = s;
                verdict[slot] = (unsigned char) sds_text_verdict(s, utf8);
                marked[slot] = NULL;
            }
            int v = verdict[slot];
            if (v == SDS_TEXT_OK) continue;
            if (v == SDS_TEXT_OTHER) { status = 1; break; }
            if (v == SDS_TEXT_INVALID) {
                if (Rf_getCharCE(s) == CE_NATIVE) { if (!bad_native) bad_native = i + 1; }
                else if (!bad_utf8) bad_utf8 = i + 1;
                continue;
            }
            /* SDS_TEXT_MARK: the same bytes, marked UTF-8, as enc2utf8() gives */
            if (!copied) {
                out = Rf_duplicate(x);
                UNPROTECT(1);
                PROTECT(out);
                copied = 1;
            }
            /* (a marked string kept in the table is protected by `out`) */
            if (!marked[slot]) marked[slot] = Rf_mkCharLenCE(CHAR(s), LENGTH(s), CE_UTF8);
            SET_STRING_ELT(out, i, marked[slot]);
        }
        R_CheckUserInterrupt();
    }
    const char *names[] = {"status", "x", "first_invalid", "first_text", ""};
    SEXP result = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(result, 0, Rf_ScalarInteger(status));
    SET_VECTOR_ELT(result, 1, status == 0 ? out : x);
    SET_VECTOR_ELT(result, 2, Rf_ScalarReal(status ? 0.0 : (double) (bad_native ? bad_native : bad_utf8)));
    SET_VECTOR_ELT(result, 3, Rf_ScalarReal((double) first_text));
    UNPROTECT(2);
    return result;
}

/* Distinct strings and their codes, for text predictors (learn_rules()):
 * after check_text_input() equal strings are one CHARSXP, so a string is
 * known by its address.  An open-addressing table of addresses, sized for
 * `cap` distinct strings (grown by doubling); the loops poll. */
typedef struct {
    SEXP *key;
    int *code;           /* 1-based, 0 for an empty slot */
    R_xlen_t mask;
} text_table;

static R_xlen_t text_slot(const text_table *t, SEXP s)
{
    R_xlen_t slot = (R_xlen_t) ((((uintptr_t) s >> 4) * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & t->mask;
    while (t->code[slot] != 0 && t->key[slot] != s) slot = (slot + 1) & t->mask;
    return slot;
}

static text_table text_table_new(R_xlen_t slots)
{
    text_table t = {.key = (SEXP *) R_alloc((size_t) slots, sizeof(SEXP)),
                    .code = (int *) R_alloc((size_t) slots, sizeof(int)), .mask = slots - 1};
    memset(t.code, 0, (size_t) slots * sizeof(int));
    return t;
}

/* .Call entry: the distinct strings of x (NA left out) among the elements
 * where `keep` (a logical vector, or NULL for all) is TRUE, in order of first
 * appearance. */
SEXP sds_text_levels(SEXP x, SEXP keep)
{
    if (TYPEOF(x) != STRSXP || (!Rf_isNull(keep) && (TYPEOF(keep) != LGLSXP ||
                                                     XLENGTH(keep) != XLENGTH(x))))
        Rf_error(_("internal error: the text levels need a character vector"));
    const R_xlen_t n = XLENGTH(x);
    const SEXP *elt = STRING_PTR_RO(x);
    const int *use = Rf_isNull(keep) ? NULL : LOGICAL_RO(keep);
    R_xlen_t slots = 1024, found = 0;
    text_table t = text_table_new(slots);
    SEXP *order = (SEXP *) R_alloc((size_t) slots / 2, sizeof(SEXP));
    for (R_xlen_t i = 0; i < n; i++) {
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
        SEXP s = elt[i];
        if (s == NA_STRING || (use && use[i] != TRUE)) continue;
        R_xlen_t slot = text_slot(&t, s);
        if (t.code[slot] != 0) continue;
        if (found + 1 > slots / 2) {   /* at most half full: twice the room */
            text_table bigger = text_table_new(2 * slots);
            SEXP *more = (SEXP *) R_alloc((size_t) slots, sizeof(SEXP));
            memcpy(more, order, (size_t) found * sizeof(SEXP));
            for (R_xlen_t f = 0; f < found; f++) {
                R_xlen_t b = text_slot(&bigger, more[f]);
                bigger.key[b] = more[f];
                bigger.code[b] = (int) f + 1;
            }
            t = bigger;
            order = more;
            slots *= 2;
            slot = text_slot(&t, s);
        }
        t.key[slot] = s;
        t.code[slot] = (int) ++found;
        order[found - 1] = s;
    }
    SEXP result = PROTECT(Rf_allocVector(STRSXP, found));
    for (R_xlen_t f = 0; f < found; f++) SET_STRING_ELT(result, f, order[f]);
    UNPROTECT(1);
    return result;
}

/* .Call entry: the position of each string of x in `levels` (distinct
 * strings), NA when absent or NA: match(x, levels) for strings that
 * check_text_input() has made one CHARSXP per text. */
SEXP sds_text_match(SEXP x, SEXP levels)
{
    if (TYPEOF(x) != STRSXP || TYPEOF(levels) != STRSXP || XLENGTH(levels) >= INT_MAX)
        Rf_error(_("internal error: the text codes need character vectors"));
    const R_xlen_t n = XLENGTH(x), m = XLENGTH(levels);
    R_xlen_t slots = 16;
    while (slots < 2 * m) slots *= 2;
    text_table t = text_table_new(slots);
    for (R_xlen_t l = 0; l < m; l++) {
        SEXP s = STRING_ELT(levels, l);
        R_xlen_t slot = text_slot(&t, s);
        t.key[slot] = s;
        t.code[slot] = (int) l + 1;
    }
    SEXP result = PROTECT(Rf_allocVector(INTSXP, n));
    int *code = INTEGER(result);
    const SEXP *elt = STRING_PTR_RO(x);
    for (R_xlen_t i = 0; i < n; i++) {
        if (SDS_INTERRUPT_EVERY(i)) R_CheckUserInterrupt();
        SEXP s = elt[i];
        int c = s == NA_STRING ? 0 : t.code[text_slot(&t, s)];
        code[i] = c > 0 ? c : NA_INTEGER;
    }
    UNPROTECT(1);
    return result;
}
