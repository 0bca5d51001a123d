/* sdsante's one private header: the R API, translation, shared helpers and the
 * entry points that src/init.c registers. */
#ifndef SDSANTE_H
#define SDSANTE_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdint.h>
#include <string.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(String) dgettext("sdsante", String)
#else
#define _(String) (String)
#endif

/* Long loops poll for a user interrupt once every 2^20 iterations, either with
 * this test inside the loop or by running the loop in blocks of SDS_BLOCK.
 * That suits loops whose iterations cost a few operations each. */
#define SDS_INTERRUPT_EVERY(i) ((((i) + 1) & ((R_xlen_t) 0xFFFFF)) == 0)
#define SDS_BLOCK ((R_xlen_t) 1 << 20)

/* Loops whose rows cost more (k x d distances, a long rule program) poll by
 * work done instead, so that Ctrl-C and setTimeLimit() answer within a few
 * hundredths of a second whatever the work per row: the loop runs in blocks of
 * sds_rows_per_poll(work_per_row) rows (work counted in units of about one
 * floating-point operation) and polls between blocks, outside any OpenMP
 * region.  The block size depends on the work only, never on a clock. */
#define SDS_WORK_PER_POLL 1.6e7
static inline R_xlen_t sds_rows_per_poll(double work_per_row)
{
    if (!(work_per_row >= 1.0)) work_per_row = 1.0;
    double rows = SDS_WORK_PER_POLL / work_per_row;
    if (rows < 1.0) return 1;
    if (rows > (double) SDS_BLOCK) return SDS_BLOCK;
    return (R_xlen_t) rows;
}

/* The one poller, for loops that take one step at a time at unequal cost (a
 * point against k centres, the scan of a column, a hash probe): each step
 * says how much work it did, in the same units, and the poller calls
 * R_CheckUserInterrupt() once SDS_WORK_PER_POLL units have been done since
 * the last call.  Never inside an OpenMP region.
 *     sds_poller poll = SDS_POLLER;  ...  sds_poll(&poll, work_of_this_step); */
typedef struct {
    double left;   /* work until the next poll */
} sds_poller;
#define SDS_POLLER {SDS_WORK_PER_POLL}

static inline void sds_poll(sds_poller *poll, double work)
{
    poll->left -= work;
    if (poll->left <= 0.0) {
        poll->left = SDS_WORK_PER_POLL;
        R_CheckUserInterrupt();
    }
}

/* Map a double to an unsigned key whose unsigned order is the numeric order:
 * flip every bit of negatives, only the sign bit of positives.  -0 and +0 are
 * merged first so that they tie, as they compare equal.  NaN must not be given.
 * Inline: it is called once per element of long vectors. */
static inline uint64_t sds_double_key(double x)
{
    uint64_t u;
    if (x == 0.0) x = 0.0;
    memcpy(&u, &x, sizeof u);
    return (u & UINT64_C(0x8000000000000000)) ? ~u : (u | UINT64_C(0x8000000000000000));
}

