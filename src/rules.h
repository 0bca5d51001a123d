/* Private header of the rule lists' C code (src/rules*.c).
 *
 *   rules.c       the .Call entries: the opcodes R reads; the evaluation's
 *                 checks of what R sends (the program, the columns, the
 *                 constants) and its result
 *   rules_eval.c  the evaluator: leaves, rules and blocks of rows, the check
 *                 of the strings R has not checked, the polls
 *
 * Truth values follow R's three-valued logic (Kleene's).  They are coded
 * FALSE = 0, NA = 1, TRUE = 2, so that AND is the minimum, OR the maximum and
 * NOT is 2 - v, without a branch. */
#ifndef SDSANTE_RULES_H
#define SDSANTE_RULES_H

#include "sdsante.h"

/* Opcodes: SDS_RULE_OPCODES in sdsante.h. */

/* The table of strings found fit in a column R has not checked: 2^SEEN_BITS
 * addresses (see rules_eval.c). */
#define SEEN_BITS 10

typedef struct {
    int op;
    int column;   /* 0-based index into the columns, -1 for NOT / AND / OR / CONST */
    int first;    /* 0-based index of the first constant (numbers, or strings for
                   * a character column) */
    int length;   /* number of constants */
    int flag;     /* OP_IN: NA is in the set; OP_CONST: the value (0 or 1) */
} instruction;

typedef struct {
    int type;              /* REALSXP, INTSXP (integer or factor), LGLSXP, STRSXP */
    const double *real;
    const int *integer;    /* integer, factor codes or logical */
    const SEXP *string;
    SEXP *seen;            /* strings not yet checked by R: the addresses of those
                            * found fit (see check_text()), else NULL */
} column;

typedef struct {
    const instruction *code;
    const int *rule_start;   /* n_rules + 1 offsets into code */
    int n_rules;
    const column *columns;
    const double *numbers;   /* constants; sets sorted increasingly */
    const SEXP *strings;     /* CHARSXP constants, in UTF-8 */
    const int *string_ascii; /* 1 when the string constant is ASCII */
    int depth;               /* largest stack depth of any rule */
    int n_columns;
    int utf8_locale;         /* for check_text() */
} program;

/* The rows of the program, in blocks, polling for interrupts (rules_eval.c):
 * out[i] for every row, with na_passed and fired (see sds_rules_eval()).
 * Returns 0 if a string of a column R has not checked needs R's checks. */
int rules_eval_rows(const program *p, int n_code, R_xlen_t n_rows, const int *map,
                    int na_stops, int *out, double *na_passed, double *fired);

#endif
