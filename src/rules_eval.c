/* Rule lists: the evaluator (see rules.h for the types, rules.c for the
 * .Call entry).  The rows are processed block by block, rule by rule: a row
 * that a rule decides takes that rule's verdict and no later rule changes it.
 * While many rows of a block are undecided a rule runs over the whole block in
 * contiguous (vectorisable) loops; once few are left it runs over those rows
 * only, gathered through a selection vector.  Either way there is no R call
 * per row. */
#include "rules.h"
#include <limits.h>
#include <math.h>
#include <string.h>

enum { V_FALSE = 0, V_NA = 1, V_TRUE = 2 };

/* Loops over the rows of a block are written so that they can run as SIMD
 * instructions; R builds packages at -O2, where GCC rarely vectorises a loop
 * by itself, so ask for it with OpenMP's simd (the package is compiled with
 * $(SHLIB_OPENMP_CFLAGS); without OpenMP the loops are plain loops). */
#ifdef _OPENMP
#define SIMD _Pragma("omp simd")
#define SIMD_COUNT _Pragma("omp simd reduction(+:left, late, hits)")
#define SIMD_COUNT_DEFAULT _Pragma("omp simd reduction(+:to_default)")
#define SIMD_COUNT_ONLY _Pragma("omp simd reduction(+:left, hits, to_default)")
#else
#define SIMD
#define SIMD_COUNT
#define SIMD_COUNT_DEFAULT
#define SIMD_COUNT_ONLY
#endif

/* Rows per block: small enough for the truth-value stack to stay in cache. */
#define BLOCK 2048

/* ---- leaves: one truth value per row ------------------------------------- */

/* A leaf runs over n rows of the block: the rows sel[0 .. n) when `sel` is
 * given (few rows are left), else rows 0 .. n, whose contiguous loops the
 * compiler can vectorise.  BODY reads row i and writes out[k]. */
#define ROWS(BODY)                                                           \
    do {                                                                     \
        if (sel) { for (int k = 0; k < n; k++) { int i = sel[k]; BODY } }    \
        else     { SIMD for (int k = 0; k < n; k++) { int i = k; BODY } }    \
    } while (0)

/* V_NA if missing, else V_TRUE or V_FALSE; written without a branch, so that
 * the loops vectorise (a branch around a comparison of doubles, which may
 * trap on NaN, stops GCC from turning it into a select). */
#define TRUTH(IS_MISSING, TEST) \
    ((uint8_t) (((IS_MISSING) != 0) | ((((TEST) != 0) & ((IS_MISSING) == 0)) << 1)))

static void compare_real(const double *x, const int *sel, int n, int op, double c,
                         uint8_t *out)
{
    switch (op) {
    case OP_LT: ROWS(double v = x[i]; out[k] = TRUTH(ISNAN(v), v < c);); break;
    case OP_LE: ROWS(double v = x[i]; out[k] = TRUTH(ISNAN(v), v <= c);); break;
    case OP_GT: ROWS(double v = x[i]; out[k] = TRUTH(ISNAN(v), v > c);); break;
    case OP_GE: ROWS(double v = x[i]; out[k] = TRUTH(ISNAN(v), v >= c);); break;
    case OP_EQ: ROWS(double v = x[i]; out[k] = TRUTH(ISNAN(v), v == c);); break;
    case OP_NE: ROWS(double v = x[i]; out[k] = TRUTH(ISNAN(v), v != c);); break;
    }
}

/* Integer, factor-code and logical columns.  The double constant becomes an
 * integer bound with the same meaning (v >= 1.5 is v >= 2), clamped to the
 * range of int; an equality with a fractional or out-of-range number never
 * holds. */