static inline double sds_key_double(uint64_t key)
{
    uint64_t u = (key & UINT64_C(0x8000000000000000)) ? (key & ~UINT64_C(0x8000000000000000)) : ~key;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* The number of the calling thread inside an OpenMP parallel region (0
 * outside one, or without OpenMP): the index of its own scratch. */
#ifdef _OPENMP
#include <omp.h>
#endif
static inline int sds_thread_id(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

/* The threads asked for (an R integer), at most those OpenMP can run: scratch
 * memory is sized by this number, and results never depend on it. */
static inline int sds_threads(SEXP threads)
{
    int th = Rf_asInteger(threads);
    if (th == NA_INTEGER || th < 1) th = 1;
#ifdef _OPENMP
    if (th > omp_get_max_threads()) th = omp_get_max_threads();
#else
    th = 1;
#endif
    return th;
}

/* The opcodes of a rule program, defined once for src/rules*.c (which runs
 * them), src/learn_rules.c (which returns its conditions as opcodes) and R
 * (R/rules.R reads the names and codes through sds_rule_opcodes(), so the
 * codes R emits cannot drift from this enum).  Each entry: the C name, then
 * the operator as R writes it.  Codes start at 1; 0 is no opcode. */
#define SDS_RULE_OPCODES(X) \
    X(OP_LT, "<") X(OP_LE, "<=") X(OP_GT, ">") X(OP_GE, ">=")  \
    X(OP_EQ, "==") X(OP_NE, "!=")   /* column <op> constant */  \
    X(OP_IN, "%in%")    /* column %in% set (never NA, as R's %in%) */ \
    X(OP_ISNA, "is.na") /* is.na(column) */                     \
    X(OP_TRUTH, "column") /* a logical column used as a condition */ \
    X(OP_CONST, "const")  /* TRUE or FALSE */                   \
    X(OP_NOT, "!") X(OP_AND, "&") X(OP_OR, "|")
#define SDS_OPCODE_ENUM(name, r_name) name,
enum sds_opcode { OP_NONE = 0, SDS_RULE_OPCODES(SDS_OPCODE_ENUM) OP_END };
#undef SDS_OPCODE_ENUM
#define OP_LAST (OP_END - 1)

/* util.c: shared helpers */
void sds_radix_sort(uint64_t *key, uint64_t *payload, R_xlen_t n);
void sds_order_doubles(const double *x, R_xlen_t n, R_xlen_t *order);
SEXP sds_column_scan(SEXP x, SEXP weights, SEXP sum_of_squares, SEXP moments, SEXP threads);
SEXP sds_max_threads(void);
SEXP sds_text_scan(SEXP x, SEXP utf8_locale);
/* A string's verdict (util.c): ASCII or valid UTF-8 marked as such (OK); native
 * valid UTF-8 in a UTF-8 locale, to be marked UTF-8 (MARK: its bytes are
 * UTF-8 already); not valid UTF-8 (INVALID); Latin-1, "bytes", or native
 * non-ASCII outside a UTF-8 locale, which R must translate (OTHER). */
enum { SDS_TEXT_OK = 1, SDS_TEXT_MARK = 2, SDS_TEXT_INVALID = 3, SDS_TEXT_OTHER = 4 };
int sds_text_verdict(SEXP s, int utf8_locale);
/* A slot in a table of 2^bits entries keyed by a string's address (R keeps one
 * CHARSXP per distinct string and encoding mark, so the address names it). */
static inline size_t sds_address_slot(SEXP s, int bits)
{
    return (size_t) ((((uintptr_t) s >> 4) * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - bits));
}
SEXP sds_text_levels(SEXP x, SEXP keep);
SEXP sds_text_match(SEXP x, SEXP levels);

/* confusion.c */
SEXP sds_confusion_counts(SEXP truth, SEXP predicted, SEXP truth_to_class,
                          SEXP predicted_to_class, SEXP n_classes);

/* roc.c */
SEXP sds_roc_sweep(SEXP truth, SEXP positive_code, SEXP negative_code, SEXP score);

/* rules.c */
SEXP sds_rule_opcodes(void);
SEXP sds_rules_eval(SEXP columns, SEXP code, SEXP rule_start, SEXP numbers,
                    SEXP strings, SEXP map, SEXP na_stops, SEXP n_rows,
                    SEXP unchecked_text, SEXP utf8_locale, SEXP answer_attributes);

/* learn_rules.c */
SEXP sds_learn_grow(SEXP columns, SEXP n_levels, SEXP presorted, SEXP y, SEXP role,
                    SEXP target);
SEXP sds_learn_oner(SEXP columns, SEXP n_levels, SEXP y, SEXP n_classes, SEXP min_bucket,
                    SEXP weights);
SEXP sds_learn_presort(SEXP columns, SEXP n_levels);

/* kmeans_fit.c */
SEXP sds_kmeans_algorithms(void);
SEXP sds_kmeans_fit(SEXP x, SEXP centers, SEXP weights, SEXP algorithm,
                    SEXP iter_max, SEXP tol, SEXP threads, SEXP trace);
SEXP sds_kmeans_standardize(SEXP x, SEXP center, SEXP scale);
/* kmeans_start.c */
SEXP sds_kmeans_start(SEXP x, SEXP k, SEXP weights, SEXP plusplus, SEXP threads);
/* kmeans_predict.c */
SEXP sds_kmeans_predict(SEXP x, SEXP centers, SEXP distances);
/* silhouette.c */
SEXP sds_silhouette_widths(SEXP x, SEXP cluster, SEXP k, SEXP threads);
#endif