static void compare_int(const int *x, const int *sel, int n, int op, double c,
                        uint8_t *out)
{
    int never = 0, always = 0, b = 0;
    double bound = (op == OP_GE || op == OP_LT) ? ceil(c) :
                   (op == OP_GT || op == OP_LE) ? floor(c) : c;
    if (op == OP_EQ || op == OP_NE) {
        if (bound != floor(bound) || fabs(bound) > INT_MAX) {
            never = op == OP_EQ;
            always = op == OP_NE;
        }
    } else if (bound > INT_MAX) {
        never = op == OP_GE || op == OP_GT;
        always = !never;
    } else if (bound < -INT_MAX) {    /* every non-missing int is >= -INT_MAX */
        always = op == OP_GE || op == OP_GT;
        never = !always;
    }
    if (never || always) {
        uint8_t t = always ? V_TRUE : V_FALSE;
        ROWS(out[k] = TRUTH(x[i] == NA_INTEGER, t == V_TRUE););
        return;
    }
    b = (int) bound;
    switch (op) {
    case OP_LT: ROWS(int v = x[i]; out[k] = TRUTH(v == NA_INTEGER, v < b);); break;
    case OP_LE: ROWS(int v = x[i]; out[k] = TRUTH(v == NA_INTEGER, v <= b);); break;
    case OP_GT: ROWS(int v = x[i]; out[k] = TRUTH(v == NA_INTEGER, v > b);); break;
    case OP_GE: ROWS(int v = x[i]; out[k] = TRUTH(v == NA_INTEGER, v >= b);); break;
    case OP_EQ: ROWS(int v = x[i]; out[k] = TRUTH(v == NA_INTEGER, v == b);); break;
    case OP_NE: ROWS(int v = x[i]; out[k] = TRUTH(v == NA_INTEGER, v != b);); break;
    }
}

/* Is v in the sorted set?  A short set is scanned, a long one bisected. */
static int in_sorted(double v, const double *set, int length)
{
    if (length <= 8) {
        for (int j = 0; j < length; j++)
            if (set[j] == v) return 1;
        return 0;
    }
    int lo = 0, hi = length - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (set[mid] < v) lo = mid + 1;
        else if (set[mid] > v) hi = mid - 1;
        else return 1;
    }
    return 0;
}

/* As R's %in%: a missing value is in the set only when NA is (a NaN never is:
 * sets hold no NaN), and the answer is never NA. */
static void in_real(const double *x, const int *sel, int n, const double *set, int length,
                    int na_in_set, uint8_t *out)
{
    ROWS(double v = x[i];
         int hit = ISNAN(v) ? (na_in_set && R_IsNA(v)) : in_sorted(v, set, length);
         out[k] = (uint8_t) (hit ? V_TRUE : V_FALSE););
}

static void in_int(const int *x, const int *sel, int n, const double *set, int length,
                   int na_in_set, uint8_t *out)
{
    ROWS(int v = x[i];
         int hit = v == NA_INTEGER ? na_in_set : in_sorted((double) v, set, length);
         out[k] = (uint8_t) (hit ? V_TRUE : V_FALSE););
}

/* Strings reach the leaves as UTF-8 bytes: R's check_text_input() marks
 * every non-ASCII string UTF-8, and check_text() below lets through only
 * ASCII strings, valid UTF-8 marked as such, and native strings that are
 * valid UTF-8 in a UTF-8 locale.  R keeps one copy of each string per
 * encoding mark, so equal pointers mean equal strings, and an ASCII constant
 * can only equal that very copy.  A non-ASCII constant (marked UTF-8) can
 * also equal the same bytes marked native: compared byte for byte when the
 * pointers differ.  No R call that could allocate: CHAR() and LENGTH() only
 * read.  Plain loops (the byte comparison does not vectorise). */
#define ROWS_PLAIN(BODY)                                                     \
    do {                                                                     \
        for (int k = 0; k < n; k++) { int i = sel ? sel[k] : k; BODY }       \
    } while (0)

static int same_bytes(SEXP s, SEXP c)
{
    return LENGTH(s) == LENGTH(c) && memcmp(CHAR(s), CHAR(c), (size_t) LENGTH(c)) == 0;
}

/* Is the (non-missing) string s among the `length` constants? */
static int string_in(SEXP s, const SEXP *set, const int *ascii, int length,
                     int any_non_ascii)
{
    for (int j = 0; j < length; j++)
        if (s == set[j]) return 1;
    if (!any_non_ascii) return 0;
    for (int j = 0; j < length; j++)
        if (!ascii[j] && same_bytes(s, set[j])) return 1;
    return 0;
}

static void compare_string(const SEXP *x, const int *sel, int n, int op, SEXP c,
                           int c_ascii, uint8_t *out)
{
    const SEXP na = NA_STRING;
    const uint8_t equal = op == OP_EQ ? V_TRUE : V_FALSE;
    const uint8_t differ = (uint8_t) (V_TRUE - equal);
    if (c_ascii) {   /* one address per ASCII string: compared by address alone */
        /* (the addresses as integers: GCC has no vector type for pointers) */
        const uintptr_t na_address = (uintptr_t) na, c_address = (uintptr_t) c;
        const int ne = op == OP_NE;
        ROWS(uintptr_t s; memcpy(&s, x + i, sizeof s);
             out[k] = TRUTH(s == na_address, (s == c_address) ^ ne););
        return;
    }
    ROWS_PLAIN(SEXP s = x[i];
               out[k] = s == na ? V_NA : (s == c || same_bytes(s, c)) ? equal : differ;);
}

static void in_string(const SEXP *x, const int *sel, int n, const SEXP *set,
                      const int *ascii, int length, int na_in_set, uint8_t *out)
{
    const SEXP na = NA_STRING;
    int any_non_ascii = 0;
    for (int j = 0; j < length; j++) any_non_ascii |= !ascii[j];
    ROWS_PLAIN(SEXP s = x[i];
               int hit = s == na ? na_in_set :
                         string_in(s, set, ascii, length, any_non_ascii);
               out[k] = (uint8_t) (hit ? V_TRUE : V_FALSE););
}

static void is_missing(const column *col, R_xlen_t base, const int *sel, int n,
                       uint8_t *out)
{
    if (col->type == REALSXP) {
        const double *x = col->real + base;
        ROWS(out[k] = (uint8_t) (ISNAN(x[i]) ? V_TRUE : V_FALSE););
    } else if (col->type == STRSXP) {
        const SEXP *x = col->string + base;
        ROWS(out[k] = (uint8_t) (x[i] == NA_STRING ? V_TRUE : V_FALSE););
    } else {
        const int *x = col->integer + base;
        ROWS(out[k] = (uint8_t) (x[i] == NA_INTEGER ? V_TRUE : V_FALSE););
    }
}

/* One leaf over rows of the block starting at row `base`. */
static void eval_leaf(const program *p, const instruction *ins, R_xlen_t base,
                      const int *sel, int n, uint8_t *out)
{
    if (ins->op == OP_CONST) {
        memset(out, ins->flag ? V_TRUE : V_FALSE, (size_t) n);
        return;
    }
    const column *col = &p->columns[ins->column];
    switch (ins->op) {
    case OP_ISNA:
        is_missing(col, base, sel, n, out);
        return;
    case OP_TRUTH: {
        const int *x = col->integer + base;
        ROWS(int v = x[i]; out[k] = TRUTH(v == NA_LOGICAL, v != 0););
        return;
    }
    case OP_IN:
        if (col->type == REALSXP)
            in_real(col->real + base, sel, n, p->numbers + ins->first, ins->length,
                    ins->flag, out);
        else if (col->type == STRSXP)
            in_string(col->string + base, sel, n, p->strings + ins->first,
                      p->string_ascii + ins->first, ins->length, ins->flag, out);
        else
            in_int(col->integer + base, sel, n, p->numbers + ins->first, ins->length,
                   ins->flag, out);
        return;
    default:   /* comparisons */
        if (col->type == REALSXP)
            compare_real(col->real + base, sel, n, ins->op, p->numbers[ins->first], out);
        else if (col->type == STRSXP)
            compare_string(col->string + base, sel, n, ins->op, p->strings[ins->first],
                           p->string_ascii[ins->first], out);
        else
            compare_int(col->integer + base, sel, n, ins->op, p->numbers[ins->first], out);
    }
}

/* ---- one rule, one block --------------------------------------------------- */

/* Run rule r's program over n rows (sel, or 0 .. n); its truth values end up
 * in stack[0 .. n).  The stack holds p->depth arrays of BLOCK values. */
static const uint8_t *eval_rule(const program *p, int r, R_xlen_t base, const int *sel,
                                int n, uint8_t *stack)
{
    int top = 0;   /* number of arrays on the stack */
    for (int i = p->rule_start[r]; i < p->rule_start[r + 1]; i++) {
        const instruction *ins = &p->code[i];
        if (ins->op == OP_NOT) {
            uint8_t *a = stack + (size_t) (top - 1) * BLOCK;
            SIMD for (int k = 0; k < n; k++) a[k] = (uint8_t) (V_TRUE - a[k]);
        } else if (ins->op == OP_AND || ins->op == OP_OR) {
            uint8_t *a = stack + (size_t) (top - 2) * BLOCK;
            const uint8_t *b = stack + (size_t) (top - 1) * BLOCK;
            if (ins->op == OP_AND)
                SIMD for (int k = 0; k < n; k++) a[k] = a[k] < b[k] ? a[k] : b[k];
            else
                SIMD for (int k = 0; k < n; k++) a[k] = a[k] > b[k] ? a[k] : b[k];
            top--;
        } else {
            eval_leaf(p, ins, base, sel, n, stack + (size_t) top * BLOCK);
            top++;
        }
    }
    return stack;
}

/* The whole list over the `len` rows of the block starting at `base`:
 * out[i] = map[rule that fired] (map[0] for the default), or NA_INTEGER when
 * na_stops and a rule's condition was NA before any rule fired.
 * While many rows of the block are undecided, a rule runs over the whole
 * block in contiguous loops and only the undecided rows take its verdict;
 * once few are left, it runs over those rows only.  The first rule finds
 * every row undecided: its loop also writes the default, so that `out` is
 * written once.
 * `passed` marks the rows that an NA condition let through (without
 * na_stops); na_passed[r + 1] counts those that rule r then decided, and
 * na_passed[0] those left to the default, so that R can say how many rows
 * missing values decided.  fired[r + 1] counts the rows rule r decided,
 * fired[0] those left to the default (R's counts of the answers, without a
 * pass over them). */
static void eval_block(const program *p, R_xlen_t base, int len, const int *map,
                       int na_stops, uint8_t *undecided, uint8_t *passed, int *sel,
                       uint8_t *stack, int *out, double *na_passed, double *fired)
{
    out += base;
    const int to_default_code = map[0];
    const uint8_t stop_on = na_stops ? V_NA : 3;   /* 3: no truth value */
    int n = len;   /* undecided rows */
    if (p->n_rules == 0)
        SIMD for (int k = 0; k < len; k++) out[k] = to_default_code;
    for (int r = 0; r < p->n_rules && n > 0; r++) {
        const int fired_code = map[r + 1];
        int late = 0;   /* rows that rule r decides after an NA condition */
        int hits = 0;   /* rows that rule r decides */
        if (r == 0) {
            const uint8_t *v = eval_rule(p, r, base, NULL, len, stack);
            int left = 0;
            if (p->n_rules == 1) {
                /* The only rule: nothing to leave for later rules, the rows
                 * an NA sent to the default counted in the same loop. */
                int to_default = 0;
                SIMD_COUNT_ONLY for (int k = 0; k < len; k++) {
                    int t = v[k];
                    int fire = t == V_TRUE, stop = t == stop_on;
                    out[k] = fire ? fired_code : (stop ? NA_INTEGER : to_default_code);
                    left += !(fire | stop);
                    hits += fire;
                    to_default += (t == V_NA) & !stop;
                }
                fired[0] += left;
                fired[1] += hits;
                na_passed[0] += to_default;
                return;
            }
            SIMD_COUNT for (int k = 0; k < len; k++) {
                int t = v[k];
                int fire = t == V_TRUE, stop = t == stop_on;
                out[k] = fire ? fired_code : (stop ? NA_INTEGER : to_default_code);
                passed[k] = (uint8_t) (t == V_NA);
                undecided[k] = (uint8_t) !(fire | stop);
                left += !(fire | stop);
                hits += fire;
            }
            n = left;
        } else if (4 * n >= len) {
            const uint8_t *v = eval_rule(p, r, base, NULL, len, stack);
            int left = 0;
            SIMD_COUNT for (int k = 0; k < len; k++) {
                int u = undecided[k], t = v[k];
                int fire = u & (t == V_TRUE), stop = u & (t == stop_on);
                out[k] = fire ? fired_code : (stop ? NA_INTEGER : out[k]);
                late += fire & passed[k];
                passed[k] = (uint8_t) (passed[k] | (u & (t == V_NA)));
                u &= !(fire | stop);
                undecided[k] = (uint8_t) u;
                left += u;
                hits += fire;
            }
            n = left;
        } else {
            int m = 0;
            for (int k = 0; k < len; k++) {
                sel[m] = k;
                m += undecided[k];
            }
            const uint8_t *v = eval_rule(p, r, base, sel, m, stack);
            for (int j = 0; j < m; j++) {
                int k = sel[j];
                int fire = v[j] == V_TRUE, stop = v[j] == stop_on;
                out[k] = fire ? fired_code : (stop ? NA_INTEGER : out[k]);
                late += fire & passed[k];
                passed[k] = (uint8_t) (passed[k] | (v[j] == V_NA));
                undecided[k] = (uint8_t) !(fire | stop);
                n -= fire | stop;
                hits += fire;
            }
        }
        na_passed[r + 1] += late;
        fired[r + 1] += hits;
    }
    fired[0] += n;
    if (p->n_rules == 0) return;
    int to_default = 0;
    SIMD_COUNT_DEFAULT for (int k = 0; k < len; k++) to_default += undecided[k] & passed[k];
    na_passed[0] += to_default;
}

/* Text columns that R has not checked (check_text_input() would look at
 * millions of strings in a pass of its own): each distinct string of the
 * block is looked at once, and remembered by its address in the column's
 * table `seen` (a string pushed out of it by another is looked at again;
 * NA_STRING, an ASCII "NA", is remembered like the others).  A first loop,
 * without a branch or a call, only asks whether every string of the block is
 * remembered, the usual case once the first block has been read; a second
 * looks at the others.  Returns 0 at the first string that R must handle:
 * Latin-1, "bytes", native non-ASCII outside a UTF-8 locale, or invalid UTF-8
 * (R's checks then translate it, or name it in their error). */

static int check_text(const program *p, R_xlen_t base, int len)
{
    for (int j = 0; j < p->n_columns; j++) {
        SEXP *seen = p->columns[j].seen;
        if (!seen) continue;
        const SEXP *x = p->columns[j].string + base;
        int unknown = 0;
        for (int i = 0; i < len; i++)
            unknown |= seen[sds_address_slot(x[i], SEEN_BITS)] != x[i];
        if (!unknown) continue;
        for (int i = 0; i < len; i++) {
            SEXP s = x[i];
            size_t slot = sds_address_slot(s, SEEN_BITS);
            if (seen[slot] == s) continue;
            int verdict = sds_text_verdict(s, p->utf8_locale);
            if (verdict != SDS_TEXT_OK && verdict != SDS_TEXT_MARK) return 0;
            seen[slot] = s;
        }
    }
    return 1;
}

/* The rows in blocks of BLOCK, polling for interrupts by work done: a block
 * costs about one operation per instruction, text column checked, and row.
 * Returns 0 if check_text() met a string that R must handle. */
int rules_eval_rows(const program *p, int n_code, R_xlen_t n_rows, const int *map,
                    int na_stops, int *out, double *na_passed, double *fired)
{
    uint8_t *undecided = (uint8_t *) R_alloc(BLOCK, 1);
    uint8_t *passed = (uint8_t *) R_alloc(BLOCK, 1);
    int *sel = (int *) R_alloc(BLOCK, sizeof(int));
    uint8_t *stack = (uint8_t *) R_alloc((size_t) (p->depth > 0 ? p->depth : 1) * BLOCK, 1);
    int text_columns = 0;
    for (int j = 0; j < p->n_columns; j++) text_columns += p->columns[j].seen != NULL;
    R_xlen_t blocks_per_poll =
        sds_rows_per_poll((double) n_code + text_columns + 1.0) / BLOCK;
    if (blocks_per_poll < 1) blocks_per_poll = 1;
    R_xlen_t block = 0;
    for (R_xlen_t base = 0; base < n_rows; base += BLOCK) {
        int len = (int) (n_rows - base < BLOCK ? n_rows - base : BLOCK);
        if (text_columns && !check_text(p, base, len)) return 0;
        eval_block(p, base, len, map, na_stops, undecided, passed, sel, stack, out,
                   na_passed, fired);
        if (++block == blocks_per_poll) {
            block = 0;
            R_CheckUserInterrupt();
        }
    }
    return 1;
}
